package dev.heed.events.subject;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SubjectKeysTest {

    /** RFC 4231 test case 6: a 131-byte key of 0xaa (longer than the block size). */
    private static final byte[] RFC_4231_KEY = filled(131, (byte) 0xaa);
    private static final String RFC_4231_DATA = "Test Using Larger Than Block-Size Key - Hash Key First";
    private static final String RFC_4231_HMAC_SHA256 =
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";

    @Test
    void matchesTheRfc4231Vector() {
        String key = new SubjectKeys(1, RFC_4231_KEY).keyOf(RFC_4231_DATA);

        // Worked out separately (openssl dgst -sha256 -mac HMAC), in its base64url form.
        assertEquals("k1:YOQxWR7gtn8Niiaqy_W3f44LxiE3KMUUBUYEDw7jf1Q", key);
        assertArrayEquals(HexFormat.of().parseHex(RFC_4231_HMAC_SHA256),
                Base64.getUrlDecoder().decode(key.substring(3)));
        assertTrue(SubjectKeys.isSubjectKey(key));
        assertFalse(key.contains("="), "no padding");
    }

    @Test
    void keyVersionsAndSecretsGiveDifferentKeys() {
        byte[] secret = filled(32, (byte) 7);
        String v1 = new SubjectKeys(1, secret).keyOf("customer-42");
        String v2 = new SubjectKeys(2, secret).keyOf("customer-42");
        String rotated = new SubjectKeys(2, filled(32, (byte) 8)).keyOf("customer-42");

        assertNotEquals(v1, v2);
        assertEquals(v1.substring(3), v2.substring(3), "the version only names the secret");
        assertNotEquals(v2, rotated);
        assertEquals(1, SubjectKeys.versionOf(v1));
        assertEquals(2, SubjectKeys.versionOf(rotated));
    }

    @Test
    void isStableAndDistinguishesCustomers() {
        SubjectKeys keys = new SubjectKeys(3, filled(32, (byte) 1));

        assertEquals(keys.keyOf("customer-42"), keys.keyOf("customer-42"));
        assertNotEquals(keys.keyOf("customer-42"), keys.keyOf("customer-43"));
    }

    @Test
    void refusesWeakSecretsAndMissingCustomerIds() {
        assertThrows(IllegalArgumentException.class, () -> new SubjectKeys(1, "Jefe".getBytes(US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> new SubjectKeys(-1, RFC_4231_KEY));
        assertThrows(IllegalArgumentException.class, () -> new SubjectKeys(1, RFC_4231_KEY).keyOf(" "));
    }

    @Test
    void recognisesOnlySubjectKeys() {
        assertFalse(SubjectKeys.isSubjectKey("ada@example.com"));
        assertFalse(SubjectKeys.isSubjectKey("k1:short"));
        assertFalse(SubjectKeys.isSubjectKey(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubjectKeys.require("ada@example.com", "subjectKey"));
        assertFalse(e.getMessage().contains("ada@example.com"));
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
