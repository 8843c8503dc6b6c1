package org.logokit.data.zip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Inflates raw deflate data (no zlib header or checksum), the form zip entries store. Owns its
 * {@link Inflater} and frees it on close.
 */
final class RawInflaterInputStream extends InflaterInputStream {
    private boolean sourceEnded;

    /** Inflates the bytes of {@code in}. */
    RawInflaterInputStream(InputStream in) {
        super(in, new Inflater(true), 1 << 16);
    }

    @Override
    protected void fill() throws IOException {
        if (sourceEnded) {
            throw new EOFException("the deflated data ends before the deflate stream does");
        }
        len = in.read(buf, 0, buf.length);
        if (len < 0) {
            // With nowrap, zlib may ask for one byte past the data (Inflater's Javadoc): give it a
            // dummy byte once; a second request means the data really is cut short.
            sourceEnded = true;
            buf[0] = 0;
            len = 1;
        }
        inf.setInput(buf, 0, len);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            inf.end();
        }
    }
}
