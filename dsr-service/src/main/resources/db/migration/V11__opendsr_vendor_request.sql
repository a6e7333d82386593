-- One OpenDSR request per task of a vendor reached by OpenDSR (registered_system.transport OPENDSR):
-- what dsr-service sent the vendor and what the vendor last said. The task itself (and its answer)
-- stays in heed_directives.directive_task; this row is only the HTTP side. Holds no identity (the
-- identities are read from the task's rendered directive when the request is sent).
-- Retention: ids, states and times only; no job deletes these rows yet (like the directive records).
create table opendsr_vendor_request (
    -- Derived from the directive id and the system id (a lowercase v4 UUID), so a retry is the same request.
    subject_request_id  uuid        primary key,
    task_id             uuid        not null unique,
    directive_id        uuid        not null,
    system_id           text        not null,
    -- SENDING until the vendor accepted it (201, signed); ACCEPTED while it works; ANSWERED once it
    -- completed or cancelled; UNSENDABLE when the directive carries no identity OpenDSR can express.
    state               text        not null,
    attempts            integer     not null default 0,
    next_attempt_at     timestamptz not null,
    -- Why the last attempt failed (HTTP status, refused signature...); never an identity.
    last_failure        text,
    accepted_at         timestamptz,
    expected_completion_time timestamptz,
    -- The last request_status the vendor reported with a valid signature.
    vendor_status       text,
    vendor_status_at    timestamptz,
    created_at          timestamptz not null,
    constraint opendsr_vendor_request_state check (state in ('SENDING', 'ACCEPTED', 'ANSWERED', 'UNSENDABLE'))
);
create index opendsr_vendor_request_due_idx on opendsr_vendor_request (next_attempt_at)
    where state in ('SENDING', 'ACCEPTED');
