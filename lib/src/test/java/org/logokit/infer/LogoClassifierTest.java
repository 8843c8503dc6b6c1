package org.logokit.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.model.ModelArtifact;
import org.logokit.train.TinyImages;

class LogoClassifierTest {

    @TempDir
    Path temp;

    @Test
    void returnsTopKClassesSortedByProbabilityAndDrawsAPanel() throws IOException {
        BufferedImage image = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(10, 10, 30, 30);
        g.dispose();
        try (ModelArtifact artifact = ModelArtifact.create(TinyImages.spec("infer"))) {
            LogoClassifier classifier = new LogoClassifier(artifact);
            List<Prediction> all = classifier.classify(image, 10);
            assertEquals(3, all.size());
            assertEquals(1.0, all.stream().mapToDouble(Prediction::probability).sum(), 1e-4);
            assertTrue(all.get(0).probability() >= all.get(1).probability());
            assertTrue(all.get(1).probability() >= all.get(2).probability());
            assertEquals(TinyImages.CLASSES.get(all.get(0).classId()), all.get(0).className());
            List<Prediction> top2 = classifier.classify(image, 2);
            assertEquals(all.subList(0, 2).stream().map(Prediction::className).toList(),
                    top2.stream().map(Prediction::className).toList());

            BufferedImage panel = PredictionPanel.render(image, top2);
            assertTrue(panel.getWidth() > 300 && panel.getHeight() >= 224);

            Path notAnImage = Files.writeString(temp.resolve("x.jpg"), "hello");
            IOException e = assertThrows(IOException.class, () -> classifier.classify(notAnImage, 1));
            assertTrue(e.getMessage().contains("not an image"), e.getMessage());
            assertThrows(IOException.class, () -> classifier.classify(temp.resolve("missing.png"), 1));
        }
    }
}
