package org.logokit.data.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypts fresh files with the system's {@code zip -P} and reads them back byte for byte. */
class ZipArchiveWithInfoZipTest {
    private static final String PASSWORD = "Zip Crypto p@ss-word!";

    @TempDir
    Path tmp;
    private Path source;

    @BeforeEach
    void makeFiles() throws IOException {
        Assumptions.assumeTrue(ZipFixtures.zipAvailable(), "no 'zip' command on this machine");
        source = Files.createDirectories(tmp.resolve("src"));
        Random random = new Random(11);
        byte[] noise = new byte[300_000]; // incompressible
        random.nextBytes(noise);
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

    @Test
    void readsDeflatedEntriesThatZipEncrypted() throws Exception {
        Path zip = ZipFixtures.zip(source, tmp.resolve("d.zip"), PASSWORD, List.of(), "tree");
        assertSameFiles(zip, ZipArchiveEntry.DEFLATED);
    }

    @Test
    void readsStoredEntriesThatZipEncrypted() throws Exception {
        Path zip = ZipFixtures.zip(source, tmp.resolve("s.zip"), PASSWORD, List.of("-0"), "tree");
        assertSameFiles(zip, ZipArchiveEntry.STORED);
    }

    @Test
    void readsEntriesStreamedToAPipeWithDataDescriptors() throws Exception {
        Path zip = ZipFixtures.zipToPipe(source, tmp.resolve("p.zip"), PASSWORD,
                "tree/a/noise.bin", "tree/a/b/text.txt", "tree/one.txt");
        try (ZipArchive archive = ZipArchive.open(zip)) {
            assertEquals(3, archive.entries().size());
            assertTrue(archive.entries().stream().allMatch(ZipArchiveEntry::hasDataDescriptor));
        }
        assertSameFiles(zip, -1);
    }

    @Test
    void aNonAsciiPasswordIsUsedAsItsUtf8Bytes() throws Exception {
        // The command line reaches zip in the JVM's native encoding; only UTF-8 passes it unchanged.
        Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "command-line arguments are not UTF-8 here");
        String password = "pässwörd-Ünïcode";
        Path zip = ZipFixtures.zip(source, tmp.resolve("u.zip"), password, List.of(),
                "tree/one.txt");
        try (ZipArchive archive = ZipArchive.open(zip);
                InputStream in = archive.open(archive.entries().get(0), password)) {
            assertArrayEquals("1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    in.readAllBytes());
        }
    }

    /** Every file in the zip equals its source; {@code method} >= 0 must occur for some entry. */
    private void assertSameFiles(Path zip, int method) throws IOException {
        int files = 0;
        boolean methodSeen = method < 0;
        try (ZipArchive archive = ZipArchive.open(zip)) {
            for (ZipArchiveEntry e : archive.entries()) {
                if (e.isDirectory()) {
                    assertTrue(Files.isDirectory(source.resolve(e.name())), e.name());
                    continue;
                }
                assertTrue(e.isEncrypted(), e.name());
                methodSeen |= e.method() == method;
                try (InputStream in = archive.open(e, PASSWORD)) {
                    assertArrayEquals(Files.readAllBytes(source.resolve(e.name())),
                            in.readAllBytes(), e.name());
                }
                files++;
            }
        }
        assertTrue(files >= 3, "files read: " + files);
        assertTrue(methodSeen, "no entry with method " + method);
    }
}
