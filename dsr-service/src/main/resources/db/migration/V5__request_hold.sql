-- The legal holds an erasure request waits for (from privacy.legal-holds.v1): the erasure went out
-- telling the systems to keep what these holds cover, and is issued again once all of them are
-- released. matter and reason are copied so the request can name them after the hold is gone.
-- Retention: replaced when the erasure is issued again; a request's rows are kept with it as proof
-- of why it was held (no identities: the subject is the request's subject key).
create table request_hold (
    id         uuid        primary key,
    request_id uuid        not null references subject_request (id),
    hold_id    uuid        not null,
    matter     text        not null,
    reason     text,
    placed_at  timestamptz not null,
    constraint request_hold_once unique (request_id, hold_id)
);
comment on table request_hold is
    'Legal holds an erasure request waits for; replaced when the erasure is issued again, kept with the request.';
