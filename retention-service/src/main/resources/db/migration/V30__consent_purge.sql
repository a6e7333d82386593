-- Subject-level purges scheduled by consent withdrawals (and expiries): once consent for a purpose
-- ends, the data a CONSENT_WITHDRAWN policy (or one with a grace period) keeps for that purpose is
-- due after the grace period. Subject keys only, no identities. Kept as the proof of what was
-- scheduled, issued or cancelled, and by which policy version, like purge_run.
create table consent_purge (
    id                  uuid        primary key,
    subject_key         text        not null,
    purpose_id          text        not null,
    policy_id           text        not null,
    policy_version      integer     not null,
    data_category       text        not null,
    -- the withdrawal (or expiry) that started it: its decision id and CloudEvents id
    decision_id         uuid        not null,
    event_id            text        not null,
    consent_ended_at    timestamptz not null,
    due_at              timestamptz not null,
    status              text        not null,
    scheduled_at        timestamptz not null,
    -- set while an active legal hold keeps the subject's data: the purge waits for the release
    held_since          timestamptz,
    directive_id        uuid        unique,
    issued_at           timestamptz,
    -- the directive's settlement: COMPLETED or PARTIALLY_COMPLETED, and the records the systems purged
    outcome             text,
    records_affected    bigint,
    settled_at          timestamptz,
    cancelled_at        timestamptz,
    -- the re-grant that made the data needed again
    cancelled_by        uuid,
    -- Redelivery of the same withdrawal, on any replica, schedules nothing new.
    constraint consent_purge_once unique (decision_id, policy_id),
    constraint consent_purge_policy foreign key (policy_id, policy_version)
        references retention_policy_version (policy_id, version),
    constraint consent_purge_status check (status in ('SCHEDULED', 'ISSUED', 'CANCELLED')),
    constraint consent_purge_issued check ((status = 'ISSUED') = (directive_id is not null)),
    constraint consent_purge_outcome check (outcome in ('COMPLETED', 'PARTIALLY_COMPLETED'))
);
create index consent_purge_due on consent_purge (due_at) where status = 'SCHEDULED';
create index consent_purge_subject on consent_purge (subject_key, purpose_id) where status = 'SCHEDULED';
create index consent_purge_status_due on consent_purge (status, due_at);

-- CloudEvents ids of the consent events already applied: a redelivered event changes nothing.
-- Retention: one small row per consent event, kept as long as privacy.consent.events.v1 keeps the
-- event (a record still on the topic can be redelivered); deleting older rows is safe.
create table consent_event_inbox (
    event_id    text        primary key,
    received_at timestamptz not null
);
create index consent_event_inbox_received on consent_event_inbox (received_at);
