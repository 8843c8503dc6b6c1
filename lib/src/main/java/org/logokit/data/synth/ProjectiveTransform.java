package org.logokit.data.synth;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

/**
 * A plane projective transform (homography): {@code (x, y) -> ((a x + b y + c) / (g x + h y + 1),
 * (d x + e y + f) / (g x + h y + 1))}. Used to put a logo into perspective: a rectangle maps onto
 * any convex quadrilateral. Shapes are mapped by flattening their curves into short lines, which is
 * exact to the given tolerance because a homography maps straight lines to straight lines.
 */
public final class ProjectiveTransform {
    private final double a, b, c, d, e, f, g, h;

    private ProjectiveTransform(double a, double b, double c, double d, double e, double f,
            double g, double h) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.e = e;
        this.f = f;
        this.g = g;
        this.h = h;
    }

    /**
     * The transform that maps the rectangle's corners (top-left, top-right, bottom-right,
     * bottom-left) onto the four given points, in that order.
     *
     * @param quad 8 numbers: x0 y0 x1 y1 x2 y2 x3 y3
     * @throws IllegalArgumentException when the quadrilateral is degenerate
     */
    public static ProjectiveTransform rectToQuad(Rectangle2D rect, double[] quad) {
        ProjectiveTransform unit = squareToQuad(quad);
        // Normalise the rectangle to the unit square first, then apply the square-to-quad map.
        double sx = 1 / rect.getWidth();
        double sy = 1 / rect.getHeight();
        double tx = -rect.getX() * sx;
        double ty = -rect.getY() * sy;
        // unit(x', y') with x' = sx x + tx, y' = sy y + ty: substitute into each coefficient row.
        return new ProjectiveTransform(
                unit.a * sx, unit.b * sy, unit.a * tx + unit.b * ty + unit.c,
                unit.d * sx, unit.e * sy, unit.d * tx + unit.e * ty + unit.f,
                unit.g * sx / (unit.g * tx + unit.h * ty + 1),
                unit.h * sy / (unit.g * tx + unit.h * ty + 1))
                .rescaled(unit.g * tx + unit.h * ty + 1);
    }

    /** Divides the numerator rows by the common denominator constant {@code w}. */
    private ProjectiveTransform rescaled(double w) {
        return new ProjectiveTransform(a / w, b / w, c / w, d / w, e / w, f / w, g, h);
    }

    /** Unit square (0,0),(1,0),(1,1),(0,1) onto the quad (Heckbert's closed form). */
    static ProjectiveTransform squareToQuad(double[] q) {
        double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6],
                y3 = q[7];
        double sx = x0 - x1 + x2 - x3;
        double sy = y0 - y1 + y2 - y3;
        if (Math.abs(sx) < 1e-12 && Math.abs(sy) < 1e-12) {
            // Parallelogram: an affine map.
            return new ProjectiveTransform(x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0, 0);
        }
        double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
        double det = dx1 * dy2 - dx2 * dy1;
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("degenerate quadrilateral");
        }
        double g = (sx * dy2 - dx2 * sy) / det;
        double h = (dx1 * sy - sx * dy1) / det;
        return new ProjectiveTransform(x1 - x0 + g * x1, x3 - x0 + h * x3, x0,
                y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h);
    }

    /**
     * The inverse transform (image back to source), from the adjugate of the 3 × 3 matrix.
     *
     * @throws IllegalArgumentException when the transform is singular
     */
    public ProjectiveTransform inverse() {
        // Matrix [[a b c] [d e f] [g h 1]]; inverse = adjugate / determinant, rescaled so that
        // its bottom-right entry is 1.
        double ia = e - f * h;
        double ib = c * h - b;
        double ic = b * f - c * e;
        double id = f * g - d;
        double ie = a - c * g;
        double iF = c * d - a * f;
        double ig = d * h - e * g;
        double ih = b * g - a * h;
        double ii = a * e - b * d;
        if (Math.abs(ii) < 1e-12) {
            throw new IllegalArgumentException("the transform is not invertible");
        }
        return new ProjectiveTransform(ia / ii, ib / ii, ic / ii, id / ii, ie / ii, iF / ii,
                ig / ii, ih / ii);
    }

    /** Maps one point. */
    public Point2D apply(double x, double y) {
        double w = g * x + h * y + 1;
        return new Point2D.Double((a * x + b * y + c) / w, (d * x + e * y + f) / w);
    }

    /**
     * Maps a shape: curves are flattened to lines within {@code flatness} (in the source shape's
     * units) and each vertex is mapped. The winding rule is kept.
     */
    public Path2D.Double apply(Shape shape, double flatness) {
        PathIterator it = shape.getPathIterator(null, flatness);
        Path2D.Double out = new Path2D.Double(it.getWindingRule());
        double[] p = new double[6];
        while (!it.isDone()) {
            int type = it.currentSegment(p);
            if (type == PathIterator.SEG_CLOSE) {
                out.closePath();
            } else {
                double w = g * p[0] + h * p[1] + 1;
                double x = (a * p[0] + b * p[1] + c) / w;
                double y = (d * p[0] + e * p[1] + f) / w;
                if (type == PathIterator.SEG_MOVETO) {
                    out.moveTo(x, y);
                } else {
                    out.lineTo(x, y);
                }
            }
            it.next();
        }
        return out;
    }
}
