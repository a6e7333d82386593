-- An operator may answer a task by hand for a system handled outside Heed: who did, and their note.
-- Both stay null for a system's own acknowledgement. Retention: as the task.
alter table heed_directives.directive_task add column completed_by text;
alter table heed_directives.directive_task add column completion_note text;
comment on column heed_directives.directive_task.completed_by is
    'The operator (token subject) who answered the task by hand; null when the system acknowledged.';
comment on column heed_directives.directive_task.completion_note is
    'The operator''s note on a task answered by hand (no identities: operators are told so).';
