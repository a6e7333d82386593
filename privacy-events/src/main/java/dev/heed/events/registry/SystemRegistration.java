package dev.heed.events.registry;

import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.SystemId;
import dev.heed.events.directive.DirectiveKind;
import java.time.Instant;
import java.util.Set;

/** A system in the data map: what it holds, for which purposes, and which directives it handles. */
public record SystemRegistration(String systemId, String name, String ownerTeam, Set<String> dataCategories,
        Set<String> purposes, Set<DirectiveKind> directiveKinds, Transport transport, SystemStatus status,
        Instant updatedAt) implements EventPayload {

    public SystemRegistration {
        SystemId.validate(systemId);
        text(name, "name");
        text(ownerTeam, "ownerTeam");
        dataCategories = set(dataCategories);
        purposes = set(purposes);
        directiveKinds = set(directiveKinds);
        required(transport, "transport");
        required(status, "status");
        required(updatedAt, "updatedAt");
    }

    @Override
    public String kafkaKey() {
        return systemId;
    }
}
