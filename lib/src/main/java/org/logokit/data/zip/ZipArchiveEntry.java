package org.logokit.data.zip;

/**
 * One entry as the zip's central directory describes it. Sizes and offsets are already widened from
 * their ZIP64 extra field where the 32-bit fields hold 0xFFFFFFFF.
 *
 * @param name the entry name, {@code /}-separated as stored (not yet checked for zip-slip)
 * @param flags the general-purpose bit flags (bit 0 encrypted, bit 3 data descriptor, bit 6 strong
 *     encryption, bit 11 UTF-8 name)
 * @param method the compression method (0 stored, 8 deflated, 99 AES-encrypted)
 * @param dosTime the last-modification time in MS-DOS format (16 bits)
 * @param crc the CRC-32 of the uncompressed data
 * @param compressedSize bytes of data in the archive, including a 12-byte encryption header
 * @param size bytes of uncompressed data
 * @param localHeaderOffset where the entry's local header starts in the file
 */
public record ZipArchiveEntry(String name, int flags, int method, int dosTime, int crc,
        long compressedSize, long size, long localHeaderOffset) {
    /** Compression method: stored as is. */
    public static final int STORED = 0;
    /** Compression method: deflated. */
    public static final int DEFLATED = 8;
    /** Method number WinZip uses for AES-encrypted entries. */
    public static final int AES = 99;

    /** True for a folder entry (its name ends in {@code /}). */
    public boolean isDirectory() {
        return name.endsWith("/");
    }

    /** True when the entry's data is encrypted (flag bit 0), whatever the scheme. */
    public boolean isEncrypted() {
        return (flags & 1) != 0;
    }

    /** True when CRC and sizes follow the data in a data descriptor (flag bit 3). */
    public boolean hasDataDescriptor() {
        return (flags & 8) != 0;
    }

    /**
     * The byte the last byte of the decrypted encryption header must equal: the CRC's high byte, or
     * the DOS time's high byte for an entry with a data descriptor (its CRC was not known when the
     * header was written).
     */
    public int passwordCheckByte() {
        return hasDataDescriptor() ? (dosTime >>> 8) & 0xff : crc >>> 24;
    }
}
