-- The callback outbox: one row per status change and callback URL, written in the transaction of
-- the change; the leader POSTs the exact body, signed, until the controller answers 2xx. Delivered
-- rows are kept for operators (no personal data: the body names ids and statuses only).
create table opendsr_callback (
    -- Delivery order per request and URL.
    id bigserial primary key,
    subject_request_id uuid not null references opendsr_request (subject_request_id),
    controller_id text not null,
    url text not null,
    request_status text not null,
    body bytea not null,
    created_at timestamptz not null,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at timestamptz,
    -- The last failure: an HTTP status or the kind of I/O error, never a response body.
    last_error text
);

create index opendsr_callback_due on opendsr_callback (next_attempt_at) where delivered_at is null;
create index opendsr_callback_request on opendsr_callback (subject_request_id, url, id);
