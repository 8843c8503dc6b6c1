package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlickrLogos32Test {
    @TempDir
    Path tmp;

    private static final float EPS = 1e-6f;

    @Test
    void readsEverySplitInEveryListSpelling() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        assertEquals(4, ds.split(Split.TRAIN).size());      // class,file with CRLF
        assertEquals(8, ds.split(Split.VAL).size());
        assertEquals(6, ds.split(Split.TEST).size());       // only testset.spaces.txt exists
        assertEquals(12, ds.split(Split.TRAINVAL).size());  // only .relpaths.txt exists
        assertEquals(18, ds.split(Split.ALL).size());       // has a header line
        assertEquals(6, ds.list(Split.VAL, ListVariant.NO_LOGOS).size());
        assertEquals(2, ds.list(Split.VAL, ListVariant.LOGOS_ONLY).size());
        assertEquals(2, ds.list(Split.TEST, ListVariant.LOGOS_ONLY).size()); // derived by filtering
        assertTrue(ds.issues().isEmpty());
    }

    @Test
    void acceptsTheFolderThatHoldsFlickrLogosV2() {
        Fixture.copy(tmp);
        assertEquals(4, FlickrLogos32.open(tmp).split(Split.TRAIN).size());
    }

    @Test
    void findsHpBoxesInTheLowerCaseMaskFolder() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        LogoImage hp = ds.split(Split.TRAIN).get(2);
        assertEquals("HP", hp.className());
        assertEquals(LogoClasses.idOf("HP"), hp.classId());
        assertTrue(hp.imagePath().toString().contains("classes/jpg/HP/201.jpg"));
        assertTrue(hp.boxFile().toString().contains("classes/masks/hp/201.jpg.bboxes.txt"));
        // hp/201 has CRLF line ends and a header: 12 10 24 24 -> xyxy (12, 10, 36, 34)
        assertEquals(List.of(new PixelBox(12, 10, 36, 34)), hp.boxes());
    }

    @Test
    void convertsXywhToXyxyAndKeepsEveryBox() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        LogoImage two = ds.split(Split.TRAIN).get(3); // HP 202: 4 4 12 12 and 40 20 16 20
        assertEquals(List.of(new PixelBox(4, 4, 16, 16), new PixelBox(40, 20, 56, 40)), two.boxes());
    }

    @Test
    void noLogoImagesHaveNoBoxes() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        for (LogoImage image : ds.list(Split.VAL, ListVariant.NO_LOGOS)) {
            assertTrue(image.isNoLogo());
            assertTrue(image.boxes().isEmpty());
            assertEquals(null, image.boxFile());
        }
    }

    @Test
    void clipsBoxesToTheImageWhenReadingPixels() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        LogoImage adidas103 = ds.split(Split.VAL).get(0); // 40 30 30 20 on a 64x48 image
        AnnotatedImage read = ds.read(adidas103);
        assertEquals(64, read.width());
        assertEquals(48, read.height());
        PixelBox b = read.boxes().get(0);
        assertEquals(40, b.x1(), EPS);
        assertEquals(30, b.y1(), EPS);
        assertEquals(64, b.x2(), EPS);
        assertEquals(48, b.y2(), EPS);
        assertEquals(List.of(0), read.classIds()); // adidas is class 0
    }

    @Test
    void findsMasksInOrderAndTheMergedMask() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        LogoImage adidas101 = ds.split(Split.TRAIN).get(0);
        assertEquals(1, ds.masks(adidas101).size());
        assertTrue(ds.masks(adidas101).get(0).endsWith("101.jpg.mask.0.png"));
        assertTrue(ds.mergedMask(adidas101).isPresent());
        assertTrue(ds.mergedMask(ds.split(Split.TRAIN).get(1)).isEmpty());
    }

    @Test
    void badBoxLineNamesFileAndLineAndSaysWhatToDo() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("classes/masks/adidas/102.jpg.bboxes.txt"),
                "x y width height\n5 5 30 20\n7 7 abc 3\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(root).split(Split.TRAIN));
        assertTrue(e.getMessage().contains("102.jpg.bboxes.txt line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("LENIENT"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void zeroSizedBoxIsBadInput() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("classes/masks/adidas/102.jpg.bboxes.txt"),
                "x y width height\n5 5 0 20\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(root).split(Split.TRAIN));
        assertTrue(e.getMessage().contains("zero or negative"), e.getMessage());
    }

    @Test
    void unknownClassInAListIsBadInput() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("trainset.txt"), "adidas,101.jpg\nadiddas,102.jpg\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(root).split(Split.TRAIN));
        assertTrue(e.getMessage().contains("trainset.txt line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown class 'adiddas'"), e.getMessage());
    }

    @Test
    void missingImageIsReportedWithItsListLine() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.delete(root.resolve("classes/jpg/HP/202.jpg"));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(root).split(Split.TRAIN));
        assertTrue(e.getMessage().contains("trainset.txt line 4"), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void missingBoxFileOfALogoImageIsBadInput() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.delete(root.resolve("classes/masks/hp/201.jpg.bboxes.txt"));
        assertThrows(DatasetFormatException.class, () -> FlickrLogos32.open(root).split(Split.TRAIN));
    }

    @Test
    void pathsThatClimbOutOfTheRootAreRejected() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("trainset.relpaths.txt"), "classes/jpg/adidas/../../../../etc/passwd\n");
        Files.delete(root.resolve("trainset.txt"));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(root).split(Split.TRAIN));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void fileNamesWithDotDotAreRejected() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("trainset.txt"), "adidas,..\n");
        assertThrows(DatasetFormatException.class, () -> FlickrLogos32.open(root).split(Split.TRAIN));
    }

    @Test
    void absolutePathsAreRejectedByTheGuard() throws Exception {
        PathGuard guard = new PathGuard(Fixture.copy(tmp));
        assertThrows(DatasetFormatException.class, () -> guard.resolve("/etc/passwd", tmp, 1));
        assertThrows(DatasetFormatException.class, () -> guard.resolve("classes/../../x", tmp, 1));
    }

    @Test
    void symbolicLinksLeadingOutOfTheRootAreRejected() throws Exception {
        Path root = Fixture.copy(tmp);
        Path outside = Files.writeString(tmp.resolve("secret.jpg"), "not a logo");
        Files.delete(root.resolve("classes/jpg/adidas/101.jpg"));
        Files.createSymbolicLink(root.resolve("classes/jpg/adidas/101.jpg"), outside);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(root).split(Split.TRAIN));
        assertTrue(e.getMessage().contains("link"), e.getMessage());
    }

    @Test
    void lenientLoadSkipsBadInputAndCountsIt() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("trainset.txt"),
                "adidas,101.jpg\r\nnonsense line here\r\nadidas,102.jpg\r\nHP,201.jpg\r\nHP,202.jpg\r\n"
                        + "HP,999.jpg\r\n../../etc,passwd\r\n");
        Files.writeString(root.resolve("classes/masks/hp/202.jpg.bboxes.txt"),
                "x y width height\n4 4 12 12\n40 20 -1 20\n");
        FlickrLogos32 ds = FlickrLogos32.open(root, LoadMode.LENIENT);
        List<LogoImage> train = ds.split(Split.TRAIN);
        assertEquals(4, train.size());
        assertEquals(1, train.get(3).boxes().size()); // the bad second box was skipped
        // skipped: the nonsense line, the missing 999.jpg, the unknown class '../../etc', the bad box
        assertEquals(4, ds.issues().size(), ds.issues().toString());
        assertTrue(ds.issues().stream().anyMatch(i -> i.line() == 6 && i.problem().contains("missing")));
    }

    @Test
    void lenientLoadDropsABoxOutsideTheImage() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("classes/masks/adidas/101.jpg.bboxes.txt"),
                "x y width height\n10 8 20 16\n100 100 5 5\n");
        FlickrLogos32 ds = FlickrLogos32.open(root, LoadMode.LENIENT);
        AnnotatedImage read = ds.read(ds.split(Split.TRAIN).get(0));
        assertEquals(1, read.boxes().size());
        assertEquals(1, ds.issues().size());
        assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(root).read(FlickrLogos32.open(root).split(Split.TRAIN).get(0)));
    }

    @Test
    void corruptImageGetsAClearError() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("classes/jpg/adidas/101.jpg"), "this is no jpeg");
        FlickrLogos32 ds = FlickrLogos32.open(root);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> ds.read(ds.split(Split.TRAIN).get(0)));
        assertTrue(e.getMessage().contains("101.jpg"), e.getMessage());
    }

    @Test
    void aFolderWithoutClassesIsNotADataset() {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FlickrLogos32.open(tmp));
        assertTrue(e.getMessage().contains("classes/jpg"), e.getMessage());
    }

    @Test
    void duplicateListLinesAreBadInput() throws Exception {
        Path root = Fixture.copy(tmp);
        Files.writeString(root.resolve("trainset.txt"), "adidas,101.jpg\nAdidas,101.jpg\n");
        assertThrows(DatasetFormatException.class, () -> FlickrLogos32.open(root).split(Split.TRAIN));
        FlickrLogos32 lenient = FlickrLogos32.open(root, LoadMode.LENIENT);
        assertEquals(1, lenient.split(Split.TRAIN).size());
        assertEquals(1, lenient.issues().size());
    }
}
