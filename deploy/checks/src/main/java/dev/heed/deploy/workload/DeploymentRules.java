package dev.heed.deploy.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.heed.deploy.model.ManifestValidation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** What every Deployment must carry, and what production and dev add. Each method returns violations. */
public final class DeploymentRules {

    /** Names of settings whose value is a secret: these must come from a Secret, never be written inline. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|jaas|credential|private[_.-]?key|api[_.-]?key|hmac|signing[_.-]?key).*");
    /** A mounted file's path: the secret is in the file (a Secret volume), the setting only says where. */
    private static final Pattern FILE_REFERENCE = Pattern.compile("/[^\\s]*");
    /** Inline JAAS or URL credentials in any value. */
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i).*(password\\s*=|://[^/@\\s]+:[^/@\\s]+@).*");

    private DeploymentRules() {
    }

    /** Security, probes, resources, secrets, monitoring and network policy: every overlay. */
    public static List<String> everyOverlay(ManifestValidation.Result manifests) {
        List<String> violations = new ArrayList<>();
        List<Deployment> deployments = manifests.ofKind(Deployment.class);
        if (deployments.isEmpty()) {
            violations.add("no Deployment rendered");
        }
        for (Deployment deployment : deployments) {
            String name = "Deployment " + deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                    ? null : deployment.getSpec().getTemplate().getSpec();
            if (pod == null || pod.getContainers() == null || pod.getContainers().isEmpty()) {
                violations.add(name + ": no pod template with containers");
                continue;
            }
            for (Container container : pod.getContainers()) {
                String where = name + " container " + container.getName();
                resources(where, container.getResources(), violations);
                probe(where, "livenessProbe", container.getLivenessProbe(), "/q/health/live", violations);
                probe(where, "readinessProbe", container.getReadinessProbe(), "/q/health/ready", violations);
                probe(where, "startupProbe", container.getStartupProbe(), "/q/health/started", violations);
            }
            List<Container> all = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                all.addAll(pod.getInitContainers());
            }
            for (Container container : all) {
                String where = name + " container " + container.getName();
                security(where, pod.getSecurityContext(), container.getSecurityContext(), violations);
                environment(where, container.getEnv(), violations);
            }
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata() == null
                    ? Map.of() : deployment.getSpec().getTemplate().getMetadata().getLabels();
            monitored(name, podLabels, manifests, violations);
            isolated(name, podLabels, manifests.ofKind(NetworkPolicy.class), violations);
        }
        for (ConfigMap configMap : manifests.ofKind(ConfigMap.class)) {
            if (configMap.getData() == null) {
                continue;
            }
            configMap.getData().forEach((key, value) -> {
                if (value != null && holdsSecret(key, value)) {
                    violations.add("ConfigMap " + configMap.getMetadata().getName() + ": " + key
                            + " looks like a secret value; reference a Secret instead");
                }
            });
        }
        return violations;
    }

    /** Production: at least two replicas, spread apart, a PodDisruptionBudget and a HorizontalPodAutoscaler each. */
    public static List<String> production(ManifestValidation.Result manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.ofKind(Deployment.class)) {
            String deploymentName = deployment.getMetadata().getName();
            String name = "Deployment " + deploymentName;
            Integer replicas = deployment.getSpec().getReplicas();
            if (replicas == null || replicas < 2) {
                violations.add(name + ": replicas " + (replicas == null ? "not set (1)" : replicas) + ", production needs >= 2");
            }
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata() == null
                    ? Map.of() : deployment.getSpec().getTemplate().getMetadata().getLabels();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            boolean antiAffinity = pod.getAffinity() != null && pod.getAffinity().getPodAntiAffinity() != null
                    && (notEmpty(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                    || notEmpty(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()));
            if (!antiAffinity && !notEmpty(pod.getTopologySpreadConstraints())) {
                violations.add(name + ": neither pod anti-affinity nor topology spread constraints");
            }
            long budgets = manifests.ofKind(PodDisruptionBudget.class).stream()
                    .filter(pdb -> pdb.getSpec() != null && LabelSelection.selects(pdb.getSpec().getSelector(), podLabels))
                    .filter(pdb -> pdb.getSpec().getMinAvailable() != null || pdb.getSpec().getMaxUnavailable() != null)
                    .count();
            if (budgets != 1) {
                violations.add(name + ": " + budgets + " PodDisruptionBudgets (with minAvailable or maxUnavailable) select it, production needs exactly 1");
            }
            List<HorizontalPodAutoscaler> autoscalers = manifests.ofKind(HorizontalPodAutoscaler.class).stream()
                    .filter(hpa -> hpa.getSpec() != null && hpa.getSpec().getScaleTargetRef() != null
                            && "Deployment".equals(hpa.getSpec().getScaleTargetRef().getKind())
                            && deploymentName.equals(hpa.getSpec().getScaleTargetRef().getName()))
                    .toList();
            if (autoscalers.size() != 1) {
                violations.add(name + ": " + autoscalers.size() + " HorizontalPodAutoscalers target it, production needs exactly 1");
            }
            for (HorizontalPodAutoscaler hpa : autoscalers) {
                Integer min = hpa.getSpec().getMinReplicas();
                if (min == null || min < 2 || hpa.getSpec().getMaxReplicas() == null || hpa.getSpec().getMaxReplicas() < min) {
                    violations.add("HorizontalPodAutoscaler " + hpa.getMetadata().getName() + ": minReplicas " + min
                            + " maxReplicas " + hpa.getSpec().getMaxReplicas() + ", production needs 2 <= min <= max");
                }
            }
        }
        return violations;
    }

    /** Dev: one replica of each service. */
    public static List<String> dev(ManifestValidation.Result manifests) {
        List<String> violations = new ArrayList<>();
        for (Deployment deployment : manifests.ofKind(Deployment.class)) {
            Integer replicas = deployment.getSpec().getReplicas();
            if (replicas != null && replicas != 1) {
                violations.add("Deployment " + deployment.getMetadata().getName() + ": replicas " + replicas + ", dev runs 1");
            }
        }
        return violations;
    }

    private static void resources(String where, ResourceRequirements resources, List<String> violations) {
        Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (!requests.containsKey(resource)) {
                violations.add(where + ": no resources.requests." + resource);
            }
        }
        if (!limits.containsKey("memory")) {
            violations.add(where + ": no resources.limits.memory");
        }
    }

    private static void probe(String where, String kind, Probe probe, String path, List<String> violations) {
        if (probe == null || probe.getHttpGet() == null) {
            violations.add(where + ": no " + kind + " (httpGet " + path + ")");
        } else if (!path.equals(probe.getHttpGet().getPath())) {
            violations.add(where + ": " + kind + " on " + probe.getHttpGet().getPath() + ", expected " + path);
        }
    }

    private static void security(String where, PodSecurityContext pod, SecurityContext container, List<String> violations) {
        boolean nonRoot = container != null && container.getRunAsNonRoot() != null
                ? container.getRunAsNonRoot()
                : pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot());
        if (!nonRoot) {
            violations.add(where + ": runAsNonRoot is not true");
        }
        if (container == null || !Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            violations.add(where + ": readOnlyRootFilesystem is not true");
        }
        if (container == null || !Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
            violations.add(where + ": allowPrivilegeEscalation is not false");
        }
        if (container == null || container.getCapabilities() == null || container.getCapabilities().getDrop() == null
                || !container.getCapabilities().getDrop().contains("ALL")) {
            violations.add(where + ": capabilities.drop does not contain ALL");
        }
        if (container != null && container.getCapabilities() != null && notEmpty(container.getCapabilities().getAdd())) {
            violations.add(where + ": capabilities.add " + container.getCapabilities().getAdd());
        }
    }

    private static void environment(String where, List<EnvVar> env, List<String> violations) {
        if (env == null) {
            return;
        }
        for (EnvVar variable : env) {
            if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null
                    && SECRET_NAME.matcher(variable.getName()).matches()) {
                violations.add(where + ": env " + variable.getName() + " comes from a ConfigMap; a secret comes from valueFrom.secretKeyRef");
                continue;
            }
            String value = variable.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (holdsSecret(variable.getName(), value)) {
                violations.add(where + ": env " + variable.getName()
                        + " holds a value inline; a secret comes from valueFrom.secretKeyRef");
            }
        }
    }

    private static boolean holdsSecret(String name, String value) {
        if (value.isBlank()) {
            return false;
        }
        return SECRET_VALUE.matcher(value).find()
                || SECRET_NAME.matcher(name).matches() && !FILE_REFERENCE.matcher(value).matches();
    }

    private static void monitored(String name, Map<String, String> podLabels, ManifestValidation.Result manifests,
            List<String> violations) {
        List<Service> services = manifests.ofKind(Service.class).stream()
                .filter(service -> service.getSpec() != null && LabelSelection.selects(service.getSpec().getSelector(), podLabels))
                .toList();
        boolean scraped = manifests.ofKind(ServiceMonitor.class).stream()
                .filter(monitor -> monitor.getSpec() != null && monitor.getSpec().getEndpoints() != null)
                .filter(monitor -> monitor.getSpec().getEndpoints().stream().map(Endpoint::getPath).anyMatch("/q/metrics"::equals))
                .anyMatch(monitor -> services.stream().anyMatch(service ->
                        LabelSelection.selects(monitor.getSpec().getSelector(), service.getMetadata().getLabels())));
        if (!scraped) {
            violations.add(name + ": no ServiceMonitor scraping /q/metrics from a Service that selects its pods");
        }
    }

    private static void isolated(String name, Map<String, String> podLabels, List<NetworkPolicy> policies,
            List<String> violations) {
        Set<String> types = new TreeSet<>();
        policies.stream()
                .filter(policy -> policy.getSpec() != null && LabelSelection.selects(policy.getSpec().getPodSelector(), podLabels))
                .map(policy -> policy.getSpec().getPolicyTypes())
                .filter(Objects::nonNull)
                .forEach(types::addAll);
        if (!types.containsAll(Set.of("Ingress", "Egress"))) {
            violations.add(name + ": NetworkPolicies selecting it restrict " + types + ", not both Ingress and Egress");
        }
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
