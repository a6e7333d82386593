package dev.heed.dsr.notice;

import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Leader-only: sends due notices, then deletes old rows. One replica sends, so nothing goes twice. */
@ApplicationScoped
public class NoticeDeliveryJob {

    public static final String NAME = "notice-delivery";

    private final Leadership leadership;
    private final NoticeDelivery delivery;

    NoticeDeliveryJob(Leadership leadership, NoticeDelivery delivery) {
        this.leadership = leadership;
        this.delivery = delivery;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.notices.delivery.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of notices sent. */
    public Uni<Optional<Integer>> run() {
        return leadership.runIfLeader(NAME, () -> delivery.deliverDue()
                .call(delivery::deleteOld));
    }
}
