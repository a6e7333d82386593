package dev.heed.deploy.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.heed.deploy.model.Manifests;

class AlertRulesTest {

    private static String prometheusRule(String expr) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: not-a-rule}
                data: {a: b}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: heed-alerts, labels: {app.kubernetes.io/part-of: heed}}
                spec:
                  groups:
                    - name: heed-services
                      rules:
                        - alert: HeedServiceDown
                          expr: %s
                          for: 5m
                          labels: {severity: critical}
                          annotations: {summary: "{{ $labels.job }} is down"}
                """.formatted(expr);
    }

    private static final String UNIT_TEST = """
            rule_files: [generated/where-the-author-put-them.yaml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: 'up{job="consent-service"}'
                    values: '0x10'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: HeedServiceDown
                    exp_alerts:
                      - exp_labels: {severity: critical, job: consent-service}
                        exp_annotations: {summary: "consent-service is down"}
            """;

    @Test
    void extractsTheGroupsOfEveryPrometheusRuleIntoAPlainRulesFile(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("rules.yaml");
        assertEquals(1, AlertRules.extract(Manifests.parse(prometheusRule("up == 0")), rules));
        String written = Files.readString(rules);
        assertTrue(written.contains("groups:") && written.contains("alert: \"HeedServiceDown\"") && !written.contains("PrometheusRule"),
                written);
        assertEquals(List.of(), AlertRules.check(dir, rules.getFileName()));
    }

    @Test
    void anInvalidExpressionFailsPromtoolCheck(@TempDir Path dir) {
        Path rules = dir.resolve("rules.yaml");
        AlertRules.extract(Manifests.parse(prometheusRule("'up == == 0'")), rules);
        List<String> violations = AlertRules.check(dir, rules.getFileName());
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("promtool check rules"), violations.get(0));
    }

    @Test
    void aUnitTestThatDoesNotFireFailsPromtoolTest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("test.yaml"), UNIT_TEST);
        Path rules = Path.of("target", "rules.yaml");
        AlertRules.extract(Manifests.parse(prometheusRule("up == 0")), dir.resolve(rules));
        assertEquals(List.of(), AlertRules.test(dir, List.of(Path.of("test.yaml")), rules));

        AlertRules.extract(Manifests.parse(prometheusRule("up == 2")), dir.resolve(rules));
        List<String> violations = AlertRules.test(dir, List.of(Path.of("test.yaml")), rules);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("HeedServiceDown"), violations.get(0));
    }

    @Test
    void noUnitTestsFails() {
        assertEquals(List.of("no promtool unit tests to run"), AlertRules.test(Path.of("."), List.of(), Path.of("rules.yaml")));
    }
}
