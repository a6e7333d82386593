package dev.heed.testkit;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Kafka and PostgreSQL from Testcontainers, for machines with a Docker engine
 * ({@code -Ptestcontainers}). The broker image's release equals the kafka-clients release.
 */
final class ContainerInfra {

    private ContainerInfra() {
    }

    static HeedInfra start() {
        String kafkaVersion = AppInfoParser.getVersion();
        KafkaContainer kafka = new KafkaContainer("apache/kafka:" + kafkaVersion);
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        kafka.start();
        postgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            postgres.stop();
        }, "heed-containers-stop"));
        return new HeedInfra(kafka.getBootstrapServers(), postgres.getHost(), postgres.getMappedPort(5432),
                postgres.getUsername(), postgres.getPassword(), kafkaVersion);
    }
}
