package dev.heed.dsr.registry;

import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import java.time.Instant;
import java.util.List;

/** A registered system as the API shows it. */
public record SystemView(String systemId, String name, String ownerTeam, List<String> dataCategories,
        List<String> purposes, List<DirectiveKind> directiveKinds, Transport transport, SystemStatus status,
        Instant registeredAt, Instant updatedAt) {

    static SystemView of(RegisteredSystem system) {
        return new SystemView(system.systemId, system.name, system.ownerTeam, List.copyOf(system.dataCategories),
                List.copyOf(system.purposes), system.directiveKinds.stream().map(DirectiveKind::valueOf).toList(),
                system.transport, system.status, system.registeredAt, system.updatedAt);
    }
}
