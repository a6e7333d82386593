package dev.heed.dsr.export;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Leader-only: deletes packages whose time is up, their unsent links, and the parts of closed
 * requests (their content lives on in the package until it expires).
 */
@ApplicationScoped
public class PackageExpiryJob extends LeaderJob<Integer> {

    public static final String NAME = "export-package-expiry";

    private final ExportPackages packages;

    PackageExpiryJob(Leadership leadership, ExportPackages packages) {
        super(NAME, leadership);
        this.packages = packages;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.exports.expiry.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of rows it deleted. */
    @Override
    protected Uni<Integer> batch() {
        return packages.deleteExpired();
    }
}
