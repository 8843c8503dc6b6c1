package org.logokit.data.zip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decrypts the data of one entry encrypted with traditional PKWARE encryption. The data starts with
 * a 12-byte encryption header; once decrypted, its last byte must equal a check byte the reader
 * knows from the entry's headers (the high byte of the CRC-32, or of the DOS modification time when
 * the sizes follow the data in a data descriptor, flag bit 3). That is how a wrong password is told
 * apart before any output is written; one wrong password in 256 passes this check and is caught
 * later by the CRC-32 of the data.
 */
public final class TraditionalZipDecryption {
    /** Length of the encryption header in front of every encrypted entry's data. */
    public static final int HEADER_LENGTH = 12;

    private TraditionalZipDecryption() {}

    /**
     * Reads and checks the encryption header, and returns a stream of the decrypted data after it.
     *
     * @param encrypted the entry's raw data, starting at the encryption header
     * @param password the password bytes
     * @param checkByte the expected last byte of the decrypted header (0..255)
     * @return the decrypted stream, or {@code null} when the password does not pass the check
     * @throws IOException when the data is shorter than the header, or reading fails
     */
    public static InputStream open(InputStream encrypted, byte[] password, int checkByte)
            throws IOException {
        TraditionalZipKeys keys = new TraditionalZipKeys(password);
        int last = -1;
        for (int i = 0; i < HEADER_LENGTH; i++) {
            int c = encrypted.read();
            if (c < 0) {
                throw new EOFException("the data ends inside the 12-byte encryption header");
            }
            last = keys.decrypt(c);
        }
        return last == (checkByte & 0xff) ? new DecryptingStream(encrypted, keys) : null;
    }

    /** Decrypts bytes as they are read; the keys carry on from the header. */
    private static final class DecryptingStream extends ReadThroughInputStream {
        private final TraditionalZipKeys keys;

        DecryptingStream(InputStream in, TraditionalZipKeys keys) {
            super(in);
            this.keys = keys;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            return c < 0 ? c : keys.decrypt(c);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                b[i] = (byte) keys.decrypt(b[i] & 0xff);
            }
            return n;
        }


    }
}
