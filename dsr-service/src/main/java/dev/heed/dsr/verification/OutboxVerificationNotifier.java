package dev.heed.dsr.verification;

import dev.heed.platform.outbox.CallerTransaction;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Leaves the code in {@code verification_notice}, in the challenge's transaction, for a mail or
 * SMS sender to pick up. Nothing with the code goes to Kafka: topics are kept for days and read
 * by many.
 */
@ApplicationScoped
@DefaultBean
public class OutboxVerificationNotifier implements VerificationNotifier {

    private final Clock clock;

    OutboxVerificationNotifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Void> send(VerificationMessage message) {
        VerificationNotice notice = VerificationNotice.of(message, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return CallerTransaction.session().chain(session -> session.persist(notice));
    }
}
