-- Subjects that dsr-service reported erased. Placeholder for the consent check; the erasure
-- feature owns this table.
create table erased_subject (
    subject_key text        primary key,
    request_id  uuid        not null,
    erased_at   timestamptz not null,
    recorded_at timestamptz not null
);
