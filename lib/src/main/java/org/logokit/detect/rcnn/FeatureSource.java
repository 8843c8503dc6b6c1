package org.logokit.detect.rcnn;

import ai.djl.nn.Block;
import org.logokit.detect.Backbone;

/**
 * What the two-stage heads read: a block that turns a batch of images (B, 3, S, S) into an
 * {@link ai.djl.ndarray.NDList} of feature levels, finest first, all with the same number of
 * channels, so that one {@link RpnHead} and one {@link RoiPooler} serve every level.
 *
 * <p>{@link BackboneFeatures} is one level of the ResNet-18 backbone (chapter 06-07's Faster
 * R-CNN); a feature pyramid (chapter 10) is another implementation with several levels.
 */
public interface FeatureSource extends Block {

    /** Stride in input pixels of each returned level, finest first. */
    int[] strides();

    /** Channels of every returned level. */
    int channels();

    /** The ResNet trunk inside, e.g. to load chapter 03's pretrained weights into it. */
    Backbone backbone();
}
