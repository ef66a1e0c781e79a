"""Schema 10: the district center edition (区中心). Every street packet imported, each version
kept: the district's figures read the latest version of a street-month, the on-time board the
first. The manifest is kept whole (its figures are what the district reads). district_person: the
keyed ID digests (HMAC-SHA256) and masked names a packet carries, for cross-street people."""

_AUDIT = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
"""

SQL = f"""
CREATE TABLE district_packet (
    id INTEGER PRIMARY KEY,
    street_code TEXT NOT NULL,
    period TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    generated_at TEXT NOT NULL,
    generated_on TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    encrypted INTEGER NOT NULL DEFAULT 0,
    schema_version INTEGER NOT NULL,
    app_version TEXT NOT NULL DEFAULT '',
    manifest TEXT NOT NULL,
    {_AUDIT},
    UNIQUE (street_code, period, version)
);
CREATE INDEX district_packet_month ON district_packet (period, street_code);
CREATE TABLE district_person (
    id INTEGER PRIMARY KEY,
    packet_id INTEGER NOT NULL REFERENCES district_packet (id),
    street_code TEXT NOT NULL,
    period TEXT NOT NULL,
    id_hmac TEXT NOT NULL,
    name_masked TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX district_person_hmac ON district_person (id_hmac, street_code);
"""
