package dev.heed.platform.recovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one way a Heed consumer applies a record whose work can fail for a while (the database or
 * the broker is away): it retries with backoff, without limit, so the record is applied once the
 * dependency is back and its offset is committed only then; the channel never fails and never
 * stops consuming. While a channel is retrying it is stalled: {@link StalledConsumersReadiness}
 * reports the service not ready and the metrics count the retries and the time stalled.
 *
 * <p>Records that can never be applied (malformed, wrong key) must be dead-lettered by the
 * consumer before it gets here, or they would stall their partition.
 */
@ApplicationScoped
public class ConsumerRecovery {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ConsumerRecovery.class);

    private final MeterRegistry registry;
    /** Channel -> System.nanoTime() of the first failure of the record it is retrying. */
    private final Map<String, Long> stalledSince = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();

    ConsumerRecovery(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Applies {@code work} (subscribed again on each attempt) until it succeeds. */
    public <T> Uni<T> untilApplied(String channel, Supplier<Uni<? extends T>> work) {
        register(channel);
        return Uni.createFrom().<T>deferred(work)
                .onFailure().invoke(failure -> stalled(channel, failure))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                .invoke(() -> recovered(channel));
    }

    /** The channels retrying a record now, with how long they have been at it. */
    public Map<String, Duration> stalled() {
        long now = System.nanoTime();
        Map<String, Duration> result = new TreeMap<>();
        stalledSince.forEach((channel, since) -> result.put(channel, Duration.ofNanos(now - since)));
        return result;
    }

    private void register(String channel) {
        retries.computeIfAbsent(channel, c -> {
            Gauge.builder("heed.consumer.stalled", stalledSince,
                            s -> s.containsKey(c) ? (System.nanoTime() - s.get(c)) / 1e9 : 0)
                    .tag("channel", c)
                    .baseUnit("seconds")
                    .description("How long the channel has been retrying one record (0 while it works)")
                    .register(registry);
            return Counter.builder("heed.consumer.retries")
                    .tag("channel", c)
                    .description("Attempts to apply a record that failed and were retried (reconnects)")
                    .register(registry);
        });
    }

    private void stalled(String channel, Throwable failure) {
        retries.get(channel).increment();
        if (stalledSince.putIfAbsent(channel, System.nanoTime()) == null) {
            // The failure's class and message only: a record's content never reaches the log.
            LOG.warnf("consumer %s stalled, retrying until it can apply its record: %s", channel, failure.toString());
        }
    }

    private void recovered(String channel) {
        Long since = stalledSince.remove(channel);
        if (since != null) {
            LOG.infof("consumer %s recovered after %d ms", channel, (System.nanoTime() - since) / 1_000_000);
        }
    }
}
