package org.logokit.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL's {@link SequentialBlock} whose inference pass frees each link's arrays as soon as the next
 * link has used them ({@link ReleasingForward#chain}), as Python frees an activation nobody refers
 * to any more. Training passes, parameters, saved files and output are exactly those of a
 * {@code SequentialBlock}: a model saved with one loads into the other.
 *
 * <p>Its inference pass can also run each "convolution, batch norm" pair of links as one folded
 * convolution ({@link BatchNormFolding}); training passes and loading parameters drop the fold.
 */
public class ReleasingSequentialBlock extends SequentialBlock {

    /** The links with folded pairs replaced, or null while not folded. */
    private volatile List<Block> foldedLinks;
    private NDManager foldedWeights;

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        List<Block> links = foldedLinks;
        if (links != null && training) {
            unfold(); // the weights are about to change: train the real layers
            links = null;
        }
        return ReleasingForward.chain(links != null ? links : children.values(), parameterStore, inputs, training,
                params);
    }

    /** Folds this chain's own conv + batch norm pairs (not its children's); returns how many. */
    synchronized int fold() {
        unfold();
        List<Block> links = new ArrayList<>(children.values());
        List<Block> folded = new ArrayList<>();
        NDManager weights = null;
        int pairs = 0;
        for (int i = 0; i < links.size(); i++) {
            Block link = links.get(i);
            if (i + 1 < links.size() && BatchNormFolding.foldable(link, links.get(i + 1))) {
                Conv2d conv = (Conv2d) link;
                if (weights == null) {
                    weights = conv.getParameters().get("weight").getArray().getManager().newSubManager();
                }
                folded.add(BatchNormFolding.foldPair(conv, links.get(i + 1), weights));
                i++;
                pairs++;
            } else {
                folded.add(link);
            }
        }
        if (pairs > 0) {
            foldedWeights = weights;
            foldedLinks = List.copyOf(folded);
        }
        return pairs;
    }

    /** True while inference runs the folded links. */
    boolean isFolded() {
        return foldedLinks != null;
    }

    /** Drops the folded copy (if any). */
    synchronized void unfold() {
        foldedLinks = null;
        if (foldedWeights != null) {
            foldedWeights.close();
            foldedWeights = null;
        }
    }

    /** Loading new weights makes a folded copy stale: it is dropped first. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        unfold();
        super.loadParameters(manager, is);
    }
}
