"""Schema 4: the operational ledgers (resources and handovers, volunteers, liaison …)."""

# Filled in by its issue before release; an empty step only bumps the version.
SQL = ""
