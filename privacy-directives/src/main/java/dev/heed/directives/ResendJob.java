package dev.heed.directives;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.EventJson;
import dev.heed.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Leader-only: queues an unanswered task again once {@code heed.directives.resend.after} has
 * passed since it was last queued. The re-send is the same event — same directive id, same
 * CloudEvents id — so a system that already handled it answers again with its stored
 * acknowledgement. A task whose previous send still waits in the outbox is left alone.
 */
@ApplicationScoped
class ResendJob extends LeaderJob<Integer> {

    public static final String NAME = "directive-resend";
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final EventOutbox outbox;
    private final Clock clock;
    private final DirectivesConfig config;

    ResendJob(Leadership leadership, EventOutbox outbox, Clock clock, DirectivesConfig config) {
        super(NAME, leadership);
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.directives.resend.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of tasks queued again. */
    @Override
    protected Uni<Integer> batch() {
        Instant now = clock.instant();
        Instant lastQueuedBefore = now.minus(config.resend().after());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createSelectionQuery("from DirectiveTaskRow t where t.state = :pending"
                        + " and t.lastQueuedAt <= :cutoff and t.deadline > :now and t.eventPayload is not null"
                        + " order by t.lastQueuedAt", DirectiveTaskRow.class)
                .setParameter("pending", TaskState.PENDING)
                .setParameter("cutoff", lastQueuedBefore)
                .setParameter("now", now)
                .setMaxResults(config.resend().batchSize())
                // Locks the tasks so a concurrent acknowledgement waits instead of being overwritten.
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()
                .chain(tasks -> outbox.waiting(tasks.stream().map(task -> task.id().toString()).toList())
                        .chain(queued -> {
                    List<DirectiveTaskRow> due = tasks.stream()
                            .filter(task -> !queued.contains(task.id().toString()))
                            .toList();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (DirectiveTaskRow task : due) {
                        chain = chain.chain(() -> outbox.append(task.topic(), task.messageKey(), task.id().toString(),
                                        EventType.DIRECTIVE_ISSUED.type(), headers(task.eventHeaders()),
                                        task.eventPayload()))
                                .invoke(() -> task.requeued(now));
                    }
                    return chain.replaceWith(due.size());
                }))));
    }

    private static Map<String, String> headers(String json) {
        try {
            return EventJson.mapper().readValue(json, HEADERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
