package dev.heed.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedInfraTest {

    private final HeedInfra infra = HeedInfra.get();

    @Test
    void oneInfrastructurePerJvm() {
        assertSame(infra, HeedInfra.get());
    }

    @Test
    void brokerRunsTheKafkaReleaseOfTheClientsOnTheClasspath() {
        // kafka-clients here comes from the same Quarkus BOM the services import.
        assertEquals(AppInfoParser.getVersion(), infra.kafkaVersion());
    }

    @Test
    void recordsRoundTripThroughTheRealBroker() throws Exception {
        String topic = "testkit.roundtrip." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
        }
        assertEquals("k", seen.get(0).key());
        assertEquals("hello", seen.get(0).value());
    }

    @Test
    void eachServiceGetsItsOwnDatabase() throws Exception {
        String a = infra.jdbcUrl("testkit_a");
        String b = infra.jdbcUrl("testkit_b");
        assertNotEquals(a, b);
        try (Connection c = DriverManager.getConnection(a, infra.username(), infra.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS marker (id int)");
        }
        try (Connection c = DriverManager.getConnection(b, infra.username(), infra.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "a table in one service's database is not visible in another's");
        }
        assertTrue(infra.reactiveUrl("testkit_a").startsWith("postgresql://"));
    }
}
