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
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.zip.ZipArchiveEntry;
import org.logokit.data.zip.ZipFixtures;

/** {@link ZipUnpacker} on encrypted zips: the committed fixtures, and fresh {@code zip -P} output. */
class ZipUnpackerTest {
    @TempDir
    Path tmp;

    @Test
    void unpacksACommittedZipCryptoZipWithItsPassword() throws IOException {
        for (String fixture : List.of("zip-P.zip", "zip-P-streamed.zip", "zipcloak.zip")) {
            Path dest = tmp.resolve(fixture);
            int files = new ZipUnpacker().unpack(ZipFixtures.resource(fixture), dest,
                    ZipFixtures.PASSWORD);
            assertEquals(2, files, fixture);
            assertEquals(ZipFixtures.HELLO, Files.readString(dest.resolve("notes/hello.txt")));
            assertEquals("x", Files.readString(dest.resolve("notes/tiny.txt")));
        }
    }

    @Test
    void aWrongPasswordIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path dest = tmp.resolve("out");
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker()
                .unpack(ZipFixtures.resource("zip-P.zip"), dest, "wrong-password"));
        assertTrue(e.getMessage().contains("the password does not open notes/tiny.txt: check the "
                + "password the FlickrLogos-32 authors sent you"), e.getMessage());
        assertEquals(0, filesUnder(dest));
    }

    @Test
    void aMissingPasswordSaysHowToGiveIt() {
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker()
                .unpack(ZipFixtures.resource("zipcloak.zip"), tmp.resolve("out")));
        assertTrue(e.getMessage().contains("password-protected"), e.getMessage());
        assertTrue(e.getMessage().contains("--password"), e.getMessage());
        assertTrue(e.getMessage().contains("FLICKRLOGOS32_PASSWORD"), e.getMessage());
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
        assertEquals(0, filesUnder(tmp.resolve("a")));
        assertFalse(Files.exists(tmp.resolve("a/tiny.txt")));
    }

    @Test
    void aTruncatedZipSaysToDownloadAgain() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(cut, tmp.resolve("out"), ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("not a readable zip"), e.getMessage());
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    }

    @Test
    void corruptDataNamesTheEntryAndSaysToDownloadAgain() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zipcloak.zip"));
        int central = ZipFixtures.centralEntries(bytes).stream()
                .filter(c -> ZipFixtures.centralName(bytes, c).equals("notes/tiny.txt"))
                .findFirst().orElseThrow();
        bytes[ZipFixtures.dataStart(bytes, central) + 12] ^= 1;
        Path damaged = Files.write(tmp.resolve("damaged.zip"), bytes);
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(damaged, tmp.resolve("out"), ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("entry notes/tiny.txt is corrupt: CRC-32 mismatch"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Download the zip again"), e.getMessage());
    }

    @Test
    void anAesZipPointsTo7ZipAndFolder() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        int central = ZipFixtures.centralEntries(bytes).stream()
                .filter(c -> ZipFixtures.centralName(bytes, c).equals("notes/hello.txt"))
                .findFirst().orElseThrow();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(central + 10, (short) ZipArchiveEntry.AES);
        Path aes = Files.write(tmp.resolve("aes.zip"), bytes);
        Path dest = tmp.resolve("out");
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(aes, dest, ZipFixtures.PASSWORD));
        assertTrue(e.getMessage().contains("AES"), e.getMessage());
        assertTrue(e.getMessage().contains("7-Zip"), e.getMessage());
        assertTrue(e.getMessage().contains("--folder"), e.getMessage());
        assertEquals(0, filesUnder(dest));
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
        assertTrue(e.getMessage().contains("method 12 (bzip2)"), e.getMessage());
        assertEquals(0, filesUnder(dest));
    }

    @Test
    void unpacksATreeZippedWithZipPAndAnUnencryptedOneThroughTheSamePath() throws Exception {
        Assumptions.assumeTrue(ZipFixtures.zipAvailable(), "no 'zip' command on this machine");
        Path source = tmp.resolve("src/tree");
        Files.createDirectories(source.resolve("sub"));
        byte[] data = new byte[100_000];
        new java.util.Random(5).nextBytes(data);
        Files.write(source.resolve("sub/data.bin"), data);
        Files.writeString(source.resolve("readme.txt"), "readme ".repeat(1000));
        Path encrypted = ZipFixtures.zip(tmp.resolve("src"), tmp.resolve("e.zip"), "pw 1",
                List.of(), "tree");
        Path plain = ZipFixtures.zip(tmp.resolve("src"), tmp.resolve("p.zip"), null, List.of(),
                "tree");
        for (Path zip : List.of(encrypted, plain)) {
            Path dest = tmp.resolve("out-" + zip.getFileName());
            assertEquals(2, new ZipUnpacker().unpack(zip, dest, "pw 1"));
            assertArrayEquals(data, Files.readAllBytes(dest.resolve("tree/sub/data.bin")));
            assertEquals("readme ".repeat(1000), Files.readString(dest.resolve("tree/readme.txt"),
                    StandardCharsets.UTF_8));
        }
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker().unpack(encrypted, tmp.resolve("w"), "pw 2"));
        assertTrue(e.getMessage().contains("password"), e.getMessage());
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

    private static long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
