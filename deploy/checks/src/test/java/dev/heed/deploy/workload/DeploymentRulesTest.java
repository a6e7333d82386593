package dev.heed.deploy.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.heed.deploy.model.ManifestValidation;
import dev.heed.deploy.model.Manifests;

class DeploymentRulesTest {

    static String workload() {
        try (InputStream in = DeploymentRulesTest.class.getResourceAsStream("/workload.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ManifestValidation.Result read(String yaml) {
        ManifestValidation.Result result = ManifestValidation.validate(Manifests.parse(yaml));
        assertEquals(List.of(), result.violations(), "the test input itself must be valid");
        return result;
    }

    /** {@code \\n} in a CSV argument stands for a line break (a real one would end the CSV record). */
    private static String replaceOnce(String yaml, String fromArgument, String toArgument) {
        String from = fromArgument.replace("\\n", "\n");
        String to = toArgument.replace("\\n", "\n");
        assertTrue(yaml.contains(from), "test input lacks " + from);
        return yaml.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    @Test
    void theGoodWorkloadPassesEveryRule() {
        ManifestValidation.Result manifests = read(workload());
        assertEquals(List.of(), DeploymentRules.everyOverlay(manifests));
        assertEquals(List.of(), DeploymentRules.production(manifests));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "readOnlyRootFilesystem: true|readOnlyRootFilesystem: false|readOnlyRootFilesystem is not true",
            "allowPrivilegeEscalation: false|allowPrivilegeEscalation: true|allowPrivilegeEscalation is not false",
            "drop: [ALL]|drop: [NET_RAW]|capabilities.drop does not contain ALL",
            "securityContext: {runAsNonRoot: true}|securityContext: {runAsUser: 0}|runAsNonRoot is not true",
            "limits: {memory: 512Mi}|limits: {cpu: '1'}|no resources.limits.memory",
            "requests: {cpu: 250m, memory: 384Mi}|requests: {memory: 384Mi}|no resources.requests.cpu",
            "path: /q/health/ready|path: /q/health/live|readinessProbe on /q/health/live, expected /q/health/ready",
            "startupProbe: {httpGet: {path: /q/health/started, port: http}}|startupProbe: null|no startupProbe",
            "{name: KAFKA_SASL_MECHANISM, value: SCRAM-SHA-512}|{name: DB_PASSWORD, value: hunter2}|env DB_PASSWORD holds a value inline",
            "{name: KAFKA_SASL_MECHANISM, value: SCRAM-SHA-512}|{name: KAFKA_OPTS, value: 'username=a password=b'}|env KAFKA_OPTS holds a value inline",
            "{name: KAFKA_SASL_MECHANISM, value: SCRAM-SHA-512}|{name: DB_PASSWORD, valueFrom: {configMapKeyRef: {name: db, key: password}}}|env DB_PASSWORD comes from a ConfigMap",
            "path: /q/metrics|path: /metrics|no ServiceMonitor scraping /q/metrics",
            "policyTypes: [Ingress, Egress]|policyTypes: [Ingress]|restrict [Ingress], not both Ingress and Egress",
    })
    void everyOverlayRuleCanFail(String from, String to, String expected) {
        List<String> violations = DeploymentRules.everyOverlay(read(replaceOnce(workload(), from, to)));
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains(expected), violations.get(0));
    }

    @Test
    void aNetworkPolicyForAnotherServiceDoesNotCount() {
        String yaml = replaceOnce(workload(), "podSelector:\n    matchLabels: {app.kubernetes.io/name: consent-service}",
                "podSelector:\n    matchLabels: {app.kubernetes.io/name: dsr-service}");
        List<String> violations = DeploymentRules.everyOverlay(read(yaml));
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("NetworkPolicies selecting it restrict []"), violations.get(0));
    }

    @Test
    void aSecretInAConfigMapFailsAndAPathToAMountedSecretPasses() {
        String yaml = workload() + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: consent-service}
                data:
                  QUARKUS_DATASOURCE_PASSWORD: hunter2
                  QUARKUS_HTTP_PORT: "8081"
                  HEED_AUDIT_SIGNING_KEY_FILE: /etc/heed/audit-signing/signing-key.pem
                """;
        List<String> violations = DeploymentRules.everyOverlay(read(yaml));
        assertEquals(List.of("ConfigMap consent-service: QUARKUS_DATASOURCE_PASSWORD looks like a secret value; reference a Secret instead"),
                violations);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "replicas: 2|replicas: 1|replicas 1, production needs >= 2",
            "minAvailable: 1\\n  selector:\\n    matchLabels: {app.kubernetes.io/name: consent-service}|minAvailable: 1\\n  selector:\\n    matchLabels: {app.kubernetes.io/name: dsr-service}|0 PodDisruptionBudgets",
            "minReplicas: 2|minReplicas: 1|minReplicas 1 maxReplicas 6",
            "name: consent-service}\\n  minReplicas|name: dsr-service}\\n  minReplicas|0 HorizontalPodAutoscalers target it",
    })
    void productionRulesCanFail(String from, String to, String expected) {
        List<String> violations = DeploymentRules.production(read(replaceOnce(workload(), from, to)));
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains(expected), violations.get(0));
    }

    @Test
    void productionWithoutSpreadOrAntiAffinityFails() {
        String yaml = workload().replaceAll("(?s)      topologySpreadConstraints:.*?consent-service}\n", "");
        List<String> violations = DeploymentRules.production(read(yaml));
        assertEquals(List.of("Deployment consent-service: neither pod anti-affinity nor topology spread constraints"), violations);
    }

    @Test
    void devRunsOneReplica() {
        ManifestValidation.Result manifests = read(workload());
        assertEquals(List.of("Deployment consent-service: replicas 2, dev runs 1"), DeploymentRules.dev(manifests));
        assertEquals(List.of(), DeploymentRules.dev(read(replaceOnce(workload(), "replicas: 2", "replicas: 1"))));
    }
}
