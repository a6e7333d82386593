package dev.heed.events;

import static dev.heed.events.Application.AUDIT_SERVICE;
import static dev.heed.events.Application.CONSENT_SERVICE;
import static dev.heed.events.Application.DOWNSTREAM_SYSTEM;
import static dev.heed.events.Application.DSR_SERVICE;
import static dev.heed.events.Application.RETENTION_SERVICE;

import dev.heed.events.audit.SignedTreeHead;
import dev.heed.events.consent.ConsentDecision;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.dsr.OptOutRequested;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.SubjectErased;
import dev.heed.events.dsr.VendorAnswered;
import dev.heed.events.operator.OperatorAction;
import dev.heed.events.purpose.Purpose;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.retention.HoldReleased;
import dev.heed.events.retention.LegalHold;
import dev.heed.events.retention.PurgeRun;
import dev.heed.events.retention.RetentionPolicy;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every CloudEvents type Heed publishes: its topic, payload, JSON Schema and producers. */
public enum EventType {
    SYSTEM_REGISTERED("dev.heed.registry.system-registered.v1", Topics.SYSTEMS, SystemRegistration.class, DSR_SERVICE),
    DIRECTIVE_ISSUED("dev.heed.directive.issued.v1", Topics.DIRECTIVES_CHANNEL, DirectiveIssued.class,
            CONSENT_SERVICE, DSR_SERVICE, RETENTION_SERVICE),
    DIRECTIVE_ACKNOWLEDGED("dev.heed.directive.acknowledged.v1", Topics.ACKS_CHANNEL, DirectiveAcknowledgement.class,
            DOWNSTREAM_SYSTEM),
    PURPOSE_PUBLISHED("dev.heed.purpose.published.v1", Topics.PURPOSES, Purpose.class, CONSENT_SERVICE),
    CONSENT_GRANTED("dev.heed.consent.granted.v1", Topics.CONSENT_EVENTS, ConsentDecision.class, CONSENT_SERVICE),
    CONSENT_DENIED("dev.heed.consent.denied.v1", Topics.CONSENT_EVENTS, ConsentDecision.class, CONSENT_SERVICE),
    CONSENT_WITHDRAWN("dev.heed.consent.withdrawn.v1", Topics.CONSENT_EVENTS, ConsentDecision.class, CONSENT_SERVICE),
    CONSENT_EXPIRED("dev.heed.consent.expired.v1", Topics.CONSENT_EVENTS, ConsentDecision.class, CONSENT_SERVICE),
    CONSENT_STATE("dev.heed.consent.state.v1", Topics.CONSENT_STATE, ConsentState.class, CONSENT_SERVICE),
    DSR_STATUS_CHANGED("dev.heed.dsr.status-changed.v1", Topics.DSR_EVENTS, RequestStatusChanged.class, DSR_SERVICE),
    DSR_SUBJECT_ERASED("dev.heed.dsr.subject-erased.v1", Topics.DSR_EVENTS, SubjectErased.class, DSR_SERVICE),
    DSR_OPERATOR_ACTION("dev.heed.dsr.operator-action.v1", Topics.DSR_EVENTS, OperatorAction.class, DSR_SERVICE),
    DSR_OPT_OUT_REQUESTED("dev.heed.dsr.opt-out-requested.v1", Topics.DSR_EVENTS, OptOutRequested.class,
            DSR_SERVICE),
    DSR_VENDOR_ANSWERED("dev.heed.dsr.vendor-answered.v1", Topics.DSR_EVENTS, VendorAnswered.class, DSR_SERVICE),
    RETENTION_POLICY_VERSIONED("dev.heed.retention.policy-versioned.v1", Topics.RETENTION_EVENTS,
            RetentionPolicy.class, RETENTION_SERVICE),
    RETENTION_PURGE_RUN_FINISHED("dev.heed.retention.purge-run-finished.v1", Topics.RETENTION_EVENTS,
            PurgeRun.class, RETENTION_SERVICE),
    RETENTION_HOLD_PLACED("dev.heed.retention.hold-placed.v1", Topics.LEGAL_HOLDS, LegalHold.class, RETENTION_SERVICE),
    RETENTION_HOLD_RELEASED("dev.heed.retention.hold-released.v1", Topics.RETENTION_EVENTS, HoldReleased.class,
            RETENTION_SERVICE),
    RETENTION_OPERATOR_ACTION("dev.heed.retention.operator-action.v1", Topics.RETENTION_EVENTS, OperatorAction.class,
            RETENTION_SERVICE),
    AUDIT_TREE_HEAD_SIGNED("dev.heed.audit.tree-head-signed.v1", Topics.AUDIT_HEADS, SignedTreeHead.class,
            AUDIT_SERVICE);

    /** JSON Schemas are published under this base; the jar holds them under {@code /schemas/}. */
    public static final String SCHEMA_BASE = "https://heed.dev/schemas/";

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final String topic;
    private final Class<? extends EventPayload> payload;
    private final Set<Application> producers;

    EventType(String type, String topic, Class<? extends EventPayload> payload, Application... producers) {
        this.type = type;
        this.topic = topic;
        this.payload = payload;
        this.producers = Collections.unmodifiableSet(EnumSet.of(producers[0], producers));
    }

    /** The CloudEvents {@code type}, {@code dev.heed.<area>.<event>.v1}. */
    public String type() {
        return type;
    }

    /** The topic, or for per-system topics the channel address ({@link Topics#DIRECTIVES_CHANNEL}). */
    public String topic() {
        return topic;
    }

    public Class<? extends EventPayload> payload() {
        return payload;
    }

    public Set<Application> producers() {
        return producers;
    }

    /** Classpath resource of the payload's JSON Schema. */
    public String schema() {
        return "/schemas/" + type + ".json";
    }

    /** The CloudEvents {@code dataschema}; also the schema's {@code $id}. */
    public URI dataschema() {
        return URI.create(SCHEMA_BASE + type + ".json");
    }

    public static Optional<EventType> find(String type) {
        return Optional.ofNullable(type).map(BY_TYPE::get);
    }
}
