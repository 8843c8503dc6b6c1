package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class DetectionsTest extends NDManagerFixture {
    private final Detections two = new Detections(new float[][] {{10, 20, 30, 40}, {0, 0, 5.125f, 5}},
            new float[] {0.9f, 0.4f}, new int[] {3, 1});

    @Test
    void jsonRoundTripKeepsBoxesScoresAndClassesAndNamesTheBrands() {
        String json = two.toJson("img.jpg", 64, 48, List.of("a", "b", "c", "d"));
        assertTrue(json.contains("\"class\": \"d\""), json);
        assertTrue(json.contains("\"class_id\": 3"), json);
        Detections back = Detections.fromJson(json);
        assertEquals(two.size(), back.size());
        assertArrayEquals(new float[] {0, 0, 5.13f, 5}, back.boxes()[1], 1e-6f);
        assertArrayEquals(two.scores(), back.scores());
        assertArrayEquals(two.classes(), back.classes());
    }

    @Test
    void scalingMapsInputPixelsBackToThePhoto() {
        Detections photo = two.scaled(2.0, 0.5);
        assertArrayEquals(new float[] {20, 10, 60, 20}, photo.boxes()[0], 1e-6f);
    }

    @Test
    void atLeastKeepsTheConfidentOnesInOrder() {
        assertEquals(1, two.atLeast(0.5).size());
        assertEquals(3, two.atLeast(0.5).classes()[0]);
        assertEquals(2, two.atLeast(0.0).size());
        assertEquals(0, Detections.none().atLeast(0.1).size());
    }

    @Test
    void copiesOutOfNdArrays() {
        Detections d = Detections.of(manager.create(new float[][] {{1, 2, 3, 4}}), manager.create(new float[] {0.5f}),
                manager.create(new long[] {7}));
        assertEquals(7, d.classes()[0]);
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.boxes()[0]);
    }

    @Test
    void badInputSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Detections(new float[][] {{1, 2, 3, 4}}, new float[] {0.1f, 0.2f}, new int[] {1}));
        assertTrue(e.getMessage().contains("one score and one class per box"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Detections.fromJson("{\"width\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> Detections.fromJson("not json ["));
        assertThrows(IllegalArgumentException.class,
                () -> new Detections(new float[][] {{1, 2, 3}}, new float[] {0.1f}, new int[] {1}));
    }
}
