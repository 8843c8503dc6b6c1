package org.logokit.data.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the committed encrypted fixtures and zips damaged on purpose; needs no zip command. */
class ZipArchiveTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"zip-P.zip", "zip-P-streamed.zip", "zipcloak.zip"})
    void readsStoredAndDeflatedEntriesEncryptedByInfoZip(String fixture) throws IOException {
        Map<String, String> files = readAll(ZipFixtures.resource(fixture), ZipFixtures.PASSWORD);
        assertEquals(ZipFixtures.HELLO, files.get("notes/hello.txt"));
        assertEquals("x", files.get("notes/tiny.txt"));
    }

    @Test
    void theFixturesCoverBothPasswordCheckBytesAndBothMethods() throws IOException {
        try (ZipArchive zip = ZipArchive.open(ZipFixtures.resource("zip-P.zip"))) {
            ZipArchiveEntry tiny = entry(zip, "notes/tiny.txt");
            ZipArchiveEntry hello = entry(zip, "notes/hello.txt");
            assertTrue(tiny.isEncrypted() && tiny.hasDataDescriptor());
            assertEquals(ZipArchiveEntry.STORED, tiny.method());
            assertEquals(ZipArchiveEntry.DEFLATED, hello.method());
            assertEquals(tiny.dosTime() >>> 8, tiny.passwordCheckByte());
            assertEquals(0x8cdc1683, tiny.crc(), "CRC-32 of \"x\"");
        }
        try (ZipArchive zip = ZipArchive.open(ZipFixtures.resource("zipcloak.zip"))) {
            ZipArchiveEntry tiny = entry(zip, "notes/tiny.txt");
            assertTrue(tiny.isEncrypted() && !tiny.hasDataDescriptor());
            assertEquals(0x8c, tiny.passwordCheckByte(), "high byte of the CRC-32 0x8cdc1683");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip-P.zip", "zipcloak.zip"})
    void aWrongPasswordIsRefusedAndNamesTheEntry(String fixture) throws IOException {
        try (ZipArchive zip = ZipArchive.open(ZipFixtures.resource(fixture))) {
            ZipArchiveEntry hello = entry(zip, "notes/hello.txt");
            assertFalse(zip.passwordOpens(hello, "wrong-password"));
            ZipPasswordException e = assertThrows(ZipPasswordException.class,
                    () -> zip.open(hello, "wrong-password"));
            assertFalse(e.passwordMissing());
            assertEquals("notes/hello.txt", e.entryName());
            assertTrue(e.getMessage().contains("does not open notes/hello.txt"), e.getMessage());
        }
    }

    @Test
    void anEncryptedEntryWithoutAPasswordSaysSo() throws IOException {
        try (ZipArchive zip = ZipArchive.open(ZipFixtures.resource("zip-P.zip"))) {
            ZipPasswordException e = assertThrows(ZipPasswordException.class,
                    () -> zip.open(entry(zip, "notes/tiny.txt"), null));
            assertTrue(e.passwordMissing());
        }
    }

    @Test
    void unencryptedZipsFromJavaAreReadThroughTheSamePath() throws IOException {
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
        try (ZipArchive zip = ZipArchive.open(path)) {
            assertEquals(List.of("dir/", "dir/random.bin", "stored.txt", "empty.txt"),
                    zip.entries().stream().map(ZipArchiveEntry::name).toList());
            assertTrue(entry(zip, "dir/").isDirectory());
            try (InputStream in = zip.open(entry(zip, "dir/random.bin"), "ignored")) {
                assertArrayEquals(random, in.readAllBytes());
            }
            try (InputStream in = zip.open(entry(zip, "stored.txt"), null)) {
                assertEquals("stored as is", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            try (InputStream in = zip.open(entry(zip, "empty.txt"), null)) {
                assertEquals(0, in.readAllBytes().length);
            }
        }
    }

    @Test
    void aFlippedByteInEncryptedDataIsACrcMismatchThatNamesTheEntry() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zipcloak.zip"));
        int central = centralOf(bytes, "notes/tiny.txt");
        bytes[ZipFixtures.dataStart(bytes, central) + 12] ^= 0x20; // the encrypted 'x'
        Path damaged = Files.write(tmp.resolve("damaged.zip"), bytes);
        try (ZipArchive zip = ZipArchive.open(damaged)) {
            ZipException e = assertThrows(ZipException.class, () -> {
                try (InputStream in = zip.open(entry(zip, "notes/tiny.txt"), ZipFixtures.PASSWORD)) {
                    in.readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("notes/tiny.txt"), e.getMessage());
            assertTrue(e.getMessage().contains("CRC-32 mismatch"), e.getMessage());
        }
    }

    @Test
    void damagedDeflatedDataNamesTheEntry() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        int central = centralOf(bytes, "notes/hello.txt");
        int data = ZipFixtures.dataStart(bytes, central);
        for (int i = 14; i < 30; i++) {
            bytes[data + i] ^= (byte) 0x5a;
        }
        Path damaged = Files.write(tmp.resolve("damaged.zip"), bytes);
        try (ZipArchive zip = ZipArchive.open(damaged)) {
            ZipException e = assertThrows(ZipException.class, () -> {
                try (InputStream in = zip.open(entry(zip, "notes/hello.txt"), ZipFixtures.PASSWORD)) {
                    in.readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("entry notes/hello.txt is corrupt"), e.getMessage());
        }
    }

    @Test
    void aTruncatedZipIsReportedAsIncomplete() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        ZipException e = assertThrows(ZipException.class, () -> ZipArchive.open(cut));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    }

    @Test
    void anEntryWhoseDataRunsPastTheFileIsReportedAsTruncated() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        int central = centralOf(bytes, "notes/hello.txt");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 20, 1_000_000);
        Path lying = Files.write(tmp.resolve("lying.zip"), bytes);
        try (ZipArchive zip = ZipArchive.open(lying)) {
            ZipException e = assertThrows(ZipException.class,
                    () -> zip.open(entry(zip, "notes/hello.txt"), ZipFixtures.PASSWORD));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void anEntryThatUnpacksToMoreThanItsDeclaredSizeIsStopped() throws IOException {
        byte[] bytes = ZipFixtures.bytes(ZipFixtures.resource("zip-P.zip"));
        int central = centralOf(bytes, "notes/hello.txt");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 24, 100);
        Path lying = Files.write(tmp.resolve("lying.zip"), bytes);
        try (ZipArchive zip = ZipArchive.open(lying)) {
            ZipException e = assertThrows(ZipException.class, () -> {
                try (InputStream in = zip.open(entry(zip, "notes/hello.txt"), ZipFixtures.PASSWORD)) {
                    in.readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("more than the 100 bytes"), e.getMessage());
        }
    }

    @Test
    void anAesEntryIsRefusedAsUnsupported() throws IOException {
        Path aes = Files.write(tmp.resolve("aes.zip"), markAsAes(ZipFixtures.bytes(
                ZipFixtures.resource("zip-P.zip")), "notes/hello.txt"));
        try (ZipArchive zip = ZipArchive.open(aes)) {
            UnsupportedZipFeatureException e = assertThrows(UnsupportedZipFeatureException.class,
                    () -> zip.open(entry(zip, "notes/hello.txt"), ZipFixtures.PASSWORD));
            assertTrue(e.getMessage().contains("AES"), e.getMessage());
        }
    }

    @Test
    void aZip64ArchiveWithMoreThan65535EntriesIsRead() throws IOException {
        Path path = tmp.resolve("many.zip");
        int count = 65_536 + 10;
        try (ZipOutputStream out = new ZipOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(path)))) {
            for (int i = 0; i < count; i++) {
                out.putNextEntry(new ZipEntry("f" + i));
                out.write((byte) i);
            }
        }
        byte[] bytes = ZipFixtures.bytes(path);
        ByteBuffer locator = ByteBuffer.wrap(bytes, bytes.length - 22 - 20, 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x07064b50, locator.getInt(), "Java wrote a ZIP64 end-record locator");
        try (ZipArchive zip = ZipArchive.open(path)) {
            assertEquals(count, zip.entries().size());
            ZipArchiveEntry last = zip.entries().get(count - 1);
            assertEquals("f" + (count - 1), last.name());
            try (InputStream in = zip.open(last, null)) {
                assertArrayEquals(new byte[] {(byte) (count - 1)}, in.readAllBytes());
            }
        }
    }

    @Test
    void aFileThatIsNoZipIsRefused() throws IOException {
        Path html = Files.writeString(tmp.resolve("page.zip"), "<html>please log in</html>");
        assertThrows(ZipException.class, () -> ZipArchive.open(html));
        Path empty = Files.write(tmp.resolve("empty.zip"), new byte[0]);
        assertThrows(ZipException.class, () -> ZipArchive.open(empty));
    }

    /** Sets method 99 (WinZip AES) in the entry's central record, as an AES zip would have it. */
    static byte[] markAsAes(byte[] bytes, String name) {
        int central = centralOf(bytes, name);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(central + 10, (short) ZipArchiveEntry.AES);
        return bytes;
    }

    static int centralOf(byte[] bytes, String name) {
        return ZipFixtures.centralEntries(bytes).stream()
                .filter(c -> ZipFixtures.centralName(bytes, c).equals(name)).findFirst()
                .orElseThrow();
    }

    private static ZipArchiveEntry entry(ZipArchive zip, String name) {
        return zip.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> readAll(Path path, String password) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipArchive zip = ZipArchive.open(path)) {
            for (ZipArchiveEntry e : zip.entries()) {
                if (!e.isDirectory()) {
                    try (InputStream in = zip.open(e, password)) {
                        files.put(e.name(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return files;
    }
}
