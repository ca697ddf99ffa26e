"""Dashboards — `dashboard/…`: the ward's (ward roles) and one TDP's (everyone who may see
it): standings (R4–R6), progress of the four steps against their windows (awards.procedure),
per-criterion adoption, and each table as .xlsx (exports.py). Templates in
templates/awards/dashboard/."""
