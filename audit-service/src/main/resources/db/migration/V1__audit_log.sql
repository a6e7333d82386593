-- What the consumers received and the appender has not appended yet. Any replica writes here;
-- duplicates (same CloudEvents source and id) are ignored, and the appender drops any that are
-- already in the log. A row is deleted in the transaction that appends it.
-- Holds no raw identifier: record is the stored record, identity values already redacted.
create table intake (
    -- Intake order: the appender appends in this order.
    seq          bigserial   not null,
    event_source text        not null,
    event_id     text        not null,
    record       text        not null,
    received_at  timestamptz not null,
    constraint intake_pk primary key (seq),
    constraint intake_event_unique unique (event_source, event_id)
);

-- The append-only log: one row per leaf, leaf indices 0, 1, 2, ... without gaps.
-- record is the RFC 8785 canonical JSON of the stored record, exactly the bytes its leaf hash
-- covers; the other columns are copies of its fields, for queries (topic is null for entries the
-- service writes itself, such as audit queries).
-- Retention: kept for as long as the controller must be able to prove what it did (never purged
-- by the service: deleting a leaf would break every later proof).
create table audit_entry (
    leaf_index   bigint      not null,
    event_source text        not null,
    event_id     text        not null,
    event_type   text        not null,
    topic        text,
    -- The subject (CloudEvents subject) and any others the entry is about, e.g. a case hold's.
    subject_keys text[]      not null,
    directive_id text,
    request_id   text,
    actor        text,
    event_time   timestamptz not null,
    appended_at  timestamptz not null,
    record       text        not null,
    constraint audit_entry_pk primary key (leaf_index),
    constraint audit_entry_leaf_index check (leaf_index >= 0),
    constraint audit_entry_event_unique unique (event_source, event_id)
);

create index audit_entry_subjects on audit_entry using gin (subject_keys);
create index audit_entry_directive on audit_entry (directive_id, leaf_index) where directive_id is not null;
create index audit_entry_request on audit_entry (request_id, leaf_index) where request_id is not null;
create index audit_entry_type on audit_entry (event_type, leaf_index);
create index audit_entry_time on audit_entry (event_time, leaf_index);

-- Perfect Merkle subtree hashes (RFC 6962): level 0 is a leaf's hash, level L index i covers
-- leaves [i * 2^L, (i + 1) * 2^L). Written once, when the subtree becomes complete, in the
-- transaction that appends its last leaf. Any root or proof reads O(log n) rows.
create table tree_node (
    level smallint not null,
    idx   bigint   not null,
    hash  bytea    not null,
    constraint tree_node_pk primary key (level, idx),
    constraint tree_node_hash check (length(hash) = 32)
);

-- The log and its tree are never changed by the service: an update or delete is an error here,
-- and a rewrite by someone who disables this is what signed tree heads expose.
create function audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name;
end
$$;

create trigger audit_entry_append_only before update or delete or truncate on audit_entry
    for each statement execute function audit_append_only();
create trigger tree_node_append_only before update or delete or truncate on tree_node
    for each statement execute function audit_append_only();
