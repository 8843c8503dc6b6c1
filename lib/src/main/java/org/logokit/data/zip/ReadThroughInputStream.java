package org.logokit.data.zip;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter stream whose every byte must pass through {@link #read(byte[], int, int)}: a
 * decryption key schedule or a running checksum cannot jump ahead, so {@link #skip(long)} reads and
 * drops instead of skipping the underlying stream. Marks are not supported for the same reason.
 */
abstract class ReadThroughInputStream extends FilterInputStream {

    ReadThroughInputStream(InputStream in) {
        super(in);
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.max(0, Math.min(n, 8192))];
        long done = 0;
        while (done < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
