package org.logokit.data.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads a zip's table of contents: finds the end-of-central-directory record at the end of the file
 * (and the ZIP64 one when the archive has more than 65,535 entries or is over 4 GiB), then walks the
 * central directory and returns one {@link ZipArchiveEntry} per entry. All numbers are little-endian,
 * as in the PKWARE APPNOTE.
 */
final class CentralDirectory {
    static final int END_SIGNATURE = 0x06054b50;
    static final int ZIP64_END_SIGNATURE = 0x06064b50;
    static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    static final int ENTRY_SIGNATURE = 0x02014b50;
    private static final int END_LENGTH = 22;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int ZIP64_END_LENGTH = 56;
    private static final int ENTRY_LENGTH = 46;
    private static final int MAX_COMMENT = 0xffff;
    private static final long U32_MAX = 0xffffffffL;
    /** Names without the UTF-8 flag are CP437 by the spec; most tools write UTF-8 anyway. */
    private static final Charset LEGACY_NAMES = Charset.isSupported("IBM437")
            ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    private CentralDirectory() {}

    /**
     * Reads all entries.
     *
     * @param file the open zip file
     * @return the entries in central-directory order
     * @throws ZipException when the file is no zip, is truncated, or its directory is damaged
     * @throws UnsupportedZipFeatureException for a multi-disk archive
     */
    static List<ZipArchiveEntry> read(FileChannel file) throws IOException {
        long length = file.size();
        long endPos = findEnd(file, length);
        ByteBuffer end = readAt(file, endPos, END_LENGTH);
        int disk = u16(end, 4);
        int directoryDisk = u16(end, 6);
        long count = u16(end, 10);
        long directorySize = u32(end, 12);
        long directoryOffset = u32(end, 16);
        long directoryEnd = endPos;
        long locatorPos = endPos - ZIP64_LOCATOR_LENGTH;
        if (locatorPos >= 0 && readAt(file, locatorPos, 4).getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
            long zip64EndPos = readAt(file, locatorPos + 8, 8).getLong(0);
            if (zip64EndPos < 0 || zip64EndPos + ZIP64_END_LENGTH > locatorPos) {
                throw new ZipException("the ZIP64 end record points outside the file");
            }
            ByteBuffer zip64 = readAt(file, zip64EndPos, ZIP64_END_LENGTH);
            if (zip64.getInt(0) != ZIP64_END_SIGNATURE) {
                throw new ZipException("the ZIP64 end record is missing where its locator points");
            }
            disk = zip64.getInt(16);
            directoryDisk = zip64.getInt(20);
            count = zip64.getLong(32);
            directorySize = zip64.getLong(40);
            directoryOffset = zip64.getLong(48);
            directoryEnd = zip64EndPos;
        }
        if (disk != 0 || directoryDisk != 0) {
            throw new UnsupportedZipFeatureException("the zip is one part of a multi-disk (split) "
                    + "archive; join the parts first (e.g. 'zip -s 0 split.zip --out whole.zip')");
        }
        if (directorySize < 0 || directorySize > directoryEnd || count < 0
                || count > directorySize / ENTRY_LENGTH) {
            throw new ZipException("the end record gives an impossible directory ("
                    + count + " entries in " + directorySize + " bytes)");
        }
        // Data prepended to the zip (a self-extractor stub) shifts every offset by the same amount.
        long shift = directoryEnd - directorySize - directoryOffset;
        if (shift < 0) {
            throw new ZipException("the central directory lies beyond the end of the file; "
                    + "the file is truncated");
        }
        ByteBuffer dir = readAt(file, directoryOffset + shift, (int) Math.min(directorySize,
                Integer.MAX_VALUE));
        List<ZipArchiveEntry> entries = new ArrayList<>((int) count);
        int pos = 0;
        for (long i = 0; i < count; i++) {
            if (pos + ENTRY_LENGTH > dir.limit() || dir.getInt(pos) != ENTRY_SIGNATURE) {
                throw new ZipException("central directory entry " + (i + 1) + " of " + count
                        + " is damaged");
            }
            int flags = u16(dir, pos + 8);
            int nameLength = u16(dir, pos + 28);
            int extraLength = u16(dir, pos + 30);
            int commentLength = u16(dir, pos + 32);
            int next = pos + ENTRY_LENGTH + nameLength + extraLength + commentLength;
            if (next > dir.limit()) {
                throw new ZipException("central directory entry " + (i + 1) + " runs past the "
                        + "directory's end");
            }
            String name = decodeName(dir, pos + ENTRY_LENGTH, nameLength, (flags & 0x800) != 0);
            long compressed = u32(dir, pos + 20);
            long size = u32(dir, pos + 24);
            long offset = u32(dir, pos + 42);
            int entryDisk = u16(dir, pos + 34);
            if (compressed == U32_MAX || size == U32_MAX || offset == U32_MAX
                    || entryDisk == 0xffff) {
                long[] wide = zip64Values(dir, pos + ENTRY_LENGTH + nameLength, extraLength,
                        size == U32_MAX, compressed == U32_MAX, offset == U32_MAX,
                        entryDisk == 0xffff, name);
                size = wide[0] >= 0 ? wide[0] : size;
                compressed = wide[1] >= 0 ? wide[1] : compressed;
                offset = wide[2] >= 0 ? wide[2] : offset;
            }
            entries.add(new ZipArchiveEntry(name, flags, u16(dir, pos + 10), u16(dir, pos + 12),
                    dir.getInt(pos + 16), compressed, size, offset + shift));
            pos = next;
        }
        return entries;
    }

    /**
     * The 64-bit values of the ZIP64 extended-information extra field (id 0x0001). It holds, in this
     * order, only the values whose 32-bit field is 0xFFFFFFFF: size, compressed size, local header
     * offset, disk number. Returns -1 for a value that is not widened.
     */
    private static long[] zip64Values(ByteBuffer dir, int start, int length, boolean hasSize,
            boolean hasCompressed, boolean hasOffset, boolean hasDisk, String name)
            throws IOException {
        long[] wide = {-1, -1, -1};
        int pos = start;
        while (pos + 4 <= start + length) {
            int id = u16(dir, pos);
            int dataLength = u16(dir, pos + 2);
            int data = pos + 4;
            if (id == 0x0001) {
                int need = 8 * ((hasSize ? 1 : 0) + (hasCompressed ? 1 : 0) + (hasOffset ? 1 : 0))
                        + (hasDisk ? 4 : 0);
                if (dataLength < need || data + need > start + length) {
                    throw new ZipException(name + ": its ZIP64 extra field is too short");
                }
                boolean[] present = {hasSize, hasCompressed, hasOffset};
                for (int k = 0; k < 3; k++) {
                    if (present[k]) {
                        wide[k] = dir.getLong(data);
                        data += 8;
                        if (wide[k] < 0) {
                            throw new ZipException(name + ": its ZIP64 sizes are impossible");
                        }
                    }
                }
                if (hasDisk && dir.getInt(data) != 0) {
                    throw new UnsupportedZipFeatureException(name + " lies on another disk of a "
                            + "multi-disk archive; join the parts first");
                }
                return wide;
            }
            pos = data + dataLength;
        }
        throw new ZipException(name + ": its sizes say ZIP64 but it has no ZIP64 extra field");
    }

    /** Position of the end-of-central-directory record: the last signature whose comment fits. */
    private static long findEnd(FileChannel file, long length) throws IOException {
        if (length < END_LENGTH) {
            throw new ZipException("the file is too short (" + length + " bytes) to be a zip");
        }
        int window = (int) Math.min(length, END_LENGTH + MAX_COMMENT);
        ByteBuffer tail = readAt(file, length - window, window);
        // The record's comment should run to the end of the file; accept trailing bytes only when
        // no record fits exactly.
        for (boolean exact : new boolean[] {true, false}) {
            for (int i = window - END_LENGTH; i >= 0; i--) {
                int reach = i + END_LENGTH + u16(tail, i + 20);
                if (tail.getInt(i) == END_SIGNATURE && (exact ? reach == window : reach <= window)) {
                    return length - window + i;
                }
            }
        }
        throw new ZipException("no end-of-central-directory record: the file is incomplete "
                + "(an interrupted download) or not a zip at all");
    }

    private static String decodeName(ByteBuffer dir, int start, int length, boolean utf8) {
        byte[] bytes = new byte[length];
        dir.get(start, bytes);
        if (utf8) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, LEGACY_NAMES);
        }
    }

    /** Reads exactly {@code length} bytes at {@code position}, little-endian. */
    static ByteBuffer readAt(FileChannel file, long position, int length) throws IOException {
        if (position < 0 || position + length > file.size()) {
            throw new ZipException("a record at byte " + position + " runs past the end of the "
                    + "file (" + file.size() + " bytes); the file is truncated");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new ZipException("the file ended while reading byte " + position);
            }
        }
        return buffer.flip();
    }

    static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }

    static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & U32_MAX;
    }
}
