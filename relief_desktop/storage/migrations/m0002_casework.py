"""Schema 2: casework (cases, assessments, aid plans, service records, closure, surveys)."""

# Filled in by its issue before release; an empty step only bumps the version.
SQL = ""
