package org.logokit.data.zip;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.ZipException;

/**
 * A zip file read from its central directory, with entries that may be encrypted with traditional
 * PKWARE encryption ({@code zip -P}), which {@link java.util.zip.ZipFile} cannot read. Entries are
 * stored or deflated; every entry's size and CRC-32 are checked as it is read. ZIP64 archives are
 * read too. AES-encrypted entries, strong encryption and other compression methods are refused with
 * an {@link UnsupportedZipFeatureException}.
 *
 * <pre>{@code
 * try (ZipArchive zip = ZipArchive.open(path)) {
 *     for (ZipArchiveEntry e : zip.entries()) {
 *         try (InputStream in = zip.open(e, "secret")) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Entry names are returned as stored: callers that write files must guard against names that
 * leave the target folder (zip-slip). Open streams read the file with positional reads, so several
 * may be open at once; close the archive only after them.
 */
public final class ZipArchive implements AutoCloseable {
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int LOCAL_LENGTH = 30;

    private final Path path;
    private final FileChannel file;
    private final List<ZipArchiveEntry> entries;

    private ZipArchive(Path path, FileChannel file, List<ZipArchiveEntry> entries) {
        this.path = path;
        this.file = file;
        this.entries = List.copyOf(entries);
    }

    /**
     * Opens a zip and reads its central directory.
     *
     * @throws ZipException when the file is not a zip, is truncated or its directory is damaged
     * @throws UnsupportedZipFeatureException for a multi-disk archive
     * @throws IOException when the file cannot be read
     */
    public static ZipArchive open(Path path) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ZipArchive(path, file, CentralDirectory.read(file));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The file this archive was opened from. */
    public Path path() {
        return path;
    }

    /** The entries, in central-directory order (an unmodifiable list). */
    public List<ZipArchiveEntry> entries() {
        return entries;
    }

    /**
     * Throws when this reader cannot read the entry's data at all: AES or strong encryption, or a
     * compression method other than stored (0) and deflated (8).
     */
    public static void checkSupported(ZipArchiveEntry entry) throws UnsupportedZipFeatureException {
        if (entry.method() == ZipArchiveEntry.AES) {
            throw new UnsupportedZipFeatureException(entry.name() + " is AES-encrypted (WinZip "
                    + "AES, compression method 99), which this reader does not support");
        }
        if (entry.isEncrypted() && (entry.flags() & 0x40) != 0) {
            throw new UnsupportedZipFeatureException(entry.name() + " uses PKWARE strong "
                    + "encryption, which this reader does not support");
        }
        if (entry.method() != ZipArchiveEntry.STORED && entry.method() != ZipArchiveEntry.DEFLATED) {
            throw new UnsupportedZipFeatureException(entry.name() + " is compressed with method "
                    + entry.method() + " (" + methodName(entry.method()) + "); only stored (0) "
                    + "and deflated (8) entries are supported");
        }
    }

    /**
     * Tells whether a password passes the check byte of an encrypted entry's header, without
     * reading its data. Cheap (12 bytes); a wrong password passes with probability 1/256.
     *
     * @return true for an unencrypted entry, or when the password passes
     * @throws ZipPasswordException when the entry is encrypted and {@code password} is null
     */
    public boolean passwordOpens(ZipArchiveEntry entry, String password) throws IOException {
        if (!entry.isEncrypted()) {
            return true;
        }
        checkSupported(entry);
        if (password == null) {
            throw new ZipPasswordException(entry.name(), true);
        }
        try (InputStream raw = rawData(entry, TraditionalZipDecryption.HEADER_LENGTH)) {
            return TraditionalZipDecryption.open(raw, bytes(password), entry.passwordCheckByte())
                    != null;
        }
    }

    /**
     * Opens an entry's uncompressed data. At the end of the stream its size and CRC-32 are
     * compared with the central directory's, and a mismatch throws a {@link ZipException} naming
     * the entry.
     *
     * @param entry one of {@link #entries()}
     * @param password the password for an encrypted entry (its UTF-8 bytes are used); may be null
     *     for unencrypted entries
     * @throws ZipPasswordException when the entry is encrypted and the password is missing or fails
     *     the header check
     * @throws UnsupportedZipFeatureException see {@link #checkSupported}
     * @throws ZipException when the entry's local header is damaged or lies past the file's end
     */
    public InputStream open(ZipArchiveEntry entry, String password) throws IOException {
        checkSupported(entry);
        if (entry.isEncrypted() && password == null) {
            throw new ZipPasswordException(entry.name(), true);
        }
        InputStream data = rawData(entry, 1 << 16);
        try {
            if (entry.isEncrypted()) {
                if (entry.compressedSize() < TraditionalZipDecryption.HEADER_LENGTH) {
                    throw new ZipException("entry " + entry.name() + " is encrypted but shorter "
                            + "than the 12-byte encryption header; the zip is damaged");
                }
                InputStream plain = TraditionalZipDecryption.open(data, bytes(password),
                        entry.passwordCheckByte());
                if (plain == null) {
                    throw new ZipPasswordException(entry.name(), false);
                }
                data = plain;
            }
            if (entry.method() == ZipArchiveEntry.DEFLATED) {
                data = new RawInflaterInputStream(data);
            }
            return new CheckedEntryInputStream(data, entry);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** The entry's bytes as stored (after its local header), read {@code buffer} bytes at a time. */
    private InputStream rawData(ZipArchiveEntry entry, int buffer) throws IOException {
        long local = entry.localHeaderOffset();
        ByteBuffer header = CentralDirectory.readAt(file, local, LOCAL_LENGTH);
        if (header.getInt(0) != LOCAL_SIGNATURE) {
            throw new ZipException("entry " + entry.name() + ": no local header at byte " + local
                    + "; the zip is damaged");
        }
        // The local name and extra field may differ in length from the central directory's copy.
        long start = local + LOCAL_LENGTH + CentralDirectory.u16(header, 26)
                + CentralDirectory.u16(header, 28);
        if (start + entry.compressedSize() > file.size()) {
            throw new ZipException("entry " + entry.name() + " runs past the end of the file ("
                    + file.size() + " bytes); the zip is truncated");
        }
        return new BufferedInputStream(new FileSliceInputStream(file, start,
                entry.compressedSize()), buffer);
    }

    private static byte[] bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    private static String methodName(int method) {
        return switch (method) {
            case 1 -> "shrunk";
            case 6 -> "imploded";
            case 9 -> "Deflate64";
            case 12 -> "bzip2";
            case 14 -> "LZMA";
            case 93 -> "Zstandard";
            case 95 -> "XZ";
            case 98 -> "PPMd";
            default -> "unknown";
        };
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
