package org.logokit.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import org.junit.jupiter.api.Test;

class ProjectiveTransformTest {
    private static final Rectangle2D RECT = new Rectangle2D.Double(2, 3, 24, 12);

    private static void assertMaps(ProjectiveTransform t, double x, double y, double ex,
            double ey) {
        Point2D p = t.apply(x, y);
        assertEquals(ex, p.getX(), 1e-9, "x of (" + x + "," + y + ")");
        assertEquals(ey, p.getY(), 1e-9, "y of (" + x + "," + y + ")");
    }

    @Test
    void rectangleCornersLandOnTheQuadCorners() {
        double[] quad = {10, 10, 50, 20, 45, 60, 5, 40};
        ProjectiveTransform t = ProjectiveTransform.rectToQuad(RECT, quad);
        assertMaps(t, 2, 3, 10, 10);
        assertMaps(t, 26, 3, 50, 20);
        assertMaps(t, 26, 15, 45, 60);
        assertMaps(t, 2, 15, 5, 40);
    }

    @Test
    void parallelogramTargetIsAffine() {
        // Shift by (100, 0) and scale x by 2: the centre maps to the centre.
        double[] quad = {104, 3, 152, 3, 152, 15, 104, 15};
        ProjectiveTransform t = ProjectiveTransform.rectToQuad(RECT, quad);
        assertMaps(t, 14, 9, 128, 9);
    }

    @Test
    void straightLinesStayStraight() {
        double[] quad = {0, 0, 10, 1, 12, 9, -1, 11};
        ProjectiveTransform t = ProjectiveTransform.rectToQuad(RECT, quad);
        Point2D a = t.apply(2, 3);
        Point2D b = t.apply(26, 15);
        Point2D mid = t.apply(14, 9); // On the rectangle's diagonal.
        double cross = (b.getX() - a.getX()) * (mid.getY() - a.getY())
                - (b.getY() - a.getY()) * (mid.getX() - a.getX());
        assertEquals(0, cross, 1e-9);
    }

    @Test
    void degenerateQuadIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProjectiveTransform.rectToQuad(RECT,
                new double[] {0, 0, 1, 1, 2, 2, 3, 3}));
    }
}
