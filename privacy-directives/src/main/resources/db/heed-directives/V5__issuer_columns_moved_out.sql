-- An export's reference and hash and a manual completion's operator and note only mean something to
-- dsr-service, which keeps them in its own table now (its V13 copies them there first: a service's
-- Flyway runs before the library's schema at start). Other issuers never wrote them.
alter table heed_directives.directive_task drop column export_reference;
alter table heed_directives.directive_task drop column export_sha256;
alter table heed_directives.directive_task drop column completed_by;
alter table heed_directives.directive_task drop column completion_note;
