package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class DetectionLossTest extends NDManagerFixture {
    private final Detector detector = new TinyAnchorDetector(TinyAnchorDetector.spec(64));

    @Test
    void totalIsTheWeightedSumOfTheTermsAndEachTermIsAveragedAlone() {
        DetectionLoss loss = DetectionLoss.of(detector, Map.of("box", 2.0));
        NDList first = new NDList(manager.create(1.0f), manager.create(3.0f));
        NDList second = new NDList(manager.create(2.0f), manager.create(5.0f));
        assertEquals(7.0f, loss.evaluate(null, first).getFloat(), 1e-6f);
        loss.addAccumulator("epoch");
        loss.updateAccumulators(new String[] {"epoch"}, null, first);
        loss.updateAccumulators(new String[] {"epoch"}, null, second);
        assertEquals(1.5, loss.termAverages("epoch").get("class"), 1e-9);
        assertEquals(4.0, loss.termAverages("epoch").get("box"), 1e-9);
        assertEquals((7 + 12) / 2.0, loss.getAccumulator("epoch"), 1e-5);
        loss.resetAccumulator("epoch");
        assertEquals(Double.NaN, loss.termAverages("epoch").get("box"));
    }

    @Test
    void weightsMustNameRealTerms() {
        assertThrows(IllegalArgumentException.class, () -> DetectionLoss.of(detector, Map.of("rpn_box", 1.0)));
        DetectionLoss loss = DetectionLoss.of(detector);
        assertThrows(IllegalArgumentException.class,
                () -> loss.evaluate(null, new NDList(manager.create(1.0f))));
    }
}
