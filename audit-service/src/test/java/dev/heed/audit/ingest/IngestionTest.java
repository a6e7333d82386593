package dev.heed.audit.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.audit.AuditConfig;
import dev.heed.audit.log.Appender;
import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.audit.support.StoredTree;
import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events produced on the real broker reach the log once each, whatever is delivered twice, and in
 * the order they were produced; two ingesting members and a rewound consumer leave the leaf
 * indices gap-free and the stored tree equal to the RFC 6962 tree of the stored records.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class IngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DSR = "/heed/dsr-service";

    @Inject
    Leadership leadership;
    @Inject
    Appender appender;
    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    KafkaClients kafka;
    @Inject
    Intake intake;
    @Inject
    StoredRecords records;
    @Inject
    AuditConfig config;

    private AuditTables tables;

    @BeforeEach
    void leaderElected() {
        tables = new AuditTables(database);
        await().atMost(WAIT).until(leadership::isLeader);
    }

    @Test
    void eventsProducedOnceOrTwiceAreLoggedOnceEachAndASubjectQueryReturnsThemInOrder() {
        String customerId = "customer-" + UUID.randomUUID();
        String subject = subjectKeys.keyOf(customerId);
        UUID requestId = UUID.randomUUID();
        List<HeedEvent<RequestStatusChanged>> lifecycle = List.of(
                statusChange(subject, requestId, null, RequestStatus.RECEIVED),
                statusChange(subject, requestId, RequestStatus.RECEIVED, RequestStatus.VERIFIED),
                statusChange(subject, requestId, RequestStatus.VERIFIED, RequestStatus.IN_PROGRESS));

        try (Producing producing = new Producing()) {
            for (HeedEvent<RequestStatusChanged> event : lifecycle) {
                producing.send(Topics.DSR_EVENTS, event);
            }
            // Redelivered: the same CloudEvent (same id) again, after the others.
            producing.send(Topics.DSR_EVENTS, lifecycle.get(1));
        }
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where request_id = $1",
                requestId.toString()) == 3);
        appender.run().await().atMost(WAIT);

        JsonPath page = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam("type", EventType.DSR_STATUS_CHANGED.type())
                .when().get("/api/v1/audit/entries")
                .then().statusCode(200).extract().jsonPath();
        JsonPath bySubject = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/audit/subjects/{customerId}/entries", customerId)
                .then().statusCode(200).extract().jsonPath();

        List<String> ids = bySubject.getList("entries.record.id");
        assertEquals(lifecycle.stream().map(HeedEvent::id).toList(), ids);
        List<Long> indices = bySubject.getList("entries.leafIndex", Long.class);
        assertEquals(indices.stream().sorted().toList(), indices, "log order");
        assertEquals(List.of("RECEIVED", "VERIFIED", "IN_PROGRESS"), bySubject.getList("entries.record.data.toStatus"));
        assertEquals(List.of(subject, subject, subject), bySubject.getList("entries.record.subject"));
        assertEquals(1, page.getList("entries.record.id").stream().filter(lifecycle.get(1).id()::equals).count());
        for (HeedEvent<RequestStatusChanged> event : lifecycle) {
            assertEquals(1, tables.entriesOf(DSR, event.id()));
        }
    }

    @Test
    void aConsumerReadingEverythingAgainAppendsNothing() throws Exception {
        String subject = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        HeedEvent<RequestStatusChanged> event = statusChange(subject, UUID.randomUUID(), null, RequestStatus.RECEIVED);
        try (Producing producing = new Producing()) {
            producing.send(Topics.DSR_EVENTS, event);
        }
        await().atMost(WAIT).until(() -> tables.entriesOf(DSR, event.id()) == 1);
        appender.run().await().atMost(WAIT);
        long before = tables.count("select count(*) from audit_entry where event_source <> $1", "/heed/audit-service");
        // A group named after the ingest group, as an operator re-ingesting would name it (audit-service's ACL: that prefix).
        String group = config.ingest().groupId() + "-rewind-" + UUID.randomUUID();

        try (IntakeConsumer rewound = consumer(group)) {
            rewound.start();
            await().atMost(WAIT).until(() -> caughtUp(group));
        }
        appender.run().await().atMost(WAIT);

        assertEquals(before, tables.count("select count(*) from audit_entry where event_source <> $1",
                "/heed/audit-service"));
        assertEquals(1, tables.entriesOf(DSR, event.id()));
        assertEquals(0, tables.count("select count(*) from intake where event_source <> $1", "/heed/audit-service"));
    }

    @Test
    void twoMembersAndARewoundConsumerIngestingAtOnceKeepLeafIndicesGapFreeAndTheTreeRight() throws Exception {
        String source = "/heed/test-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        try (IntakeConsumer sameGroup = consumer(config.ingest().groupId());
                IntakeConsumer ownGroup = consumer(config.ingest().groupId() + "-second-" + UUID.randomUUID());
                Producing producing = new Producing()) {
            sameGroup.start();
            ownGroup.start();
            for (int i = 0; i < 120; i++) {
                HeedEvent<RequestStatusChanged> event = statusChange(
                        subjectKeys.keyOf("customer-" + UUID.randomUUID()), UUID.randomUUID(), null,
                        RequestStatus.RECEIVED);
                HeedEvent<RequestStatusChanged> fromTest = new HeedEvent<>(event.id(), source, event.type(),
                        event.subject(), event.time(), event.dataschema(), event.data());
                producing.send(Topics.DSR_EVENTS, fromTest);
                ids.add(event.id());
                if (i % 40 == 0) {
                    appender.run().subscribe().with(done -> { }, failure -> { });
                }
            }
            await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where event_source = $1",
                    source) == ids.size());
        }

        assertEquals(Set.copyOf(ids), Set.copyOf(tables.column("select event_id from audit_entry where event_source = $1",
                source)));
        assertEquals(tables.count("select count(*) from audit_entry"),
                tables.count("select count(distinct (event_source, event_id)) from audit_entry"));
        StoredTree.assertIntact(tables);
    }

    @Test
    void aSystemsTopicCreatedAfterStartIsIngestedAndCountedUnderItsPattern() {
        String systemId = "late-" + UUID.randomUUID().toString().substring(0, 8);
        UUID directiveId = UUID.randomUUID();
        HeedEvent<DirectiveAcknowledgement> ack = HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED,
                "/heed/systems/" + systemId, Instant.now(),
                new DirectiveAcknowledgement(directiveId, systemId, AckOutcome.DONE, 4L, null, null, null,
                        Instant.now()));
        try (Producing producing = new Producing()) {
            producing.send(Topics.acks(systemId), ack);
        }

        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where directive_id = $1",
                directiveId.toString()) == 1);
        assertEquals(List.of(Topics.acks(systemId)),
                tables.column("select topic from audit_entry where directive_id = $1", directiveId.toString()));
        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("heed_audit_events_ingested_total{topic=\"privacy.acks.*.v1\","
                        + "type=\"dev.heed.directive.acknowledged.v1\""))
                .body(containsString("heed_audit_tree_size"))
                .body(containsString("heed_audit_ingest_lag_records"));
    }

    private IntakeConsumer consumer(String group) {
        return new IntakeConsumer("test", kafka.consumer(group), group, Duration.ofSeconds(2),
                Pattern.compile(config.ingest().topics()), intake, records, Clock.systemUTC());
    }

    /** The group has committed the end of every partition of every ingested topic. */
    private boolean caughtUp(String group) throws Exception {
        Pattern topics = Pattern.compile(config.ingest().topics());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                HeedInfra.get().kafkaBootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(name -> topics.matcher(name).matches()).collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()
                    .forEach(topic -> topic.partitions().forEach(p ->
                            latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().filter(end -> end.getValue() > 0).allMatch(end ->
                    committed.containsKey(end.getKey()) && committed.get(end.getKey()).offset() >= end.getValue());
        }
    }

    private static HeedEvent<RequestStatusChanged> statusChange(String subject, UUID requestId, RequestStatus from,
            RequestStatus to) {
        Instant now = Instant.now();
        return HeedEvent.of(EventType.DSR_STATUS_CHANGED, DSR, now, new RequestStatusChanged(requestId, subject,
                RequestType.ERASURE, Regulation.GDPR, from, to, "test-operator", null, now));
    }
}
