package dev.heed.systemtests;

import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import dev.heed.testkit.stack.ServiceProcess;
import dev.heed.testkit.subject.SubjectKeySecret;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboards and the PrometheusRule alerts in
 * {@code deploy/k8s/base/monitoring} select exists: in the {@code /q/metrics} of the four packaged
 * services after a scenario went through them (a consent grant, check and withdrawal answered by a
 * system, an erasure one system answers and one lets go overdue, a retention purge run one system
 * answers and one leaves outstanding, an audit query and an integrity check), or in {@code external-metrics.yaml} (Kafka Exporter,
 * kube-state-metrics, Prometheus), whose every entry must be used. The scrapes are kept in
 * {@code target/metrics-catalogue/}.
 */
class MetricsCatalogueTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$");

    private static Path root;
    private static Path monitoring;
    private static HeedStack stack;
    private static String bootstrapServers;
    private static DownstreamSystem answering;
    private static DownstreamSystem silent;

    @BeforeAll
    static void startTheServicesAndDriveAScenario() throws Exception {
        root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        monitoring = root.resolve("deploy/k8s/base/monitoring");
        HeedInfra infra = HeedInfra.get();
        bootstrapServers = infra.kafkaBootstrapServers();
        // Registered before the services start: a replica is ready once its registry view has read
        // privacy.systems.v1 to the end it found at start, so every issuer knows both systems.
        answering = DownstreamSystem.register(bootstrapServers, "metrics-answering", Set.of("metrics-marketing"),
                Set.of(DirectiveKind.STOP_PROCESSING, DirectiveKind.ERASE, DirectiveKind.PURGE));
        silent = DownstreamSystem.register(bootstrapServers, "metrics-silent", Set.of("metrics-other"),
                Set.of(DirectiveKind.ERASE, DirectiveKind.PURGE));
        // Packaged processes keep the real clock: short deadlines and frequent leader jobs instead.
        Map<String, Map<String, String>> environment = Map.of(
                "dsr-service", Map.of("HEED_DSR_SYSTEMS_ANSWER_WITHIN", ANSWER_WITHIN.toString(),
                        "HEED_DIRECTIVES_DEADLINES_EVERY", "1s", "HEED_DSR_METRICS_EVERY", "1s"),
                "retention-service", Map.of("HEED_RETENTION_HOLDS_METRICS_EVERY", "1s"));
        List<HeedService> services = HeedService.ALL.stream()
                .map(s -> s.onPort(InfraProcess.freePort()).onDatabase(s.database() + "_metrics")
                        .withEnvironment(environment.getOrDefault(s.name(), Map.of()))
                        .withEnvironment(Map.of("HEED_DIRECTIVES_METRICS_EVERY", "1s")))
                .toList();
        stack = HeedStack.start(root, infra, TestTokens.issuer(), SubjectKeySecret.perJvm(),
                root.resolve("system-tests/target/metrics-catalogue/stack"), services, true, Duration.ofMinutes(3));
        driveScenario();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyMetricADashboardOrAlertSelectsIsScrapedOrListedAsExternal() throws IOException {
        Map<String, Set<String>> referenced = referencedMetrics();
        Set<String> external = externalMetrics();
        assertThat("the dashboards and rules select metrics", referenced.isEmpty(), is(false));
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<String> scraped = scrapeAll();
            Map<String, Set<String>> missing = new TreeMap<>(referenced);
            missing.keySet().removeAll(scraped);
            missing.keySet().removeAll(external);
            assertThat("selected by a dashboard or rule (name -> where) but neither scraped nor external", missing,
                    is(Map.of()));
        });
        Set<String> unused = new TreeSet<>(external);
        unused.removeAll(referenced.keySet());
        assertThat("listed in external-metrics.yaml but selected by no dashboard or rule", unused, empty());
        Set<String> servedByHeed = new TreeSet<>(external);
        servedByHeed.retainAll(scrapeAll());
        assertThat("listed as external although Heed's services serve them", servedByHeed, empty());
    }

    // --- what the dashboards and rules select

    private static Map<String, Set<String>> referencedMetrics() throws IOException {
        Map<String, Set<String>> names = new TreeMap<>();
        try (Stream<Path> files = Files.list(monitoring.resolve("dashboards"))) {
            for (Path dashboard : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode tree = JSON.readTree(dashboard.toFile());
                for (JsonNode expression : tree.findValues("expr")) {
                    collect(names, expression.asText(), dashboard.getFileName().toString());
                }
                for (JsonNode variable : tree.path("templating").path("list")) {
                    if ("query".equals(variable.path("type").asText())) {
                        JsonNode query = variable.path("query");
                        String text = query.isObject() ? query.path("query").asText() : query.asText();
                        Matcher labelValues = LABEL_VALUES.matcher(text);
                        collect(names, labelValues.matches() ? labelValues.group(1) : text,
                                dashboard.getFileName() + " variable " + variable.path("name").asText());
                    }
                }
            }
        }
        JsonNode rules = YAML.readTree(monitoring.resolve("prometheus-rules.yaml").toFile());
        assertThat(rules.path("kind").asText(), is("PrometheusRule"));
        for (JsonNode group : rules.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                collect(names, rule.path("expr").asText(), "alert " + rule.path("alert").asText());
            }
        }
        return names;
    }

    private static void collect(Map<String, Set<String>> names, String expression, String where) {
        for (String name : PromQlNames.of(expression)) {
            names.computeIfAbsent(name, n -> new TreeSet<>()).add(where);
        }
    }

    private static Set<String> externalMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode metric : YAML.readTree(monitoring.resolve("external-metrics.yaml").toFile()).path("metrics")) {
            assertThat(metric.path("name").asText() + " names its source", metric.path("source").asText(), not(""));
            names.add(metric.path("name").asText());
        }
        return names;
    }

    /** Sample names (as Prometheus stores them, with _total, _bucket, ...) of every service's scrape. */
    private static Set<String> scrapeAll() throws IOException {
        Set<String> names = new TreeSet<>();
        Path dumps = root.resolve("system-tests/target/metrics-catalogue");
        Files.createDirectories(dumps);
        for (ServiceProcess process : stack.processes()) {
            String scrape = given().baseUri(process.baseUrl()).when().get("/q/metrics")
                    .then().statusCode(200).extract().asString();
            Files.writeString(dumps.resolve(process.service().name() + ".prom"), scrape);
            Matcher sample = SAMPLE.matcher(scrape);
            while (sample.find()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }

    // --- the scenario

    private static void driveScenario() throws Exception {
        String consent = stack.process("consent-service").baseUrl();
        String dsr = stack.process("dsr-service").baseUrl();
        String audit = stack.process("audit-service").baseUrl();
        String retention = stack.process("retention-service").baseUrl();

        try (TopicReader directives = new TopicReader(bootstrapServers, answering.directivesTopic())) {
            // Consent: a purpose, a grant, a check, a withdrawal fanned out and answered.
            Map<TopicPartition, Long> from = directives.end();
            String customerId = "customer-" + UUID.randomUUID();
            as(TestTokens.PRIVACY_ADMIN).baseUri(consent).contentType(ContentType.JSON)
                    .body(Map.of("purposeId", "metrics-marketing", "name", "Marketing e-mail",
                            "description", "News about our products.", "legalBasis", "CONSENT",
                            "dataCategories", List.of("contact")))
                    .when().post("/api/v1/purposes").then().statusCode(201);
            decide(consent, customerId, "GRANTED");
            as(TestTokens.SYSTEM).baseUri(consent).when()
                    .get("/api/v1/subjects/" + customerId + "/consents/metrics-marketing").then().statusCode(200);
            decide(consent, customerId, "WITHDRAWN");
            answer(answering, directives, from, DirectiveKind.STOP_PROCESSING);

            // An erasure: answered by one system, overdue at the silent one, nothing held by others.
            from = directives.end();
            JsonPath filed = as(TestTokens.PRIVACY_OPERATOR).baseUri(dsr).contentType(ContentType.JSON)
                    .body(Map.of("type", "ERASURE", "regulation", "GDPR", "customerId", customerId,
                            "verificationNote", "ID card checked at the counter"))
                    .when().post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
            String requestId = filed.getString("id");
            UUID directiveId = UUID.fromString(filed.getString("directive.id"));
            answer(answering, directives, from, DirectiveKind.ERASE);
            for (String systemId : filed.getList("directive.tasks.systemId", String.class)) {
                if (!systemId.equals(answering.id()) && !systemId.equals(silent.id())) {
                    DownstreamSystem.answering(bootstrapServers, systemId).acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
                }
            }
            await().atMost(WAIT.plus(ANSWER_WITHIN)).until(() -> as(TestTokens.PRIVACY_OPERATOR).baseUri(dsr)
                    .when().get("/api/v1/requests/" + requestId).jsonPath().getString("status"), is("PARTIALLY_COMPLETED"));

            // Retention: a policy on the purpose's data category, a hold, and a purge run now; the silent
            // system's purge task stays outstanding (it has days to answer).
            from = directives.end();
            Map<String, Object> policy = Map.of("policyId", "metrics-contacts", "dataCategory", "contact",
                    "retainFor", "P1Y", "anchor", "COLLECTED", "action", "DELETE", "owner", "growth",
                    "legalReference", "internal retention schedule §2");
            await().atMost(WAIT).until(() -> as(TestTokens.PRIVACY_ADMIN).baseUri(retention).contentType(ContentType.JSON)
                    .body(policy).when().post("/api/v1/policies").statusCode() == 201);
            as(TestTokens.PRIVACY_ADMIN).baseUri(retention).contentType(ContentType.JSON)
                    .body(Map.of("scope", "SUBJECT", "customerId", "customer-" + UUID.randomUUID(),
                            "caseReference", "CASE-METRICS", "reason", "pending litigation"))
                    .when().post("/api/v1/holds").then().statusCode(201);
            as(TestTokens.PRIVACY_OPERATOR).baseUri(retention).when().post("/api/v1/policies/metrics-contacts/runs")
                    .then().statusCode(anyOf(is(200), is(201)));
            answer(answering, directives, from, DirectiveKind.PURGE);

            // Audit: a query and an integrity check.
            await().atMost(WAIT).until(() -> as(TestTokens.AUDITOR).baseUri(audit)
                    .queryParam("requestId", requestId).when().get("/api/v1/audit/entries")
                    .jsonPath().getList("entries").size() > 0);
            as(TestTokens.AUDITOR).baseUri(audit).when().post("/api/v1/audit/integrity-checks").then().statusCode(200);
        }
    }

    private static void decide(String consent, String customerId, String decision) {
        as(TestTokens.SUPPORT_AGENT).baseUri(consent).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "purposeId", "metrics-marketing", "decision", decision,
                        "channel", "WEB"))
                .when().post("/api/v1/consents").then().statusCode(201);
    }

    /** Waits for the next directive of {@code kind} on the system's topic and answers it as done. */
    private static void answer(DownstreamSystem system, TopicReader directives, Map<TopicPartition, Long> from,
            DirectiveKind kind) {
        JsonNode directive = json(directives.awaitRecord(from, r -> kind.name().equals(json(r).path("kind").asText())));
        system.acknowledge(UUID.fromString(directive.path("directiveId").asText()), AckOutcome.DONE, 1);
    }

    private static io.restassured.specification.RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forRole(role));
    }
}
