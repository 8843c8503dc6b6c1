package org.logokit.transfer;

import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.List;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ResNet;

/**
 * Starts a new classifier from a trained one: same architecture and backbone weights, a fresh
 * head for the new classes ("replace the output layer", as the course's fine-tuning does).
 */
public final class TransferLearning {

    private TransferLearning() {}

    /**
     * Builds a new model for {@code target} (a different class list, typically) whose blocks
     * other than {@code head} start from copies of {@code source}'s weights; the head is freshly
     * initialised. The source is left untouched and may be closed afterwards.
     *
     * @throws IllegalArgumentException when the architectures or image sizes differ
     */
    public static ModelArtifact withNewHead(ModelArtifact source, ModelSpec target) {
        if (!source.spec().architecture().equals(target.architecture())) {
            throw new IllegalArgumentException("Cannot transfer a " + source.spec().architecture()
                    + " backbone into a " + target.architecture());
        }
        ModelArtifact fresh = ModelArtifact.create(target);
        try {
            for (String name : source.block().names()) {
                if (!name.equals(ResNet.HEAD)) {
                    copyParameters(source.block().child(name).getParameters(),
                            fresh.block().child(name).getParameters(), name);
                }
            }
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        return fresh;
    }

    /**
     * Copies parameter values in order from one list to another of the same structure.
     *
     * @param what a description for error messages
     * @throws IllegalArgumentException when counts or shapes differ
     */
    public static void copyParameters(PairList<String, Parameter> from, PairList<String, Parameter> to, String what) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException(what + ": " + from.size() + " parameters to copy into "
                    + to.size());
        }
        for (int i = 0; i < from.size(); i++) {
            copy(from.get(i).getValue(), to.get(i).getValue(), what + " " + to.get(i).getKey());
        }
    }

    /** Copies one parameter's values into another of the same shape. */
    public static void copy(Parameter from, Parameter to, String what) {
        if (!from.getArray().getShape().equals(to.getArray().getShape())) {
            throw new IllegalArgumentException(what + ": shape " + from.getArray().getShape()
                    + " does not fit " + to.getArray().getShape());
        }
        from.getArray().copyTo(to.getArray());
    }

    /** Returns the names of the backbone blocks (everything but the head) of a network. */
    public static String[] backboneBlocks(NamedSequentialBlock network) {
        List<String> names = new java.util.ArrayList<>(network.names());
        names.remove(ResNet.HEAD);
        return names.toArray(new String[0]);
    }
}
