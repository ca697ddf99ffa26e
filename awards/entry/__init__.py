"""Steps 1–2 in the browser — `nhap-lieu/…`: the TDP's household list, one household per
screen (the household's self-assessment, step 1, and the TDP team's scoring, step 2), the
register changes a team makes while keying in (through households.register), the
cultural-house checklist (R7), the TDP summary with the step-3 submit button, and each
household's history. urls → views (thin) → services; templates in templates/awards/entry/."""
