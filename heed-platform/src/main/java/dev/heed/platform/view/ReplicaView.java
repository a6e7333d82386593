package dev.heed.platform.view;

import dev.heed.events.EventType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The template of a bean holding this replica's view of a compacted topic of one event type: it
 * starts reading at start-up, stops at shutdown, and keeps the latest event per key (a record of
 * another type, or whose key is not the event's own, is skipped). A subclass is a {@code @Singleton}
 * that adds the questions its service asks of the view.
 *
 * @param <V> the event's data
 */
public abstract class ReplicaView<V> {

    private final CompactedTopicView<V> view;

    /** @param keyOf the record key the event must carry */
    protected ReplicaView(String name, String topic, Map<String, Object> consumerConfig, EventType type,
            Class<V> data, Function<V, String> keyOf) {
        this.view = new CompactedTopicView<>(name, topic, consumerConfig, DecodingSink.event(type, data, keyOf));
    }

    protected void start(@Observes StartupEvent event) {
        view.start();
    }

    protected void stop(@Observes ShutdownEvent event) {
        view.close();
    }

    /** Ready once caught up with the topic as it was at start. */
    public boolean isReady() {
        return view.isReady();
    }

    public int size() {
        return view.snapshot().size();
    }

    protected Optional<V> get(String key) {
        return view.get(key);
    }

    protected Collection<V> values() {
        return view.snapshot().values();
    }
}
