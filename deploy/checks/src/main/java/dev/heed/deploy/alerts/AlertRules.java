package dev.heed.deploy.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.heed.deploy.render.RequiredTool;

/**
 * The alert rules as Prometheus itself reads them: the groups of every PrometheusRule's spec in one
 * plain rules file, checked by {@code promtool check rules} and exercised by the monitoring unit
 * tests with {@code promtool test rules}.
 */
public final class AlertRules {

    /** Where the extracted rules go; the promtool unit tests name this file (relative to the repository root). */
    public static final Path RULE_FILE = Path.of("deploy", "checks", "target", "rules", "heed.rules.yaml");
    /** Where the promtool unit tests live (files with rule_files; deploy/README.md, "Dashboards and alerts"). */
    public static final Path UNIT_TESTS = Path.of("deploy", "k8s", "base", "monitoring", "tests");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private AlertRules() {
    }

    /** Writes the groups of every PrometheusRule among {@code documents} to {@code file}; returns how many groups. */
    public static int extract(List<JsonNode> documents, Path file) {
        ArrayNode groups = JsonNodeFactory.instance.arrayNode();
        for (JsonNode document : documents) {
            if ("PrometheusRule".equals(document.path("kind").asText())) {
                document.path("spec").path("groups").forEach(groups::add);
            }
        }
        ObjectNode rules = JsonNodeFactory.instance.objectNode();
        rules.set("groups", groups);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            YAML.writeValue(file.toFile(), rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return groups.size();
    }

    /** {@code promtool check rules <file>}: empty when it passes, else its output. */
    public static List<String> check(Path workingDirectory, Path ruleFile) {
        RequiredTool.Result result = RequiredTool.PROMTOOL.run(workingDirectory, "check", "rules", ruleFile.toString());
        return result.succeeded() ? List.of() : List.of(result.commandLine() + " failed:\n" + result.everything());
    }

    /**
     * {@code promtool test rules} on copies of the unit tests (written next to {@code ruleFile}) whose
     * rule_files name {@code ruleFile}: the tests may name wherever their author's own script put the
     * rules, the check runs them against the rules it extracted itself. Empty when every test passes.
     */
    public static List<String> test(Path workingDirectory, List<Path> testFiles, Path ruleFile) {
        if (testFiles.isEmpty()) {
            return List.of("no promtool unit tests to run");
        }
        Path copies = workingDirectory.resolve(ruleFile).toAbsolutePath().getParent().resolve("tests");
        List<String> arguments = new ArrayList<>(List.of("test", "rules"));
        try {
            Files.createDirectories(copies);
            for (Path testFile : testFiles) {
                ObjectNode test = (ObjectNode) YAML.readTree(workingDirectory.resolve(testFile).toFile());
                ArrayNode ruleFiles = test.putArray("rule_files");
                ruleFiles.add(workingDirectory.resolve(ruleFile).toAbsolutePath().toString());
                Path copy = copies.resolve(testFile.getFileName());
                YAML.writeValue(copy.toFile(), test);
                arguments.add(copy.toString());
            }
        } catch (IOException | ClassCastException e) {
            return List.of("cannot read the promtool unit tests " + testFiles + ": " + e.getMessage());
        }
        RequiredTool.Result result = RequiredTool.PROMTOOL.run(workingDirectory, arguments.toArray(String[]::new));
        return result.succeeded() ? List.of() : List.of(result.commandLine() + " failed:\n" + result.everything());
    }

    /** The promtool unit tests (YAML files with rule_files) of the monitoring test directory, relative to {@code repositoryRoot}. */
    public static List<Path> unitTests(Path repositoryRoot) {
        Path directory = repositoryRoot.resolve(UNIT_TESTS);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .filter(AlertRules::isUnitTest)
                    .map(repositoryRoot::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isUnitTest(Path file) {
        try {
            return YAML.readTree(file.toFile()).has("rule_files");
        } catch (IOException e) {
            return true;
        }
    }
}
