package dev.heed.dsr.registry;

import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of the data map. */
@Entity
@Table(name = "registered_system")
public class RegisteredSystem extends PanacheEntityBase {

    @Id
    @Column(name = "system_id")
    public String systemId;

    @Column(nullable = false)
    public String name;

    @Column(name = "owner_team", nullable = false)
    public String ownerTeam;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "data_categories", nullable = false)
    public List<String> dataCategories;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> purposes;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "directive_kinds", nullable = false)
    public List<String> directiveKinds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Transport transport;

    /** Where a vendor reached by OpenDSR receives requests; {@code null} for the other transports. */
    @Column(name = "opendsr_base_url")
    public String openDsrBaseUrl;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SystemStatus status;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** When the system last announced itself, if it ever did. */
    @Column(name = "announced_at")
    public Instant announcedAt;

    @Column(name = "client_version")
    public String clientVersion;

    @Version
    public long version;

    static RegisteredSystem register(SystemDefinition definition, Instant now) {
        RegisteredSystem system = new RegisteredSystem();
        system.systemId = definition.systemId();
        system.registeredAt = now;
        system.apply(definition, now);
        return system;
    }

    /** Whether the definition would change nothing about an active system. */
    boolean isActiveWith(SystemDefinition definition) {
        return status == SystemStatus.ACTIVE && definition.equals(definition());
    }

    void apply(SystemDefinition definition, Instant now) {
        name = definition.name();
        ownerTeam = definition.ownerTeam();
        dataCategories = sorted(definition.dataCategories());
        purposes = sorted(definition.purposes());
        directiveKinds = definition.directiveKinds().stream().map(DirectiveKind::name).sorted().toList();
        transport = definition.transport();
        openDsrBaseUrl = definition.openDsrBaseUrl();
        status = SystemStatus.ACTIVE;
        updatedAt = now;
    }

    void announced(String version, Instant now) {
        clientVersion = version;
        announcedAt = now;
    }

    void retire(Instant now) {
        status = SystemStatus.RETIRED;
        updatedAt = now;
    }

    SystemDefinition definition() {
        return new SystemDefinition(systemId, name, ownerTeam, Set.copyOf(dataCategories), Set.copyOf(purposes),
                directiveKinds.stream().map(DirectiveKind::valueOf).collect(Collectors.toUnmodifiableSet()),
                transport, openDsrBaseUrl);
    }

    /** The registry event's payload: the system as it now stands. */
    SystemRegistration toRegistration() {
        SystemDefinition definition = definition();
        return new SystemRegistration(systemId, name, ownerTeam, definition.dataCategories(),
                definition.purposes(), definition.directiveKinds(), transport, status, updatedAt, openDsrBaseUrl);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
