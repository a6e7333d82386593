-- Purge runs: one policy version enforced for one window (e.g. one day). The unique constraint,
-- not a check before inserting, makes sure no replica, schedule or operator issues the same purge
-- twice. Holds no personal data; kept as the proof of what was purged, when and by which policy.
create table purge_run (
    id             uuid        not null primary key,
    policy_id      text        not null,
    policy_version integer     not null,
    window_start   timestamptz not null,
    data_category  text        not null,
    action         text        not null,
    cutoff         timestamptz not null,
    trigger        text        not null,
    started_by     text        not null,
    state          text        not null,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    constraint purge_run_once unique (policy_id, policy_version, window_start),
    constraint purge_run_policy foreign key (policy_id, policy_version)
        references retention_policy_version (policy_id, version),
    constraint purge_run_trigger check (trigger in ('SCHEDULE', 'ON_DEMAND')),
    constraint purge_run_state check (state in ('RUNNING', 'COMPLETED', 'PARTIALLY_COMPLETED'))
);

create index purge_run_started on purge_run (started_at);

-- Each system's part of a run: its directive and, once settled, its answer.
create table purge_run_part (
    run_id           uuid        not null references purge_run (id),
    system_id        text        not null,
    directive_id     uuid        unique,
    -- null while the directive is open
    result           text,
    records_affected bigint,
    settled_at       timestamptz,
    constraint purge_run_part_pk primary key (run_id, system_id),
    constraint purge_run_part_result check (result in ('DONE', 'NOT_APPLICABLE', 'FAILED', 'UNANSWERED', 'HELD'))
);
