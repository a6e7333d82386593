package dev.heed.deploy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ManifestValidationTest {

    private static List<String> violations(String yaml) {
        return ManifestValidation.validate(Manifests.parse(yaml)).violations();
    }

    @Test
    void acceptsAValidDeploymentAndKafkaTopic() {
        ManifestValidation.Result result = ManifestValidation.validate(Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: consent-service, namespace: heed}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: consent-service}}
                  template:
                    metadata: {labels: {app.kubernetes.io/name: consent-service}}
                    spec:
                      containers:
                        - name: app
                          image: heed/consent-service:1
                          securityContext: {readOnlyRootFilesystem: true}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: privacy.purposes.v1, labels: {strimzi.io/cluster: heed}}
                spec: {partitions: 3, replicas: 3, config: {cleanup.policy: compact}}
                """));
        assertEquals(List.of(), result.violations());
        assertEquals(2, result.objects().size());
    }

    @Test
    void anUnknownFieldDeepInADeploymentFails() {
        List<String> violations = violations("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: consent-service}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          securityContext: {readOnlyRootFileSystem: true}
                """);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("spec.template.spec.containers[0].securityContext: unknown field(s) [readOnlyRootFileSystem]"),
                violations.get(0));
    }

    @Test
    void anUnknownFieldInAStrimziObjectFails() {
        List<String> violations = violations("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: privacy.purposes.v1}
                spec: {partitions: 3, replica: 3}
                """);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("spec: unknown field(s) [replica]"), violations.get(0));
    }

    @Test
    void aPropertyStrimziV1RemovedFails() {
        List<String> violations = violations("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: consent-service}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: privacy.purposes.v1, patternType: literal}
                        operation: Read
                """);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("operation: deprecated in kafka.strimzi.io/v1beta2 and removed in v1"),
                violations.get(0));
    }

    @Test
    void aWrongTypeFails() {
        List<String> violations = violations("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: consent-service}
                spec: {replicas: two}
                """);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("spec.replicas"), violations.get(0));
    }

    @Test
    void anUnknownKindAndAnOldStrimziVersionFail() {
        List<String> violations = violations("""
                apiVersion: v1
                kind: Secret
                metadata: {name: consent-db}
                stringData: {password: hunter2}
                ---
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: privacy.purposes.v1}
                """);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("Secret consent-db: apiVersion v1 kind Secret is not known"), violations.get(0));
        assertTrue(violations.get(1).contains("use kafka.strimzi.io/v1"), violations.get(1));
    }

    @Test
    void objectsNotValidatedOfflineNeedTheirRequiredFields() {
        ManifestValidation.Result result = ManifestValidation.validate(Manifests.parse("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: heed-postgres}
                spec: {instances: 3}
                """));
        assertEquals(1, result.offlineOnly().size());
        assertEquals(1, result.violations().size(), result.violations().toString());
        assertTrue(result.violations().get(0).contains("spec.storage.size is required"), result.violations().get(0));
    }
}
