package dev.heed.dsr.notice;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Leader-only: sends due notices, then deletes old rows. One replica sends, so nothing goes twice. */
@ApplicationScoped
public class NoticeDeliveryJob extends LeaderJob<Integer> {

    public static final String NAME = "notice-delivery";

    private final NoticeDelivery delivery;

    NoticeDeliveryJob(Leadership leadership, NoticeDelivery delivery) {
        super(NAME, leadership);
        this.delivery = delivery;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.notices.delivery.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of notices sent. */
    @Override
    protected Uni<Integer> batch() {
        return delivery.deliverDue()
                .call(delivery::deleteOld);
    }
}
