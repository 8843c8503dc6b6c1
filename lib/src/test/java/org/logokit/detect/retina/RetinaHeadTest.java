package org.logokit.detect.retina;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class RetinaHeadTest extends NDManagerFixture {

    private static double rms(NDArray a) {
        return Math.sqrt(a.square().mean().getFloat());
    }

    private static Block child(Block block, String name) {
        for (Pair<String, Block> c : block.getChildren()) {
            if (c.getKey().contains(name)) {
                return c.getValue();
            }
        }
        throw new AssertionError("no " + name + " in " + block.getChildren().keys());
    }

    /**
     * The paper's N(0, 0.01²) on every tower conv shrinks 64-channel features about 1000× over four
     * conv + ReLU layers (chapter 11's full-profile RetinaNet then did not learn); He's std keeps
     * their scale: E[x²] is preserved by conv (variance 2 / fan_in) + ReLU (halves it).
     */
    @Test
    void towersKeepTheScaleOfTheirInputAtInitialisation() {
        for (int width : new int[] {16, 64, 256}) {
            RetinaHead head = new RetinaHead(3, 9, width, 4, 0.01);
            Shape level = new Shape(2, width, 16, 16);
            head.initialize(manager, DataType.FLOAT32, level);
            NDArray input = manager.randomNormal(0, 1, level, DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(manager, false);
            for (String tower : new String[] {"classTower", "boxTower"}) {
                NDArray out = child(head, tower).forward(ps, new NDList(input), false).head();
                double ratio = rms(out) / rms(input);
                assertTrue(ratio > 0.3 && ratio < 3, tower + " of width " + width + " scales its input by " + ratio);
            }
            for (Pair<String, Parameter> p : head.getParameters()) {
                if (p.getValue().getType() != Parameter.Type.WEIGHT) {
                    continue;
                }
                NDArray w = p.getValue().getArray();
                double std = Math.sqrt(w.sub(w.mean()).square().mean().getFloat());
                double expected = p.getKey().contains("Tower") ? Math.sqrt(2.0 / (9 * width)) : 0.01;
                assertEquals(expected, std, 0.1 * expected, p.getKey() + " of width " + width);
            }
        }
        assertEquals(Math.sqrt(2.0 / 576), RetinaHead.towerStd(64), 1e-12);
    }

    @Test
    void freshHeadScoresEveryAnchorAtThePriorAndPredictsSmallDeltas() {
        RetinaHead head = new RetinaHead(4, 9, 32, 4, 0.01);
        Shape p3 = new Shape(1, 32, 8, 8);
        Shape p4 = new Shape(1, 32, 4, 4);
        head.initialize(manager, DataType.FLOAT32, p3, p4);
        NDList out = head.forward(new ParameterStore(manager, false), new NDList(
                manager.randomNormal(0, 1, p3, DataType.FLOAT32), manager.randomNormal(0, 1, p4, DataType.FLOAT32)),
                false);
        assertEquals(new Shape(1, (64 + 16) * 9, 4), out.get(0).getShape());
        // logits = bias + a small N(0, 0.01²)-weighted sum: sigmoid near pi for every anchor and brand
        NDArray p = ai.djl.nn.Activation.sigmoid(out.get(0));
        assertEquals(0.01, p.mean().getFloat(), 0.003);
        assertTrue(p.max().getFloat() < 0.1, "max score " + p.max().getFloat());
        assertTrue(out.get(1).abs().max().getFloat() < 2, "box deltas " + out.get(1).abs().max().getFloat());
    }
}
