package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.logokit.box.IoUKind;

class BoxIoULossTest {

    @Test
    void handValuesForOverlappingSquares() {
        try (NDManager m = NDManager.newBaseManager()) {
            // XYXY (0,0,2,2) and (1,1,3,3): inter 1, union 7, enclosing 3x3 = 9,
            // centres (1,1) and (2,2): squared distance 2, squared enclosing diagonal 18
            NDArray a = m.create(new float[] {0, 0, 2, 2}, new Shape(1, 4));
            NDArray b = m.create(new float[] {1, 1, 3, 3}, new Shape(1, 4));
            assertEquals(1 - 1.0 / 7, BoxIoULoss.compute(a, b, IoUKind.IOU).getFloat(0), 1e-6);
            assertEquals(1 - (1.0 / 7 - 2.0 / 9), BoxIoULoss.compute(a, b, IoUKind.GIOU).getFloat(0), 1e-6);
            assertEquals(1 - (1.0 / 7 - 2.0 / 18), BoxIoULoss.compute(a, b, IoUKind.DIOU).getFloat(0), 1e-6);
        }
    }

    @Test
    void disjointBoxesStillGetALossAboveOneFromGIoUAndDIoU() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {0, 0, 1, 1}, new Shape(1, 4));
            NDArray b = m.create(new float[] {2, 0, 3, 1}, new Shape(1, 4));
            assertEquals(1f, BoxIoULoss.compute(a, b, IoUKind.IOU).getFloat(0), 1e-6f);
            // GIoU = 0 - (3 - 2)/3; DIoU = 0 - 4/(9 + 1)
            assertEquals(1 + 1.0 / 3, BoxIoULoss.compute(a, b, IoUKind.GIOU).getFloat(0), 1e-6);
            assertEquals(1 + 0.4, BoxIoULoss.compute(a, b, IoUKind.DIOU).getFloat(0), 1e-6);
        }
    }

    @Test
    void asDjlLossItAveragesOverBoxes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[] {0, 0, 2, 2, 5, 5, 6, 6}, new Shape(2, 4));
            NDArray target = m.create(new float[] {1, 1, 3, 3, 5, 5, 6, 6}, new Shape(2, 4));
            NDArray loss = new BoxIoULoss(IoUKind.IOU, Reduction.MEAN)
                    .evaluate(new NDList(target), new NDList(pred));
            assertEquals((1 - 1.0 / 7) / 2, loss.getFloat(), 1e-6);
        }
    }

    @Test
    void giouAndDiouGradientsMatchFiniteDifferences() {
        double[] pred = {0.3, 0.2, 2.1, 1.7, 4.0, 4.5, 6.0, 5.2, 0.0, 0.0, 1.0, 1.2};
        double[] target = {1.0, 0.9, 3.2, 3.0, 4.2, 4.1, 5.5, 6.0, 2.0, 1.5, 3.1, 2.4};
        for (IoUKind kind : new IoUKind[] {IoUKind.GIOU, IoUKind.DIOU}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray p = m.create(pred, new Shape(3, 4));
                NDArray t = m.create(target, new Shape(3, 4));
                p.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(BoxIoULoss.compute(p, t, kind).sum());
                }
                double[] grad = p.getGradient().toDoubleArray();
                assertEquals(DataType.FLOAT64, p.getGradient().getDataType());
                double h = 1e-6;
                double[] numeric = new double[pred.length];
                for (int i = 0; i < pred.length; i++) {
                    double[] plus = pred.clone();
                    double[] minus = pred.clone();
                    plus[i] += h;
                    minus[i] -= h;
                    double fPlus = BoxIoULoss.compute(m.create(plus, new Shape(3, 4)), t, kind).sum().getDouble();
                    double fMinus = BoxIoULoss.compute(m.create(minus, new Shape(3, 4)), t, kind).sum().getDouble();
                    numeric[i] = (fPlus - fMinus) / (2 * h);
                }
                assertArrayEquals(numeric, grad, 1e-6, kind.name());
                // the third pair is disjoint: its gradient is still non-zero (unlike plain IoU)
                assertTrue(Math.abs(grad[8]) + Math.abs(grad[10]) > 1e-3, kind + " disjoint pair");
            }
        }
    }
}
