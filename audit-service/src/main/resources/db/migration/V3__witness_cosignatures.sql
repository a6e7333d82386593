-- c2sp.org/tlog-witness: the cosignatures witnesses returned for signed heads (a head counts as
-- published once heed.audit.witnessing.required of them are here), and the refusals seen, one row
-- per witness, head and reason so a refusal repeated every round is logged once.
create table witness_cosignature (
    witness     text        not null,
    tree_size   bigint      not null references signed_head (tree_size),
    -- The note signature line as the witness returned it (verified before it is stored).
    line        text        not null,
    cosigned_at timestamptz not null,
    constraint witness_cosignature_pk primary key (witness, tree_size)
);

create index witness_cosignature_size on witness_cosignature (tree_size);

create table witness_refusal (
    witness    text        not null,
    tree_size  bigint      not null,
    reason     text        not null,
    status     integer     not null,
    refused_at timestamptz not null,
    constraint witness_refusal_pk primary key (witness, tree_size, reason)
);
