package org.logokit.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.AesKeyStrength;
import net.lingala.zip4j.model.enums.CompressionMethod;
import net.lingala.zip4j.model.enums.EncryptionMethod;

/**
 * Test helpers for zips: the committed encrypted fixtures (made with Info-ZIP), zips made at test
 * time with zip4j (ZipCrypto or AES) or with the system's Info-ZIP {@code zip} and 7-Zip when they
 * are installed, and byte-level edits that damage a zip on purpose.
 */
public final class ZipFixtures {
    /** Password of the committed fixtures. */
    public static final String PASSWORD = "logokit-secret";
    /** Contents of {@code notes/hello.txt} in the committed fixtures. */
    public static final String HELLO = "Hello from logokit. ".repeat(20);

    private static Boolean zipAvailable;
    private static Boolean sevenZipAvailable;

    private ZipFixtures() {}

    /** A committed fixture under {@code src/test/resources/zipcrypto}. */
    public static Path resource(String name) {
        try {
            return Path.of(ZipFixtures.class.getResource("/zipcrypto/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when an Info-ZIP {@code zip} command runs here. */
    public static synchronized boolean zipAvailable() {
        if (zipAvailable == null) {
            try {
                Process p = new ProcessBuilder("zip", "-v").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                zipAvailable = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                zipAvailable = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                zipAvailable = false;
            }
        }
        return zipAvailable;
    }

    /** True when a 7-Zip command ({@code 7z}, Debian's p7zip-full) runs here. */
    public static synchronized boolean sevenZipAvailable() {
        if (sevenZipAvailable == null) {
            try {
                Process p = new ProcessBuilder("7z", "i").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                sevenZipAvailable = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                sevenZipAvailable = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sevenZipAvailable = false;
            }
        }
        return sevenZipAvailable;
    }

    /**
     * Zips the folders or files {@code names} (relative to {@code dir}, kept as the entries'
     * paths) with zip4j.
     *
     * @param password null for an unencrypted zip
     * @param encryption {@link EncryptionMethod#ZIP_STANDARD} (ZipCrypto) or
     *     {@link EncryptionMethod#AES} (256-bit); ignored without a password
     * @param compression stored or deflated
     */
    public static Path zip4j(Path dir, Path out, String password, EncryptionMethod encryption,
            CompressionMethod compression, String... names) throws IOException {
        ZipParameters params = new ZipParameters();
        params.setCompressionMethod(compression);
        if (password != null) {
            params.setEncryptFiles(true);
            params.setEncryptionMethod(encryption);
            params.setAesKeyStrength(AesKeyStrength.KEY_STRENGTH_256);
        }
        try (ZipFile zip = new ZipFile(out.toFile(), password == null ? null
                : password.toCharArray())) {
            for (String name : names) {
                Path p = dir.resolve(name);
                if (Files.isDirectory(p)) {
                    zip.addFolder(p.toFile(), params);
                } else {
                    ZipParameters file = new ZipParameters(params);
                    file.setFileNameInZip(name.replace('\\', '/'));
                    zip.addFile(p.toFile(), file);
                }
            }
        }
        return out;
    }

    /**
     * Runs {@code 7z a -tzip -p<password> -mem=<AES256|ZipCrypto> out names...} in {@code dir}.
     */
    public static Path sevenZip(Path dir, Path out, String password, String method,
            String... names) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("7z", "a", "-tzip", "-bso0", "-bsp0",
                "-p" + password, "-mem=" + method, out.toAbsolutePath().toString()));
        cmd.addAll(List.of(names));
        run(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT));
        return out;
    }

    /** Number of regular files under {@code dir} (0 when it does not exist). */
    public static long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    /**
     * Runs {@code zip -q -r [options] out names...} in {@code dir}.
     *
     * @param password the {@code -P} password, or null for an unencrypted zip
     */
    public static Path zip(Path dir, Path out, String password, List<String> options,
            String... names) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("zip", "-q", "-r"));
        if (password != null) {
            cmd.addAll(List.of("-P", password));
        }
        cmd.addAll(options);
        cmd.add(out.toAbsolutePath().toString());
        cmd.addAll(List.of(names));
        run(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT));
        return out;
    }

    /**
     * Runs {@code zip -q -P password - names... > out} in {@code dir}: written to a pipe, zip cannot
     * seek back, so every entry gets a data descriptor.
     */
    public static Path zipToPipe(Path dir, Path out, String password, String... names)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("zip", "-q", "-P", password, "-"));
        cmd.addAll(List.of(names));
        run(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toAbsolutePath().toFile()));
        return out;
    }

    private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroy();
            throw new IOException("command failed: " + pb.command());
        }
    }

    /** Byte positions of each central directory entry, in order, found through the end record. */
    public static List<Integer> centralEntries(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        while (b.getInt(end) != 0x06054b50) {
            end--;
        }
        int count = b.getShort(end + 10) & 0xffff;
        int pos = b.getInt(end + 16);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            at.add(pos);
            pos += 46 + (b.getShort(pos + 28) & 0xffff) + (b.getShort(pos + 30) & 0xffff)
                    + (b.getShort(pos + 32) & 0xffff);
        }
        return at;
    }

    /** Where the data of the entry whose central record is at {@code central} starts. */
    public static int dataStart(byte[] zip, int central) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int local = b.getInt(central + 42);
        return local + 30 + (b.getShort(local + 26) & 0xffff) + (b.getShort(local + 28) & 0xffff);
    }

    /** The entry name stored in the central record at {@code central}. */
    public static String centralName(byte[] zip, int central) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        return new String(zip, central + 46, b.getShort(central + 28) & 0xffff,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads a file, failing the test on error. */
    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
