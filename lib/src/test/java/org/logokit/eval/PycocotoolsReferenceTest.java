package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link MeanAveragePrecision} against pycocotools' {@code COCOeval} itself: a random scene with
 * category ids 3, 7, 42 and 90 (90 without ground truth), every area range, duplicates, wrong
 * labels, false alarms, tied scores and an image with more than 100 detections
 * ({@code src/test/resources/pycocotools/reference.json}, written by {@code make_reference.py}
 * with pycocotools 2.0.11).
 */
class PycocotoolsReferenceTest {

    @Test
    void theTwelveSummaryNumbersAndEveryClassAgreeWithPycocotools() throws IOException {
        JsonObject reference;
        try (InputStream in = getClass().getResourceAsStream("/pycocotools/reference.json")) {
            reference = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
        JsonObject gt = reference.getAsJsonObject("ground_truth");
        Map<Integer, List<float[]>> gtBoxes = new TreeMap<>();
        Map<Integer, List<Integer>> gtLabels = new TreeMap<>();
        Map<Integer, List<float[]>> detBoxes = new TreeMap<>();
        Map<Integer, List<Float>> detScores = new TreeMap<>();
        Map<Integer, List<Integer>> detLabels = new TreeMap<>();
        for (JsonElement image : gt.getAsJsonArray("images")) {
            int id = image.getAsJsonObject().get("id").getAsInt();
            gtBoxes.put(id, new ArrayList<>());
            gtLabels.put(id, new ArrayList<>());
            detBoxes.put(id, new ArrayList<>());
            detScores.put(id, new ArrayList<>());
            detLabels.put(id, new ArrayList<>());
        }
        for (JsonElement e : gt.getAsJsonArray("annotations")) {
            JsonObject a = e.getAsJsonObject();
            int image = a.get("image_id").getAsInt();
            gtBoxes.get(image).add(xyxy(a.getAsJsonArray("bbox")));
            gtLabels.get(image).add(a.get("category_id").getAsInt());
        }
        for (JsonElement e : reference.getAsJsonArray("detections")) {
            JsonObject d = e.getAsJsonObject();
            int image = d.get("image_id").getAsInt();
            detBoxes.get(image).add(xyxy(d.getAsJsonArray("bbox")));
            detScores.get(image).add(d.get("score").getAsFloat());
            detLabels.get(image).add(d.get("category_id").getAsInt());
        }
        MeanAveragePrecision map = MeanAveragePrecision.builder().classIds(3, 7, 42, 90)
                .areaRanges(AreaRange.COCO).maxDetections(MeanAveragePrecision.COCO_MAX_DETECTIONS).build();
        for (int image : gtBoxes.keySet()) { // pycocotools goes through the images by increasing id
            float[] scores = new float[detScores.get(image).size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = detScores.get(image).get(i);
            }
            map.add(new ImageDetections(detBoxes.get(image).toArray(new float[0][]), scores,
                    detLabels.get(image).stream().mapToInt(Integer::intValue).toArray()),
                    new ImageGroundTruth(gtBoxes.get(image).toArray(new float[0][]),
                            gtLabels.get(image).stream().mapToInt(Integer::intValue).toArray()));
        }
        DetectionMetrics m = map.compute();
        double[] stats = new double[12];
        JsonArray expected = reference.getAsJsonArray("stats");
        for (int i = 0; i < 12; i++) {
            stats[i] = expected.get(i).getAsDouble();
        }
        assertArrayEquals(stats, m.cocoSummary().toArray(), 1e-6);
        JsonObject perClass = reference.getAsJsonObject("per_class");
        for (int c : new int[] {3, 7, 42, 90}) {
            JsonObject row = perClass.getAsJsonObject(String.valueOf(c));
            assertEquals(row.get("ap").getAsDouble(), m.averagePrecision(c), 1e-6, "AP of class " + c);
            assertEquals(row.get("ap50").getAsDouble(), m.averagePrecision(c, 0.5), 1e-6, "AP50 of class " + c);
            JsonArray recall = row.getAsJsonArray("recall100");
            for (int t = 0; t < recall.size(); t++) {
                assertEquals(recall.get(t).getAsDouble(), m.recall(c, MeanAveragePrecision.COCO_THRESHOLDS[t],
                        100, AreaRange.ALL), 1e-6, "recall of class " + c + " at threshold " + t);
            }
        }
        assertEquals(DetectionMetrics.ABSENT, m.averagePrecision(90), 0, "class 90 has no ground truth");
    }

    private static float[] xyxy(JsonArray xywh) {
        float x = xywh.get(0).getAsFloat();
        float y = xywh.get(1).getAsFloat();
        return new float[] {x, y, x + xywh.get(2).getAsFloat(), y + xywh.get(3).getAsFloat()};
    }
}
