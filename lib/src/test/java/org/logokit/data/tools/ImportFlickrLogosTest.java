package org.logokit.data.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.lingala.zip4j.model.enums.CompressionMethod;
import net.lingala.zip4j.model.enums.EncryptionMethod;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.DatasetVerifier;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.Split;
import org.logokit.data.VerificationReport;
import org.logokit.data.ZipUnpacker;
import org.logokit.data.ZipFixtures;

class ImportFlickrLogosTest {
    @TempDir
    Path tmp;

    @Test
    void importsAZipInFlickrLogosLayoutAndReportsItsCounts() throws Exception {
        Path zip = zipFixture(tmp.resolve("FlickrLogos-32_dataset_v2.zip"));
        Path dest = tmp.resolve("data");
        assertEquals(0, ImportFlickrLogos.run(new String[] {zip.toString(), "--dest", dest.toString(),
            "--any-counts", "--check-images"}));
        FlickrLogos32 ds = FlickrLogos32.open(dest.resolve("FlickrLogos-v2"));
        assertEquals(4, ds.split(Split.TRAIN).size());
        assertFalse(Files.exists(dest.resolve(".unpacking")));
    }

    @Test
    void theFixtureDoesNotPassTheOfficialCountCheck() throws Exception {
        Path zip = zipFixture(tmp.resolve("small.zip"));
        assertEquals(2, ImportFlickrLogos.run(new String[] {zip.toString(), "--dest",
            tmp.resolve("d").toString()}));
    }

    @Test
    void refusesToOverwriteAnEarlierImportWithoutForce() throws Exception {
        Path zip = zipFixture(tmp.resolve("a.zip"));
        Path dest = tmp.resolve("data");
        ImportFlickrLogos.run(new String[] {zip.toString(), "--dest", dest.toString(), "--any-counts"});
        IOException e = assertThrows(IOException.class, () -> ImportFlickrLogos.run(new String[] {
            zip.toString(), "--dest", dest.toString(), "--any-counts"}));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(0, ImportFlickrLogos.run(new String[] {zip.toString(), "--dest", dest.toString(),
            "--any-counts", "--force"}));
    }

    @Test
    void zipSlipEntriesAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path zip = tmp.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("FlickrLogos-v2/ok.txt"));
            out.write(1);
            out.putNextEntry(new ZipEntry("../../escaped.txt"));
            out.write(2);
        }
        Path dest = tmp.resolve("unpacked");
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker().unpack(zip, dest));
        assertTrue(e.getMessage().contains("zip-slip"), e.getMessage());
        assertFalse(Files.exists(dest.resolve("FlickrLogos-v2/ok.txt")));
        assertFalse(Files.exists(tmp.getParent().resolve("escaped.txt")));
    }

    @Test
    void aZipLargerThanTheCapIsStopped() throws Exception {
        Path zip = zipFixture(tmp.resolve("f.zip"));
        IOException e = assertThrows(IOException.class,
                () -> new ZipUnpacker(1000, 100_000).unpack(zip, tmp.resolve("u")));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void aFileThatIsNoZipGetsAClearMessage() throws Exception {
        Path fake = Files.writeString(tmp.resolve("page.zip"), "<html>login required</html>");
        IOException e = assertThrows(IOException.class, () -> new ZipUnpacker().unpack(fake, tmp.resolve("u")));
        assertTrue(e.getMessage().contains("not a readable zip"), e.getMessage());
    }

    @Test
    void importsAZipEncryptedWithZipPGivenItsPassword() throws Exception {
        Assumptions.assumeTrue(ZipFixtures.zipAvailable(), "no 'zip' command on this machine");
        Path zip = ZipFixtures.zip(fixtureFolder(), tmp.resolve("FlickrLogos-32_dataset_v2.zip"),
                "flickr pw", List.of(), "FlickrLogos-v2");
        Path dest = tmp.resolve("data");
        IOException wrong = assertThrows(IOException.class, () -> ImportFlickrLogos.run(
                new String[] {zip.toString(), "--dest", dest.toString(), "--any-counts",
                    "--password", "not it"}));
        assertTrue(wrong.getMessage().contains("password"), wrong.getMessage());
        assertFalse(Files.exists(dest.resolve(".unpacking")), "a failed import leaves no scratch");
        assertFalse(Files.exists(dest.resolve("FlickrLogos-v2")));

        assertEquals(0, ImportFlickrLogos.run(new String[] {zip.toString(), "--dest",
            dest.toString(), "--any-counts", "--check-images", "--password", "flickr pw"}));
        FlickrLogos32 ds = FlickrLogos32.open(dest.resolve("FlickrLogos-v2"));
        assertEquals(4, ds.split(Split.TRAIN).size());
        assertFalse(Files.exists(dest.resolve(".unpacking")));
    }

    @Test
    void importsAesAndZipCryptoZipsGivenTheirPasswordAndAWrongOneWritesNothing()
            throws Exception {
        for (EncryptionMethod method : List.of(EncryptionMethod.AES,
                EncryptionMethod.ZIP_STANDARD)) {
            Path zip = ZipFixtures.zip4j(fixtureFolder(), tmp.resolve(method + ".zip"), "aes pw",
                    method, CompressionMethod.DEFLATE, "FlickrLogos-v2");
            Path dest = tmp.resolve("data-" + method);
            IOException wrong = assertThrows(IOException.class, () -> ImportFlickrLogos.run(
                    new String[] {zip.toString(), "--dest", dest.toString(), "--any-counts",
                        "--password", "aes pv"}));
            assertTrue(wrong.getMessage().contains("the password does not open FlickrLogos-v2/"),
                    wrong.getMessage());
            assertEquals(0, ZipFixtures.filesUnder(dest), "nothing written");
            assertEquals(0, ImportFlickrLogos.run(new String[] {zip.toString(), "--dest",
                dest.toString(), "--any-counts", "--check-images", "--password", "aes pw"}));
            assertEquals(4, FlickrLogos32.open(dest.resolve("FlickrLogos-v2")).split(Split.TRAIN)
                    .size());
        }
    }

    @Test
    void zipPasswordOverridesTheDownloadPassword() throws Exception {
        Assumptions.assumeTrue(ZipFixtures.zipAvailable(), "no 'zip' command on this machine");
        Path zip = ZipFixtures.zip(fixtureFolder(), tmp.resolve("f.zip"), "zip pw", List.of(),
                "FlickrLogos-v2");
        assertEquals(0, ImportFlickrLogos.run(new String[] {zip.toString(), "--dest",
            tmp.resolve("d").toString(), "--any-counts", "--password", "http pw",
            "--zip-password", "zip pw"}));
    }

    @Test
    void aUrlGetsThePasswordForBasicAuthAndForTheZip() throws Exception {
        Assumptions.assumeTrue(ZipFixtures.zipAvailable(), "no 'zip' command on this machine");
        byte[] zip = Files.readAllBytes(ZipFixtures.zip(fixtureFolder(), tmp.resolve("served.zip"),
                "one pw", List.of(), "FlickrLogos-v2"));
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                "flickr:one pw".getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/FlickrLogos-32_dataset_v2.zip", exchange -> {
            boolean allowed = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(allowed ? 200 : 401, allowed ? zip.length : -1);
            if (allowed) {
                exchange.getResponseBody().write(zip);
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/FlickrLogos-32_dataset_v2.zip";
            Path dest = tmp.resolve("data");
            assertEquals(0, ImportFlickrLogos.run(new String[] {url, "--dest", dest.toString(),
                "--any-counts", "--user", "flickr", "--password", "one pw"}));
            assertEquals(4, FlickrLogos32.open(dest.resolve("FlickrLogos-v2")).split(Split.TRAIN).size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anEncryptedZipWithoutAPasswordAsksForIt() {
        Assumptions.assumeTrue(System.getenv("FLICKRLOGOS32_PASSWORD") == null,
                "FLICKRLOGOS32_PASSWORD is set in this environment");
        IOException e = assertThrows(IOException.class, () -> ImportFlickrLogos.run(new String[] {
            ZipFixtures.resource("zip-P.zip").toString(), "--dest", tmp.resolve("d").toString()}));
        assertTrue(e.getMessage().contains("--password"), e.getMessage());
    }

    @Test
    void officialCountsPassTheCheck() {
        Path root = org.logokit.data.OfficialTree.listsOnly(tmp);
        VerificationReport report = DatasetVerifier.verify(root, true, false);
        assertTrue(report.passed(), report.toString());
        assertTrue(report.toString().contains("3960"));
        assertEquals(report.rows().size(), report.table().rowCount());
    }

    private static Path fixtureFolder() throws URISyntaxException {
        return Path.of(ImportFlickrLogosTest.class.getResource("/flickrlogos-fixture").toURI());
    }

    /** The fixture tree zipped with zip4j, unencrypted. */
    private static Path zipFixture(Path zip) throws IOException, URISyntaxException {
        return ZipFixtures.zip4j(fixtureFolder(), zip, null, EncryptionMethod.NONE,
                CompressionMethod.DEFLATE, "FlickrLogos-v2");
    }
}
