package dev.heed.directives;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The directive mechanism's metrics. Tags carry system ids and outcomes, never subject data.
 * <ul>
 * <li>{@code heed.directives.tasks.outstanding{system_id}}: pending tasks, reported by the
 * leader only (read from the database), so summing over replicas stays right;</li>
 * <li>{@code heed.directives.ack.latency{system_id}}: time from the first send to the answer (histogram);</li>
 * <li>{@code heed.directives.tasks.overdue{system_id}}: tasks that passed their deadline unanswered;</li>
 * <li>{@code heed.directives.acks.rejected{system_id,reason}}: acknowledgements not applied.</li>
 * </ul>
 */
@Singleton
class DirectiveMetrics {

    public static final String SYSTEM = "system_id";

    private final MeterRegistry registry;
    private final MultiGauge outstanding;

    DirectiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.outstanding = MultiGauge.builder("heed.directives.tasks.outstanding")
                .description("Directive tasks waiting for an answer, per recipient system")
                .register(registry);
    }

    public void acknowledged(String systemId, Duration latency) {
        Timer.builder("heed.directives.ack.latency")
                .description("Time from a directive's first send to the recipient's answer")
                .tag(SYSTEM, systemId)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofDays(30))
                .register(registry)
                .record(latency);
    }

    public void overdue(String systemId) {
        Counter.builder("heed.directives.tasks.overdue")
                .description("Directive tasks that passed their deadline without an answer")
                .tag(SYSTEM, systemId)
                .register(registry)
                .increment();
    }

    public void rejected(String systemId, AckDisposition reason) {
        Counter.builder("heed.directives.acks.rejected")
                .description("Acknowledgements that were not applied")
                .tags(Tags.of(SYSTEM, systemId, "reason", reason.name().toLowerCase()))
                .register(registry)
                .increment();
    }

    /** Replaces the outstanding-task gauges; an empty map (on a follower) removes them. */
    public void outstanding(Map<String, Long> pendingBySystem) {
        List<MultiGauge.Row<?>> rows = pendingBySystem.entrySet().stream()
                .<MultiGauge.Row<?>>map(entry -> MultiGauge.Row.of(Tags.of(SYSTEM, entry.getKey()), entry.getValue()))
                .toList();
        outstanding.register(rows, true);
    }
}
