package org.logokit.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.BoxFile;
import org.logokit.data.IssueCollector;
import org.logokit.data.LoadMode;
import org.logokit.data.PixelBox;

class AutoAnnotatorTest {

    /** A 30 x 14 "logo": bars and a block, not symmetric under flips or turns. */
    private static BufferedImage logo() {
        BufferedImage logo = new BufferedImage(30, 14, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = logo.createGraphics();
        g.setColor(new Color(240, 240, 240));
        g.fillRect(0, 0, 30, 14);
        g.setColor(new Color(20, 40, 160));
        g.fillRect(2, 2, 6, 10);
        g.fillRect(11, 2, 3, 5);
        g.setColor(new Color(200, 30, 30));
        g.fillRect(17, 7, 11, 5);
        g.fillRect(24, 2, 4, 4);
        g.dispose();
        return logo;
    }

    /** Mild seeded noise, so that no window is flat and nothing but the logos correlates. */
    private static BufferedImage background(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rng = new Random(5);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 110 + rng.nextInt(40);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return image;
    }

    private static void paste(BufferedImage image, BufferedImage logo, AffineTransform at) {
        Graphics2D g = image.createGraphics();
        g.drawImage(logo, at, null);
        g.dispose();
    }

    private static double bestIoU(List<Proposal> found, PixelBox truth) {
        return found.stream().filter(Proposal::accepted).mapToDouble(p -> p.box().iou(truth)).max().orElse(0);
    }

    @Test
    void findsTheLogoMirroredTurnedAndEnlarged() {
        BufferedImage source = background(120, 80);
        paste(source, logo(), AffineTransform.getTranslateInstance(40, 30));
        Template template = Template.of(source, new PixelBox(40, 30, 70, 44));

        BufferedImage other = background(200, 160);
        paste(other, logo(), AffineTransform.getTranslateInstance(10, 10)); // as drawn: (10, 10, 40, 24)
        AffineTransform mirror = AffineTransform.getTranslateInstance(120 + 30, 20);
        mirror.scale(-1, 1);
        paste(other, logo(), mirror); // mirrored: (120, 20, 150, 34)
        AffineTransform turn = AffineTransform.getTranslateInstance(20, 100 + 30);
        turn.quadrantRotate(-1); // 90° counter-clockwise on screen: (20, 100, 34, 130)
        paste(other, logo(), turn);
        AffineTransform big = AffineTransform.getTranslateInstance(100, 100);
        big.scale(2, 2);
        paste(other, logo(), big); // twice the size: (100, 100, 160, 128)

        AutoAnnotator annotator = new AutoAnnotator(template, AutoAnnotator.Settings.defaults()
                .withScales(new double[] {1, 2}, new double[] {1}));
        List<Proposal> found = annotator.propose(other);
        assertTrue(bestIoU(found, new PixelBox(10, 10, 40, 24)) > 0.8, "upright copy: " + found);
        assertTrue(bestIoU(found, new PixelBox(120, 20, 150, 34)) > 0.8, "mirrored copy: " + found);
        assertTrue(bestIoU(found, new PixelBox(20, 100, 34, 130)) > 0.8, "turned copy: " + found);
        assertTrue(bestIoU(found, new PixelBox(100, 100, 160, 128)) > 0.7, "enlarged copy: " + found);
        // the four copies correlate almost perfectly and come first; partial overlaps stay far below
        assertTrue(found.get(3).score() > 0.95 && found.get(4).score() < 0.7, "the best four are the logos: " + found);
        Proposal mirrored = found.stream().filter(p -> p.box().iou(new PixelBox(120, 20, 150, 34)) > 0.8).findFirst()
                .orElseThrow();
        assertEquals(Orientation.FLIPPED, mirrored.orientation());
        assertTrue(mirrored.score() > 0.95, "an exact mirrored copy correlates almost perfectly: " + mirrored);
    }

    @Test
    void withoutRotationsTheTurnedLogoIsNotAccepted() {
        BufferedImage source = background(120, 80);
        paste(source, logo(), AffineTransform.getTranslateInstance(40, 30));
        Template template = Template.of(source, new PixelBox(40, 30, 70, 44));
        BufferedImage other = background(120, 120);
        AffineTransform turn = AffineTransform.getTranslateInstance(20, 20 + 30);
        turn.quadrantRotate(-1);
        paste(other, logo(), turn);
        AutoAnnotator upright = new AutoAnnotator(template, AutoAnnotator.Settings.defaults()
                .withScales(new double[] {1}, new double[] {1}).withOrientations(EnumSet.of(Orientation.UPRIGHT))
                .accepting(0.5));
        assertTrue(bestIoU(upright.propose(other), new PixelBox(20, 20, 34, 50)) < 0.5);
    }

    @Test
    void aBadTemplateBoxGetsAClearError() {
        BufferedImage image = background(100, 60);
        String outside = assertThrows(IllegalArgumentException.class,
                () -> Template.of(image, new PixelBox(80, 10, 130, 30))).getMessage();
        assertTrue(outside.contains("outside the 100 x 60 image"), outside);
        String small = assertThrows(IllegalArgumentException.class,
                () -> Template.of(image, new PixelBox(10, 10, 14, 30))).getMessage();
        assertTrue(small.contains("at least 8 px"), small);
        String inverted = assertThrows(IllegalArgumentException.class,
                () -> Template.of(image, new PixelBox(30, 10, 10, 30))).getMessage();
        assertTrue(inverted.contains("x1 < x2"), inverted);
        BufferedImage flat = new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB);
        Template plain = Template.of(flat, new PixelBox(10, 10, 50, 30));
        String uniform = assertThrows(IllegalArgumentException.class,
                () -> new AutoAnnotator(plain, AutoAnnotator.Settings.defaults())).getMessage();
        assertTrue(uniform.contains("uniform"), uniform);
    }

    @Test
    void acceptedBoxesAreWrittenInTheFlickrLogosFormatAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("classes/masks/fosters/1.jpg.bboxes.txt");
        BoxFile.write(file, List.of(new PixelBox(10.2f, 20.6f, 40.2f, 34.6f), new PixelBox(0, 0, 8, 9)));
        assertEquals("x y width height\n10 21 30 14\n0 0 8 9\n", Files.readString(file));
        List<BoxFile.Line> back = BoxFile.read(file, new IssueCollector(LoadMode.STRICT));
        assertEquals(new PixelBox(10, 21, 40, 35), back.get(0).box());
        assertThrows(IllegalArgumentException.class, () -> BoxFile.write(file, List.of(new PixelBox(-3, 0, 5, 5))));
    }

    @Test
    void qualityCountsFoundLogosAndFalseProposals() {
        Proposal hit = new Proposal(new PixelBox(0, 0, 10, 10), 0.9, Orientation.UPRIGHT, 1, 1, true);
        Proposal twice = new Proposal(new PixelBox(1, 0, 11, 10), 0.8, Orientation.UPRIGHT, 1, 1, true);
        Proposal rejected = new Proposal(new PixelBox(50, 50, 60, 60), 0.3, Orientation.UPRIGHT, 1, 1, false);
        AnnotationQuality q = AnnotationQuality.measure(List.of(List.of(hit, twice, rejected), List.of()),
                List.of(List.of(new PixelBox(0, 0, 10, 10), new PixelBox(50, 50, 60, 60)), List.of(new PixelBox(5, 5, 20, 20))),
                0.5);
        assertEquals(3, q.trueBoxes());
        assertEquals(1, q.found());
        assertEquals(2, q.accepted());
        assertEquals(1, q.falseProposals());
        assertEquals(1 / 3.0, q.recall(), 1e-12);
        assertEquals(0.5, q.falseShare(), 1e-12);
    }

    /** One scale, upright, grey, one polarity, one pass, no angles, accepted from 0.5. */
    private static AutoAnnotator.Settings oneScale() {
        return AutoAnnotator.Settings.plainGrey().withScales(new double[] {1}, new double[] {1})
                .withOrientations(EnumSet.of(Orientation.UPRIGHT));
    }

    @Test
    void aLogoTurnedBySmallAngleIsFoundWithTheTurnedTemplateAndItsBoundingBox() {
        BufferedImage source = background(120, 80);
        paste(source, logo(), AffineTransform.getTranslateInstance(40, 30));
        Template template = Template.of(source, new PixelBox(40, 30, 70, 44));
        BufferedImage other = background(160, 120);
        // turned 12° counter-clockwise on screen about its centre, placed at (80, 60)
        AffineTransform turn = AffineTransform.getTranslateInstance(80, 60);
        turn.rotate(Math.toRadians(-12));
        turn.translate(-15, -7);
        paste(other, logo(), turn);
        // the turned 30 x 14 rectangle's bounding box: 30 cos + 14 sin = 32.3 wide, 30 sin + 14 cos = 19.9 high
        PixelBox truth = new PixelBox(80 - 16.1f, 60 - 9.9f, 80 + 16.1f, 60 + 9.9f);
        AutoAnnotator straight = new AutoAnnotator(template, oneScale());
        AutoAnnotator turning = new AutoAnnotator(template, oneScale().withAngles(new double[] {-12, 0, 12}));
        Proposal best = turning.propose(other).get(0);
        assertEquals(12, best.angle(), 0, "the template turned by +12°: " + best);
        assertTrue(best.box().iou(truth) > 0.8, "the turned template's bounding box: " + best);
        assertTrue(best.score() > 0.85, "turned, the template fits again (both turns resample): " + best);
        double upright = straight.propose(other).get(0).score();
        assertTrue(best.score() > upright + 0.1, "as drawn it fits worse: " + upright + " vs " + best.score());
        assertEquals(3, turning.templateCount());
    }

    @Test
    void aLogoWithItsLightAndDarkSwappedIsFoundOnlyWhenEitherPolarityCounts() {
        BufferedImage source = background(120, 80);
        paste(source, logo(), AffineTransform.getTranslateInstance(40, 30));
        Template template = Template.of(source, new PixelBox(40, 30, 70, 44));
        BufferedImage negative = logo();
        for (int y = 0; y < negative.getHeight(); y++) {
            for (int x = 0; x < negative.getWidth(); x++) {
                negative.setRGB(x, y, ~negative.getRGB(x, y) & 0xFFFFFF);
            }
        }
        BufferedImage other = background(120, 80);
        paste(other, negative, AffineTransform.getTranslateInstance(50, 20));
        PixelBox truth = new PixelBox(50, 20, 80, 34);
        assertTrue(bestIoU(new AutoAnnotator(template, oneScale()).propose(other), truth) < 0.5,
                "one polarity: the negative correlates at -1");
        List<Proposal> either = new AutoAnnotator(template, oneScale().matchingEitherPolarity(true)).propose(other);
        assertTrue(either.get(0).box().iou(truth) > 0.9 && either.get(0).score() > 0.95, "either polarity: " + either);
    }

    @Test
    void theRelativeRuleAcceptsTheBestOfEachImageAndThoseCloseToIt() {
        BufferedImage source = background(120, 80);
        paste(source, logo(), AffineTransform.getTranslateInstance(40, 30));
        Template template = Template.of(source, new PixelBox(40, 30, 70, 44));
        BufferedImage other = background(200, 100);
        paste(other, logo(), AffineTransform.getTranslateInstance(10, 10));
        BufferedImage faint = logo();
        java.awt.Graphics2D g = faint.createGraphics();
        g.setColor(new Color(240, 240, 240));
        g.fillRect(17, 0, 13, 14); // the right half of the logo is gone: it correlates far less
        g.dispose();
        paste(other, faint, AffineTransform.getTranslateInstance(120, 50));
        AutoAnnotator.Settings relative = oneScale().acceptingRelative(0.9, 0.2);
        List<Proposal> found = new AutoAnnotator(template, relative).propose(other);
        assertTrue(found.get(0).accepted() && found.get(0).box().iou(new PixelBox(10, 10, 40, 24)) > 0.9,
                "the best is the whole logo, accepted: " + found);
        assertTrue(found.stream().skip(1).noneMatch(Proposal::accepted), "nothing else is within 90 % of it: " + found);
    }

    @Test
    void badSearchSettingsGetClearErrors() {
        AutoAnnotator.Settings s = AutoAnnotator.Settings.defaults();
        String angle = assertThrows(IllegalArgumentException.class, () -> s.withAngles(new double[] {0, 90}))
                .getMessage();
        assertTrue(angle.contains("quarter turns are orientations"), angle);
        assertThrows(IllegalArgumentException.class, () -> s.withAngles(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> s.smoothedBy(-1));
        String relative = assertThrows(IllegalArgumentException.class, () -> s.acceptingRelative(1.5, 0.3))
                .getMessage();
        assertTrue(relative.contains("share of the image's best score"), relative);
        BufferedImage source = background(120, 80);
        paste(source, logo(), AffineTransform.getTranslateInstance(40, 30));
        Template template = Template.of(source, new PixelBox(40, 30, 70, 44));
        String engine = assertThrows(IllegalArgumentException.class, () -> new AutoAnnotator(template, s, "NoSuchEngine"))
                .getMessage();
        assertTrue(engine.contains("not on the class path"), engine);
    }
}
