package dev.heed.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.heed.deploy.acl.AclRules;
import dev.heed.deploy.alerts.AlertRules;
import dev.heed.deploy.model.ManifestValidation;
import dev.heed.deploy.model.Manifests;
import dev.heed.deploy.render.Overlay;
import dev.heed.deploy.render.Repository;
import dev.heed.deploy.topics.OnboardingTemplate;
import dev.heed.deploy.topics.TopicRules;
import dev.heed.deploy.workload.ConventionRules;
import dev.heed.deploy.workload.DeploymentRules;

/** The real deploy/k8s: each overlay rendered by kubectl kustomize, and the onboarding template. */
class DeployManifestsTest {

    private static final Path ROOT = Repository.root();
    private static final Map<Overlay, List<JsonNode>> RENDERED = new EnumMap<>(Overlay.class);

    private static synchronized List<JsonNode> rendered(Overlay overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> Manifests.parse(o.render(ROOT)));
    }

    private static ManifestValidation.Result overlay(Overlay overlay) {
        return ManifestValidation.validate(rendered(overlay));
    }

    private static ManifestValidation.Result template() {
        return ManifestValidation.validate(OnboardingTemplate.instantiate(ROOT, OnboardingTemplate.SAMPLE_SYSTEM_ID));
    }

    private static void assertNone(List<String> violations, String what) {
        assertEquals(List.of(), violations, what + ":\n  " + String.join("\n  ", violations) + "\n");
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void everyObjectMatchesItsModel(Overlay overlay) {
        ManifestValidation.Result result = overlay(overlay);
        assertNone(result.violations(), overlay.directory() + " overlay objects against their models");
        assertTrue(result.objects().size() + result.offlineOnly().size() > 0, "the overlay rendered nothing");
    }

    @Test
    void everyOnboardingTemplateObjectMatchesItsModel() {
        ManifestValidation.Result result = template();
        assertNone(result.violations(), "onboarding template objects against their models");
        assertTrue(!result.objects().isEmpty(), "the template instantiated nothing");
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void everyDeploymentIsLockedDownProbedMonitoredAndIsolated(Overlay overlay) {
        ManifestValidation.Result manifests = overlay(overlay);
        List<String> violations = new ArrayList<>(DeploymentRules.everyOverlay(manifests));
        violations.addAll(ConventionRules.check(manifests));
        assertNone(violations, overlay.directory() + " Deployments and conventions");
    }

    @Test
    void productionRunsReplicatedSpreadBudgetedAndAutoscaled() {
        ManifestValidation.Result production = overlay(Overlay.PRODUCTION);
        List<String> violations = new ArrayList<>(DeploymentRules.production(production));
        violations.addAll(TopicRules.replication(production, 3, 2));
        violations.addAll(TopicRules.replication(template(), 3, 2));
        assertNone(violations, "production");
    }

    @Test
    void devRunsOneReplicaOfEverything() {
        ManifestValidation.Result dev = overlay(Overlay.DEV);
        List<String> violations = new ArrayList<>(DeploymentRules.dev(dev));
        violations.addAll(TopicRules.replication(dev, 1, 1));
        violations.addAll(TopicRules.configKeys(dev));
        assertNone(violations, "dev");
    }

    @Test
    void everyTopicOfTheJavaContractHasExactlyOneKafkaTopic() {
        ManifestValidation.Result production = overlay(Overlay.PRODUCTION);
        ManifestValidation.Result template = template();
        List<String> violations = new ArrayList<>(TopicRules.contract(production, template, OnboardingTemplate.SAMPLE_SYSTEM_ID));
        violations.addAll(TopicRules.cleanupPolicies(production));
        violations.addAll(TopicRules.cleanupPolicies(template));
        violations.addAll(TopicRules.configKeys(production));
        violations.addAll(TopicRules.configKeys(template));
        assertNone(violations, "topics against dev.heed.events.Topics");
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void kafkaUsersNameOnlyTopicsThatExist(Overlay overlay) {
        assertNone(AclRules.topicsExist(List.of(overlay(overlay), template())), overlay.directory() + " KafkaUser ACLs");
    }

    @Test
    void alertRulesPassPromtoolCheckAndTheirUnitTests() {
        Path ruleFile = ROOT.resolve(AlertRules.RULE_FILE);
        int groups = AlertRules.extract(rendered(Overlay.PRODUCTION), ruleFile);
        assertTrue(groups > 0, "no PrometheusRule group in the production overlay");
        List<String> violations = new ArrayList<>(AlertRules.check(ROOT, AlertRules.RULE_FILE));
        violations.addAll(AlertRules.test(ROOT, AlertRules.unitTests(ROOT), AlertRules.RULE_FILE));
        assertNone(violations, "alert rules");
    }
}
