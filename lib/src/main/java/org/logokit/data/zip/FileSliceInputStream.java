package org.logokit.data.zip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.ZipException;

/**
 * Reads a fixed byte range of a file with positional reads, so several entries of one archive can be
 * read without sharing a file position. Reports a file that ends before the range as truncated.
 */
final class FileSliceInputStream extends InputStream {
    private final FileChannel file;
    private final long end;
    private long position;

    /** A stream over {@code length} bytes of {@code file} starting at {@code start}. */
    FileSliceInputStream(FileChannel file, long start, long length) {
        this.file = file;
        this.position = start;
        this.end = start + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int want = (int) Math.min(len, end - position);
        int n = file.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            throw new ZipException("the file ends at byte " + position + ", before the entry's "
                    + "data does; the zip is truncated");
        }
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
