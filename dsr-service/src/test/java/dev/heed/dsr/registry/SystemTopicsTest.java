package dev.heed.dsr.registry;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.heed.platform.leadership.Leadership;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.events.Topics;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registered system's two topics on the real broker: made at registration with the designed
 * configuration, shown by the registry, and made again by the leader's reconcile job once deleted.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class SystemTopicsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SEVEN_DAYS = Long.toString(Duration.ofDays(7).toMillis());

    @Inject
    SystemTopicsJob job;

    @Inject
    Leadership leadership;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    private Admin admin;

    @BeforeEach
    void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @AfterEach
    void disconnect() {
        admin.close();
    }

    @Test
    void registeringASystemCreatesItsTwoTopicsWithSevenDaysRetention() throws Exception {
        String systemId = newSystemId();
        assertThat(topicNames(), not(hasItem(Topics.directives(systemId))));

        register(systemId).statusCode(201)
                .body("topics.directives", is(true))
                .body("topics.acks", is(true));

        for (String topic : List.of(Topics.directives(systemId), Topics.acks(systemId))) {
            Config config = config(topic);
            assertThat(topic, config.get(TopicConfig.RETENTION_MS_CONFIG).value(), is(SEVEN_DAYS));
            assertThat(topic, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(),
                    is(TopicConfig.CLEANUP_POLICY_DELETE));
            assertThat(topic, describe(topic).partitions().size(), is(3));
        }
        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().get("/api/v1/systems/" + systemId)
                .then().statusCode(200)
                .body("topics.directives", is(true))
                .body("topics.acks", is(true));
    }

    @Test
    void theReconcileJobCreatesADeletedTopicAgain() throws Exception {
        String systemId = newSystemId();
        register(systemId).statusCode(201);
        String acks = Topics.acks(systemId);
        admin.deleteTopics(List.of(acks)).all().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !topicNames().contains(acks));

        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().get("/api/v1/systems/" + systemId)
                .then().statusCode(200)
                .body("topics.directives", is(true))
                .body("topics.acks", is(false));

        await().atMost(WAIT).until(leadership::isLeader);
        Optional<List<String>> recreated = OnVertx.call(job::run);
        assertThat(recreated.orElseThrow(), hasItem(systemId));

        assertThat(topicNames(), hasItem(acks));
        assertThat(config(acks).get(TopicConfig.RETENTION_MS_CONFIG).value(), is(SEVEN_DAYS));
        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().get("/api/v1/systems")
                .then().statusCode(200)
                .body("find { it.systemId == '" + systemId + "' }.topics.acks", is(true));

        // Nothing is missing any more: a second run has nothing to create for this system.
        assertThat(OnVertx.call(job::run).orElseThrow(), not(hasItem(systemId)));
    }

    @Test
    void aRetiredSystemsTopicsAreNotMadeAgain() throws Exception {
        String systemId = newSystemId();
        register(systemId).statusCode(201);
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .when().delete("/api/v1/systems/" + systemId)
                .then().statusCode(204);
        String directives = Topics.directives(systemId);
        admin.deleteTopics(List.of(directives)).all().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !topicNames().contains(directives));

        await().atMost(WAIT).until(leadership::isLeader);
        assertThat(OnVertx.call(job::run).orElseThrow(), not(hasItem(systemId)));
        assertThat(topicNames(), not(hasItem(directives)));
    }

    private static ValidatableResponse register(String systemId) {
        return given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("systemId", systemId, "name", "Ticketing", "ownerTeam", "support",
                        "dataCategories", List.of("support"), "directiveKinds", List.of("ERASE")))
                .when().post("/api/v1/systems")
                .then();
    }

    private Set<String> topicNames() throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }

    private Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }

    private static String newSystemId() {
        return "topics-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
