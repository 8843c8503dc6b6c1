package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.model.FileHeader;
import net.lingala.zip4j.model.enums.CompressionMethod;
import net.lingala.zip4j.model.enums.EncryptionMethod;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ZipUnpacker} (zip4j underneath): the committed ZipCrypto fixtures made by Info-ZIP, AES
 * and ZipCrypto zips made at test time by zip4j (and by Info-ZIP and 7-Zip where installed), plain
 * zips from Java, and zips damaged on purpose.
 */
class ZipUnpackerTest {
    private static final String PASSWORD = "Zip Crypto p@ss-word!";

    @TempDir
    Path tmp;
    /** tmp/src/tree: a compressible text, incompressible noise, an empty and a one-byte file. */
    private Path source;
    private byte[] noise;

    @BeforeEach
    void makeFiles() throws IOException {
        source = Files.createDirectories(tmp.resolve("src"));
        noise = new byte[300_000];
        new Random(11).nextBytes(noise);
        Files.createDirectories(source.resolve("tree/a/b"));
        Files.write(source.resolve("tree/a/noise.bin"), noise);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append(" of a compressible file\n");
        }
        Files.writeString(source.resolve("tree/a/b/text.txt"), text);
        Files.write(source.resolve("tree/empty.txt"), new byte[0]);
        Files.writeString(source.resolve("tree/one.txt"), "1");
    }

    /** Unpacks and checks every file against the source tree. */
    private void assertUnpacksTheTree(Path zip, String password) throws IOException {
        Path dest = tmp.resolve("out-" + zip.getFileName());
        assertEquals(4, new ZipUnpacker().unpack(zip, dest, password), zip.toString());
        for (String f : List.of("tree/a/noise.bin", "tree/a/b/text.txt", "tree/empty.txt",
                "tree/one.txt")) {
            assertArrayEquals(Files.readAllBytes(source.resolve(f)),
                    Files.readAllBytes(dest.resolve(f)), f);
        }
    }

    // --- encrypted zips that unpack ---------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"zip-P.zip", "zip-P-streamed.zip", "zipcloak.zip"})
    void unpacksTheCommittedInfoZipZipCryptoFixtures(String fixture) throws IOException {
        Path dest = tmp.resolve(fixture);
        assertEquals(2, new ZipUnpacker().unpack(ZipFixtures.resource(fixture), dest,
                ZipFixtures.PASSWORD));
        assertEquals(ZipFixtures.HELLO, Files.readString(dest.resolve("notes/hello.txt")));
        assertEquals("x", Files.readString(dest.resolve("notes/tiny.txt")));
    }

    @Test
    void theFixturesCoverBothPasswordChecksAndBothMethods() throws IOException {
        // ZipCrypto checks the password against the CRC's high byte, or, for entries written
        // with a data descriptor, against the time's: the fixtures have both, stored and deflated.
        try (ZipFile zip = new ZipFile(ZipFixtures.resource("zip-P.zip").toFile())) {
            FileHeader tiny = zip.getFileHeader("notes/tiny.txt");
            FileHeader hello = zip.getFileHeader("notes/hello.txt");
            assertTrue(tiny.isEncrypted() && tiny.isDataDescriptorExists());
            assertEquals(CompressionMethod.STORE, tiny.getCompressionMethod());
            assertEquals(CompressionMethod.DEFLATE, hello.getCompressionMethod());
            assertEquals(EncryptionMethod.ZIP_STANDARD, hello.getEncryptionMethod());
            assertEquals(0x8cdc1683L, tiny.getCrc(), "CRC-32 of \"x\"");
        }
        try (ZipFile zip = new ZipFile(ZipFixtures.resource("zipcloak.zip").toFile())) {
            FileHeader tiny = zip.getFileHeader("notes/tiny.txt");
            assertTrue(tiny.isEncrypted() && !tiny.isDataDescriptorExists());
        }
    }

    @Test
    void unpacksAnAesZipMadeAtTestTime() throws IOException {
        Path aes = ZipFixtures.zip4j(source, tmp.resolve("aes.zip"), PASSWORD,
                EncryptionMethod.AES, CompressionMethod.DEFLATE, "tree");
        try (ZipFile zip = new ZipFile(aes.toFile())) {
            assertEquals(EncryptionMethod.AES, zip.getFileHeader("tree/one.txt")
                    .getEncryptionMethod(), "the fixture really is AES");
        }
        assertUnpacksTheTree(aes, PASSWORD);
    }

    @Test
    void unpacksStoredAndDeflatedZipCryptoZipsMadeByZip4j() throws IOException {
        for (CompressionMethod m : List.of(CompressionMethod.STORE, CompressionMethod.DEFLATE)) {
            assertUnpacksTheTree(ZipFixtures.zip4j(source, tmp.resolve(m + ".zip"), PASSWORD,
                    EncryptionMethod.ZIP_STANDARD, m, "tree"), PASSWORD);
        }
    }

    @Test
    void unpacksAesAndZipCryptoZipsMadeBy7Zip() throws Exception {
        Assumptions.assumeTrue(ZipFixtures.sevenZipAvailable(), "no '7z' command on this machine");
        assertUnpacksTheTree(ZipFixtures.sevenZip(source, tmp.resolve("7z-aes.zip"), PASSWORD,
                "AES256", "tree"), PASSWORD);
        assertUnpacksTheTree(ZipFixtures.sevenZip(source, tmp.resolve("7z-zc.zip"), PASSWORD,
                "ZipCrypto", "tree"), PASSWORD);
    }

    @Test
    void unpacksDeflatedStoredAndPipedZipsThatInfoZipEncrypted() throws Exception {
        Assumptions.assumeTrue(ZipFixtures.zipAvailable(), "no 'zip' command on this machine");
        assertUnpacksTheTree(ZipFixtures.zip(source, tmp.resolve("d.zip"), PASSWORD, List.of(),
                "tree"), PASSWORD);
        assertUnpacksTheTree(ZipFixtures.zip(source, tmp.resolve("s.zip"), PASSWORD,
                List.of("-0"), "tree"), PASSWORD);
        // Written to a pipe, zip cannot seek back: every entry gets a data descriptor.
        Path piped = ZipFixtures.zipToPipe(source, tmp.resolve("p.zip"), PASSWORD,
                "tree/a/noise.bin", "tree/one.txt");
        Path dest = tmp.resolve("piped");
        assertEquals(2, new ZipUnpacker().unpack(piped, dest, PASSWORD));
        assertArrayEquals(noise, Files.readAllBytes(dest.resolve("tree/a/noise.bin")));
    }

    @Test
    void aNonAsciiPasswordIsUsedAsItsUtf8Bytes() throws Exception {
        String password = "pässwörd-Ünïcode";
        assertUnpacksTheTree(ZipFixtures.zip4j(source, tmp.resolve("u-aes.zip"), password,
                EncryptionMethod.AES, CompressionMethod.DEFLATE, "tree"), password);
        // Info-ZIP gets the password on its command line, in the JVM's native encoding.
        Assumptions.assumeTrue(ZipFixtures.zipAvailable()
                && "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "no 'zip' command, or command-line arguments are not UTF-8 here");
        assertUnpacksTheTree(ZipFixtures.zip(source, tmp.resolve("u.zip"), password, List.of(),
                "tree"), password);
    }

    @Test
    void plainZipsFromJavaUnpackThroughTheSamePath() throws IOException {
        byte[] random = new byte[70_000];
        new Random(3).nextBytes(random);
        Path path = tmp.resolve("plain.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(path))) {
            out.putNextEntry(new ZipEntry("dir/"));
            out.putNextEntry(new ZipEntry("dir/random.bin")); // deflated, with a data descriptor
            out.write(random);
            ZipEntry stored = new ZipEntry("stored.txt");
            byte[] text = "stored as is".getBytes(StandardCharsets.UTF_8);
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(text.length);
            CRC32 crc = new CRC32();
            crc.update(text);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(text);
            out.putNextEntry(new ZipEntry("empty.txt"));
        }
        Path dest = tmp.resolve("plain");
        assertEquals(3, new ZipUnpacker().unpack(path, dest, "a password is ignored"));
        assertArrayEquals(random, Files.readAllBytes(dest.resolve("dir/random.bin")));
        assertEquals("stored as is", Files.readString(dest.resolve("stored.txt")));
        assertEquals(0, Files.size(dest.resolve("empty.txt")));
    }

    @Test
    void aZip64ArchiveUnpacks() throws Exception {
        Path path = tmp.resolve("zip64.zip");
        int files;
        if (ZipFixtures.zipAvailable()) {
            // Info-ZIP's -fz writes ZIP64 records even for a small tree (fast).
            ZipFixtures.zip(source, path, PASSWORD, List.of("-fz"), "tree");
            files = 4;
        } else {
            // Without it: more than 65,535 entries make Java write ZIP64 (slow: 65,546 files).
            files = 65_536 + 10;
            try (ZipOutputStream out = new ZipOutputStream(
                    new java.io.BufferedOutputStream(Files.newOutputStream(path)))) {
                for (int i = 0; i < files; i++) {
                    out.putNextEntry(new ZipEntry("d" + i % 100 + "/f" + i));
                    out.write((byte) i);
                }
            }
        }
        byte[] bytes = ZipFixtures.bytes(path);
        ByteBuffer locator = ByteBuffer.wrap(bytes, bytes.length - 22 - 20, 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x07064b50, locator.getInt(), "a ZIP64 end-record locator");
        if (files == 4) {
            assertUnpacksTheTree(path, PASSWORD);
        } else {
            Path dest = tmp.resolve("many");
            assertEquals(files, new ZipUnpacker().unpack(path, dest));
            int last = files - 1;
            assertArrayEquals(new byte[] {(byte) last},
                    Files.readAllBytes(dest.resolve("d" + last % 100 + "/f" + last)));
        }
    }

    // --- refused before anything is written -------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"zip-P.zip", "zipcloak.zip"})
    void aWrongZipCryptoPasswordNamesTheEntryAndWritesNothing(String fixture) throws IOException {
        Path dest = tmp.resolve("out");
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker()
                .unpack(ZipFixtures.resource(fixture), dest, "wrong-password"));
        assertTrue(e.getMessage().contains("the password does not open notes/"), e.getMessage());
        assertTrue(e.getMessage().contains("check the password the FlickrLogos-32 authors sent "
                + "you"), e.getMessage());
        assertEquals(0, ZipFixtures.filesUnder(dest));
    }

    @Test
    void aWrongAesPasswordNamesTheEntryAndWritesNothing() throws IOException {
        Path aes = ZipFixtures.zip4j(source, tmp.resolve("aes.zip"), PASSWORD,
                EncryptionMethod.AES, CompressionMethod.DEFLATE, "tree");
        Path dest = tmp.resolve("out");
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(aes, dest, PASSWORD + "x"));
        assertTrue(e.getMessage().contains("the password does not open tree/"), e.getMessage());
        assertTrue(e.getMessage().contains("(AES)"), e.getMessage());
        assertEquals(0, ZipFixtures.filesUnder(dest));
    }

    @Test
    void aMissingPasswordSaysHowToGiveIt() throws IOException {
        for (Path zip : List.of(ZipFixtures.resource("zipcloak.zip"), ZipFixtures.zip4j(source,
                tmp.resolve("aes.zip"), PASSWORD, EncryptionMethod.AES, CompressionMethod.DEFLATE,
                "tree"))) {
            IOException e = assertThrows(IOException.class,
                    () -> new ZipUnpacker().unpack(zip, tmp.resolve("out")));
            assertTrue(e.getMessage().contains("password-protected"), e.getMessage());
            assertTrue(e.getMessage().contains("--password"), e.getMessage());
            assertTrue(e.getMessage().contains("FLICKRLOGOS32_PASSWORD"), e.getMessage());
            assertEquals(0, ZipFixtures.filesUnder(tmp.resolve("out")));
        }
    }

    @Test
    void zipSlipNamesInAnEncryptedZipAreRefused() throws IOException {
        // Names are not encrypted: rename notes/tiny.txt to ../../tiny.txt (same length) in both
        // the local and the central header.
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        replaceAll(bytes, "notes/tiny.txt", "../../tiny.txt");
        Path evil = Files.write(tmp.resolve("evil.zip"), bytes);
        Path dest = tmp.resolve("a/b/out");
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(evil, dest, ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("zip-slip"), e.getMessage());
        assertEquals(0, ZipFixtures.filesUnder(tmp.resolve("a")));
        assertFalse(Files.exists(tmp.resolve("a/tiny.txt")));
    }

    @Test
    void anAbsoluteNameIsRefused() throws IOException {
        Path zip = tmp.resolve("abs.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("/etc/evil.txt"));
            out.write(1);
        }
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(zip, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
    }

    @Test
    void anUnsupportedMethodInTheLastEntryStopsBeforeTheFirstIsWritten() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        List<Integer> central = ZipFixtures.centralEntries(bytes);
        int last = central.get(central.size() - 1);
        assertEquals("notes/hello.txt", ZipFixtures.centralName(bytes, last));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(last + 10, (short) 12);
        Path bzip2 = Files.write(tmp.resolve("bzip2.zip"), bytes);
        Path dest = tmp.resolve("out");
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(bzip2, dest, ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("compression method"), e.getMessage());
        assertTrue(e.getMessage().contains("7-Zip") && e.getMessage().contains("--folder"),
                e.getMessage());
        assertEquals(0, ZipFixtures.filesUnder(dest));
    }

    @Test
    void declaredSizesOverTheCapAreRefused() throws IOException {
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker(100, 100)
                .unpack(ZipFixtures.resource("zip-P.zip"), tmp.resolve("out"),
                        ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("more than the 100 allowed"), e.getMessage());
        IOException many = assertThrows(IOException.class, () -> new ZipUnpacker(1 << 20, 1)
                .unpack(ZipFixtures.resource("zip-P.zip"), tmp.resolve("out"),
                        ZipFixtures.PASSWORD));
        assertTrue(many.getMessage().contains("entries, more than the 1"), many.getMessage());
        assertEquals(0, ZipFixtures.filesUnder(tmp.resolve("out")));
    }

    // --- damaged zips -----------------------------------------------------------------------

    @Test
    void aTruncatedZipSaysToDownloadAgain() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(cut, tmp.resolve("out"), ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("not a readable zip"), e.getMessage());
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        assertTrue(e.getMessage().contains("Download it again"), e.getMessage());
    }

    @Test
    void aFileThatIsNoZipIsRefused() throws IOException {
        for (Path fake : List.of(Files.writeString(tmp.resolve("page.zip"),
                "<html>please log in</html>"), Files.write(tmp.resolve("empty.zip"), new byte[0]))) {
            IOException e = assertThrows(IOException.class,
                    () -> new ZipUnpacker().unpack(fake, tmp.resolve("out")));
            assertTrue(e.getMessage().contains("not a readable zip"), e.getMessage());
        }
    }

    @Test
    void aFlippedByteInEncryptedDataIsACrcMismatchThatNamesTheEntry() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zipcloak.zip"));
        int central = centralOf(bytes, "notes/tiny.txt");
        bytes[ZipFixtures.dataStart(bytes, central) + 12] ^= 0x20; // the encrypted 'x'
        Path damaged = Files.write(tmp.resolve("damaged.zip"), bytes);
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker()
                .unpack(damaged, tmp.resolve("out"), ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("entry notes/tiny.txt is corrupt: CRC-32 mismatch"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Download the zip again"), e.getMessage());
    }

    @Test
    void aFlippedByteInAesDataFailsItsAuthenticationAndNamesTheEntry() throws IOException {
        Path aes = ZipFixtures.zip4j(source, tmp.resolve("aes.zip"), PASSWORD,
                EncryptionMethod.AES, CompressionMethod.STORE, "tree/one.txt");
        byte[] bytes = ZipFixtures.bytes(aes);
        int central = centralOf(bytes, "tree/one.txt");
        // AES data: 16 bytes salt, 2 bytes password verifier, then the encrypted byte.
        bytes[ZipFixtures.dataStart(bytes, central) + 18] ^= 0x01;
        Path damaged = Files.write(tmp.resolve("damaged-aes.zip"), bytes);
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(damaged, tmp.resolve("out"), PASSWORD));
        assertTrue(e.getMessage().contains("entry tree/one.txt is corrupt"), e.getMessage());
    }

    @Test
    void damagedDeflatedDataNamesTheEntry() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        int data = ZipFixtures.dataStart(bytes, centralOf(bytes, "notes/hello.txt"));
        for (int i = 14; i < 30; i++) {
            bytes[data + i] ^= (byte) 0x5a;
        }
        Path damaged = Files.write(tmp.resolve("damaged.zip"), bytes);
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker()
                .unpack(damaged, tmp.resolve("out"), ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("notes/hello.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("again"), e.getMessage());
    }

    @Test
    void anEntryThatUnpacksToMoreThanItsDeclaredSizeIsStopped() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        int central = centralOf(bytes, "notes/hello.txt");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 24, 100);
        Path lying = Files.write(tmp.resolve("lying.zip"), bytes);
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker()
                .unpack(lying, tmp.resolve("out"), ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("notes/hello.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("more than the 100 bytes it declares"),
                e.getMessage());
    }

    static int centralOf(byte[] bytes, String name) {
        return ZipFixtures.centralEntries(bytes).stream()
                .filter(c -> ZipFixtures.centralName(bytes, c).equals(name)).findFirst()
                .orElseThrow();
    }

    private static void replaceAll(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        int replaced = 0;
        for (int i = 0; i + f.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, bytes, i, t.length);
                replaced++;
            }
        }
        assertEquals(2, replaced, "the name is in the local and the central header");
    }
}
