"""Schema 5: reporting — the monthly narrative, packets generated, WeChat disclosures."""

_AUDIT = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
"""

SQL = f"""
CREATE TABLE monthly_narrative (
    id INTEGER PRIMARY KEY,
    month TEXT NOT NULL UNIQUE CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    work_by_area TEXT NOT NULL DEFAULT '',
    case_story TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    next_plan TEXT NOT NULL DEFAULT '',
    photos TEXT NOT NULL DEFAULT '[]',
    {_AUDIT}
);

-- Every packet generated: what was produced, when, by whom, its hash. Never edited.
CREATE TABLE packet (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'month' CHECK (kind IN ('month', 'half', 'year', 'quarter')),
    period TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    generated_at TEXT NOT NULL,
    generated_on TEXT NOT NULL,
    worker_name TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    encrypted INTEGER NOT NULL DEFAULT 0,
    masked INTEGER NOT NULL DEFAULT 1,
    row_counts TEXT NOT NULL DEFAULT '{{}}',
    {_AUDIT},
    UNIQUE (kind, period, version)
);

CREATE TABLE disclosure (
    id INTEGER PRIMARY KEY,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL CHECK (period_end >= period_start),
    text TEXT NOT NULL,
    posted_on TEXT,
    {_AUDIT}
);
"""
