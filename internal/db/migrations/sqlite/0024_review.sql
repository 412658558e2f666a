-- Process review (internal/review) and period reports select a procedure's, an agency's or
-- the city's dossiers by submission time (an agency's: dossiers_agency_submitted, 0023).
CREATE INDEX dossiers_procedure_submitted ON dossiers(procedure_code, submitted_at);
CREATE INDEX dossiers_submitted ON dossiers(submitted_at);
