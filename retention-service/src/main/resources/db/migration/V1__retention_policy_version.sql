-- Every version of every retention policy. Append-only: a change is a new row with the next
-- version, who made it and why; the version in force at an instant is the newest one that took
-- effect at or before it. Holds no personal data (changed_by is the administrator's user name).
-- Kept as long as the service runs: it is the proof of which rule applied when.
create table retention_policy_version (
    policy_id       text        not null,
    version         integer     not null,
    data_category   text        not null,
    purpose_id      text,
    system_id       text,
    -- ISO-8601 periods as java.time.Period writes them (P6Y, P30D).
    retain_for      text        not null,
    anchor          text        not null,
    action          text        not null,
    grace_period    text,
    legal_reference text,
    owner           text        not null,
    reason          text,
    changed_by      text        not null,
    effective_at    timestamptz not null,
    -- Two replicas writing the same version at once cannot both win.
    constraint retention_policy_version_pk primary key (policy_id, version),
    constraint retention_policy_id_format check (policy_id ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    constraint retention_policy_version_positive check (version > 0),
    constraint retention_policy_anchor check (anchor in ('COLLECTED', 'LAST_ACTIVITY', 'RELATIONSHIP_ENDED',
        'CONSENT_WITHDRAWN')),
    constraint retention_policy_action check (action in ('DELETE', 'ANONYMISE'))
);

create index retention_policy_version_in_force on retention_policy_version (policy_id, effective_at);
