"""Step 4, the standing office's review — `review/…`: the list of dossiers of a phase, one
dossier (return with a comment, approve, reopen, reopen a window), a ward correction of one
resident's score (R10, with a reason), the audit, freezing the phase's results (R13).
urls → views (thin) → services; refusals are awards.procedure's ProcedureError; templates
in templates/awards/review/."""
