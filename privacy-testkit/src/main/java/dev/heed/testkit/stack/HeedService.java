package dev.heed.testkit.stack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of Heed's four services as the local stack and the system tests run it.
 *
 * @param environment extra environment variables for this service only, applied over what the
 *     stack sets (e.g. a short job interval for a test); empty for the standard configuration
 */
public record HeedService(String name, int port, String database, Map<String, String> environment) {

    public static final List<HeedService> ALL = List.of(
            new HeedService("consent-service", 8081, "heed_consent"),
            new HeedService("dsr-service", 8082, "heed_dsr"),
            new HeedService("audit-service", 8083, "heed_audit"),
            new HeedService("retention-service", 8084, "heed_retention"));

    public HeedService {
        environment = Map.copyOf(environment);
    }

    /** A service with the standard configuration. */
    public HeedService(String name, int port, String database) {
        this(name, port, database, Map.of());
    }

    /** The runnable Quarkus application the module's build produced. */
    public Path runnableJar(Path projectRoot) {
        return projectRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public HeedService onPort(int otherPort) {
        return new HeedService(name, otherPort, database, environment);
    }

    /** The same service on its own database (tests that must not share state with others). */
    public HeedService onDatabase(String otherDatabase) {
        return new HeedService(name, port, otherDatabase, environment);
    }

    /** The same service with these variables added to its environment (later ones win). */
    public HeedService withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(variables);
        return new HeedService(name, port, database, merged);
    }
}
