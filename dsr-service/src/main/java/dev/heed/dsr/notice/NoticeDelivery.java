package dev.heed.dsr.notice;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sends queued notices, at most once each. A run, on the leader only ({@link NoticeDeliveryJob}):
 *
 * <ol>
 * <li>In one transaction: claims that went stale (the job stopped between claiming and recording
 * the outcome) become {@link NoticeState#UNCERTAIN}; notices whose code or link expired unsent
 * lose their content; the due notices are claimed ({@link NoticeState#SENDING}, attempts + 1) and
 * committed <em>before</em> anything is sent.</li>
 * <li>Each claimed notice is rendered and handed to the SMTP server or the SMS sender.</li>
 * <li>A send that succeeded is recorded as {@link NoticeState#SENT} and the content deleted in
 * the same statement; one that failed goes back to {@link NoticeState#QUEUED} with an
 * exponential backoff, or to {@link NoticeState#FAILED} after the last attempt.</li>
 * </ol>
 *
 * <p>The choice for a crash between the SMTP server accepting a message and the SENT commit:
 * nothing re-sends it, because the claim committed first. The notice becomes UNCERTAIN after
 * {@code claim-timeout}, counts in {@code heed_notices_failing} and is listed for the operator, who
 * may queue it again. A customer never receives one code or link twice; a lost one costs a new
 * code (they can ask for one) or an operator's retry.
 *
 * <p>Logs name the notice id, kind, channel and outcome, never the destination or the content.
 */
@ApplicationScoped
public class NoticeDelivery {

    private static final Logger LOG = Logger.getLogger(NoticeDelivery.class);

    private final NoticeQueue queue;
    private final NoticeTemplates templates;
    private final ReactiveMailer mailer;
    private final SmsSender sms;
    private final NoticeConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final AtomicLong failing = new AtomicLong();

    NoticeDelivery(NoticeQueue queue, NoticeTemplates templates, ReactiveMailer mailer, SmsSender sms,
            NoticeConfig config, Clock clock, MeterRegistry metrics) {
        this.queue = queue;
        this.templates = templates;
        this.mailer = mailer;
        this.sms = sms;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        metrics.gauge("heed.notices.failing", failing);
    }

    /** A claimed notice, opened: lives only for one send. */
    private record Claimed(UUID id, NoticeKind kind, NoticeChannel channel, String language, int attempts,
            NoticeContent content) {
    }

    /** One run; yields how many notices were sent. */
    public Uni<Integer> deliverDue() {
        return Panache.withTransaction(this::claim)
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndConcatenate(this::deliver)
                        .collect().asList())
                .map(outcomes -> (int) outcomes.stream().filter(Boolean::booleanValue).count())
                .call(this::refreshFailing);
    }

    private Uni<List<Claimed>> claim() {
        Instant now = now();
        Instant stale = now.minus(config.delivery().claimTimeout());
        return CustomerNotice.update("state = ?1 where state = ?2 and claimedAt <= ?3",
                        NoticeState.UNCERTAIN, NoticeState.SENDING, stale)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.warnf("%d notice(s) were claimed but never recorded as sent: UNCERTAIN, not re-sent", count);
                    }
                })
                .chain(() -> CustomerNotice.update("state = ?1, nonce = null, sealed = null"
                                + " where state in (?2, ?3, ?4) and expiresAt <= ?5", NoticeState.EXPIRED,
                        NoticeState.QUEUED, NoticeState.FAILED, NoticeState.UNCERTAIN, now))
                .chain(() -> CustomerNotice.<CustomerNotice>find("state = ?1 and nextAttemptAt <= ?2 order by nextAttemptAt",
                                NoticeState.QUEUED, now)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, config.delivery().batch()).list())
                .map(due -> due.stream().map(notice -> {
                    notice.state = NoticeState.SENDING;
                    notice.claimedAt = now;
                    notice.attempts++;
                    return new Claimed(notice.id, notice.kind, notice.channel, notice.language, notice.attempts,
                            queue.open(notice));
                }).toList());
    }

    private Uni<Boolean> deliver(Claimed notice) {
        return Uni.createFrom().deferred(() -> send(notice))
                .onItem().transformToUni(sent -> recordSent(notice).replaceWith(true))
                .onFailure().recoverWithUni(failure -> recordFailure(notice, failure).replaceWith(false));
    }

    private Uni<Void> send(Claimed notice) {
        NoticeTemplates.Message message = templates.render(notice.kind(), notice.language(), notice.content().values());
        return switch (notice.channel()) {
            case EMAIL -> mailer.send(Mail.withText(notice.content().destination(), message.subject(), message.body()));
            case SMS -> sms.send(notice.content().destination(), message.subject() + "\n" + message.body());
        };
    }

    private Uni<Void> recordSent(Claimed notice) {
        Instant now = now();
        return Panache.withTransaction(() -> CustomerNotice.update(
                        "state = ?1, sentAt = ?2, nonce = null, sealed = null, lastError = null where id = ?3 and state = ?4",
                        NoticeState.SENT, now, notice.id(), NoticeState.SENDING))
                .invoke(() -> {
                    metrics.counter("heed.notices.sent", "kind", notice.kind().name(), "channel", notice.channel().name())
                            .increment();
                    LOG.infof("notice %s (%s by %s) sent", notice.id(), notice.kind(), notice.channel());
                })
                .replaceWithVoid()
                // The message went out; if the commit failed the claim stays and turns UNCERTAIN.
                .onFailure().invoke(e -> LOG.errorf("notice %s was sent but not recorded (%s): it will show as UNCERTAIN",
                        notice.id(), e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> recordFailure(Claimed notice, Throwable failure) {
        Instant now = now();
        boolean last = notice.attempts() >= config.delivery().maxAttempts();
        Instant next = now.plus(backoff(notice.attempts()));
        String error = errorKind(failure);
        metrics.counter("heed.notices.delivery.failures", "channel", notice.channel().name()).increment();
        LOG.warnf("notice %s (%s by %s), attempt %d, failed (%s): %s", notice.id(), notice.kind(), notice.channel(),
                notice.attempts(), error, last ? "FAILED, for the operator" : "retried at " + next);
        return Panache.withTransaction(() -> CustomerNotice.update(
                        "state = ?1, nextAttemptAt = ?2, lastError = ?3 where id = ?4 and state = ?5",
                        last ? NoticeState.FAILED : NoticeState.QUEUED, next, error, notice.id(), NoticeState.SENDING))
                .replaceWithVoid();
    }

    /** 1x, 2x, 4x ... the configured backoff, capped. */
    Duration backoff(int attempts) {
        Duration base = config.delivery().backoff();
        Duration wait = base.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(config.delivery().maxBackoff()) > 0 ? config.delivery().maxBackoff() : wait;
    }

    /** The kind of failure only: exception messages of mail clients can repeat the address. */
    private static String errorKind(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String name = failure.getClass().getSimpleName();
        return cause == failure ? name : name + " caused by " + cause.getClass().getSimpleName();
    }

    /** Deletes rows older than {@code keep} that are done with (sent, expired, given up). */
    public Uni<Long> deleteOld() {
        Instant cutoff = now().minus(config.keep());
        return Panache.withTransaction(() -> CustomerNotice.delete("createdAt <= ?1 and state in (?2, ?3, ?4, ?5)",
                cutoff, NoticeState.SENT, NoticeState.EXPIRED, NoticeState.FAILED, NoticeState.UNCERTAIN));
    }

    /** {@code heed_notices_failing}: notices that need an operator (FAILED or UNCERTAIN). */
    Uni<Void> refreshFailing() {
        return Panache.withSession(() -> CustomerNotice.count("state in (?1, ?2)", NoticeState.FAILED, NoticeState.UNCERTAIN))
                .invoke(failing::set).replaceWithVoid();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
