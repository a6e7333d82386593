package dev.heed.dsr.registry;

import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered system as the API shows it.
 *
 * @param announcedAt when the system last announced itself (null if it never did)
 * @param clientVersion the privacy-client version it announced with
 * @param topics whether its two topics exist on the broker; null when the broker could not be asked
 * @param openDsrBaseUrl where a vendor reached by OpenDSR receives requests (transport {@code OPENDSR})
 */
public record SystemResponse(String systemId, String name, String ownerTeam, List<String> dataCategories,
        List<String> purposes, List<DirectiveKind> directiveKinds, Transport transport, SystemStatus status,
        Instant registeredAt, Instant updatedAt, Instant announcedAt, String clientVersion, TopicPresence topics,
        String openDsrBaseUrl) {

    static SystemResponse of(RegisteredSystem system) {
        return new SystemResponse(system.systemId, system.name, system.ownerTeam, List.copyOf(system.dataCategories),
                List.copyOf(system.purposes), system.directiveKinds.stream().map(DirectiveKind::valueOf).toList(),
                system.transport, system.status, system.registeredAt, system.updatedAt, system.announcedAt,
                system.clientVersion, null, system.openDsrBaseUrl);
    }

    SystemResponse withTopics(Optional<TopicPresence> presence) {
        return new SystemResponse(systemId, name, ownerTeam, dataCategories, purposes, directiveKinds, transport, status,
                registeredAt, updatedAt, announcedAt, clientVersion, presence.orElse(null), openDsrBaseUrl);
    }
}
