package dev.heed.client;

import dev.heed.events.SystemId;
import dev.heed.events.directive.DirectiveKind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A downstream system's part in Heed: reads the directives on its own topic
 * ({@code privacy.directives.<system-id>.v1}), hands each to the handler of its kind, and answers
 * on its own acknowledgement topic ({@code privacy.acks.<system-id>.v1}).
 *
 * <pre>{@code
 * PrivacyClient client = PrivacyClient.forSystem("crm")
 *         .bootstrapServers("kafka:9092")
 *         .acknowledgements(new JdbcAcknowledgementStore(dataSource))
 *         .onErase(erasure -> DirectiveResult.done(customers.eraseBySubjectKey(erasure.subjectKey())))
 *         .describedAs(new SystemDescription("CRM", "sales-platform", Set.of("contact"), Set.of("marketing")))
 *         .announceTo(URI.create("https://dsr.example.com"), tokens::systemToken)
 *         .start();
 * ...
 * client.close();
 * }</pre>
 *
 * <p>Guarantees: at least once (a directive is committed only after its answer was stored and the
 * broker acknowledged it); the same answer for the same directive id (from the
 * {@link AcknowledgementStore}); one directive at a time, in partition order, so one subject's
 * directives in the order they were issued. Kinds without a handler are answered
 * {@code NOT_APPLICABLE}.
 */
public final class PrivacyClient implements AutoCloseable {

    private final String systemId;
    private final DirectiveSubscription subscription;
    private final SystemAnnouncement announcement;

    private PrivacyClient(String systemId, DirectiveSubscription subscription, SystemAnnouncement announcement) {
        this.systemId = systemId;
        this.subscription = subscription;
        this.announcement = announcement;
    }

    /** Starts configuring the client of one registered system. */
    public static Builder forSystem(String systemId) {
        return new Builder(SystemId.validate(systemId));
    }

    public String systemId() {
        return systemId;
    }

    /** True while the client reads directives; false after {@link #close()} or a fatal error. */
    public boolean isRunning() {
        return subscription.isRunning();
    }

    /** Whether dsr-service accepted the announcement made at start-up. */
    public AnnouncementState announcement() {
        return announcement == null ? AnnouncementState.NOT_CONFIGURED : announcement.state();
    }

    /** What stopped the client, if something did (a fatal error, not a failing handler). */
    public Optional<Throwable> failure() {
        return subscription.failure();
    }

    /**
     * Stops polling, finishes the directive being handled (its answer sent and its offset
     * committed), then closes the Kafka clients. Waits at most the shutdown timeout.
     */
    @Override
    public void close() {
        if (announcement != null) {
            announcement.close();
        }
        subscription.close();
    }

    public static final class Builder {

        private final String systemId;
        private final Map<String, Object> kafka = new HashMap<>();
        private final Map<DirectiveKind, Answers.Answering> handling = new EnumMap<>(DirectiveKind.class);
        private boolean transactional;
        private AcknowledgementStore store;
        private ExportUploader uploader;
        private RetryPolicy retries = RetryPolicy.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Duration shutdownTimeout = Duration.ofSeconds(60);
        private URI dsrBaseUrl;
        private Supplier<String> bearerToken;
        private SystemDescription description;
        private Duration firstAnnouncementRetry = SystemAnnouncement.FIRST_RETRY;

        private Builder(String systemId) {
            this.systemId = systemId;
        }

        public Builder bootstrapServers(String servers) {
            return kafkaProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        }

        /**
         * A Kafka client setting for both the consumer and the producer, e.g. {@code security.protocol}
         * and {@code sasl.jaas.config} for the system's own Kafka user. The group id (the system
         * id), manual commits and the idempotent producer cannot be changed.
         */
        public Builder kafkaProperty(String name, Object value) {
            kafka.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** Required: where answers are kept, so a re-sent directive is answered the same without handling it again. */
        public Builder acknowledgements(AcknowledgementStore acknowledgements) {
            this.store = Objects.requireNonNull(acknowledgements);
            return this;
        }

        public Builder onErase(DirectiveHandler<Erasure> handler) {
            return plain(DirectiveKind.ERASE, Erasure.class, handler);
        }

        public Builder onErase(TransactionalHandler<Erasure> handler) {
            return transactional(DirectiveKind.ERASE, Erasure.class, handler);
        }

        public Builder onRectify(DirectiveHandler<Rectification> handler) {
            return plain(DirectiveKind.RECTIFY, Rectification.class, handler);
        }

        public Builder onRectify(TransactionalHandler<Rectification> handler) {
            return transactional(DirectiveKind.RECTIFY, Rectification.class, handler);
        }

        public Builder onRestrict(DirectiveHandler<Restriction> handler) {
            return plain(DirectiveKind.RESTRICT, Restriction.class, handler);
        }

        public Builder onRestrict(TransactionalHandler<Restriction> handler) {
            return transactional(DirectiveKind.RESTRICT, Restriction.class, handler);
        }

        public Builder onStopProcessing(DirectiveHandler<ProcessingStop> handler) {
            return plain(DirectiveKind.STOP_PROCESSING, ProcessingStop.class, handler);
        }

        public Builder onStopProcessing(TransactionalHandler<ProcessingStop> handler) {
            return transactional(DirectiveKind.STOP_PROCESSING, ProcessingStop.class, handler);
        }

        public Builder onPurge(DirectiveHandler<Purge> handler) {
            return plain(DirectiveKind.PURGE, Purge.class, handler);
        }

        public Builder onPurge(TransactionalHandler<Purge> handler) {
            return transactional(DirectiveKind.PURGE, Purge.class, handler);
        }

        /** Exports need an {@link #exportUploader(ExportUploader)} too. */
        public Builder onExport(ExportHandler handler) {
            Objects.requireNonNull(handler);
            handling.put(DirectiveKind.EXPORT, (directive, answers) -> answers.export((Export) directive, handler));
            return this;
        }

        public Builder exportUploader(ExportUploader exportUploader) {
            this.uploader = Objects.requireNonNull(exportUploader);
            return this;
        }

        /** How a throwing handler is retried; {@link RetryPolicy#DEFAULT} otherwise. */
        public Builder retries(RetryPolicy policy) {
            this.retries = Objects.requireNonNull(policy);
            return this;
        }

        /** {@code attempts} in all, {@code baseDelay} doubling after each failure, at most 30 s apart. */
        public Builder retries(int attempts, Duration baseDelay) {
            Duration max = baseDelay.compareTo(RetryPolicy.DEFAULT.maxDelay()) > 0 ? baseDelay
                    : RetryPolicy.DEFAULT.maxDelay();
            return retries(new RetryPolicy(attempts, baseDelay, max));
        }

        /** The time acknowledgements carry. */
        public Builder clock(Clock time) {
            this.clock = Objects.requireNonNull(time);
            return this;
        }

        /** How long {@link PrivacyClient#close()} waits for the directive being handled; 60 s otherwise. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** What the system announces about itself; required with {@link #announceTo}. */
        public Builder describedAs(SystemDescription system) {
            this.description = Objects.requireNonNull(system);
            return this;
        }

        /**
         * Announces the system at {@link #start()} to dsr-service at {@code dsrBaseUrl}: its
         * {@link #describedAs description}, the directive kinds it has handlers for, and this
         * client's version. Sent in the background and tried again until dsr-service accepts it,
         * so the system starts even while dsr-service is down.
         *
         * @param bearerToken the system's own token (role {@code system}), asked anew for each try
         */
        public Builder announceTo(URI dsrBaseUrl, Supplier<String> bearerToken) {
            if (!"https".equals(dsrBaseUrl.getScheme()) && !"http".equals(dsrBaseUrl.getScheme())) {
                throw new IllegalArgumentException("dsrBaseUrl must be an http(s) URL");
            }
            this.dsrBaseUrl = dsrBaseUrl;
            this.bearerToken = Objects.requireNonNull(bearerToken);
            return this;
        }

        /** For tests: the first delay before an announcement is tried again (it doubles up to a minute). */
        Builder firstAnnouncementRetry(Duration delay) {
            this.firstAnnouncementRetry = Objects.requireNonNull(delay);
            return this;
        }

        /** Starts reading directives on a thread of its own. */
        public PrivacyClient start() {
            if (!kafka.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            if (store == null) {
                throw new IllegalStateException("acknowledgements(store) is required: answers must survive restarts");
            }
            if (transactional && !(store instanceof JdbcAcknowledgementStore)) {
                throw new IllegalStateException("transactional handlers need a JdbcAcknowledgementStore");
            }
            if (handling.containsKey(DirectiveKind.EXPORT) && uploader == null) {
                throw new IllegalStateException("onExport needs an exportUploader");
            }
            if (dsrBaseUrl != null && (description == null || handling.isEmpty())) {
                throw new IllegalStateException("announceTo needs describedAs(...) and at least one handler");
            }
            Answers answers = new Answers(systemId, clock, store, uploader);
            DirectiveSubscription subscription = new DirectiveSubscription(systemId, consumerConfig(),
                    producerConfig(), handling, answers, retries, shutdownTimeout);
            SystemAnnouncement announcement = dsrBaseUrl == null ? null
                    : new SystemAnnouncement(systemId, dsrBaseUrl, bearerToken, description, handling.keySet(),
                            firstAnnouncementRetry, SystemAnnouncement.MAX_RETRY);
            subscription.start();
            if (announcement != null) {
                announcement.start();
            }
            return new PrivacyClient(systemId, subscription, announcement);
        }

        private Map<String, Object> consumerConfig() {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "heed-" + systemId + "-directives");
            // A new system answers the directives that waited for it.
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            // Fewer fetched at once means fewer read again after a close.
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
            config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            config.putAll(kafka);
            config.keySet().removeIf(name -> ProducerConfig.configNames().contains(name)
                    && !ConsumerConfig.configNames().contains(name));
            // The system's Kafka user may use only its own group; offsets move only after the answer.
            config.put(ConsumerConfig.GROUP_ID_CONFIG, systemId);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            return config;
        }

        private Map<String, Object> producerConfig() {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "heed-" + systemId + "-acks");
            config.putAll(kafka);
            config.keySet().removeIf(name -> ConsumerConfig.configNames().contains(name)
                    && !ProducerConfig.configNames().contains(name));
            // No duplicate or reordered answers from the producer's own retries.
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            return config;
        }

        private <D extends Directive> Builder plain(DirectiveKind kind, Class<D> view, DirectiveHandler<D> handler) {
            Objects.requireNonNull(handler);
            handling.put(kind, (directive, answers) -> answers.store(answers.of(directive,
                    handler.handle(view.cast(directive)))));
            return this;
        }

        private <D extends Directive> Builder transactional(DirectiveKind kind, Class<D> view,
                TransactionalHandler<D> handler) {
            Objects.requireNonNull(handler);
            transactional = true;
            handling.put(kind, (directive, answers) -> answers.inTransaction(directive,
                    transaction -> handler.handle(view.cast(directive), transaction)));
            return this;
        }
    }
}
