package org.logokit.box;

/**
 * Which overlap measure {@link IoU} computes. All four are 1 for identical boxes.
 *
 * <ul>
 *   <li>{@link #IOU}: area of intersection / area of union, in [0, 1].
 *   <li>{@link #GIOU}: generalised IoU (Rezatofighi et al., CVPR 2019): IoU minus the share of the
 *       smallest enclosing box C that the union does not cover, {@code IoU - |C \ (A u B)| / |C|},
 *       in (-1, 1]; negative for boxes far apart, so it still has a gradient when IoU is 0.
 *   <li>{@link #DIOU}: distance IoU (Zheng et al., AAAI 2020): {@code IoU - rho^2 / c^2} with rho
 *       the distance between the two box centres and c the diagonal of the enclosing box, in
 *       (-1, 1].
 *   <li>{@link #CIOU}: complete IoU (same paper): {@code DIoU - alpha * v} with the aspect-ratio
 *       term {@code v = 4 / pi^2 * (atan(w_b / h_b) - atan(w_a / h_a))^2} and the trade-off weight
 *       {@code alpha = v / ((1 - IoU) + v)}.
 * </ul>
 */
public enum IoUKind {
    /** Plain intersection over union. */
    IOU,
    /** Generalised IoU: penalises the empty part of the smallest enclosing box. */
    GIOU,
    /** Distance IoU: penalises the distance between the centres. */
    DIOU,
    /** Complete IoU: distance IoU plus an aspect-ratio consistency term. */
    CIOU
}
