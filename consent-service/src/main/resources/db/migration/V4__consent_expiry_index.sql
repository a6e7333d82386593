-- The expiry job looks for grants whose expiry has passed, oldest expiry first; only grants with
-- an expiry are indexed. Whether a grant is still the latest decision is checked through
-- consent_decision_subject_purpose.
create index consent_decision_grant_expiry on consent_decision (expires_at)
    where decision = 'GRANTED' and expires_at is not null;
