package org.logokit.data;

import ai.djl.training.util.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.exception.ZipException;
import net.lingala.zip4j.model.FileHeader;
import net.lingala.zip4j.model.enums.EncryptionMethod;

/**
 * Unpacks a zip safely, reading it with <a href="https://github.com/srikanth-lingala/zip4j">zip4j</a>:
 * stored and deflated entries, ZIP64, and encryption with the traditional PKWARE scheme
 * ("ZipCrypto": {@code zip -P}, how FlickrLogos-32 is handed out) or AES (7-Zip, WinZip).
 *
 * <p>What this class adds to zip4j: no entry may land outside the target folder (zip-slip:
 * absolute names, {@code ..}); the number of entries and the bytes actually written are capped (a
 * corrupt or malicious zip cannot fill the disk, and an entry that unpacks to more than it
 * declares is stopped); the password is checked against every encrypted entry before anything is
 * written; every failure becomes a message that names the zip (and the entry) and says what to do;
 * and a progress bar runs over the uncompressed bytes. zip4j checks each entry's CRC-32 (or AES
 * authentication code) as it is read.
 */
public final class ZipUnpacker {
    /** Default cap on bytes written: 20 GiB (FlickrLogos-32 v2 unpacks to a few GiB). */
    public static final long DEFAULT_MAX_BYTES = 20L << 30;
    /** Default cap on entries (FlickrLogos-32 v2 has about 15,000 files and folders). */
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private final long maxBytes;
    private final int maxEntries;

    /** An unpacker with the default caps. */
    public ZipUnpacker() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);
    }

    /** An unpacker with given caps on bytes written and entries. */
    public ZipUnpacker(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * Unpacks an unencrypted {@code zip} into {@code target} (created if needed).
     *
     * @return the number of files written
     * @throws IOException see {@link #unpack(Path, Path, String)}
     */
    public int unpack(Path zip, Path target) throws IOException {
        return unpack(zip, target, null);
    }

    /**
     * Unpacks {@code zip} into {@code target} (created if needed). Before anything is written,
     * every name is checked for zip-slip, the declared sizes against the cap, and the password
     * against every encrypted entry.
     *
     * @param zip the zip file
     * @param target the folder to unpack into
     * @param password the password of an encrypted zip (ZipCrypto or AES; its UTF-8 bytes are
     *     used); null for none
     * @return the number of files written
     * @throws IOException with a message that names the zip and says what to do when the zip is
     *     unreadable, truncated, encrypted (no or a wrong password), uses an unsupported method,
     *     escapes the target, exceeds the caps, or an entry's data is corrupt
     */
    public int unpack(Path zip, Path target, String password) throws IOException {
        Path dest = Files.createDirectories(target).toAbsolutePath().normalize();
        try (ZipFile archive = new ZipFile(zip.toFile(),
                password == null ? null : password.toCharArray())) {
            List<FileHeader> entries = headers(archive, zip);
            if (entries.size() > maxEntries) {
                throw new IOException(zip + " has " + entries.size() + " entries, more than the "
                        + maxEntries + " a FlickrLogos-32 zip can have: is it the right file?");
            }
            long declared = 0;
            for (FileHeader entry : entries) {
                safeTarget(dest, entry.getFileName(), zip); // every name before writing anything
                declared += Math.max(0, entry.getUncompressedSize());
            }
            if (declared > maxBytes) {
                throw new IOException(zip + " would unpack to " + declared + " bytes, more than the "
                        + maxBytes + " allowed; is it the right file?");
            }
            for (FileHeader entry : entries) {
                checkOpens(archive, entry, zip, password);
            }
            ProgressBar bar = new ProgressBar("Unpacking", Math.max(1, declared));
            long written = 0;
            int files = 0;
            byte[] buffer = new byte[1 << 16];
            for (FileHeader entry : entries) {
                Path out = safeTarget(dest, entry.getFileName(), zip);
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                long entryBytes = 0;
                InputStream in = open(archive, entry, zip);
                try (OutputStream os = Files.newOutputStream(out)) {
                    int n;
                    while ((n = read(in, buffer, zip, entry)) > 0) {
                        written += n;
                        entryBytes += n;
                        if (entryBytes > entry.getUncompressedSize()) {
                            throw new IOException(zip + ": entry " + entry.getFileName()
                                    + " unpacks to more than the " + entry.getUncompressedSize()
                                    + " bytes it declares; the zip is damaged. Download it again.");
                        }
                        if (written > maxBytes) {
                            throw new IOException(zip + " unpacks to more than " + maxBytes
                                    + " bytes (its sizes lie); stopped. Is it the right file?");
                        }
                        os.write(buffer, 0, n);
                        bar.increment(n);
                    }
                } finally {
                    closeQuietly(in);
                }
                if (entryBytes != entry.getUncompressedSize()) {
                    throw new IOException(zip + ": entry " + entry.getFileName() + " is corrupt: "
                            + entryBytes + " bytes instead of " + entry.getUncompressedSize()
                            + ". Download the zip again.");
                }
                files++;
            }
            bar.end();
            return files;
        }
    }

    /** Opens an entry's data; zip4j's failures become messages about the zip. */
    private static InputStream open(ZipFile archive, FileHeader entry, Path zip)
            throws IOException {
        try {
            return archive.getInputStream(entry);
        } catch (ZipException e) {
            throw explain(e, zip, entry, true);
        } catch (IOException e) {
            throw damaged(e, zip, entry);
        }
    }

    /**
     * Reads the next bytes; zip4j checks the CRC-32 (ZipCrypto, plain) or the authentication code
     * (AES) when it reaches the entry's end, and its failures become messages about the zip.
     */
    private static int read(InputStream in, byte[] buffer, Path zip, FileHeader entry)
            throws IOException {
        try {
            return in.read(buffer);
        } catch (ZipException e) {
            throw explain(e, zip, entry, true);
        } catch (IOException e) {
            throw damaged(e, zip, entry);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Reading stopped early or failed, and that is reported; the close error adds nothing.
        }
    }

    private static IOException damaged(IOException e, Path zip, FileHeader entry) {
        String what = e.getMessage() != null && e.getMessage().contains("aes verification failed")
                ? "is corrupt: AES authentication failed" : "cannot be read (" + e.getMessage()
                + "); the zip is damaged or incomplete";
        return new IOException(zip + ": entry " + entry.getFileName() + " " + what
                + ". Download the zip again.", e);
    }

    /** The entries, or a message saying the file is not a (complete) zip. */
    private static List<FileHeader> headers(ZipFile archive, Path zip) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException("no such file: " + zip);
        }
        if (Files.size(zip) < 22) { // shorter than a zip's end record: nothing zip4j can read
            throw new IOException(zip + " is not a readable zip file (it is incomplete or no zip:"
                    + " only " + Files.size(zip) + " bytes). Download it again; an interrupted "
                    + "download looks like this.");
        }
        try {
            return archive.getFileHeaders();
        } catch (ZipException e) {
            if (e.getType() == ZipException.Type.UNKNOWN_COMPRESSION_METHOD) {
                throw unsupported(zip, "it uses a compression method zip4j does not read (only "
                        + "stored, deflated and AES-encrypted entries are read)", e);
            }
            throw new IOException(zip + " is not a readable zip file (it is incomplete or no zip: "
                    + e.getMessage() + "). Download it again; an HTML error page saved as .zip "
                    + "looks like this.", e);
        }
    }

    /**
     * Opens an entry's stream and closes it at once: zip4j reads the encryption header there and
     * checks the password's verifier (one byte for ZipCrypto, two for AES).
     */
    private static void checkOpens(ZipFile archive, FileHeader entry, Path zip, String password)
            throws IOException {
        if (entry.isDirectory() || !entry.isEncrypted()) {
            return;
        }
        if (entry.getEncryptionMethod() == EncryptionMethod.ZIP_STANDARD_VARIANT_STRONG) {
            throw unsupported(zip, entry.getFileName() + " uses PKWARE strong encryption, which "
                    + "zip4j does not read", null);
        }
        if (password == null) {
            throw new IOException(zip + " is password-protected (" + entry.getFileName() + " is "
                    + "encrypted, " + scheme(entry) + "). Pass the password the FlickrLogos-32 "
                    + "authors sent you: import-flickrlogos ZIP --password PW, or set "
                    + "FLICKRLOGOS32_PASSWORD.");
        }
        try (InputStream in = archive.getInputStream(entry)) {
            // Opening read and checked the encryption header; the data is read later.
        } catch (ZipException e) {
            throw explain(e, zip, entry, false);
        }
    }

    /**
     * A message for zip4j's exception. {@code reading}: it came while reading the data, after the
     * password passed the header check; a ZipCrypto CRC-32 failure then says "wrong password" in
     * zip4j but means damaged data (or a wrong password that passed the one-byte check).
     */
    private static IOException explain(ZipException e, Path zip, FileHeader entry,
            boolean reading) {
        String name = entry.getFileName();
        ZipException.Type type = e.getType();
        if (reading && type == ZipException.Type.WRONG_PASSWORD) {
            type = ZipException.Type.CHECKSUM_MISMATCH;
        }
        switch (type) {
            case WRONG_PASSWORD:
                return new IOException(zip + ": the password does not open " + name + " ("
                        + scheme(entry) + "): check the password the FlickrLogos-32 authors sent"
                        + " you (case, spaces; --zip-password if it differs from the download's).",
                        e);
            case CHECKSUM_MISMATCH:
                return new IOException(zip + ": entry " + name + " is corrupt: "
                        + (entry.getEncryptionMethod() == EncryptionMethod.AES
                                ? "AES authentication failed" : "CRC-32 mismatch")
                        + ". Download the zip again"
                        + (entry.getEncryptionMethod() == EncryptionMethod.ZIP_STANDARD
                                ? " (or check the password: ZipCrypto tests only one byte of it"
                                + " before the data)" : "") + ".", e);
            case UNSUPPORTED_ENCRYPTION:
            case UNKNOWN_COMPRESSION_METHOD:
                return unsupported(zip, name + ": " + e.getMessage(), e);
            default:
                return new IOException(zip + ": entry " + name + " cannot be read ("
                        + e.getMessage() + "); the zip is damaged or incomplete. Download it "
                        + "again.", e);
        }
    }

    private static String scheme(FileHeader entry) {
        return entry.getEncryptionMethod() == EncryptionMethod.AES ? "AES"
                : "ZipCrypto, the traditional PKWARE encryption";
    }

    private static IOException unsupported(Path zip, String what, Exception cause) {
        return new IOException(zip + ": " + what + ". Unpack it with 7-Zip ('7z x "
                + zip.getFileName() + "') or 'unzip', then run import-flickrlogos --folder <the "
                + "unpacked folder>.", cause);
    }

    /** Where an entry goes; throws if its name would leave {@code dest}. */
    static Path safeTarget(Path dest, String name, Path zip) throws IOException {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new IOException(zip + " contains an absolute path '" + name + "'; refusing to "
                    + "unpack it (it would write outside " + dest + ").");
        }
        Path out = dest.resolve(n).normalize();
        if (!out.startsWith(dest) || out.equals(dest) && !n.isEmpty() && !n.equals("./")) {
            throw new IOException(zip + " contains '" + name + "', which would be written outside "
                    + dest + " (zip-slip); refusing to unpack it.");
        }
        return out;
    }
}
