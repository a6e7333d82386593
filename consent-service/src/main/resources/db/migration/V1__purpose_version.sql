-- The purpose catalogue: every version of every purpose. Append-only: a change to a purpose's
-- text, legal basis or data categories is a new row with the next version number; a row is never
-- updated or deleted, because consent is recorded against one version and must stay provable.
-- Holds no personal data (created_by is the administrator's user name from the token).
create table purpose_version (
    purpose_id         text        not null,
    version            integer     not null,
    name               text        not null,
    description        text        not null,
    legal_basis        text        not null,
    data_categories    text[]      not null,
    -- Material change: grants given to earlier versions need renewal.
    requires_reconsent boolean     not null,
    created_at         timestamptz not null,
    created_by         text        not null,
    -- Two replicas creating the same version at once cannot both win.
    constraint purpose_version_pk primary key (purpose_id, version),
    constraint purpose_version_id_format check (purpose_id ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    constraint purpose_version_positive check (version > 0),
    constraint purpose_version_legal_basis check (legal_basis in ('CONSENT', 'CONTRACT', 'LEGAL_OBLIGATION',
        'VITAL_INTERESTS', 'PUBLIC_TASK', 'LEGITIMATE_INTERESTS')),
    constraint purpose_version_categories check (cardinality(data_categories) > 0)
);
