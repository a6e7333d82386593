package dev.heed.directives;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.heed.platform.PlatformConfig;
import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.leadership.Leadership;
import dev.heed.platform.leadership.ServiceLeadership;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.platform.outbox.NoRelayFaults;
import dev.heed.platform.outbox.OutboxRelay;
import dev.heed.platform.outbox.ServiceOutboxRelay;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.directives.support.TestRelayFaults;
import dev.heed.testkit.kafka.TestTopics;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.HeedEvent;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The outbox relay against the real broker and database: redelivery after a crash, one active relay, order per key. */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "directives"))
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EventOutbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    Leadership leadership;
    @Inject
    TestRelayFaults faults;
    @Inject
    Vertx vertx;
    @Inject
    PlatformConfig config;
    @Inject
    KafkaClients kafka;
    @Inject
    Clock clock;

    @Test
    void aRecordAcknowledgedButNotMarkedSentIsPublishedAgainAndTheConsumerKeepsOneCopy() throws Exception {
        String topic = "test.relay.fault." + UUID.randomUUID().toString().substring(0, 8);
        TestTopics.create(1, topic);
        await().atMost(WAIT).until(leadership::isLeader);
        HeedEvent<Map<String, Object>> event = event("subject-a", 1);
        faults.failOnceAfterAcknowledging(event.id());
        long failuresBefore = relay.failures();

        append(topic, List.of(event));

        try (Reader reader = new Reader(topic, 1); Connection db = jdbc()) {
            createInbox(db);
            await().atMost(WAIT).pollInSameThread().until(() -> {
                reader.poll().forEach(record -> receiveIntoInbox(db, record));
                return reader.idsInOrder().stream().filter(event.id()::equals).count() == 2;
            });
            assertThat(faults.fired()).isEqualTo(1);
            assertThat(relay.failures()).isGreaterThan(failuresBefore);
            assertThat(count(db, "select count(*) from test_system_inbox where event_id = ?", event.id()))
                    .as("the consuming system's inbox").isEqualTo(1);
            await().atMost(WAIT).until(() -> count(db,
                    "select count(*) from heed_platform.outbox where event_id = ? and sent_at is not null",
                    event.id()) == 1);
        }
    }

    @Test
    void aTombstoneIsPublishedAsARecordWithoutValueInOrderWithTheEventsOfItsKey() throws Exception {
        String topic = "test.relay.tombstone." + UUID.randomUUID().toString().substring(0, 8);
        TestTopics.create(1, topic);
        await().atMost(WAIT).until(leadership::isLeader);
        HeedEvent<Map<String, Object>> before = event("subject-t", 1);
        HeedEvent<Map<String, Object>> after = event("subject-t", 2);

        OnVertx.call(() -> Panache.withTransaction(() -> outbox.append(topic, "subject-t", before)
                .chain(() -> outbox.appendTombstone(topic, "subject-t"))
                .chain(() -> outbox.append(topic, "subject-t", after))));

        try (Reader reader = new Reader(topic, 1); Connection db = jdbc()) {
            await().atMost(WAIT).pollInSameThread().until(() -> {
                reader.poll();
                return reader.records.size() >= 3;
            });
            List<ConsumerRecord<String, byte[]>> records = reader.records;
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("subject-t", "subject-t", "subject-t");
            assertThat(header(records.get(0), CloudEventHeaders.ID)).isEqualTo(before.id());
            assertThat(records.get(1).value()).as("the tombstone's value").isNull();
            assertThat(records.get(1).headers().toArray()).isEmpty();
            assertThat(header(records.get(2), CloudEventHeaders.ID)).isEqualTo(after.id());
            await().atMost(WAIT).until(() -> count(db, "select count(*) from heed_platform.outbox where topic = ?"
                    + " and payload is null and event_type = 'tombstone' and sent_at is not null", topic) == 1);
        }
        assertThatThrownBy(() -> OnVertx.call(() -> Panache.withTransaction(() -> outbox.appendTombstone(topic, null))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofSeveralRelaysOnOneDatabaseOnlyTheLeaderPublishesAndEachSubjectStaysInOrder() throws Exception {
        String topic = "test.relay.order." + UUID.randomUUID().toString().substring(0, 8);
        TestTopics.create(3, topic);
        await().atMost(WAIT).until(leadership::isLeader);
        List<Leadership> replicas = new ArrayList<>();
        List<OutboxRelay> relays = new ArrayList<>();
        relays.add(relay);
        for (String replica : List.of("replica-b", "replica-c")) {
            Leadership other = new Leadership(replica, vertx, ServiceLeadership.connectOptions(config),
                    config.leadership().lockKey(), Duration.ofMillis(200), new SimpleMeterRegistry());
            OutboxRelay otherRelay = new OutboxRelay(replica, other,
                    ServiceOutboxRelay.producers(kafka, replica, Duration.ofSeconds(10)), clock, new NoRelayFaults(),
                    List.of(), 50, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(15));
            other.start();
            otherRelay.start();
            replicas.add(other);
            relays.add(otherRelay);
        }
        try (Reader reader = new Reader(topic, 3)) {
            List<String> subjects = List.of("subject-1", "subject-2", "subject-3", "subject-4");
            long[] before = published(relays);

            append(topic, events(subjects, 0, 50));
            awaitAll(reader, subjects.size() * 50);

            long[] phaseOne = delta(before, published(relays));
            assertThat(java.util.Arrays.stream(phaseOne).filter(n -> n > 0).count())
                    .as("relays that published: %s", java.util.Arrays.toString(phaseOne)).isEqualTo(1);
            assertThat(java.util.Arrays.stream(phaseOne).sum()).isGreaterThanOrEqualTo(200);

            // The leader's connection dies: its lock goes with it and another replica takes over.
            terminateLeaderConnection();
            await().atMost(WAIT).until(() -> relays.stream().filter(OutboxRelay::isActive).count() == 1);
            long[] beforeTwo = published(relays);

            append(topic, events(subjects, 50, 25));
            awaitAll(reader, subjects.size() * 75);

            long[] phaseTwo = delta(beforeTwo, published(relays));
            assertThat(java.util.Arrays.stream(phaseTwo).filter(n -> n > 0).count())
                    .as("relays that published after the failover: %s", java.util.Arrays.toString(phaseTwo))
                    .isEqualTo(1);
            for (String subject : subjects) {
                assertThat(reader.sequence(subject)).as(subject)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 75).boxed().toList());
            }
        } finally {
            for (int i = 1; i < relays.size(); i++) {
                relays.get(i).close();
            }
            replicas.forEach(Leadership::close);
        }
    }

    private void awaitAll(Reader reader, int distinct) {
        await().atMost(WAIT).pollInSameThread().until(() -> {
            reader.poll();
            return new LinkedHashSet<>(reader.idsInOrder()).size() >= distinct;
        });
    }

    private void append(String topic, List<HeedEvent<Map<String, Object>>> events) {
        OnVertx.call(() -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (HeedEvent<Map<String, Object>> event : events) {
                chain = chain.chain(() -> outbox.append(topic, event.subject(), event));
            }
            return chain;
        }));
    }

    private List<HeedEvent<Map<String, Object>>> events(List<String> subjects, int from, int count) {
        List<HeedEvent<Map<String, Object>>> events = new ArrayList<>();
        for (int seq = from; seq < from + count; seq++) {
            for (String subject : subjects) {
                events.add(event(subject, seq));
            }
        }
        return events;
    }

    private HeedEvent<Map<String, Object>> event(String subject, int seq) {
        return new HeedEvent<>(UUID.randomUUID().toString(), "/heed/directives-test", "dev.heed.test.sequenced.v1",
                subject, clock.instant(), URI.create("https://heed.dev/schemas/test.json"),
                Map.of("subject", subject, "seq", seq));
    }

    private static long[] published(List<OutboxRelay> relays) {
        return relays.stream().mapToLong(OutboxRelay::published).toArray();
    }

    private static long[] delta(long[] before, long[] after) {
        long[] delta = new long[before.length];
        for (int i = 0; i < before.length; i++) {
            delta[i] = after[i] - before[i];
        }
        return delta;
    }

    private void terminateLeaderConnection() throws SQLException {
        long key = config.leadership().lockKey();
        try (Connection db = jdbc(); PreparedStatement s = db.prepareStatement("select pg_terminate_backend(pid)"
                + " from pg_locks where locktype = 'advisory' and granted and classid = ? and objid = ?"
                + " and objsubid = 1 and database = (select oid from pg_database where datname = current_database())")) {
            s.setLong(1, key >>> 32);
            s.setLong(2, key & 0xffffffffL);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as("a backend holds the leader lock").isTrue();
            }
        }
    }

    private static Connection jdbc() throws SQLException {
        HeedInfra infra = HeedInfra.get();
        return DriverManager.getConnection(infra.jdbcUrl("directives"), infra.username(), infra.password());
    }

    private static void createInbox(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("create table if not exists test_system_inbox (event_id text primary key, received_at"
                    + " timestamptz not null default now())");
        }
    }

    /** The consuming system de-duplicates by CloudEvents id, as every Heed consumer does. */
    private static void receiveIntoInbox(Connection db, ConsumerRecord<String, byte[]> record) {
        try (PreparedStatement s = db.prepareStatement(
                "insert into test_system_inbox (event_id) values (?) on conflict (event_id) do nothing")) {
            s.setString(1, header(record, CloudEventHeaders.ID));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection db, String sql, String id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    /** A plain consumer of every partition of a topic, from the beginning. */
    private static final class Reader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        Reader(String topic, int partitions) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    HeedInfra.get().kafkaBootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
        }

        List<ConsumerRecord<String, byte[]>> poll() {
            List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>();
            consumer.poll(Duration.ofMillis(200)).forEach(fresh::add);
            records.addAll(fresh);
            return fresh;
        }

        List<String> idsInOrder() {
            return records.stream().map(record -> header(record, CloudEventHeaders.ID)).toList();
        }

        /** The subject's sequence numbers in the order consumed, each event counted at its first delivery. */
        List<Integer> sequence(String subject) {
            Set<String> seen = new java.util.HashSet<>();
            List<Integer> sequence = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (subject.equals(record.key()) && seen.add(header(record, CloudEventHeaders.ID))) {
                    Map<String, Object> data = HeedEvent.read(record.headers(), record.value(), Map.class).data();
                    sequence.add(((Number) data.get("seq")).intValue());
                }
            }
            return sequence;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
