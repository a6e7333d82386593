package dev.heed.audit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JSON Canonicalization Scheme): the one byte form of a record that its leaf hash covers,
 * so that re-serializing a record anywhere, in any key order, yields the same hash.
 */
public final class CanonicalJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CanonicalJson() {
    }

    public static byte[] of(JsonNode record) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(record)).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always serializes", e);
        }
    }

    /** The leaf hash of a stored record: SHA-256(0x00 ‖ JCS(record)). */
    public static byte[] leafHash(JsonNode record) {
        return TreeHash.leaf(of(record));
    }
}
