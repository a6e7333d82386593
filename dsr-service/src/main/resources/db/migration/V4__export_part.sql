-- Access and portability packages. Every downstream system uploads its part of a subject's data
-- over HTTP; the data never travels on Kafka. Parts and packages are personal data: they are
-- stored only encrypted (AES-256-GCM with the key heed.dsr.exports.key, a random 12-byte nonce per
-- row, and the request id and what the row is as associated data, so a ciphertext copied to
-- another row or request does not decrypt). sha256 is over the plaintext, as the systems acknowledge it.

-- One part per system and directive; a re-upload replaces it while the system's task is open.
-- Retention: deleted by the export expiry job once its request is closed (the package holds what is kept).
create table export_part (
    id           uuid        primary key,
    request_id   uuid        not null,
    directive_id uuid        not null,
    system_id    text        not null,
    content_type text        not null,
    size_bytes   bigint      not null,
    sha256       text        not null,
    nonce        bytea       not null,
    ciphertext   bytea       not null,
    uploaded_at  timestamptz not null,
    constraint export_part_one_per_system unique (directive_id, system_id),
    constraint export_part_sha256 check (sha256 ~ '^[0-9a-f]{64}$'),
    constraint export_part_size check (size_bytes >= 0)
);
create index export_part_request on export_part (request_id);
comment on table export_part is
    'Encrypted export parts uploaded by downstream systems (personal data). Deleted once the request is closed.';

-- The package a request's customer or an operator downloads: one JSON document (manifest and
-- parts), encrypted like the parts. The one-time link's token is stored as its SHA-256 only.
-- Retention: deleted when expires_at has passed (heed.dsr.exports.package-ttl after assembly).
create table export_package (
    request_id       uuid        primary key,
    directive_id     uuid        not null,
    size_bytes       bigint      not null,
    sha256           text        not null,
    nonce            bytea       not null,
    ciphertext       bytea       not null,
    generated_at     timestamptz not null,
    expires_at       timestamptz not null,
    link_token_hash  bytea       not null unique,
    link_used_at     timestamptz,
    constraint export_package_sha256 check (sha256 ~ '^[0-9a-f]{64}$'),
    constraint export_package_expiry check (expires_at > generated_at)
);
create index export_package_expiry on export_package (expires_at);
comment on table export_package is
    'Encrypted access/portability packages (personal data), until expires_at. Link tokens hashed (SHA-256).';

-- The default notifier's outbox: the one-time link a mail sender reads, sends and marks sent. The
-- only place the link exists in clear; never logged or published. The sender clears it when it
-- sets sent_at. destination is the requester's e-mail address (personal data), when one is known;
-- without one an operator hands the link over. Rows are deleted once the package has expired.
create table package_notice (
    id          uuid        primary key,
    request_id  uuid        not null,
    destination text,
    link        text,
    expires_at  timestamptz not null,
    created_at  timestamptz not null,
    sent_at     timestamptz,
    constraint package_notice_link_cleared_when_sent check (sent_at is null or link is null)
);
create index package_notice_unsent on package_notice (created_at) where sent_at is null;
comment on table package_notice is
    'One-time package links waiting to be sent, with the destination (personal data). Deleted when the package expires.';
comment on column package_notice.link is 'The one-time download link in clear, until sent: never copy it elsewhere.';
