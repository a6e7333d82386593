package dev.heed.dsr.export;

import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Leader-only: deletes packages whose time is up, their unsent links, and the parts of closed
 * requests (their content lives on in the package until it expires).
 */
@ApplicationScoped
public class PackageExpiryJob {

    public static final String NAME = "export-package-expiry";

    private final Leadership leadership;
    private final ExportPackages packages;

    PackageExpiryJob(Leadership leadership, ExportPackages packages) {
        this.leadership = leadership;
        this.packages = packages;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.exports.expiry.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of rows it deleted. */
    public Uni<Optional<Integer>> run() {
        return leadership.runIfLeader(NAME, packages::deleteExpired);
    }
}
