-- Identity verification of data-subject requests. request_id names a data-subject request of
-- the request lifecycle (migration V2); there is deliberately no foreign key, so verification
-- does not depend on the order in which the two features' tables arrive. Every row is deleted
-- 30 days after its request is closed (the request lifecycle's retention job).

-- The one-time code sent to the requester, as a keyed hash only (HMAC-SHA256 with the
-- server secret heed.dsr.verification.secret, over the request id and the code): a copy of the
-- table cannot be searched for codes without the secret. A new code replaces the old one.
create table verification_challenge (
    request_id    uuid        primary key,
    channel       text        not null,
    code_hash     bytea       not null,
    attempts_used integer     not null,
    max_attempts  integer     not null,
    codes_sent    integer     not null,
    issued_at     timestamptz not null,
    expires_at    timestamptz not null,
    verified_at   timestamptz,
    created_at    timestamptz not null,
    constraint verification_challenge_channel check (channel in ('EMAIL', 'PHONE')),
    constraint verification_challenge_attempts check (attempts_used between 0 and max_attempts),
    constraint verification_challenge_codes_sent check (codes_sent > 0)
);
comment on table verification_challenge is
    'One-time code per data-subject request, hashed (HMAC-SHA256). No personal data. Deleted 30 days after the request closes.';

-- An authenticated operator vouching for a customer whose identity they already verified: the
-- request skips the code. Who, when and why. Deleted with the request's other verification rows.
create table verification_waiver (
    request_id uuid        primary key,
    operator   text        not null,
    reason     text        not null,
    waived_at  timestamptz not null
);
comment on table verification_waiver is
    'Operator waivers of identity verification: operator id and reason. Deleted 30 days after the request closes.';

-- The default notifier's outbox: the message a mail or SMS sender reads, sends, and marks sent.
-- The one place a code exists in clear, because a sender must send it; the code is never logged,
-- published on Kafka or stored anywhere else. The sender clears the code when it sets sent_at.
-- destination is the requester's e-mail address or phone number: personal data, kept 7 days.
create table verification_notice (
    id          uuid        primary key,
    request_id  uuid        not null,
    channel     text        not null,
    destination text        not null,
    code        text,
    expires_at  timestamptz not null,
    created_at  timestamptz not null,
    sent_at     timestamptz,
    constraint verification_notice_channel check (channel in ('EMAIL', 'PHONE')),
    constraint verification_notice_code_cleared_when_sent check (sent_at is null or code is null)
);
create index verification_notice_unsent on verification_notice (created_at) where sent_at is null;
comment on table verification_notice is
    'Codes waiting to be sent, with the destination (personal data). The code is cleared once sent; rows are deleted 7 days after created_at.';
comment on column verification_notice.code is 'The one-time code in clear, until sent: never copy it elsewhere.';
comment on column verification_notice.destination is 'E-mail address or phone number: personal data, never logged.';
