package dev.heed.client;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.consent.Decision;
import dev.heed.events.topic.CompactedTopicReader;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Every subject's latest consent decision per purpose, read from the compacted
 * {@code privacy.consent.state.v1} into memory, so the system checks consent without a network
 * call. It reads every partition from the beginning without a consumer group (each instance its
 * own full copy), is {@linkplain #isReady() ready} once it has read up to the end offsets that
 * existed when it started, and stays current afterwards. A tombstone (an erased subject) removes
 * the key.
 *
 * <p>{@link #isAllowed} is deliberately simple: a {@code GRANTED} decision that has not expired at
 * the time of the check (the injected clock's). Expiry is evaluated at check time, so an expired
 * grant is refused before consent-service publishes its {@code EXPIRED} state. Purposes whose
 * legal basis is not consent (contract, legal obligation, legitimate interest) and renewal rules
 * are in the purpose catalogue ({@code privacy.purposes.v1}), which this view does not read: a
 * system that processes on another basis must not ask this view.
 */
public final class LocalConsentView implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalConsentView.class.getName());

    /** Subject key → purpose id → latest state. */
    private final ConcurrentMap<String, ConcurrentMap<String, ConsentState>> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private final CompactedTopicReader reader;

    private LocalConsentView(Map<String, Object> consumerConfig, Clock clock) {
        this.clock = clock;
        this.reader = CompactedTopicReader.follow("consent", Topics.CONSENT_STATE, consumerConfig,
                new CompactedTopicReader.Sink() {
                    @Override
                    public void accept(ConsumerRecord<String, byte[]> record) {
                        apply(record);
                    }

                    @Override
                    public void clear() {
                        states.clear();
                    }
                }, CompactedTopicReader.PARTITION_REFRESH);
    }

    /** Starts configuring a view of the consent state on this Kafka cluster. */
    public static Builder connect(String bootstrapServers) {
        return new Builder().kafkaProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                Objects.requireNonNull(bootstrapServers));
    }

    /** True once everything published before the view started has been read. */
    public boolean isReady() {
        return reader.isReady();
    }

    /** Waits until ready; false if the timeout passed first. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return reader.awaitReady(timeout);
    }

    /**
     * Whether the subject has consented to the purpose right now: a grant that has not expired.
     * No decision at all is no consent.
     *
     * @throws ConsentViewNotReadyException before the view has caught up
     */
    public boolean isAllowed(String subjectKey, String purposeId) {
        return state(subjectKey, purposeId).map(state -> allows(state, clock.instant())).orElse(false);
    }

    /**
     * The subject's latest decision about the purpose, as published (an expired grant still reads
     * {@code GRANTED} here until consent-service records its expiry; {@link #isAllowed} checks it).
     *
     * @throws ConsentViewNotReadyException before the view has caught up
     */
    public Optional<ConsentState> state(String subjectKey, String purposeId) {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(purposeId, "purposeId");
        requireReady();
        Map<String, ConsentState> ofSubject = states.get(subjectKey);
        return ofSubject == null ? Optional.empty() : Optional.ofNullable(ofSubject.get(purposeId));
    }

    /** The subject's latest decision per purpose id. */
    public Map<String, ConsentState> states(String subjectKey) {
        Objects.requireNonNull(subjectKey, "subjectKey");
        requireReady();
        Map<String, ConsentState> ofSubject = states.get(subjectKey);
        return ofSubject == null ? Map.of() : Map.copyOf(ofSubject);
    }

    /** The error that made the view read the topic again from the beginning, if any. */
    public Optional<Throwable> lastFailure() {
        return reader.lastFailure();
    }

    @Override
    public void close() {
        reader.close();
    }

    static boolean allows(ConsentState state, Instant now) {
        return state.decision() == Decision.GRANTED && (state.expiresAt() == null || now.isBefore(state.expiresAt()));
    }

    private void requireReady() {
        if (!reader.isReady()) {
            throw new ConsentViewNotReadyException();
        }
    }

    private void start() {
        reader.start();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash < 1) {
            LOG.log(Level.WARNING, () -> "consent state at " + position(record) + " has no subject/purpose key; ignored");
            return;
        }
        String subjectKey = key.substring(0, slash);
        String purposeId = key.substring(slash + 1);
        if (record.value() == null) {
            states.computeIfPresent(subjectKey, (subject, purposes) -> {
                purposes.remove(purposeId);
                return purposes.isEmpty() ? null : purposes;
            });
            return;
        }
        if (!EventType.CONSENT_STATE.type().equals(HeedEvent.typeOf(record.headers()))) {
            return; // the contract: skip types this reader does not know
        }
        ConsentState state;
        try {
            state = HeedEvent.read(record.headers(), record.value(), ConsentState.class).data();
        } catch (RuntimeException e) {
            // The contract's messages name the field, never the value.
            LOG.log(Level.WARNING, () -> "consent state at " + position(record) + " ignored: " + e.getMessage());
            return;
        }
        states.computeIfAbsent(subjectKey, subject -> new ConcurrentHashMap<>())
                // The highest ledger sequence is the latest decision.
                .merge(purposeId, state, (kept, read) -> read.sequence() >= kept.sequence() ? read : kept);
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    public static final class Builder {

        private final Map<String, Object> kafka = new HashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** A Kafka consumer setting, e.g. {@code security.protocol} for the system's own Kafka user. */
        public Builder kafkaProperty(String name, Object value) {
            kafka.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** The time expiry is checked against. */
        public Builder clock(Clock time) {
            this.clock = Objects.requireNonNull(time);
            return this;
        }

        /** Starts reading on a thread of its own; check {@link #isReady()} before asking. */
        public LocalConsentView start() {
            Map<String, Object> config = new HashMap<>(kafka);
            config.keySet().removeIf(name -> ProducerConfig.configNames().contains(name)
                    && !ConsumerConfig.configNames().contains(name));
            config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            LocalConsentView view = new LocalConsentView(config, clock);
            view.start();
            return view;
        }
    }
}
