package dev.heed.deploy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Each document has one misspelt field, at the top, in metadata, or deep in an operator's spec. */
    @ParameterizedTest
    @ValueSource(strings = {
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspecs: {}",
            "apiVersion: v1\nkind: Service\nmetadata: {name: x, label: {a: b}}",
            "apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata: {name: x}\nspecs: {}",
            "apiVersion: kafka.strimzi.io/v1\nkind: Kafka\nmetadata: {name: heed}\nspec: {kafka: {listeners: [{name: tls, port: 9093, type: internal, tls: true, authentification: {type: scram-sha-512}}]}}",
            "apiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool\nmetadata: {name: x}\nspec: {replicas: 3, role: [broker]}",
            "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: x}\nspec: {endpoints: [{port: http, pathh: /q/metrics}]}",
            "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: x}\nspec: {groups: [{name: g, rules: [{alert: A, expr: up, labelz: {}}]}]}",
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec: {podSelector: {}, egres: []}",
            "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\nspec: {maxReplicas: 3, minReplica: 2}",
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nspec: {minAvailible: 1}",
    })
    void aMisspeltFieldFailsInEveryModel(String yaml) {
        List<String> violations = violations(yaml);
        assertEquals(1, violations.size(), yaml + " gave " + violations);
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
