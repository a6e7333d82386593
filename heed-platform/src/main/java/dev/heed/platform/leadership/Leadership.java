package dev.heed.platform.leadership;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Leader election among the replicas of one service: the leader is whoever holds a PostgreSQL
 * session advisory lock. The lock lives on a dedicated connection (never one from the pool,
 * which would hand it to other work and keep it past our interest); when that connection is
 * lost, the server releases the lock and this replica stops being leader at once.
 */
public class Leadership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Leadership.class);
    private static final Duration SQL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private final long lockKey;
    private final Duration checkInterval;
    private final MeterRegistry meters;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong terms = new AtomicLong();
    private final ScheduledExecutorService ticker;

    private volatile PgConnection connection;
    private volatile LeaderTerm term;
    private volatile boolean closed;

    public Leadership(String name, Vertx vertx, PgConnectOptions options, long lockKey, Duration checkInterval,
            MeterRegistry meters) {
        this.name = name;
        this.vertx = vertx;
        this.options = new PgConnectOptions(options).setTcpKeepAlive(true);
        this.options.setMetricsName("heed-leadership-" + name);
        this.lockKey = lockKey;
        this.checkInterval = checkInterval;
        this.meters = meters;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "heed-leadership-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        ticker.scheduleWithFixedDelay(this::check, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isLeader() {
        return term != null;
    }

    /** The current term, if this replica leads. */
    public Optional<LeaderTerm> term() {
        return Optional.ofNullable(term);
    }

    /**
     * Runs a scheduled job only on the leader; on any other replica it does nothing and yields
     * an empty result. Every scheduled job of a service goes through here (most through
     * {@link LeaderJob}): each leader run is timed in {@code heed.leader.jobs} by job and outcome,
     * and a failed one is logged before it fails the caller.
     */
    public <T> Uni<Optional<T>> runIfLeader(String job, Supplier<Uni<T>> work) {
        if (!isLeader()) {
            LOG.debugf("%s: not leader, skipping %s", name, job);
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().item(() -> Timer.start(meters))
                .chain(sample -> Uni.createFrom().<T>deferred(work::get).onItemOrFailure().invoke((done, failure) -> {
                    sample.stop(Timer.builder("heed.leader.jobs")
                            .description("Runs of the leader-only jobs, by job and outcome")
                            .tag("job", job).tag("outcome", failure == null ? "done" : "failed")
                            .register(meters));
                    if (failure != null) {
                        LOG.warnf("%s: %s failed, the next run retries: %s", name, job, failure.toString());
                    }
                }))
                .map(Optional::ofNullable);
    }

    /** Registers a listener; if this replica already leads, the listener hears about the current term now. */
    public void addListener(LeadershipListener listener) {
        // On the leadership thread, so the listener hears of each term exactly once.
        ticker.execute(() -> {
            listeners.add(listener);
            LeaderTerm current = term;
            if (current != null) {
                notifyElected(listener, current);
            }
        });
    }

    public void removeListener(LeadershipListener listener) {
        listeners.remove(listener);
    }

    /** Gives up leadership (closing the lock's connection) and stops competing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.execute(() -> lose("closed"));
        ticker.shutdown();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() {
        if (closed) {
            return;
        }
        try {
            if (term != null) {
                confirm();
            } else {
                tryToLead();
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s: leadership check failed: %s", name, e.toString());
            lose("connection check failed");
        }
    }

    private void tryToLead() {
        PgConnection current = connection;
        if (current == null) {
            current = PgConnection.connect(vertx, options).await().atMost(SQL_TIMEOUT);
            PgConnection opened = current;
            opened.closeHandler(() -> onClosed(opened));
            connection = opened;
        }
        boolean locked = current.preparedQuery("select pg_try_advisory_lock($1) as locked")
                .execute(Tuple.of(lockKey))
                .await().atMost(SQL_TIMEOUT)
                .iterator().next().getBoolean("locked");
        if (locked && !closed) {
            LeaderTerm elected = new LeaderTerm(terms.incrementAndGet(), current);
            term = elected;
            LOG.infof("%s: this replica is now the leader (term %d)", name, elected.number());
            for (LeadershipListener listener : listeners) {
                notifyElected(listener, elected);
            }
        }
    }

    private void onClosed(PgConnection closedConnection) {
        if (closed) {
            return;
        }
        ticker.execute(() -> {
            if (connection == closedConnection) {
                lose("connection closed");
            }
        });
    }

    private void confirm() {
        connection.query("select 1").execute().await().atMost(SQL_TIMEOUT);
    }

    private void lose(String why) {
        LeaderTerm lost = term;
        PgConnection held = connection;
        term = null;
        connection = null;
        if (held != null) {
            held.close().subscribe().with(ignored -> { }, failure -> { });
        }
        if (lost != null) {
            LOG.warnf("%s: leadership lost (%s)", name, why);
            for (LeadershipListener listener : listeners) {
                try {
                    listener.revoked(lost);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "%s: listener failed on revocation", name);
                }
            }
        }
    }

    private void notifyElected(LeadershipListener listener, LeaderTerm elected) {
        try {
            listener.elected(elected);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: listener failed on election", name);
        }
    }
}
