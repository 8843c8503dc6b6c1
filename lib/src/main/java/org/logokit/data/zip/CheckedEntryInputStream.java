package org.logokit.data.zip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

/**
 * The last stage of reading an entry: counts and checksums the uncompressed bytes, and at the end
 * compares them with the size and CRC-32 the central directory promised. Any failure below it
 * (inflate error, truncation) is reported as a {@link ZipException} that names the entry; for an
 * encrypted entry the message adds that a wrong password can be the cause (one wrong password in 256
 * passes the header check).
 */
final class CheckedEntryInputStream extends ReadThroughInputStream {
    private final ZipArchiveEntry entry;
    private final CRC32 crc = new CRC32();
    private long count;
    private boolean checked;

    /** Checks the bytes of {@code in} against {@code entry}. */
    CheckedEntryInputStream(InputStream in, ZipArchiveEntry entry) {
        super(in);
        this.entry = entry;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (ZipException | EOFException e) {
            throw damaged(e.getMessage(), e);
        }
        if (n < 0) {
            verify();
            return n;
        }
        crc.update(b, off, n);
        count += n;
        if (count > entry.size()) {
            throw damaged("it unpacks to more than the " + entry.size() + " bytes its header "
                    + "declares", null);
        }
        return n;
    }



    private void verify() throws ZipException {
        if (checked) {
            return;
        }
        checked = true;
        if (count != entry.size()) {
            throw damaged("it unpacks to " + count + " bytes, but its header declares "
                    + entry.size(), null);
        }
        if ((int) crc.getValue() != entry.crc()) {
            throw damaged(String.format("CRC-32 mismatch (data %08x, header %08x)",
                    (int) crc.getValue(), entry.crc()), null);
        }
    }

    private ZipException damaged(String problem, Exception cause) {
        String hint = entry.isEncrypted()
                ? " (the password may be wrong, or the zip damaged)" : " (the zip is damaged)";
        ZipException e = new ZipException("entry " + entry.name() + " is corrupt: " + problem + hint);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
