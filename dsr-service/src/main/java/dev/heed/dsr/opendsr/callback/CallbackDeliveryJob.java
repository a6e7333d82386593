package dev.heed.dsr.opendsr.callback;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.opendsr.OpenDsrConfig;
import dev.heed.dsr.opendsr.ProcessorSigning;
import dev.heed.dsr.opendsr.OpenDsrHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Leader-only: POSTs due callbacks, signed over their stored bytes, in order per request and URL (a
 * later status waits for an earlier one). A failure is retried with exponential backoff; one failing
 * {@code failing-after} times in a row shows in {@code heed.opendsr.callbacks.failing} (per
 * controller) and in {@code GET /api/v1/opendsr/callbacks?failing=true}.
 */
@ApplicationScoped
public class CallbackDeliveryJob extends LeaderJob<Integer> {

    public static final String NAME = "opendsr-callbacks";
    private static final Logger LOG = Logger.getLogger(CallbackDeliveryJob.class);
    private static final int BATCH = 50;

    private final ProcessorSigning signing;
    private final OpenDsrConfig.Callbacks config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final MultiGauge failing;
    private final HttpClient http;

    CallbackDeliveryJob(Leadership leadership, ProcessorSigning signing, OpenDsrConfig config, Clock clock,
            MeterRegistry meters) {
        super(NAME, leadership);
        this.signing = signing;
        this.config = config.callbacks();
        this.clock = clock;
        this.meters = meters;
        this.failing = MultiGauge.builder("heed.opendsr.callbacks.failing")
                .description("OpenDSR callbacks that failed failing-after times in a row and are still retried")
                .register(meters);
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.opendsr.callbacks.every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of callbacks delivered. */
    @Override
    public Uni<Optional<Integer>> run() {
        if (!signing.enabled()) {
            return Uni.createFrom().item(Optional.of(0));
        }
        if (!isLeader()) {
            // Followers report no failing callbacks: only the leader delivers them.
            failing.register(List.of(), true);
        }
        return super.run();
    }

    @Override
    protected Uni<Integer> batch() {
        return deliverDue().call(this::refreshFailing);
    }

    private Uni<Integer> deliverDue() {
        return Panache.withSession(() -> OpenDsrCallback.<OpenDsrCallback>find(
                        "deliveredAt is null and nextAttemptAt <= ?1 and not exists (select 1 from OpenDsrCallback e"
                                + " where e.subjectRequestId = subjectRequestId and e.url = url"
                                + " and e.deliveredAt is null and e.id < id) order by id", clock.instant())
                        .page(0, BATCH).list())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(this::deliver)
                        .collect().with(Collectors.summingInt(delivered -> delivered ? 1 : 0)));
    }

    private Uni<Boolean> deliver(OpenDsrCallback callback) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(callback.url))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .headers(OpenDsrHeaders.signed(signing, callback.body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body))
                .build();
        // The HTTP client completes on its own threads; the database work goes back to this Vert.x context.
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .map(response -> response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode())
                .onFailure().recoverWithItem(failure -> failure.getClass().getSimpleName())
                .chain(error -> record(callback.id, error))
                .invoke(delivered -> Counter.builder("heed.opendsr.callbacks.attempts")
                        .description("OpenDSR callback deliveries tried, by controller and outcome")
                        .tags(Tags.of("controller", callback.controllerId, "outcome", delivered ? "delivered" : "failed"))
                        .register(meters).increment());
    }

    private Uni<Boolean> record(Long id, String error) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> OpenDsrCallback.<OpenDsrCallback>findById(id).map(callback -> {
            callback.attempts++;
            if (error == null) {
                callback.deliveredAt = now;
                callback.lastError = null;
            } else {
                callback.lastError = error;
                callback.nextAttemptAt = now.plus(backoff(callback.attempts));
                LOG.warnf("OpenDSR callback %d of request %s to controller %s failed (%s), attempt %d",
                        callback.id, callback.subjectRequestId, callback.controllerId, error, callback.attempts);
            }
            return error == null;
        }));
    }

    /** first-retry-after doubled per failed attempt, at most max-retry-after. */
    Duration backoff(int attempts) {
        Duration wait = config.firstRetryAfter();
        for (int i = 1; i < attempts && wait.compareTo(config.maxRetryAfter()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxRetryAfter()) < 0 ? wait : config.maxRetryAfter();
    }

    private Uni<Void> refreshFailing(Integer delivered) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                        .createSelectionQuery("select c.controllerId, count(c) from OpenDsrCallback c"
                                + " where c.deliveredAt is null and c.attempts >= :failing group by c.controllerId",
                                Object[].class)
                        .setParameter("failing", config.failingAfter())
                        .getResultList()))
                .invoke(rows -> failing.register(rows.stream()
                        .map(row -> MultiGauge.Row.of(Tags.of("controller", (String) row[0]), ((Number) row[1]).longValue()))
                        .collect(Collectors.<MultiGauge.Row<?>>toList()), true))
                .replaceWithVoid();
    }
}
