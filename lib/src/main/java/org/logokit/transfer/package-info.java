/**
 * Transfer learning: a new head on a trained backbone, freezing blocks, two-phase fine-tuning with
 * a smaller learning rate for the backbone, pretrained ResNet-18 weights (ImageNet when online, a
 * backbone pretrained on other brands offline) and brand subsets.
 *
 * <p><b>Memory rule.</b> Every {@link org.logokit.model.ModelArtifact} returned is owned by the
 * caller and must be closed; temporary models made along the way are closed before returning.
 */
package org.logokit.transfer;
