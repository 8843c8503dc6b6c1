package org.logokit.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.Detections;
import org.logokit.detect.rcnn.TrainedTinyRcnn;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ImageMatch;

class LogoDetectorTest {
    @TempDir
    Path tmp;

    @Test
    void boxesComeBackInThePhotosOwnPixels() throws IOException {
        TrainedTinyRcnn trained = TrainedTinyRcnn.get();
        // the 64 x 64 training image stretched to 128 x 96: x doubles, y grows by half
        BufferedImage photo = scaled(trained.photo, 128, 96);
        float[] b = trained.box;
        ImageGroundTruth truth = new ImageGroundTruth(new float[][] {{b[0] * 2, b[1] * 1.5f, b[2] * 2, b[3] * 1.5f}},
                new int[] {trained.classId});
        try (LogoDetector detector = LogoDetector.load(trained.dir)) {
            Detections small = detector.detect(trained.photo);
            List<Detections> both = detector.detect(List.of(photo, trained.photo));
            assertTrue(ImageMatch.of(both.get(0).first(1), truth, 0.5).correct()[0],
                    "scaled back to 128 x 96: " + both.get(0) + " vs " + truth.boxes()[0][0]);
            assertEquals(small.size(), both.get(1).size(), "a batch gives each photo its own result");
        }
    }

    @Test
    void unreadableFilesSaySo() throws IOException {
        Path corrupt = tmp.resolve("broken.jpg");
        Files.write(corrupt, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x12, 0x34});
        IOException e = assertThrows(IOException.class, () -> LogoDetector.read(corrupt));
        assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
        e = assertThrows(IOException.class, () -> LogoDetector.read(tmp.resolve("missing.png")));
        assertTrue(e.getMessage().contains("No image file"), e.getMessage());
        e = assertThrows(IOException.class, () -> LogoDetector.load(tmp));
        assertTrue(e.getMessage().contains("detector.json"), e.getMessage());
    }

    static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
