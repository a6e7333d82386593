package dev.heed.deploy.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.heed.deploy.model.ManifestValidation;
import dev.heed.deploy.model.Manifests;

class ConventionRulesTest {

    private static List<String> violations(String yaml) {
        ManifestValidation.Result result = ManifestValidation.validate(Manifests.parse(yaml));
        assertEquals(List.of(), result.violations(), "the test input itself must be valid");
        return ConventionRules.check(result);
    }

    @Test
    void theGoodWorkloadFollowsTheConventions() {
        assertEquals(List.of(), violations(DeploymentRulesTest.workload()));
    }

    @Test
    void anObjectOutsideNamespaceHeedFails() {
        assertEquals(List.of("PodDisruptionBudget consent-service: namespace null, expected heed"),
                violations(DeploymentRulesTest.workload().replace("  name: consent-service\n  namespace: heed\nspec:\n  minAvailable",
                        "  name: consent-service\nspec:\n  minAvailable")));
        assertEquals(List.of("Cluster default/consent-db: namespace default, expected heed"), violations("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: consent-db, namespace: default}
                spec: {instances: 1, storage: {size: 1Gi}}
                """));
    }

    @Test
    void aServiceMonitorWithoutThePartOfLabelFails() {
        assertEquals(List.of("ServiceMonitor consent-service: no label app.kubernetes.io/part-of: heed (the Prometheus operator selects by it)"),
                violations(DeploymentRulesTest.workload().replace("labels: {app.kubernetes.io/part-of: heed}\nspec:\n  selector",
                        "labels: {team: privacy}\nspec:\n  selector")));
    }
}
