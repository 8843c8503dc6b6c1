package org.logokit.data.synth;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * One brand's logo as vector layers, painted in order, in the design's own units (y down).
 *
 * <p>The logo's extent (what its box and mask cover) is the union of all layers.
 *
 * @param className the FlickrLogos-32 class, e.g. {@code "HP"}
 * @param source where the shape comes from, e.g. {@code "simple-icons 16.2.0: hp"} or
 *     {@code "synthetic word-mark"}
 * @param layers the filled shapes, back to front
 */
public record LogoDesign(String className, String source, List<Layer> layers) {

    /** A filled shape and its colour. */
    public record Layer(Shape shape, Color color) {}

    /** Defensive copy; a design is shared read-only between generator threads. */
    public LogoDesign {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a logo design needs at least one layer");
        }
    }

    /** Bounds of the union of all layers, in design units. */
    public Rectangle2D bounds() {
        Rectangle2D box = null;
        for (Layer layer : layers) {
            Rectangle2D b = new Area(layer.shape()).getBounds2D();
            box = box == null ? b : box.createUnion(b);
        }
        return box;
    }
}
