package org.logokit.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.Kernel;
import org.junit.jupiter.api.Test;

/** Logos on tilted and curved surfaces, and the camera-shake kernel. */
class SurfaceWarpTest {
    private static final Rectangle2D DESIGN = new Rectangle2D.Double(0, 0, 40, 20);
    /** An axis-aligned 100 x 50 target: the design scaled by 2.5 and moved by (10, 10). */
    private static final double[] QUAD = {10, 10, 110, 10, 110, 60, 10, 60};

    @Test
    void aFlatSurfaceIsThePlaneProjectiveTransform() {
        SurfaceWarp flat = SurfaceWarp.flat(DESIGN, QUAD);
        Point2D p = flat.apply(10, 5);
        assertEquals(35, p.getX(), 1e-9);
        assertEquals(22.5, p.getY(), 1e-9);
        assertEquals(1.0, flat.shade(50, 30), 0);
    }

    @Test
    void aCylinderKeepsItsEdgesAndCentreButForeshortensTowardsTheEdges() {
        double wrap = Math.PI / 2;
        SurfaceWarp c = SurfaceWarp.cylinder(DESIGN, QUAD, wrap, true, 0, 0, 0.5, 0);
        assertEquals(10, c.apply(0, 10).getX(), 1e-9, "left edge");
        assertEquals(110, c.apply(40, 10).getX(), 1e-9, "right edge");
        assertEquals(60, c.apply(20, 10).getX(), 1e-9, "centre");
        // A quarter of the way in: theta = -pi/8, seen at 0.5 + sin(-pi/8) / (2 sin(pi/4)).
        double expected = 10 + 100 * (0.5 + Math.sin(-Math.PI / 8) / (2 * Math.sin(Math.PI / 4)));
        assertEquals(expected, c.apply(10, 10).getX(), 1e-9);
        assertTrue(c.apply(10, 10).getX() - 10 < 25, "the outer quarter looks narrower");
    }

    @Test
    void aViewFromAboveBendsTheLinesAcrossTheAxis() {
        SurfaceWarp c = SurfaceWarp.cylinder(DESIGN, QUAD, Math.PI / 2, true, 0.1, 0, 0.5, 0);
        assertEquals(10, c.apply(20, 0).getY(), 1e-9, "no sag at the centre");
        assertEquals(10 + 0.1 * 50, c.apply(0, 0).getY(), 1e-9, "full sag at the edge");
    }

    @Test
    void shadingIsBrightestFacingTheLightAndAmbientAtTheGrazingEdge() {
        SurfaceWarp c = SurfaceWarp.cylinder(DESIGN, QUAD, Math.PI, true, 0, 0, 0.4, 0.5);
        assertEquals(1.0, c.shade(60, 30), 1e-9);
        // At the very edge of a half cylinder the surface is seen edge-on: cos(pi/2) = 0.
        assertEquals(0.4, c.shade(10.0001, 30), 1e-2);
        assertEquals(0.5, c.specular(60, 30), 1e-9, "the highlight at half the light angle");
        assertTrue(c.specular(30, 30) < 0.01);
    }

    @Test
    void badWrapAnglesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceWarp.cylinder(DESIGN, QUAD, 0, true, 0, 0, 0.5, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceWarp.cylinder(DESIGN, QUAD, 4, true, 0, 0, 0.5, 0));
    }

    @Test
    void theInverseTransformUndoesTheTransform() {
        ProjectiveTransform t = ProjectiveTransform.squareToQuad(new double[] {3, 1, 20, 4, 18,
            15, 1, 12});
        ProjectiveTransform back = t.inverse();
        for (double[] p : new double[][] {{0, 0}, {1, 0}, {0.3, 0.7}, {1, 1}}) {
            Point2D q = back.apply(t.apply(p[0], p[1]).getX(), t.apply(p[0], p[1]).getY());
            assertEquals(p[0], q.getX(), 1e-9);
            assertEquals(p[1], q.getY(), 1e-9);
        }
    }

    @Test
    void aHorizontalShakeKernelIsANormalisedLineThroughTheCentre() {
        Kernel k = SceneComposer.motionKernel(5, 0);
        float[] v = k.getKernelData(null);
        int n = k.getWidth();
        assertEquals(7, n);
        double sum = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                sum += v[y * n + x];
                if (y != n / 2) {
                    assertEquals(0, v[y * n + x], 1e-7, "off the line at row " + y);
                }
            }
        }
        assertEquals(1, sum, 1e-6);
        assertEquals(v[n / 2 * n + 1], v[n / 2 * n + n - 2], 1e-6, "symmetric");
        assertEquals(v[n / 2 * n], v[n / 2 * n + n - 1], 1e-6, "symmetric at the ends");
        assertTrue(v[n / 2 * n] < v[n / 2 * n + n / 2], "the ends get only part of a pixel");
    }
}
