package org.logokit.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of blocks where every link has a name a student can use, such as {@code "stem"},
 * {@code "stage1"} ... {@code "stage4"} and {@code "head"}.
 *
 * <p>DJL's {@link ai.djl.nn.SequentialBlock} names its children after their class
 * ({@code 01Conv2d}); here the names are chosen by the model author so that transfer learning can
 * say "freeze stage1 and stage2" or "replace the head". DJL still prefixes each name with its
 * two-digit position ({@code 01stem}); {@link #child(String)} hides that prefix.
 */
public class NamedSequentialBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates an empty chain; add links with {@link #add(String, Block)}. */
    public NamedSequentialBlock() {
        super(VERSION);
    }

    /**
     * Appends a named block to the chain.
     *
     * @param name a short name, unique in this chain (letters and digits)
     * @param block the block
     * @return this chain, for chaining calls
     * @throws IllegalArgumentException if the name is already used
     */
    public NamedSequentialBlock add(String name, Block block) {
        if (names().contains(name)) {
            throw new IllegalArgumentException("A block named '" + name + "' is already in " + names());
        }
        addChildBlock(name, block);
        return this;
    }

    /** Returns the names of the links in order, without DJL's position prefix. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Pair<String, Block> child : children) {
            names.add(stripPosition(child.getKey()));
        }
        return names;
    }

    /**
     * Returns the link with the given name.
     *
     * @throws IllegalArgumentException if there is no such link; the message lists the names
     */
    public Block child(String name) {
        for (Pair<String, Block> child : children) {
            if (stripPosition(child.getKey()).equals(name)) {
                return child.getValue();
            }
        }
        throw new IllegalArgumentException("No block named '" + name + "'; this model has " + names());
    }

    /**
     * Returns a new chain with the same block objects (and therefore the same, shared parameters)
     * except that the link {@code name} is replaced by {@code replacement}. The original chain is
     * left unchanged. This is how a pretrained backbone gets a new head.
     */
    public NamedSequentialBlock withReplaced(String name, Block replacement) {
        child(name); // fails clearly when the name is unknown
        NamedSequentialBlock copy = new NamedSequentialBlock();
        for (Pair<String, Block> link : children) {
            String linkName = stripPosition(link.getKey());
            copy.add(linkName, linkName.equals(name) ? replacement : link.getValue());
        }
        return copy;
    }

    /**
     * Returns the output shapes of every link for the given input shape, in order: the shape
     * that enters link {@code i + 1} is the one that leaves link {@code i}.
     */
    public List<Shape> shapesAfterEachLink(Shape input) {
        List<Shape> shapes = new ArrayList<>();
        Shape[] current = {input};
        for (Pair<String, Block> child : children) {
            current = child.getValue().getOutputShapes(current);
            shapes.add(current[0]);
        }
        return shapes;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        // in inference each link's intermediates are freed as soon as the next link has its input
        return ReleasingForward.chain(children.values(), parameterStore, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : children.values()) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : children.values()) {
            shapes = block.getOutputShapes(shapes);
        }
        return shapes;
    }

    private static String stripPosition(String key) {
        int i = 0;
        while (i < key.length() && Character.isDigit(key.charAt(i))) {
            i++;
        }
        return key.substring(i);
    }
}
