-- The customer notice queue: every message dsr-service sends to a requester (one-time codes,
-- package links, status changes), waiting for the leader's delivery job (dev.heed.dsr.notice).
-- Replaces verification_notice and package_notice, which held codes, links and addresses in clear.
--
-- What a row holds: the destination (e-mail address or phone number) and the message's content
-- (the code or the link, the status and its reason) only sealed: AES-256-GCM with the service's
-- at-rest key (heed.dsr.notices.key, by default heed.dsr.exports.key), a random nonce per row and
-- the row id as associated data. The verification code and the link token themselves are checked
-- against keyed hashes elsewhere (verification_challenge.code_hash, export_package.link_token_hash);
-- the sealed copy exists only so the job can send it and is deleted (nonce and sealed set to null)
-- in the step that marks the row SENT, or when the notice expires or is given up.
-- last_error names the kind of failure only (an exception class, an SMTP status), never the address.
-- Retention: rows are deleted 30 days after created_at (heed.dsr.notices.keep).
drop table verification_notice;
drop table package_notice;

create table customer_notice (
    id              uuid        primary key,
    request_id      uuid        not null,
    kind            text        not null,
    channel         text        not null,
    language        text        not null,
    state           text        not null,
    nonce           bytea,
    sealed          bytea,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    claimed_at      timestamptz,
    last_error      text,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    sent_at         timestamptz,
    constraint customer_notice_channel check (channel in ('EMAIL', 'SMS')),
    constraint customer_notice_state check (state in ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'UNCERTAIN', 'EXPIRED')),
    constraint customer_notice_sealed_until_sent check (state not in ('SENT', 'EXPIRED') or (sealed is null and nonce is null)),
    constraint customer_notice_sent_at check ((state = 'SENT') = (sent_at is not null))
);
create index customer_notice_due on customer_notice (next_attempt_at) where state = 'QUEUED';
create index customer_notice_attention on customer_notice (created_at) where state in ('FAILED', 'UNCERTAIN');
create index customer_notice_request on customer_notice (request_id);
comment on table customer_notice is
    'Notices to requesters. Destination and content sealed (AES-256-GCM) until sent, then deleted. Rows deleted 30 days after created_at.';
comment on column customer_notice.sealed is 'Destination and content, AES-256-GCM; null once sent or expired.';

-- Package link tokens are now keyed hashes (HMAC-SHA256 with the at-rest key) instead of plain
-- SHA-256; links issued before this migration stop working (operators can still download those packages).
comment on table export_package is
    'Encrypted access/portability packages (personal data), until expires_at. Link tokens as keyed hashes (HMAC-SHA256).';
