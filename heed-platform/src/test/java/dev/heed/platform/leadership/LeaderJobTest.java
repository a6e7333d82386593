package dev.heed.platform.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.heed.testkit.HeedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leader-job template on real PostgreSQL leadership: two replicas compete for one lock. */
class LeaderJobTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration CHECK = Duration.ofMillis(200);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Vertx vertx;
    private Leadership leader;
    private Leadership follower;

    @BeforeEach
    void twoReplicas() {
        vertx = Vertx.vertx();
        HeedInfra infra = HeedInfra.get();
        PgConnectOptions options = PgConnectOptions.fromUri(infra.reactiveUrl("heed_platform_test"))
                .setUser(infra.username()).setPassword(infra.password());
        long lockKey = ThreadLocalRandom.current().nextLong();
        leader = new Leadership("replica-a", vertx, options, lockKey, CHECK, meters);
        leader.start();
        await().atMost(WAIT).until(leader::isLeader);
        follower = new Leadership("replica-b", vertx, options, lockKey, CHECK, meters);
        follower.start();
    }

    @AfterEach
    void close() {
        follower.close();
        leader.close();
        vertx.closeAndAwait();
    }

    @Test
    void onlyTheLeaderRunsTheBatchAndEachRunIsTimedByOutcome() {
        AtomicInteger batches = new AtomicInteger();
        Supplier<Uni<Integer>> batch = () -> Uni.createFrom().item(batches.incrementAndGet());

        assertThat(new Job("test-job", leader, batch).run().await().atMost(WAIT)).contains(1);
        assertThat(new Job("test-job", follower, batch).run().await().atMost(WAIT)).isEmpty();
        assertThat(batches).hasValue(1);
        assertThat(meters.get("heed.leader.jobs").tags("job", "test-job", "outcome", "done").timer().count())
                .isEqualTo(1);

        Job failing = new Job("failing-job", leader, () -> Uni.createFrom().failure(new IllegalStateException("down")));
        assertThatThrownBy(() -> failing.run().await().atMost(WAIT)).hasMessage("down");
        assertThat(meters.get("heed.leader.jobs").tags("job", "failing-job", "outcome", "failed").timer().count())
                .isEqualTo(1);
    }

    @Test
    void oneByOneCountsWhatItHandledAndGoesOnPastAFailure() {
        List<Integer> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        Job job = new Job("one-by-one", leader, null);
        Uni<Integer> count = job.oneByOne(List.of(1, 2, 3, 4), item -> {
            if (item == 2) {
                return Uni.createFrom().failure(new IllegalStateException("item 2 fails"));
            }
            handled.add(item);
            return Uni.createFrom().item(item != 4);
        }, item -> "item " + item);

        assertThat(count.await().atMost(WAIT)).isEqualTo(2);
        assertThat(handled).containsExactly(1, 3, 4);
    }

    @Test
    void aJobOfAReplicaThatLostLeadershipDoesNothing() {
        AtomicInteger batches = new AtomicInteger();
        Job job = new Job("handover", follower, () -> Uni.createFrom().item(batches.incrementAndGet()));
        leader.close();
        await().atMost(WAIT).until(follower::isLeader);

        assertThat(job.run().await().atMost(WAIT)).isEqualTo(Optional.of(1));
        assertThat(new Job("handover", leader, () -> Uni.createFrom().item(batches.incrementAndGet())).run()
                .await().atMost(WAIT)).isEmpty();
    }

    private static final class Job extends LeaderJob<Integer> {

        private final Supplier<Uni<Integer>> batch;

        Job(String name, Leadership leadership, Supplier<Uni<Integer>> batch) {
            super(name, leadership);
            this.batch = batch;
        }

        @Override
        protected Uni<Integer> batch() {
            return batch.get();
        }
    }
}
