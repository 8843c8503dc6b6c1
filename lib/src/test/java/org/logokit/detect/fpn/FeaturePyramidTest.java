package org.logokit.detect.fpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.Backbone;
import org.logokit.testing.NDManagerFixture;

class FeaturePyramidTest extends NDManagerFixture {

    @Test
    void fasterRcnnPyramidGivesP2ToP6WithOneWidthAndStrides4To64() {
        Backbone backbone = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C2", "C3", "C4", "C5"));
        FeaturePyramid fpn = new FeaturePyramid(FeaturePyramid.Config.fasterRcnn(24));
        assertEquals(List.of("P2", "P3", "P4", "P5", "P6"), fpn.levels());
        assertArrayEquals(new int[] {4, 8, 16, 32, 64}, fpn.strides());
        NDList maps = run(backbone, fpn, 64, 2);
        assertEquals(5, maps.size());
        long[] sides = {16, 8, 4, 2, 1};
        for (int i = 0; i < 5; i++) {
            assertEquals(new Shape(2, 24, sides[i], sides[i]), maps.get(i).getShape(), fpn.levels().get(i));
        }
        assertArrayEquals(new int[] {16, 8, 4, 2, 1}, fpn.featureSizes(backbone, 64));
    }

    @Test
    void retinaNetPyramidHandlesOddMapSizes() {
        // 72 px: C3 9x9, C4 5x5, C5 3x3; P6 2x2, P7 1x1 (every stride-2 step rounds up)
        Backbone backbone = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C3", "C4", "C5"));
        FeaturePyramid fpn = new FeaturePyramid(FeaturePyramid.Config.retinaNet(16));
        NDList maps = run(backbone, fpn, 72, 1);
        assertEquals(List.of("P3", "P4", "P5", "P6", "P7"), fpn.levels());
        long[] sides = {9, 5, 3, 2, 1};
        for (int i = 0; i < 5; i++) {
            assertEquals(new Shape(1, 16, sides[i], sides[i]), maps.get(i).getShape(), fpn.levels().get(i));
        }
        assertArrayEquals(new int[] {9, 5, 3, 2, 1}, fpn.featureSizes(backbone, 72));
    }

    @Test
    void topDownPathwayAddsTheUpsampledCoarserLevel() {
        // width 1, lateral 1x1 weight 1, smoothing = identity (centre tap 1): P5 = C5, P4 = C4 + up(C5),
        // P3 = C3 + up(P4), computed here by hand on the host
        FeaturePyramid fpn = new FeaturePyramid(new FeaturePyramid.Config(List.of("C3", "C4", "C5"), 1,
                FeaturePyramid.Extra.MAX_POOL));
        Shape[] in = {new Shape(1, 1, 5, 5), new Shape(1, 1, 3, 3), new Shape(1, 1, 2, 2)};
        fpn.initialize(manager, DataType.FLOAT32, in);
        for (Pair<String, Parameter> p : fpn.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] values = new float[(int) a.size()];
            if (p.getKey().contains("weight")) {
                values[values.length / 2] = 1f; // 1x1: the single tap; 3x3: the centre tap
            }
            a.set(values);
        }
        float[] c3 = sequence(25, 0f);
        float[] c4 = sequence(9, 100f);
        float[] c5 = {1000f, 2000f, 3000f, 4000f};
        NDList out = fpn.forward(new ParameterStore(manager, false), new NDList(
                manager.create(c3, in[0]), manager.create(c4, in[1]), manager.create(c5, in[2])), false);
        float[] p5 = c5;
        float[] p4 = addUpsampled(c4, 3, p5, 2);
        float[] p3 = addUpsampled(c3, 5, p4, 3);
        assertArrayEquals(p5, out.get(2).toFloatArray(), 1e-3f);
        assertArrayEquals(p4, out.get(1).toFloatArray(), 1e-3f);
        assertArrayEquals(p3, out.get(0).toFloatArray(), 1e-3f);
        // P6: max pooling with kernel 1 and stride 2 keeps P5's top-left value
        assertArrayEquals(new float[] {1000f}, out.get(3).toFloatArray(), 1e-3f);
    }

    @Test
    void upsamplingPicksTheSourceCellTorchvisionsNearestRulePicks() {
        // torchvision's nearest: target i reads source floor(i * in / out); for out = 2 in - 1 too
        NDArray map = manager.create(sequence(12, 0f), new Shape(1, 1, 3, 4));
        NDArray up = FeaturePyramid.upsampleNearest(map, 5, 8);
        float[] got = up.toFloatArray();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                int si = (int) Math.floor(i * 3.0 / 5);
                int sj = (int) Math.floor(j * 4.0 / 8);
                assertEquals(si * 4 + sj, got[i * 8 + j], 0f, "cell " + i + "," + j);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeaturePyramid.upsampleNearest(map, 9, 8));
        assertTrue(e.getMessage().contains("3x4"), e.getMessage());
    }

    @Test
    void gradientsReachEveryInputLevelAndEveryConvolution() {
        FeaturePyramid fpn = new FeaturePyramid(FeaturePyramid.Config.retinaNet(8));
        Shape[] in = {new Shape(1, 4, 8, 8), new Shape(1, 6, 4, 4), new Shape(1, 8, 2, 2)};
        fpn.initialize(manager, DataType.FLOAT32, in);
        NDList inputs = new NDList();
        for (Shape s : in) {
            NDArray x = manager.randomUniform(-1, 1, s);
            x.setRequiresGradient(true);
            inputs.add(x);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = fpn.forward(new ParameterStore(manager, false), inputs, true);
            NDArray total = out.get(0).sum();
            for (int i = 1; i < out.size(); i++) {
                total = total.add(out.get(i).sum());
            }
            collector.backward(total);
        }
        for (int i = 0; i < in.length; i++) {
            assertTrue(inputs.get(i).getGradient().abs().sum().getFloat() > 0, "input " + i);
        }
        for (Pair<String, Parameter> p : fpn.getParameters()) {
            assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
        }
    }

    @Test
    void badConfigurationsAreRejectedWithWhatToDo() {
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> new FeaturePyramid.Config(List.of("C3", "C5"), 8, FeaturePyramid.Extra.NONE));
        assertTrue(gap.getMessage().contains("consecutive"), gap.getMessage());
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> new FeaturePyramid.Config(List.of("C3", "C4"), 8, FeaturePyramid.Extra.MAX_POOL));
        assertTrue(extra.getMessage().contains("C5"), extra.getMessage());
        FeaturePyramid fpn = new FeaturePyramid(FeaturePyramid.Config.retinaNet(8));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> fpn.getOutputShapes(new Shape[] {new Shape(1, 4, 8, 8)}));
        assertTrue(count.getMessage().contains("C3"), count.getMessage());
    }

    private NDList run(Backbone backbone, FeaturePyramid fpn, int size, int batch) {
        Shape image = new Shape(batch, 3, size, size);
        backbone.initialize(manager, DataType.FLOAT32, image);
        fpn.initialize(manager, DataType.FLOAT32, backbone.getOutputShapes(new Shape[] {image}));
        ParameterStore ps = new ParameterStore(manager, false);
        NDList c = backbone.forward(ps, new NDList(manager.randomUniform(0, 1, image)), false);
        return fpn.forward(ps, c, false);
    }

    private static float[] sequence(int n, float start) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i;
        }
        return v;
    }

    /** fine (s x s) + nearest-upsampled coarse (c x c), torchvision's rule, on the host. */
    private static float[] addUpsampled(float[] fine, int s, float[] coarse, int c) {
        float[] out = new float[s * s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                int si = (int) Math.floor(i * (double) c / s);
                int sj = (int) Math.floor(j * (double) c / s);
                out[i * s + j] = fine[i * s + j] + coarse[si * c + sj];
            }
        }
        return out;
    }
}
