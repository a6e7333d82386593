package dev.heed.testkit.kafka;

import dev.heed.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Heed's fixed topics on a broker the way a deployment does before the services start:
 * compacted where the design says so. A topic the broker created on first use would delete old
 * records instead, and a reader that starts before it exists would only find it later.
 */
public final class HeedTopics {

    public static final int PARTITIONS = 3;

    private HeedTopics() {
    }

    public static void ensure(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : Topics.fixed()) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, PARTITIONS, (short) 1).configs(Topics.compacted().contains(name)
                            ? Map.of("cleanup.policy", "compact")
                            : Map.of()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            // Another JVM sharing the broker created one first.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create Heed's topics", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create Heed's topics in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
