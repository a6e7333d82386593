package dev.heed.events;

import dev.heed.events.audit.SignedTreeHead;
import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.ConsentDecision;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.consent.Decision;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.dsr.OptOutRequested;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.dsr.SubjectErased;
import dev.heed.events.dsr.VendorAnswered;
import dev.heed.events.operator.OperatorAction;
import dev.heed.events.purpose.LegalBasis;
import dev.heed.events.purpose.Purpose;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import dev.heed.events.retention.HoldReleased;
import dev.heed.events.retention.HoldScope;
import dev.heed.events.retention.LegalHold;
import dev.heed.events.retention.PurgeRun;
import dev.heed.events.retention.PurgeResult;
import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import dev.heed.events.retention.RetentionPolicy;
import dev.heed.events.retention.SystemPurge;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** One example of every event type, with every field set, so each field's mapping is exercised. */
final class Examples {

    static final Instant AT = Instant.parse("2026-03-01T09:30:00Z");
    static final String SUBJECT = "k1:YOQxWR7gtn8Niiaqy_W3f44LxiE3KMUUBUYEDw7jf1Q";
    static final String OTHER_SUBJECT = "k2:AAAAWR7gtn8Niiaqy_W3f44LxiE3KMUUBUYEDw7jf1Q";
    static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    static final UUID OTHER_ID = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static final String SHA256 = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";

    private Examples() {
    }

    static EventPayload of(EventType type) {
        return switch (type) {
            case SYSTEM_REGISTERED -> new SystemRegistration("crm", "CRM", "sales-platform",
                    Set.of("contact", "behavioural"), Set.of("marketing-email"),
                    Set.of(DirectiveKind.STOP_PROCESSING, DirectiveKind.ERASE, DirectiveKind.EXPORT),
                    Transport.OPENDSR, SystemStatus.ACTIVE, AT, "https://opendsr.crm.example.com/opendsr");
            case DIRECTIVE_ISSUED -> new DirectiveIssued(ID, DirectiveKind.ERASE, "dsr-service", "crm", SUBJECT,
                    Map.of("email", List.of("ada@example.com")), "marketing-email", Set.of("contact"),
                    Map.of("mode", "hard-delete"), OTHER_ID.toString(), AT, AT.plus(Duration.ofDays(30)));
            case DIRECTIVE_ACKNOWLEDGED -> new DirectiveAcknowledgement(ID, "crm", AckOutcome.DONE, 12L,
                    "erased 12 records", "https://exports.example.com/x/" + ID, SHA256, AT.plusSeconds(40));
            case PURPOSE_PUBLISHED -> new Purpose("marketing-email", 2, "Marketing e-mail",
                    "News and offers by e-mail", LegalBasis.CONSENT, Set.of("contact"), true, 2, true, "privacy-admin-1", AT);
            case CONSENT_GRANTED, CONSENT_DENIED, CONSENT_WITHDRAWN, CONSENT_EXPIRED -> new ConsentDecision(ID,
                    SUBJECT, "marketing-email", 2, decisionOf(type), ConsentChannel.SUPPORT_AGENT, "agent-17",
                    "notice-2026-01", AT.plus(Duration.ofDays(365)), "DE", true, AT);
            case CONSENT_STATE -> new ConsentState(SUBJECT, "marketing-email", 2, Decision.GRANTED, ID,
                    AT.plus(Duration.ofDays(365)), true, AT, 4711L);
            case DSR_STATUS_CHANGED -> new RequestStatusChanged(ID, SUBJECT, RequestType.ERASURE, Regulation.GDPR,
                    RequestStatus.VERIFIED, RequestStatus.IN_PROGRESS, "operator-3", "identity verified", AT);
            case DSR_SUBJECT_ERASED -> new SubjectErased(ID, SUBJECT, OTHER_ID, DirectiveOutcome.PARTIALLY_COMPLETED,
                    Set.of("crm", "billing"), Set.of("analytics"), AT);
            case DSR_VENDOR_ANSWERED -> new VendorAnswered(ID, OTHER_ID, "crm", SUBJECT,
                    UUID.fromString("a7551968-d5d6-44b2-9831-815ac9017798"), "completed", 12L, "callback", SHA256,
                    "c2lnbmF0dXJlLWJ5dGVzLW92ZXItdGhlLWJvZHk=", SHA256, "opendsr.crm.example.com", AT);
            case DSR_OPT_OUT_REQUESTED -> new OptOutRequested(ID, SUBJECT, Regulation.CCPA, AT, AT.plusSeconds(1));
            case DSR_OPERATOR_ACTION, RETENTION_OPERATOR_ACTION -> new OperatorAction(ID, "operator-3",
                    "privacy-operator", "task.completed", OTHER_ID.toString(), SUBJECT, "DONE", "crm", AT);
            case RETENTION_POLICY_VERSIONED -> new RetentionPolicy("invoices", 3, "billing", Period.ofYears(10),
                    RetentionAnchor.RELATIONSHIP_ENDED, "HGB §257", "privacy-admin-1", AT, RetentionAction.ANONYMISE,
                    "invoicing", "billing", "finance-team", "period extended by the 2026 tax rule", Period.ofDays(30));
            case RETENTION_PURGE_RUN_FINISHED -> new PurgeRun(ID, "invoices", 3, "billing",
                    AT.minus(Duration.ofDays(3650)), OTHER_ID, DirectiveOutcome.COMPLETED, Set.of("billing"),
                    Set.of("data-lake"), AT, AT.plus(Duration.ofHours(2)), RetentionAction.DELETE,
                    List.of(new SystemPurge("billing", OTHER_ID, PurgeResult.DONE, 120L),
                            new SystemPurge("data-lake", null, PurgeResult.HELD, null)));
            case RETENTION_HOLD_PLACED -> new LegalHold(ID, "case-2026-114", Set.of(SUBJECT, OTHER_SUBJECT),
                    Set.of("billing"), "counsel-2", "pending litigation", AT, HoldScope.CASE,
                    LocalDate.of(2026, 9, 1));
            case RETENTION_HOLD_RELEASED -> new HoldReleased(ID, "counsel-2", "case closed", AT);
            case AUDIT_TREE_HEAD_SIGNED -> new SignedTreeHead(1024, SHA256, "audit-2026-01", "Ed25519",
                    "c2lnbmF0dXJlLWJ5dGVzLWZvci10aGUtdHJlZS1oZWFk", AT, 1023L, List.of(SHA256));
        };
    }

    private static Decision decisionOf(EventType type) {
        return Arrays.stream(Decision.values()).filter(d -> d.eventType() == type).findFirst().orElseThrow();
    }
}
