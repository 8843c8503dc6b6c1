package org.logokit.data.synth;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

/**
 * Where a logo's design lands in the picture: on a flat surface seen at an angle (a plane
 * projective transform of its rectangle onto a quadrilateral) or on a curved one (first wrapped
 * around a cylinder, like a label on a bottle or a can, then put into perspective).
 *
 * <p>The wrap, in the design's unit square {@code (u, v)}: the angle {@code θ = (u - ½) φ}
 * around the cylinder's axis (total wrap angle {@code φ}) is seen at {@code u' = ½ + sin θ /
 * (2 sin(φ/2))}, so the edges are foreshortened, and a view from slightly above or below bends
 * the horizontal lines by {@code e (1 - cos θ) / (1 - cos(φ/2))}. A cylinder is also shaded:
 * Lambertian light from the angle {@code θ_light}, with ambient light, and now and then a
 * specular stripe.
 */
final class SurfaceWarp {
    private final Rectangle2D bounds;
    private final double[] quad;
    private final ProjectiveTransform toImage;
    private final ProjectiveTransform fromImage;
    /** Total wrap angle in radians; 0 for a flat surface. */
    private final double wrap;
    /** Whether the cylinder's axis runs along the design's y axis (bends x) or along x. */
    private final boolean verticalAxis;
    private final double elevation;
    private final double lightAngle;
    private final double ambient;
    private final double highlight;

    private SurfaceWarp(Rectangle2D bounds, double[] quad, double wrap, boolean verticalAxis,
            double elevation, double lightAngle, double ambient, double highlight) {
        this.bounds = bounds;
        this.quad = quad.clone();
        this.toImage = ProjectiveTransform.squareToQuad(quad);
        this.fromImage = toImage.inverse();
        this.wrap = wrap;
        this.verticalAxis = verticalAxis;
        this.elevation = elevation;
        this.lightAngle = lightAngle;
        this.ambient = ambient;
        this.highlight = highlight;
    }

    /** A flat surface: the design's rectangle onto {@code quad} (corners TL, TR, BR, BL). */
    static SurfaceWarp flat(Rectangle2D bounds, double[] quad) {
        return new SurfaceWarp(bounds, quad, 0, true, 0, 0, 1, 0);
    }

    /**
     * A cylinder.
     *
     * @param wrap total wrap angle in radians, in (0, π]
     * @param verticalAxis axis along the design's height (a bottle) or its width
     * @param elevation bend of the lines across the axis, as a fraction of the unit square
     * @param lightAngle direction of the light, radians from the viewer's direction
     * @param ambient share of ambient light, 0..1
     * @param highlight strength of the specular stripe, 0 for none
     */
    static SurfaceWarp cylinder(Rectangle2D bounds, double[] quad, double wrap,
            boolean verticalAxis, double elevation, double lightAngle, double ambient,
            double highlight) {
        if (!(wrap > 0 && wrap <= Math.PI)) {
            throw new IllegalArgumentException("wrap angle must be in (0, pi], not " + wrap);
        }
        return new SurfaceWarp(bounds, quad, wrap, verticalAxis, elevation, lightAngle, ambient,
                highlight);
    }

    boolean curved() {
        return wrap > 0;
    }

    /** Maps one design point into the picture. */
    Point2D apply(double x, double y) {
        double u = (x - bounds.getX()) / bounds.getWidth();
        double v = (y - bounds.getY()) / bounds.getHeight();
        if (wrap > 0) {
            double[] bent = bend(verticalAxis ? u : v, verticalAxis ? v : u);
            u = verticalAxis ? bent[0] : bent[1];
            v = verticalAxis ? bent[1] : bent[0];
        }
        return toImage.apply(u, v);
    }

    /** Along-axis coordinate {@code a}, across {@code b}: returns the bent (a, b). */
    private double[] bend(double a, double b) {
        double theta = (a - 0.5) * wrap;
        double half = wrap / 2;
        double across = 0.5 + Math.sin(theta) / (2 * Math.sin(half));
        double sag = elevation * (1 - Math.cos(theta)) / (1 - Math.cos(half));
        return new double[] {across, b + sag};
    }

    /**
     * Maps a shape: curves are flattened within {@code flatness} (design units); on a cylinder,
     * straight pieces are also cut into pieces of at most {@code maxStep} so they bend.
     */
    Path2D.Double apply(Shape shape, double flatness, double maxStep) {
        PathIterator it = shape.getPathIterator(null, flatness);
        Path2D.Double out = new Path2D.Double(it.getWindingRule());
        double[] p = new double[6];
        double lastX = 0;
        double lastY = 0;
        double startX = 0;
        double startY = 0;
        while (!it.isDone()) {
            int type = it.currentSegment(p);
            if (type == PathIterator.SEG_MOVETO) {
                Point2D q = apply(p[0], p[1]);
                out.moveTo(q.getX(), q.getY());
                lastX = startX = p[0];
                lastY = startY = p[1];
            } else if (type == PathIterator.SEG_LINETO || type == PathIterator.SEG_CLOSE) {
                double tx = type == PathIterator.SEG_CLOSE ? startX : p[0];
                double ty = type == PathIterator.SEG_CLOSE ? startY : p[1];
                int pieces = wrap > 0 ? Math.max(1, (int) Math.ceil(Math.hypot(tx - lastX,
                        ty - lastY) / maxStep)) : 1;
                for (int k = 1; k <= pieces; k++) {
                    double t = k / (double) pieces;
                    Point2D q = apply(lastX + (tx - lastX) * t, lastY + (ty - lastY) * t);
                    out.lineTo(q.getX(), q.getY());
                }
                if (type == PathIterator.SEG_CLOSE) {
                    out.closePath();
                }
                lastX = tx;
                lastY = ty;
            }
            it.next();
        }
        return out;
    }

    /**
     * Brightness factor of the surface at a picture point (1 on flat surfaces): ambient plus
     * Lambertian light; {@link #specular} gives the stripe.
     */
    double shade(double px, double py) {
        if (wrap == 0) {
            return 1;
        }
        double theta = angleAt(px, py);
        return ambient + (1 - ambient) * Math.max(0, Math.cos(theta - lightAngle));
    }

    /** The specular stripe's extra brightness at a picture point, 0..1. */
    double specular(double px, double py) {
        if (wrap == 0 || highlight == 0) {
            return 0;
        }
        // Mirror direction between viewer (0) and light: the stripe sits at half the light angle.
        double d = (angleAt(px, py) - lightAngle / 2) / 0.12;
        return highlight * Math.exp(-d * d);
    }

    /** The angle around the cylinder of the surface point seen at a picture point. */
    private double angleAt(double px, double py) {
        Point2D uv = fromImage.apply(px, py);
        double across = verticalAxis ? uv.getX() : uv.getY();
        double s = (across - 0.5) * 2 * Math.sin(wrap / 2);
        return Math.asin(Math.max(-1, Math.min(1, s)));
    }

    /** The same surface moved by (dx, dy) in the picture. */
    SurfaceWarp translated(double dx, double dy) {
        double[] moved = quad.clone();
        AffineTransform.getTranslateInstance(dx, dy).transform(quad, 0, moved, 0, 4);
        return new SurfaceWarp(bounds, moved, wrap, verticalAxis, elevation, lightAngle, ambient,
                highlight);
    }
}
