"""Schema 9: the words of a half-year or year-end report that the team writes in the app: a short
overview, the problems met and the plan for the next period (one row per report period)."""

_AUDIT = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
"""

SQL = f"""
CREATE TABLE period_report_text (
    id INTEGER PRIMARY KEY,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL CHECK (period_end >= period_start),
    overview TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    next_plan TEXT NOT NULL DEFAULT '',
    {_AUDIT},
    UNIQUE (period_start, period_end)
);
"""
