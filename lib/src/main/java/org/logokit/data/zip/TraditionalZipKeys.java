package org.logokit.data.zip;

/**
 * The key schedule of traditional PKWARE zip encryption ("ZipCrypto", what {@code zip -P} writes),
 * as the PKWARE APPNOTE describes it: three 32-bit keys start at 0x12345678, 0x23456789 and
 * 0x34567890, are stirred with every password byte, and after that with every plain byte of the
 * entry. Each cipher byte is the plain byte XOR a key-stream byte derived from the third key.
 *
 * <p>This cipher is weak (known-plaintext attacks break it); it is read here only because
 * datasets are still handed out in such zips. Instances are stateful and not thread-safe.
 */
public final class TraditionalZipKeys {
    /** CRC-32 (polynomial 0xEDB88320) table; the keys use the bare table step, without the inversions. */
    private static final int[] CRC_TABLE = crcTable();

    private int key0 = 0x12345678;
    private int key1 = 0x23456789;
    private int key2 = 0x34567890;

    /**
     * Keys initialised with a password.
     *
     * @param password the password bytes (Info-ZIP on Linux and macOS uses the UTF-8 bytes)
     */
    public TraditionalZipKeys(byte[] password) {
        for (byte b : password) {
            update(b & 0xff);
        }
    }

    /** Stirs one plain byte (0..255) into the keys. */
    public void update(int plain) {
        key0 = crcStep(key0, plain);
        // Unsigned 32-bit arithmetic: Java's int multiply and add wrap the same way.
        key1 = (key1 + (key0 & 0xff)) * 134775813 + 1;
        key2 = crcStep(key2, key1 >>> 24);
    }

    /** The next key-stream byte (0..255); it depends only on the third key. */
    public int streamByte() {
        int temp = (key2 | 2) & 0xffff;
        return ((temp * (temp ^ 1)) >>> 8) & 0xff;
    }

    /** Decrypts one cipher byte (0..255) and stirs the resulting plain byte into the keys. */
    public int decrypt(int cipher) {
        int plain = (cipher ^ streamByte()) & 0xff;
        update(plain);
        return plain;
    }

    /** Encrypts one plain byte (0..255) and stirs it into the keys; the inverse of {@link #decrypt}. */
    public int encrypt(int plain) {
        int cipher = (plain ^ streamByte()) & 0xff;
        update(plain & 0xff);
        return cipher;
    }

    private static int crcStep(int crc, int b) {
        return (crc >>> 8) ^ CRC_TABLE[(crc ^ b) & 0xff];
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
