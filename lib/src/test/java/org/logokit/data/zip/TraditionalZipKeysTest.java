package org.logokit.data.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TraditionalZipKeysTest {
    private static final byte[] PASSWORD = "logokit-secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void theFirstStreamByteOfTheInitialKeysMatchesTheHandComputedValue() {
        // key2 = 0x34567890: temp = (key2 | 2) & 0xffff = 0x7892 = 30866;
        // temp * (temp ^ 1) = 30866 * 30867 = 952740822 = 0x38C9AB56; bits 8..15 = 0xAB.
        assertEquals(0xAB, new TraditionalZipKeys(new byte[0]).streamByte());
    }

    @Test
    void decryptionUndoesEncryptionWithTheSamePassword() {
        byte[] plain = new byte[5000];
        new Random(7).nextBytes(plain);
        TraditionalZipKeys encrypting = new TraditionalZipKeys(PASSWORD);
        TraditionalZipKeys decrypting = new TraditionalZipKeys(PASSWORD);
        byte[] cipher = new byte[plain.length];
        byte[] back = new byte[plain.length];
        for (int i = 0; i < plain.length; i++) {
            cipher[i] = (byte) encrypting.encrypt(plain[i] & 0xff);
            back[i] = (byte) decrypting.decrypt(cipher[i] & 0xff);
        }
        assertFalse(Arrays.equals(plain, cipher));
        assertArrayEquals(plain, back);
    }

    @Test
    void aPasswordOneCharacterOffGivesAnotherKeyStream() {
        TraditionalZipKeys right = new TraditionalZipKeys(PASSWORD);
        TraditionalZipKeys wrong = new TraditionalZipKeys("logokit-secreT".getBytes(StandardCharsets.UTF_8));
        int same = 0;
        for (int i = 0; i < 256; i++) {
            same += right.encrypt(0) == wrong.encrypt(0) ? 1 : 0;
        }
        assertEquals(0, same, 10, "two key streams should agree about 1 time in 256");
    }

    @Test
    void decryptsTheStoredEntryInfoZipEncrypted() throws Exception {
        // zip-P.zip: notes/tiny.txt ("x", stored) has its local header at byte 36 and 13 bytes of
        // data: the 12-byte encryption header, then the encrypted 'x'.
        byte[] zip = Files.readAllBytes(ZipFixtures.resource("zip-P.zip"));
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int local = 36;
        assertEquals(0x04034b50, b.getInt(local));
        int dosTime = b.getShort(local + 10) & 0xffff;
        int data = local + 30 + (b.getShort(local + 26) & 0xffff) + (b.getShort(local + 28) & 0xffff);
        TraditionalZipKeys keys = new TraditionalZipKeys(PASSWORD);
        int last = 0;
        for (int i = 0; i < 12; i++) {
            last = keys.decrypt(zip[data + i] & 0xff);
        }
        assertEquals(dosTime >>> 8, last, "the header's last byte checks the password (flag bit 3)");
        assertEquals('x', keys.decrypt(zip[data + 12] & 0xff));
    }
}
