package dev.heed.audit.ingest;

import dev.heed.audit.AuditConfig;
import dev.heed.platform.kafka.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.regex.Pattern;

/** This replica's member of the ingest consumer group, from start-up until shutdown. */
@Singleton
public class Ingestion {

    private final IntakeConsumer consumer;

    Ingestion(AuditConfig config, KafkaClients kafka, Intake intake, StoredRecords records, Clock clock,
            MeterRegistry registry) {
        AuditConfig.Ingest settings = config.ingest();
        this.consumer = new IntakeConsumer("ingest", kafka.consumer(settings.groupId()), settings.groupId(),
                settings.metadataMaxAge(), Pattern.compile(settings.topics()), intake, records, clock);
        Gauge.builder("heed.audit.ingest.lag", consumer, IntakeConsumer::lag)
                .description("Records on the ingested topics this replica has not read yet")
                .baseUnit("records")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.close();
    }
}
