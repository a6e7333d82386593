package dev.heed.testkit.stack;

import java.nio.file.Path;
import java.util.List;

/** One of Heed's four services as the local stack and the system tests run it. */
public record HeedService(String name, int port, String database) {

    public static final List<HeedService> ALL = List.of(
            new HeedService("consent-service", 8081, "heed_consent"),
            new HeedService("dsr-service", 8082, "heed_dsr"),
            new HeedService("audit-service", 8083, "heed_audit"),
            new HeedService("retention-service", 8084, "heed_retention"));

    /** The runnable Quarkus application the module's build produced. */
    public Path runnableJar(Path projectRoot) {
        return projectRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public HeedService onPort(int otherPort) {
        return new HeedService(name, otherPort, database);
    }
}
