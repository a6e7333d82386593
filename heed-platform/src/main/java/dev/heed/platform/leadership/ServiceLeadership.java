package dev.heed.platform.leadership;

import dev.heed.platform.PlatformConfig;
import dev.heed.platform.schema.OwnSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The replica's one {@link Leadership}, competing from start-up (after the schema is migrated) until shutdown. */
@ApplicationScoped
public class ServiceLeadership {

    /** Listeners that start work at start-up register after the leadership exists, at this priority or later. */
    public static final int STARTED = OwnSchema.MIGRATED + 10;

    @Produces
    @Singleton
    Leadership leadership(Vertx vertx, PlatformConfig config, MeterRegistry meters) {
        return new Leadership(config.service(), vertx, connectOptions(config), config.leadership().lockKey(),
                config.leadership().checkInterval(), meters);
    }

    void start(@Observes @Priority(STARTED) StartupEvent event, Leadership leadership) {
        leadership.start();
    }

    void stop(@Observes ShutdownEvent event, Leadership leadership) {
        leadership.close();
    }

    void dispose(@Disposes Leadership leadership) {
        leadership.close();
    }

    /** The leader's connection goes to the service's own database, as the reactive datasource does. */
    public static PgConnectOptions connectOptions(PlatformConfig settings) {
        Config config = ConfigProvider.getConfig();
        String url = settings.leadership().url()
                .or(() -> config.getOptionalValue("quarkus.datasource.reactive.url", String.class))
                .orElseThrow(() -> new IllegalStateException(
                        "set quarkus.datasource.reactive.url (or heed.platform.leadership.url)"));
        PgConnectOptions options = PgConnectOptions.fromUri(firstUri(url));
        Optional<String> user = config.getOptionalValue("quarkus.datasource.username", String.class);
        Optional<String> password = config.getOptionalValue("quarkus.datasource.password", String.class);
        if (options.getUser() == null || options.getUser().isEmpty() || settings.leadership().url().isEmpty()) {
            user.ifPresent(options::setUser);
            password.ifPresent(options::setPassword);
        }
        return options;
    }

    private static String firstUri(String url) {
        String first = url.split(",")[0].trim();
        return first.startsWith("vertx-reactive:") ? first.substring("vertx-reactive:".length()) : first;
    }
}
