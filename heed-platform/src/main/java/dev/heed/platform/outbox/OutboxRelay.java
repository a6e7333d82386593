package dev.heed.platform.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.heed.platform.leadership.LeaderTerm;
import dev.heed.platform.leadership.Leadership;
import dev.heed.platform.leadership.LeadershipListener;
import dev.heed.events.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order. Only the leader relays (one relay per service is
 * active at a time), so one key's events keep their order. A notification on insert wakes it
 * early; polling is what guarantees delivery. A row is marked sent only after the broker
 * acknowledged it (acks=all, idempotent producer); a failure in between means the row is
 * published again, with the same CloudEvents id, so consumers de-duplicate by that id.
 *
 * <p>Its SQL runs on the leader's own connection: a relay that lost the lock cannot read or mark
 * another row.
 */
public class OutboxRelay implements LeadershipListener, AutoCloseable {

    public static final String CHANNEL = "heed_platform_outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration SQL_TIMEOUT = Duration.ofSeconds(30);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final String name;
    private final Leadership leadership;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Clock clock;
    private final RelayFaultPoint faults;
    private final List<OutboxDeliveryObserver> observers;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration retryBackoff;
    private final Duration ackTimeout;
    private final ExecutorService worker;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private volatile LeaderTerm term;
    private volatile boolean closed;

    public OutboxRelay(String name, Leadership leadership, Supplier<Producer<String, byte[]>> producers, Clock clock,
            RelayFaultPoint faults, List<OutboxDeliveryObserver> observers, int batchSize, Duration pollInterval,
            Duration retryBackoff, Duration ackTimeout) {
        this.name = name;
        this.leadership = leadership;
        this.producers = producers;
        this.clock = clock;
        this.faults = faults;
        this.observers = List.copyOf(observers);
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.retryBackoff = retryBackoff;
        this.ackTimeout = ackTimeout;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "heed-outbox-relay-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        leadership.addListener(this);
    }

    /** Records this relay instance published (and the broker acknowledged) since it was created. */
    public long published() {
        return published.get();
    }

    /** Publishing attempts that failed and made the relay start over. */
    public long failures() {
        return failures.get();
    }

    public boolean isActive() {
        return term != null;
    }

    @Override
    public void elected(LeaderTerm elected) {
        if (closed) {
            return;
        }
        term = elected;
        worker.execute(() -> run(elected));
    }

    @Override
    public void revoked(LeaderTerm lost) {
        if (term == lost) {
            term = null;
        }
        wake.release();
    }

    @Override
    public void close() {
        closed = true;
        leadership.removeListener(this);
        term = null;
        wake.release();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(ackTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean active(LeaderTerm t) {
        return !closed && term == t;
    }

    private void run(LeaderTerm t) {
        try {
            listen(t);
        } catch (RuntimeException e) {
            // Without notifications the relay still polls.
            LOG.warnf("%s: LISTEN failed, relying on polling: %s", name, e.toString());
        }
        while (active(t)) {
            Producer<String, byte[]> producer = null;
            try {
                producer = producers.get();
                relay(t, producer);
            } catch (Exception e) {
                failures.incrementAndGet();
                if (active(t)) {
                    LOG.errorf("%s: relay stopped and starts again in %s: %s", name, retryBackoff, e.toString());
                }
            } finally {
                if (producer != null) {
                    producer.close(Duration.ofSeconds(5));
                }
            }
            pause(t, retryBackoff);
        }
    }

    private void listen(LeaderTerm t) {
        PgConnection connection = t.connection();
        connection.notificationHandler(notification -> {
            if (CHANNEL.equals(notification.getChannel())) {
                wake.release();
            }
        });
        connection.query("LISTEN " + CHANNEL).execute().await().atMost(SQL_TIMEOUT);
    }

    private void relay(LeaderTerm t, Producer<String, byte[]> producer) throws Exception {
        while (active(t)) {
            wake.drainPermits();
            List<OutboxRow> rows = unsent(t);
            if (rows.isEmpty()) {
                wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                continue;
            }
            Delivery delivery = publish(producer, rows);
            if (!delivery.acknowledged().isEmpty()) {
                faults.afterBrokerAcknowledged(delivery.acknowledged());
                markSent(t, delivery.acknowledged());
                published.addAndGet(delivery.acknowledged().size());
            }
            if (delivery.failure() != null) {
                throw delivery.failure();
            }
        }
    }

    private List<OutboxRow> unsent(LeaderTerm t) {
        List<OutboxRow> rows = new ArrayList<>();
        for (Row row : t.connection()
                .preparedQuery("select id, topic, message_key, event_id, event_type, headers, payload"
                        + " from heed_platform.outbox where sent_at is null order by id limit $1")
                .execute(Tuple.of(batchSize))
                .await().atMost(SQL_TIMEOUT)) {
            String payload = row.getString("payload");
            rows.add(new OutboxRow(row.getLong("id"), row.getString("topic"), row.getString("message_key"),
                    row.getString("event_id"), row.getString("event_type"), headers(row.getString("headers")),
                    payload == null ? null : payload.getBytes(UTF_8)));
        }
        return rows;
    }

    /**
     * Sends the batch pipelined (the idempotent producer keeps each partition's order) and
     * returns the prefix the broker acknowledged; rows after the first failure are sent again
     * later, so nothing overtakes an unacknowledged row for good.
     */
    private Delivery publish(Producer<String, byte[]> producer, List<OutboxRow> rows) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        Exception failure = null;
        for (OutboxRow row : rows) {
            RecordHeaders headers = new RecordHeaders();
            row.headers().forEach((key, value) -> headers.add(key, value.getBytes(UTF_8)));
            try {
                sends.add(producer.send(new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers)));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        int acknowledged = 0;
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
                break;
            } catch (TimeoutException e) {
                failure = e;
                break;
            }
        }
        return new Delivery(List.copyOf(rows.subList(0, acknowledged)), failure);
    }

    private void markSent(LeaderTerm t, List<OutboxRow> rows) {
        PgConnection connection = t.connection();
        Instant now = clock.instant();
        Long[] ids = rows.stream().map(OutboxRow::id).toArray(Long[]::new);
        connection.begin()
                .chain(tx -> connection
                        .preparedQuery("update heed_platform.outbox set sent_at = $1 where id = any($2)")
                        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), ids))
                        .chain(() -> notifyObservers(connection, rows, now))
                        .chain(tx::commit)
                        .onFailure().call(() -> tx.rollback().onFailure().recoverWithNull()))
                .await().atMost(SQL_TIMEOUT);
    }

    private Uni<Void> notifyObservers(PgConnection connection, List<OutboxRow> rows, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (OutboxDeliveryObserver observer : observers) {
            chain = chain.chain(() -> observer.delivered(connection, rows, now));
        }
        return chain;
    }

    private void pause(LeaderTerm t, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (active(t) && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            return EventJson.mapper().readValue(json, HEADERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Delivery(List<OutboxRow> acknowledged, Exception failure) {
    }
}
