package dev.heed.dsr.registry;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.registry.SystemStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Leader-only: makes sure every active system's topics exist. Registration tries once right
 * after its transaction commits; this job covers a try that failed (broker down, the replica
 * stopped) and a topic deleted since. Does nothing when dsr-service does not create topics.
 */
@ApplicationScoped
public class SystemTopicsJob extends LeaderJob<List<String>> {

    public static final String NAME = "system-topics";

    private final SystemTopics topics;
    private final SystemTopicsConfig config;

    SystemTopicsJob(Leadership leadership, SystemTopics topics, SystemTopicsConfig config) {
        super(NAME, leadership);
        this.topics = topics;
        this.config = config;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.systems.topics.reconcile.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the systems whose missing topics it created. */
    @Override
    protected Uni<List<String>> batch() {
        if (!config.create()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(() -> RegisteredSystem.<RegisteredSystem>list("status", SystemStatus.ACTIVE))
                .map(systems -> systems.stream().map(system -> system.systemId).toList())
                .chain(active -> topics.existing().chain(existing -> existing.isEmpty()
                        ? Uni.createFrom().item(List.<String>of())
                        : createMissing(active, existing.get())));
    }

    private Uni<List<String>> createMissing(List<String> active, Set<String> existing) {
        List<String> incomplete = active.stream()
                .filter(systemId -> !TopicPresence.of(systemId, existing).complete())
                .toList();
        return Multi.createFrom().iterable(incomplete)
                .onItem().transformToUniAndConcatenate(systemId -> topics.ensure(systemId)
                        .map(presence -> presence.filter(TopicPresence::complete).map(ignored -> systemId)))
                .filter(Optional::isPresent).map(Optional::get)
                .collect().asList();
    }
}
