package dev.heed.dsr.registry;

import dev.heed.platform.kafka.KafkaClients;
import dev.heed.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * A registered system's {@code privacy.directives.<id>.v1} and {@code privacy.acks.<id>.v1}
 * topics on the broker: created as the design says (delete cleanup, 7 days) where dsr-service
 * may create topics, and looked up so the registry can show whether they exist. Never fails:
 * a topic that could not be made is reported missing, and {@link SystemTopicsJob} tries again.
 */
@ApplicationScoped
public class SystemTopics {

    static final Duration RETENTION = Duration.ofDays(7);
    static final String REFUSED_METRIC = "heed.dsr.system.topics.refused";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(SystemTopics.class);

    private final Admin admin;
    private final SystemTopicsConfig config;
    private final MeterRegistry metrics;
    // Per replica: a refusal stays refused until someone changes the ACLs, so one warning is enough.
    private final Set<String> warnedRefusals = ConcurrentHashMap.newKeySet();

    SystemTopics(KafkaClients kafka, SystemTopicsConfig config, MeterRegistry metrics) {
        this.admin = Admin.create(kafka.admin("heed-dsr-system-topics"));
        this.config = config;
        this.metrics = metrics;
    }

    @PreDestroy
    void close() {
        admin.close(TIMEOUT);
    }

    /**
     * Makes sure both topics exist (when {@code heed.dsr.systems.topics.create} is on); "already
     * exists" counts as success. Yields which of them are now present, or, with creation off,
     * which the broker has.
     */
    public Uni<Optional<TopicPresence>> ensure(String systemId) {
        if (!config.create()) {
            return existing().map(names -> names.map(found -> TopicPresence.of(systemId, found)));
        }
        String directives = Topics.directives(systemId);
        String acks = Topics.acks(systemId);
        Map<String, KafkaFuture<Void>> created = admin.createTopics(List.of(newTopic(directives), newTopic(acks)),
                new CreateTopicsOptions().timeoutMs((int) TIMEOUT.toMillis())).values();
        return Uni.combine().all()
                .unis(outcome(systemId, directives, created.get(directives)), outcome(systemId, acks, created.get(acks)))
                .with((directivesPresent, acksPresent) -> Optional.of(new TopicPresence(directivesPresent, acksPresent)));
    }

    /** The names of every topic on the broker, or empty when the broker did not answer in time. */
    public Uni<Optional<Set<String>>> existing() {
        return Uni.createFrom()
                .completionStage(() -> admin.listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                        .names().toCompletionStage())
                .map(Optional::of)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("could not list the broker's topics: %s", cause(failure).toString());
                    return Optional.empty();
                });
    }

    private NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, Optional.of(config.partitions()),
                config.replicationFactor().isPresent()
                        ? Optional.of((short) config.replicationFactor().getAsInt())
                        : Optional.empty());
        return topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())));
    }

    private Uni<Boolean> outcome(String systemId, String topic, KafkaFuture<Void> creation) {
        return Uni.createFrom().completionStage(creation.toCompletionStage())
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    Throwable cause = cause(failure);
                    if (cause instanceof TopicExistsException) {
                        return true;
                    }
                    if (cause instanceof AuthorizationException) {
                        refused(systemId);
                        return false;
                    }
                    LOG.warnf("system %s: could not create topic %s, the reconcile job tries again: %s", systemId,
                            topic, cause.toString());
                    return false;
                });
    }

    private void refused(String systemId) {
        Counter.builder(REFUSED_METRIC)
                .description("Topic creations the broker refused (ACLs): the system's topics must come from elsewhere")
                .tag("system", systemId)
                .register(metrics).increment();
        if (warnedRefusals.add(systemId)) {
            LOG.warnf("system %s: the broker does not allow dsr-service to create its topics; create them where"
                    + " topics are managed (e.g. Strimzi KafkaTopic) or set heed.dsr.systems.topics.create=false",
                    systemId);
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
