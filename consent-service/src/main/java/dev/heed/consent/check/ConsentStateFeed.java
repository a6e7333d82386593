package dev.heed.consent.check;

import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.view.CompactedTopicView;
import dev.heed.platform.view.DecodingSink;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.topic.CompactedTopicReader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Feeds this replica's {@link ConsentStateCache} from the whole compacted
 * {@code privacy.consent.state.v1} topic, so a write through any replica reaches every replica's
 * cache. It records how long a decision took to arrive here ({@code heed.consent.state.lag}: from
 * the decision's commit time to this replica applying it), which is how stale an answer without
 * a version token can be.
 */
@Singleton
public class ConsentStateFeed {

    private static final DecodingSink.Decoder<ConsentState> STATE = DecodingSink.event(EventType.CONSENT_STATE,
            ConsentState.class, ConsentState::kafkaKey);

    private final ConsentStateCache cache;
    private final CompactedTopicReader feed;
    private final Timer lag;
    private final Clock clock;

    ConsentStateFeed(KafkaClients kafka, MeterRegistry registry, Clock clock,
            @ConfigProperty(name = "heed.consent.check.cache-size", defaultValue = "100000") int cacheSize) {
        this.clock = clock;
        this.cache = new ConsentStateCache(cacheSize);
        this.feed = CompactedTopicReader.follow("consent-state", Topics.CONSENT_STATE,
                kafka.consumer("consent-service-state"), new DecodingSink<>("consent-state", this::decode,
                        new DecodingSink.Store<ConsentState>() {
                            @Override
                            public void put(String key, ConsentState state) {
                                cache.apply(key, KnownState.of(state));
                            }

                            @Override
                            public void remove(String key) {
                                cache.invalidate(key);
                            }

                            @Override
                            public void clear() {
                                cache.clear();
                            }
                        }), CompactedTopicView.PARTITION_REFRESH);
        this.lag = Timer.builder("heed.consent.state.lag")
                .description("From a decision's commit to this replica's consent cache applying it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        Gauge.builder("heed.consent.cache.size", cache, ConsentStateCache::size)
                .description("Subject and purpose states held by this replica's consent cache")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        feed.start();
    }

    void stop(@Observes ShutdownEvent event) {
        feed.close();
    }

    /** Ready once it applied the topic up to the end offsets read at start. */
    boolean isReady() {
        return feed.isReady();
    }

    Optional<Throwable> lastFailure() {
        return feed.lastFailure();
    }

    ConsentStateCache cache() {
        return cache;
    }

    private ConsentState decode(ConsumerRecord<String, byte[]> record) {
        ConsentState state = STATE.decode(record);
        // While catching up the records are old by design: only live arrivals say how far behind a replica is.
        if (feed != null && feed.isReady()) {
            lag.record(Duration.between(state.updatedAt(), clock.instant()));
        }
        return state;
    }
}
