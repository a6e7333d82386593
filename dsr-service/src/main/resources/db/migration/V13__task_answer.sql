-- What dsr-service keeps about a system's answer beyond the directive library's task: the export
-- it acknowledged (reference and hash; the data itself is in export_part) and, for a system handled
-- by hand, the operator who answered and their note. One row per task: directive and system.
-- Before V13 the library's heed_directives.directive_task held these columns: they are copied here,
-- and the library's V5 drops them afterwards (a service's Flyway runs before the library's schema
-- at start; on a new database heed_directives does not exist yet and there is nothing to copy).
-- Retention: kept with the request as proof of how it was answered, like subject_request; ids,
-- hashes and an operator's note only (operators are told to write no identities in it).
create table task_answer (
    id               uuid        primary key,
    directive_id     uuid        not null,
    system_id        text        not null,
    export_reference text,
    export_sha256    text,
    completed_by     text,
    completion_note  text,
    unique (directive_id, system_id)
);
comment on table task_answer is
    'dsr-service''s part of a system''s answer to a directive task: the acknowledged export, or who answered by hand and why.';
comment on column task_answer.completed_by is
    'The operator (token subject) who answered the task by hand; null when the system acknowledged.';
comment on column task_answer.completion_note is
    'The operator''s note on a task answered by hand (no identities: operators are told so).';

do $$
begin
    if exists (select 1 from information_schema.columns where table_schema = 'heed_directives'
            and table_name = 'directive_task' and column_name = 'completion_note') then
        insert into task_answer (id, directive_id, system_id, export_reference, export_sha256, completed_by,
                completion_note)
            select gen_random_uuid(), directive_id, system_id, export_reference, export_sha256, completed_by, completion_note
            from heed_directives.directive_task
            where export_reference is not null or export_sha256 is not null or completed_by is not null
                or completion_note is not null;
    end if;
end
$$;
