package dev.heed.dsr.export;

import dev.heed.platform.outbox.CallerTransaction;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Leaves the link in {@code package_notice}, in the package's transaction, for a mail sender to
 * pick up. Nothing with the link goes to Kafka: topics are kept for days and read by many.
 */
@ApplicationScoped
@DefaultBean
public class OutboxPackageNotifier implements PackageNotifier {

    private final Clock clock;

    OutboxPackageNotifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Void> send(PackageLink link) {
        PackageNotice notice = PackageNotice.of(link, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return CallerTransaction.session().chain(session -> session.persist(notice));
    }
}
