package dev.heed.platform.leadership;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The template of a scheduled job that runs on the leader only. A job names itself, keeps its
 * own {@code @Scheduled} method (its schedule and configuration key) calling {@link #run()}, and
 * writes only {@link #batch()}: the leader check, the log line of a failed run and the
 * {@code heed.leader.jobs} timer are here, in {@link Leadership#runIfLeader}.
 *
 * @param <T> what one run yields (a count, the names it handled...)
 */
public abstract class LeaderJob<T> {

    private static final Logger LOG = Logger.getLogger(LeaderJob.class);

    private final String name;
    private final Leadership leadership;

    protected LeaderJob(String name, Leadership leadership) {
        this.name = name;
        this.leadership = leadership;
    }

    /** Only for the CDI client proxy of a normal-scoped job, which delegates every call. */
    protected LeaderJob() {
        this(null, null);
    }

    /** Runs once now (on the leader); yields what the batch did, or nothing on any other replica. */
    public Uni<Optional<T>> run() {
        return leadership.runIfLeader(name, this::batch);
    }

    /** One run's work, on the leader. */
    protected abstract Uni<T> batch();

    protected boolean isLeader() {
        return leadership.isLeader();
    }

    /**
     * Handles the items one after the other, each in its own unit of work: one that fails is
     * logged ({@code what} names it without personal data) and holds back no other, and the next
     * run tries it again. Yields how many were handled ({@code step} yielded true).
     */
    protected <I> Uni<Integer> oneByOne(List<I> items, Function<I, Uni<Boolean>> step, Function<I, String> what) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> step.apply(item).onFailure().recoverWithItem(failure -> {
                    LOG.warnf("%s: %s failed, the next run retries: %s", name, what.apply(item), failure.toString());
                    return false;
                }))
                .collect().with(Collectors.summingInt(handled -> handled ? 1 : 0));
    }
}
