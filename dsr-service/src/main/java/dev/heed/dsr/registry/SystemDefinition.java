package dev.heed.dsr.registry;

import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.Transport;
import java.util.Set;

/**
 * What an administrator says about a system, once validated: everything but its lifecycle.
 *
 * @param openDsrBaseUrl the vendor's OpenDSR base URL, exactly when the transport is {@code OPENDSR}
 */
record SystemDefinition(String systemId, String name, String ownerTeam, Set<String> dataCategories,
        Set<String> purposes, Set<DirectiveKind> directiveKinds, Transport transport, String openDsrBaseUrl) {

    SystemDefinition {
        dataCategories = Set.copyOf(dataCategories);
        purposes = Set.copyOf(purposes);
        directiveKinds = Set.copyOf(directiveKinds);
    }

    SystemDefinition withTransport(Transport other, String otherBaseUrl) {
        return new SystemDefinition(systemId, name, ownerTeam, dataCategories, purposes, directiveKinds, other,
                otherBaseUrl);
    }
}
