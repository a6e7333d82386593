-- OpenDSR 2.0: a request an external controller sent in. It is also a subject_request (request_id);
-- this row keeps what only OpenDSR knows. Kept as long as the subject_request (no personal data:
-- the identities live, and are cleared, on the subject_request).
alter table subject_request drop constraint subject_request_verification;
alter table subject_request add constraint subject_request_verification
    check (verification_method in ('CODE', 'OPERATOR', 'WAIVED'));

create table opendsr_request (
    -- The controller's id for the request (lowercase UUID v4): unique across controllers, so a
    -- duplicate is refused whoever sends it.
    subject_request_id uuid primary key,
    controller_id text not null,
    request_id uuid not null unique references subject_request (id),
    api_version text,
    -- JSON array of the controller's callback URLs.
    status_callback_urls text not null,
    received_at timestamptz not null,
    -- End of the cancellation window: the leader sends the request on to the systems after it.
    release_at timestamptz not null,
    -- The OpenDSR status last reported (pending, in_progress, completed, cancelled).
    reported_status text not null,
    constraint opendsr_request_status check (reported_status in ('pending', 'in_progress', 'completed', 'cancelled'))
);

create index opendsr_request_release on opendsr_request (release_at) where reported_status = 'pending';
create index opendsr_request_controller on opendsr_request (controller_id);
