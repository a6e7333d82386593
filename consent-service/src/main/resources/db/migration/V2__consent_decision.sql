-- The consent ledger: every decision of every subject about every purpose, as recorded.
-- Append-only: a row is never updated or deleted; the current state is derived from it (the
-- latest row by sequence per subject and purpose). Holds no raw identifier: subject_key is the
-- HMAC subject key ("k<version>:..."), collector_id is a form/app id or a support agent's user name.
-- Retention: kept for as long as the controller must prove consent (also after erasure, when it
-- is all that remains of the subject).
create table consent_decision (
    -- Commit order per subject and purpose, and the version token a write returns.
    sequence        bigserial   not null,
    id              uuid        not null,
    subject_key     text        not null,
    purpose_id      text        not null,
    purpose_version integer     not null,
    decision        text        not null,
    channel         text        not null,
    collector_id    text,
    notice_version  text,
    expires_at      timestamptz,
    jurisdiction    text,
    gpc             boolean     not null,
    recorded_at     timestamptz not null,
    constraint consent_decision_pk primary key (sequence),
    constraint consent_decision_id_unique unique (id),
    constraint consent_decision_subject_key check (subject_key ~ '^k[0-9]{1,9}:[A-Za-z0-9_-]{43}$'),
    constraint consent_decision_purpose foreign key (purpose_id, purpose_version)
        references purpose_version (purpose_id, version),
    constraint consent_decision_decision check (decision in ('GRANTED', 'DENIED', 'WITHDRAWN', 'EXPIRED')),
    constraint consent_decision_channel check (channel in ('WEB', 'APP', 'SUPPORT_AGENT', 'PHONE', 'EMAIL',
        'IMPORT')),
    constraint consent_decision_expiry check (expires_at is null or decision in ('GRANTED', 'EXPIRED'))
);

-- Current state and history of one subject, per purpose in ledger order.
create index consent_decision_subject_purpose on consent_decision (subject_key, purpose_id, sequence);
-- State at a past instant.
create index consent_decision_subject_time on consent_decision (subject_key, recorded_at);
