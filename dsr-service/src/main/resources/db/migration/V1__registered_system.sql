-- The system registry (data map): every downstream system that holds customer data, what it
-- holds, for which purposes, and which directives it handles. A retired system keeps its row
-- (status RETIRED): past directives and audit entries still name it. Holds no personal data.
create table registered_system (
    system_id       text        primary key,
    name            text        not null,
    owner_team      text        not null,
    data_categories text[]      not null,
    purposes        text[]      not null,
    directive_kinds text[]      not null,
    transport       text        not null,
    status          text        not null,
    registered_at   timestamptz not null,
    updated_at      timestamptz not null,
    -- Optimistic lock: two replicas changing one system at once cannot both win.
    version         bigint      not null,
    constraint registered_system_id_format check (system_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    constraint registered_system_transport check (transport in ('KAFKA')),
    constraint registered_system_status check (status in ('ACTIVE', 'RETIRED'))
);
