package dev.heed.deploy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one list of objects whose operator ships no model on Maven Central, so no schema validates
 * them offline. Instead of their schema the check requires their apiVersion and kind (exactly
 * these) and the fields named here. deploy/README.md repeats this list.
 */
public enum OfflineOnly {
    CNPG_CLUSTER("postgresql.cnpg.io/v1", "Cluster",
            List.of("metadata.name", "spec.instances", "spec.storage.size")),
    CNPG_DATABASE("postgresql.cnpg.io/v1", "Database",
            List.of("metadata.name", "spec.name", "spec.owner", "spec.cluster.name")),
    CNPG_SCHEDULED_BACKUP("postgresql.cnpg.io/v1", "ScheduledBackup",
            List.of("metadata.name", "spec.schedule", "spec.cluster.name")),
    CNPG_POOLER("postgresql.cnpg.io/v1", "Pooler",
            List.of("metadata.name", "spec.cluster.name", "spec.pgbouncer")),
    BARMAN_OBJECT_STORE("barmancloud.cnpg.io/v1", "ObjectStore",
            List.of("metadata.name", "spec.configuration.destinationPath"));

    private final String apiVersion;
    private final String kind;
    private final List<String> requiredFields;

    OfflineOnly(String apiVersion, String kind, List<String> requiredFields) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.requiredFields = requiredFields;
    }

    public static Optional<OfflineOnly> of(String apiVersion, String kind) {
        for (OfflineOnly type : values()) {
            if (type.apiVersion.equals(apiVersion) && type.kind.equals(kind)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The required fields the document lacks (missing, null or empty), as violations. */
    public List<String> check(JsonNode document) {
        List<String> violations = new ArrayList<>();
        for (String field : requiredFields) {
            JsonNode node = document;
            for (String segment : field.split("\\.")) {
                node = node.path(segment);
            }
            if (node.isMissingNode() || node.isNull() || (node.isTextual() && node.asText().isBlank())
                    || (node.isContainerNode() && node.isEmpty())) {
                violations.add(Manifests.describe(document) + ": " + field + " is required (" + kind
                        + " is not validated against a schema offline; its required fields are)");
            }
        }
        return violations;
    }
}
