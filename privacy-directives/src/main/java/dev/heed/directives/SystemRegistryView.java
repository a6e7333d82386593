package dev.heed.directives;

import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.view.CompactedTopicView;
import dev.heed.platform.view.DecodingSink;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.registry.SystemStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * This replica's view of the system registry (compacted {@code privacy.systems.v1}): every
 * active system by id. A tombstone or a {@code RETIRED} registration removes a system.
 */
@Singleton
public class SystemRegistryView {

    private static final DecodingSink.Decoder<SystemRegistration> REGISTRATION = DecodingSink.event(
            EventType.SYSTEM_REGISTERED, SystemRegistration.class, SystemRegistration::systemId);

    private final CompactedTopicView<SystemRegistration> view;
    private final boolean enabled;

    SystemRegistryView(KafkaClients kafka, DirectivesConfig config) {
        this.enabled = config.registry().enabled();
        this.view = new CompactedTopicView<>("system-registry", Topics.SYSTEMS,
                kafka.consumer(config.issuer() + "-system-registry"), SystemRegistryView::decode,
                config.registry().partitionRefresh());
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            view.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        view.close();
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Ready once caught up with the registry as it was at start. */
    public boolean isReady() {
        return enabled && view.isReady();
    }

    public Optional<SystemRegistration> system(String systemId) {
        return view.get(systemId);
    }

    public Map<String, SystemRegistration> systems() {
        return view.snapshot();
    }

    /**
     * The systems a directive goes to: active, handling this kind, and holding the data it is
     * about — registered for the purpose (when one is named) and holding at least one of the
     * data categories (when any are named). Sorted by system id.
     *
     * @throws RegistryNotReadyException while the view is still catching up: an incomplete
     *     registry would silently leave systems out
     */
    public List<SystemRegistration> recipients(DirectiveKind kind, String purposeId, Set<String> dataCategories) {
        if (!isReady()) {
            throw new RegistryNotReadyException();
        }
        return select(view.snapshot().values(), kind, purposeId, dataCategories);
    }

    static List<SystemRegistration> select(Collection<SystemRegistration> systems, DirectiveKind kind,
            String purposeId, Set<String> dataCategories) {
        return systems.stream()
                .filter(system -> system.status() == SystemStatus.ACTIVE)
                .filter(system -> system.directiveKinds().contains(kind))
                .filter(system -> purposeId == null || system.purposes().contains(purposeId))
                .filter(system -> dataCategories == null || dataCategories.isEmpty()
                        || system.dataCategories().stream().anyMatch(dataCategories::contains))
                .sorted(Comparator.comparing(SystemRegistration::systemId))
                .toList();
    }

    private static SystemRegistration decode(ConsumerRecord<String, byte[]> record) {
        SystemRegistration registration = REGISTRATION.decode(record);
        return registration.status() == SystemStatus.RETIRED ? null : registration;
    }
}
