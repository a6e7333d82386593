package dev.heed.deploy.workload;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.heed.deploy.model.ManifestValidation;
import dev.heed.deploy.model.Manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * The conventions an operator relies on: everything lives in namespace heed (an object without one
 * lands wherever kubectl's context points), and the Prometheus operator's objects carry the label
 * its selectors pick Heed's objects by.
 */
public final class ConventionRules {

    public static final String NAMESPACE = "heed";
    public static final String PART_OF = "app.kubernetes.io/part-of";

    private ConventionRules() {
    }

    public static List<String> check(ManifestValidation.Result manifests) {
        List<String> violations = new ArrayList<>();
        for (HasMetadata object : manifests.objects()) {
            String name = object.getKind() + " " + object.getMetadata().getName();
            if (!(object instanceof Namespace) && !NAMESPACE.equals(object.getMetadata().getNamespace())) {
                violations.add(name + ": namespace " + object.getMetadata().getNamespace() + ", expected " + NAMESPACE);
            }
            boolean monitoring = object instanceof ServiceMonitor || object instanceof PodMonitor || object instanceof PrometheusRule;
            if (monitoring && (object.getMetadata().getLabels() == null
                    || !NAMESPACE.equals(object.getMetadata().getLabels().get(PART_OF)))) {
                violations.add(name + ": no label " + PART_OF + ": " + NAMESPACE + " (the Prometheus operator selects by it)");
            }
        }
        for (JsonNode document : manifests.offlineOnly()) {
            String namespace = document.path("metadata").path("namespace").asText(null);
            if (!NAMESPACE.equals(namespace)) {
                violations.add(Manifests.describe(document) + ": namespace " + namespace + ", expected " + NAMESPACE);
            }
        }
        return violations;
    }
}
