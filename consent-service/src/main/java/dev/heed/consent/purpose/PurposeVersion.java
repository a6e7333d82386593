package dev.heed.consent.purpose;

import dev.heed.events.purpose.LegalBasis;
import dev.heed.events.purpose.Purpose;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a purpose. Rows are only ever inserted: a change is the next version. */
@Entity
@Table(name = "purpose_version")
@IdClass(PurposeVersion.Key.class)
public class PurposeVersion extends PanacheEntityBase {

    @Id
    @Column(name = "purpose_id")
    public String purposeId;

    @Id
    @Column(name = "version")
    public int version;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "legal_basis", nullable = false)
    public LegalBasis legalBasis;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "data_categories", nullable = false)
    public List<String> dataCategories;

    @Column(name = "requires_reconsent", nullable = false)
    public boolean requiresReconsent;

    @Column(name = "renewal_from_version", nullable = false)
    public int renewalFromVersion;

    /** Processing for it sells or shares personal information: an opt-out of sale or sharing denies it. */
    @Column(name = "sale_or_sharing", nullable = false)
    public boolean saleOrSharing;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    /**
     * The version after {@code latest} (the first when there is none). A first version requires no
     * re-consent: there are no grants to earlier versions.
     */
    static PurposeVersion next(PurposeVersion latest, PurposeDefinition definition, String actor, Instant now) {
        PurposeVersion purpose = new PurposeVersion();
        purpose.purposeId = definition.purposeId();
        purpose.version = latest == null ? 1 : latest.version + 1;
        purpose.name = definition.name();
        purpose.description = definition.description();
        purpose.legalBasis = definition.legalBasis();
        purpose.dataCategories = definition.dataCategories().stream().sorted().toList();
        purpose.requiresReconsent = latest != null && definition.material();
        purpose.renewalFromVersion = purpose.requiresReconsent ? purpose.version
                : latest == null ? 1 : latest.renewalFromVersion;
        purpose.saleOrSharing = definition.saleOrSharing();
        purpose.createdAt = now;
        purpose.createdBy = actor;
        return purpose;
    }

    /** Whether the definition says what this version says (the material flag aside: it qualifies a change). */
    boolean says(PurposeDefinition definition) {
        return name.equals(definition.name()) && description.equals(definition.description())
                && legalBasis == definition.legalBasis() && Set.copyOf(dataCategories).equals(definition.dataCategories())
                && saleOrSharing == definition.saleOrSharing();
    }

    /** The catalogue event's payload. */
    Purpose toEvent() {
        return new Purpose(purposeId, version, name, description, legalBasis, Set.copyOf(dataCategories),
                requiresReconsent, renewalFromVersion, saleOrSharing, createdBy, createdAt);
    }

    /** The primary key: purpose id and version. */
    public static class Key implements Serializable {

        public String purposeId;
        public int version;

        public Key() {
        }

        public Key(String purposeId, int version) {
            this.purposeId = purposeId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && version == key.version && Objects.equals(purposeId, key.purposeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(purposeId, version);
        }
    }
}
