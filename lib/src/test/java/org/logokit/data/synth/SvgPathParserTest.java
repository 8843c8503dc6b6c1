package org.logokit.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgPathParserTest {
    private static final double EPS = 1e-9;

    /** Bounds of the flattened outline: tight, unlike bounds that include control points. */
    private static Rectangle2D flatBounds(Shape s) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE,
                y1 = -Double.MAX_VALUE;
        double[] p = new double[6];
        for (PathIterator it = s.getPathIterator(null, 1e-5); !it.isDone(); it.next()) {
            if (it.currentSegment(p) != PathIterator.SEG_CLOSE) {
                x0 = Math.min(x0, p[0]);
                y0 = Math.min(y0, p[1]);
                x1 = Math.max(x1, p[0]);
                y1 = Math.max(y1, p[1]);
            }
        }
        return new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0);
    }

    private static void assertBounds(double x0, double y0, double x1, double y1, Shape s,
            double tol) {
        Rectangle2D b = flatBounds(s);
        assertEquals(x0, b.getMinX(), tol, "min x");
        assertEquals(y0, b.getMinY(), tol, "min y");
        assertEquals(x1, b.getMaxX(), tol, "max x");
        assertEquals(y1, b.getMaxY(), tol, "max y");
    }

    /** Segments as {type, coords...} rows, for exact comparisons. */
    private static List<double[]> segments(Shape s) {
        List<double[]> out = new ArrayList<>();
        double[] p = new double[6];
        for (PathIterator it = s.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(p);
            int n = type == PathIterator.SEG_CUBICTO ? 6 : type == PathIterator.SEG_QUADTO ? 4
                    : type == PathIterator.SEG_CLOSE ? 0 : 2;
            double[] row = new double[n + 1];
            row[0] = type;
            System.arraycopy(p, 0, row, 1, n);
            out.add(row);
        }
        return out;
    }

    @Test
    void absoluteSquareHasItsCornersAsBounds() {
        Path2D square = SvgPathParser.parse("M0 0H10V10H0Z");
        assertBounds(0, 0, 10, 10, square, EPS);
        assertTrue(square.contains(5, 5));
        assertFalse(square.contains(11, 5));
    }

    @Test
    void relativeCommandsAreOffsetsFromTheCurrentPoint() {
        Path2D square = SvgPathParser.parse("m1 1 h4 v4 h-4 z");
        assertBounds(1, 1, 5, 5, square, EPS);
        assertTrue(square.contains(3, 3));
    }

    @Test
    void repeatedCoordinatesAfterMoveAreLines() {
        Path2D implicit = SvgPathParser.parse("M0 0 10 0 10 10 0 10z");
        Path2D explicit = SvgPathParser.parse("M0 0 L10 0 L10 10 L0 10 Z");
        assertEquals(segments(explicit).size(), segments(implicit).size());
        for (int i = 0; i < segments(explicit).size(); i++) {
            assertArrayEquals(segments(explicit).get(i), segments(implicit).get(i), EPS);
        }
        // After a relative m, further pairs are relative lines.
        assertBounds(2, 2, 5, 4, SvgPathParser.parse("m2 2 3 0 0 2"), EPS);
    }

    @Test
    void numbersWithoutSeparatorsAndExponentsAreSplitCorrectly() {
        List<double[]> s = segments(SvgPathParser.parse("M1e1 0L-.5.5"));
        assertArrayEquals(new double[] {PathIterator.SEG_MOVETO, 10, 0}, s.get(0), EPS);
        assertArrayEquals(new double[] {PathIterator.SEG_LINETO, -0.5, 0.5}, s.get(1), EPS);
    }

    @Test
    void semicircleArcWithPositiveSweepBulgesUpwards() {
        // Centre (1, 0), radius 1, from (0, 0) to (2, 0). Sweep 1 runs in the positive-angle
        // direction, which with y pointing down passes through (1, -1).
        Path2D arc = SvgPathParser.parse("M0 0 A1 1 0 0 1 2 0");
        assertBounds(0, -1, 2, 0, arc, 1e-3);
        assertEveryPointOnCircle(arc, 1, 0, 1, 1e-3);
    }

    @Test
    void semicircleArcWithZeroSweepBulgesDownwards() {
        assertBounds(0, 0, 2, 1, SvgPathParser.parse("M0 0 A1 1 0 0 0 2 0"), 1e-3);
    }

    @Test
    void largeArcFlagTakesTheLongWayRound() {
        // Unit circle around the origin from (1, 0) to (0, 1).
        assertBounds(0, 0, 1, 1, SvgPathParser.parse("M1 0 A1 1 0 0 1 0 1"), 1e-3);
        assertBounds(-1, -1, 1, 1, SvgPathParser.parse("M1 0 A1 1 0 1 0 0 1"), 1e-3);
        assertEveryPointOnCircle(SvgPathParser.parse("M1 0 A1 1 0 1 0 0 1"), 0, 0, 1, 1e-3);
    }

    @Test
    void packedArcFlagsAreReadAsSingleDigits() {
        // "a1 1 0 012 0": rotation 0, flags 0 and 1, then the end point (2, 0).
        Path2D packed = SvgPathParser.parse("M0 0a1 1 0 012 0");
        assertBounds(0, -1, 2, 0, packed, 1e-3);
        // The form found in simple-icons' Coca-Cola path: flags 0 0, end (.766, -1.063).
        Path2D cola = SvgPathParser.parse("M0 0a2.864 2.864 0 00.766-1.063");
        assertEquals(0.766, cola.getCurrentPoint().getX(), EPS);
        assertEquals(-1.063, cola.getCurrentPoint().getY(), EPS);
    }

    @Test
    void tooSmallRadiiAreScaledUpToReachTheEndPoint() {
        assertBounds(0, -1, 2, 0, SvgPathParser.parse("M0 0 A0.1 0.1 0 0 1 2 0"), 1e-3);
    }

    @Test
    void rotatedEllipticalArcFollowsTheRotatedEllipse() {
        // Ellipse rx 2, ry 1 rotated 90 degrees is a tall ellipse: from (0,0) to (0,4) with
        // centre (0, 2) and horizontal semi-axis 1. Sweep 1 is clockwise on screen (y down):
        // from 12 o'clock to 6 o'clock through 3 o'clock, the point (1, 2).
        Path2D arc = SvgPathParser.parse("M0 0 A2 1 90 0 1 0 4");
        assertBounds(0, 0, 1, 4, arc, 1e-3);
    }

    @Test
    void smoothCurveReflectsThePreviousControlPoint() {
        List<double[]> s = segments(SvgPathParser.parse("M0 0 C0 1 1 1 1 0 S2 -1 2 0"));
        assertArrayEquals(new double[] {PathIterator.SEG_CUBICTO, 1, -1, 2, -1, 2, 0}, s.get(2),
                EPS);
        // Without a previous curve the first control point is the current point.
        List<double[]> t = segments(SvgPathParser.parse("M3 3 S4 4 5 3"));
        assertArrayEquals(new double[] {PathIterator.SEG_CUBICTO, 3, 3, 4, 4, 5, 3}, t.get(1),
                EPS);
    }

    @Test
    void relativeMoveAfterCloseStartsFromTheClosedSubpathsStart() {
        Path2D two = SvgPathParser.parse("M1 1h2v2z m1 1h1v1z");
        List<double[]> s = segments(two);
        assertArrayEquals(new double[] {PathIterator.SEG_MOVETO, 2, 2}, s.get(4), EPS);
    }

    @Test
    void simpleIconsPathsAllParseWithinTheirViewBox() {
        for (String slug : SimpleIcons.FLICKRLOGOS_SLUGS.values()) {
            LogoDesign d = SimpleIcons.design("x", slug);
            Rectangle2D b = flatBounds(d.layers().get(0).shape());
            assertTrue(b.getMinX() >= -0.01 && b.getMinY() >= -0.01 && b.getMaxX() <= 24.01
                    && b.getMaxY() <= 24.01, slug + " bounds " + b);
            assertTrue(b.getWidth() > 10 || b.getHeight() > 10, slug + " too small: " + b);
        }
    }

    @Test
    void malformedDataIsRejectedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SvgPathParser.parse("M0 0 L1"));
        assertTrue(e.getMessage().contains("character"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SvgPathParser.parse("0 0 L1 1"));
        assertThrows(IllegalArgumentException.class, () -> SvgPathParser.parse("M0 0 A1 1 0 2 0 1 1"));
        assertThrows(IllegalArgumentException.class, () -> SvgPathParser.parse(null));
    }

    private static void assertEveryPointOnCircle(Shape s, double cx, double cy, double r,
            double tol) {
        double[] p = new double[6];
        for (PathIterator it = s.getPathIterator(null, 1e-5); !it.isDone(); it.next()) {
            if (it.currentSegment(p) != PathIterator.SEG_CLOSE) {
                assertEquals(r, Math.hypot(p[0] - cx, p[1] - cy), tol);
            }
        }
    }
}
