-- Every tree head the service signed, also published on privacy.audit.heads.v1 in the same
-- transaction (outbox). Kept here to serve proofs against them; the published copy, outside this
-- database, is what the integrity check trusts. No key material: the private key is a mounted file.
-- Retention: as long as the log (a proof names the head it verifies against).
create table signed_head (
    tree_size        bigint      not null,
    root_hash        bytea       not null,
    signed_at        timestamptz not null,
    key_id           text        not null,
    algorithm        text        not null,
    signature        text        not null,
    -- The previous head's size: the published event carries the leaf hashes from here to tree_size.
    first_leaf_index bigint      not null,
    constraint signed_head_pk primary key (tree_size),
    constraint signed_head_size check (tree_size >= 1 and first_leaf_index >= 0 and first_leaf_index < tree_size),
    constraint signed_head_root check (length(root_hash) = 32)
);

create trigger signed_head_append_only before update or delete or truncate on signed_head
    for each statement execute function audit_append_only();
