package dev.heed.events.registry;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.SystemId;
import dev.heed.events.directive.DirectiveKind;
import java.time.Instant;
import java.util.Set;

/**
 * A system in the data map: what it holds, for which purposes, and which directives it handles.
 *
 * @param openDsrBaseUrl the vendor's OpenDSR base URL ({@code <base>/v2/requests}); set exactly when
 *     the transport is {@link Transport#OPENDSR}
 */
public record SystemRegistration(String systemId, String name, String ownerTeam, Set<String> dataCategories,
        Set<String> purposes, Set<DirectiveKind> directiveKinds, Transport transport, SystemStatus status,
        Instant updatedAt, String openDsrBaseUrl) implements EventPayload {

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
        if ((transport == Transport.OPENDSR) != (openDsrBaseUrl != null)) {
            throw new IllegalArgumentException("openDsrBaseUrl is required for OPENDSR and only for it");
        }
        optionalText(openDsrBaseUrl, "openDsrBaseUrl");
    }

    /** A system reached without OpenDSR. */
    public SystemRegistration(String systemId, String name, String ownerTeam, Set<String> dataCategories,
            Set<String> purposes, Set<DirectiveKind> directiveKinds, Transport transport, SystemStatus status,
            Instant updatedAt) {
        this(systemId, name, ownerTeam, dataCategories, purposes, directiveKinds, transport, status, updatedAt, null);
    }

    @Override
    public String kafkaKey() {
        return systemId;
    }
}
