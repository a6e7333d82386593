package dev.heed.directives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecipientSelectionTest {

    private static SystemRegistration system(String id, Set<String> categories, Set<String> purposes,
            Set<DirectiveKind> kinds, SystemStatus status) {
        return new SystemRegistration(id, id, "team", categories, purposes, kinds, Transport.KAFKA, status,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private final List<SystemRegistration> systems = List.of(
            system("crm", Set.of("contact", "orders"), Set.of("marketing", "service"),
                    Set.of(DirectiveKind.ERASE, DirectiveKind.STOP_PROCESSING), SystemStatus.ACTIVE),
            system("billing", Set.of("payment", "contact"), Set.of("billing"), Set.of(DirectiveKind.ERASE),
                    SystemStatus.ACTIVE),
            system("ads", Set.of("behaviour"), Set.of("marketing"), Set.of(DirectiveKind.STOP_PROCESSING),
                    SystemStatus.ACTIVE),
            system("legacy", Set.of("contact"), Set.of("marketing"), Set.of(DirectiveKind.values()),
                    SystemStatus.RETIRED));

    @Test
    void matchesByKindPurposeAndAnyDataCategory() {
        assertThat(ids(SystemRegistryView.select(systems, DirectiveKind.ERASE, null, Set.of())))
                .containsExactly("billing", "crm");
        assertThat(ids(SystemRegistryView.select(systems, DirectiveKind.STOP_PROCESSING, "marketing", Set.of())))
                .containsExactly("ads", "crm");
        assertThat(ids(SystemRegistryView.select(systems, DirectiveKind.ERASE, null, Set.of("payment"))))
                .containsExactly("billing");
        assertThat(ids(SystemRegistryView.select(systems, DirectiveKind.STOP_PROCESSING, "marketing",
                Set.of("orders")))).containsExactly("crm");
        assertThat(SystemRegistryView.select(systems, DirectiveKind.EXPORT, null, Set.of())).isEmpty();
    }

    private static List<String> ids(List<SystemRegistration> selected) {
        return selected.stream().map(SystemRegistration::systemId).toList();
    }
}
