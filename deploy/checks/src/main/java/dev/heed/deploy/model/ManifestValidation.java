package dev.heed.deploy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Reads every rendered object into its model class, failing on unknown fields, on kinds the
 * registry does not know, and on malformed values (a string where a number belongs, an unknown enum).
 */
public final class ManifestValidation {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private static final String STRIMZI_GROUP = "kafka.strimzi.io/";

    private ManifestValidation() {
    }

    /** The objects read into their models, those only checked offline, and every violation. */
    public record Result(List<HasMetadata> objects, List<JsonNode> offlineOnly, List<String> violations) {

        public <T extends HasMetadata> List<T> ofKind(Class<T> model) {
            return objects.stream().filter(model::isInstance).map(model::cast).toList();
        }
    }

    public static Result validate(List<JsonNode> documents) {
        List<HasMetadata> objects = new ArrayList<>();
        List<JsonNode> offlineOnly = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (JsonNode document : documents) {
            String apiVersion = document.path("apiVersion").asText("");
            String kind = document.path("kind").asText("");
            String described = Manifests.describe(document);
            boolean strimzi = apiVersion.startsWith(STRIMZI_GROUP);
            if (strimzi && !apiVersion.equals(ModelRegistry.STRIMZI_API_VERSION)) {
                violations.add(described + ": apiVersion " + apiVersion + ", use " + ModelRegistry.STRIMZI_API_VERSION
                        + " (the only version Strimzi 1.x serves)");
            }
            // Strimzi's model classes serve every version: an old one is read as v1 so the other checks still run.
            Optional<Class<? extends HasMetadata>> model = ModelRegistry.modelOf(
                    strimzi ? ModelRegistry.STRIMZI_API_VERSION : apiVersion, kind);
            if (model.isPresent()) {
                try {
                    HasMetadata object = STRICT.treeToValue(document, model.get());
                    for (String unknown : UnknownFields.in(object, strimzi)) {
                        violations.add(described + ": " + unknown);
                    }
                    objects.add(object);
                } catch (JsonProcessingException e) {
                    violations.add(described + ": does not match the " + apiVersion + " " + kind + " model: "
                            + e.getOriginalMessage() + (e instanceof JsonMappingException mapping ? " at " + fieldPath(mapping) : ""));
                }
                continue;
            }
            Optional<OfflineOnly> offline = OfflineOnly.of(apiVersion, kind);
            if (offline.isPresent()) {
                violations.addAll(offline.get().check(document));
                offlineOnly.add(document);
            } else {
                violations.add(described + ": apiVersion " + apiVersion + " kind " + kind
                        + " is not known to the deploy checks (add its model to ModelRegistry or list it in OfflineOnly)");
            }
        }
        return new Result(List.copyOf(objects), List.copyOf(offlineOnly), List.copyOf(violations));
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
