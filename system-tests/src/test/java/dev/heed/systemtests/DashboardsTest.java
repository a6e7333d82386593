package dev.heed.systemtests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards are provisionable as the deploy documentation says: schema 39 or later,
 * the Prometheus data source and the namespace as variables that every query uses, each file in
 * the monitoring kustomization's configMapGenerator.
 */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MONITORING = Path.of(System.getProperty("heed.project.root", ".."))
            .resolve("deploy/k8s/base/monitoring").toAbsolutePath().normalize();

    @Test
    void everyDashboardUsesTheDataSourceAndNamespaceVariablesAndIsGenerated() throws IOException {
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(MONITORING.resolve("dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards.size(), is(3));
        JsonNode kustomization = new YAMLMapper().readTree(MONITORING.resolve("kustomization.yaml").toFile());
        List<String> generated = new ArrayList<>();
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            generator.path("files").forEach(file -> generated.add(file.asText()));
        }
        assertThat(kustomization.path("generatorOptions").path("labels").path("grafana_dashboard").asText(), is("1"));

        for (Path file : dashboards) {
            String name = file.getFileName().toString();
            assertThat(generated, hasItems("dashboards/" + name));
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(name, dashboard.path("schemaVersion").asInt(), greaterThanOrEqualTo(39));
            List<String> variables = new ArrayList<>();
            dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            assertThat(name, variables, hasItems("datasource", "namespace"));
            int targets = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                if ("row".equals(panel.path("type").asText())) {
                    continue;
                }
                assertThat(name + " " + panel.path("title"), panel.path("datasource").path("uid").asText(),
                        is("${datasource}"));
                for (JsonNode target : panel.path("targets")) {
                    targets++;
                    assertThat(name + " " + panel.path("title"), target.path("expr").asText(),
                            containsString("namespace=\"$namespace\""));
                }
            }
            assertThat(name + " has queries", targets, not(is(0)));
        }
    }
}
