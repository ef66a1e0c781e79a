"""Schema 3: the bureau's rolls, inspections and the feedback list (入户核查台账)."""

# Filled in by its issue before release; an empty step only bumps the version.
SQL = ""
