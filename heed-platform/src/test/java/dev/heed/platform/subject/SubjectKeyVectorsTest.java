package dev.heed.platform.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.events.subject.SubjectKeys;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published subject-key test vectors (privacy-events' subject-key-test-vectors.json, computed
 * outside the project) against what every service runs: the secret decoded as the services decode
 * HEED_SUBJECT_KEYS_SECRET, the key made by {@link SubjectKeys}.
 */
class SubjectKeyVectorsTest {

    @Test
    void theServicesImplementationMatchesEveryPublishedVector() throws IOException {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/subject-key-test-vectors.json")) {
            assertNotNull(in, "the vectors are packaged with the contract");
            vectors = new ObjectMapper().readTree(in).path("vectors");
        }
        Set<String> keys = new HashSet<>();
        for (JsonNode vector : vectors) {
            SubjectKeys subjectKeys = new SubjectKeys(vector.path("keyVersion").asInt(),
                    SubjectKeyProducer.decode(vector.path("secretBase64").asText()));
            String key = subjectKeys.keyOf(vector.path("customerId").asText());
            assertEquals(vector.path("subjectKey").asText(), key, vector.path("comment").asText());
            assertTrue(SubjectKeys.isSubjectKey(key));
            keys.add(key);
        }
        assertTrue(vectors.size() >= 8, "the vectors cover encodings, normalisation and versions");
        assertEquals(vectors.size(), keys.size(), "every vector gives a different key");
    }
}
