"""Schema 8: sign-in. Each team member's password as an argon2id hash (never the password),
with the count of wrong attempts since the last good one and when the next try is allowed."""

SQL = """
CREATE TABLE worker_secret (
    worker_id INTEGER PRIMARY KEY REFERENCES worker (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    retry_after TEXT,
    changed_at TEXT NOT NULL
);
"""
