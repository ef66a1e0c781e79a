"""Schema 1: settings, team, communities, beneficiaries with household and labels, change log."""

# Every record table carries the same audit columns: a stable uuid (packets are merged elsewhere),
# created/updated time (UTC ISO-8601) and the uuid of the worker who last changed it.
_AUDIT = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
"""

SQL = f"""
CREATE TABLE setting (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    {_AUDIT}
);

CREATE TABLE worker (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('项目负责人', '项目专员')),
    active INTEGER NOT NULL DEFAULT 1,
    {_AUDIT}
);

CREATE TABLE community (
    id INTEGER PRIMARY KEY,
    street_code TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    {_AUDIT},
    UNIQUE (street_code, name)
);

CREATE TABLE beneficiary (
    id INTEGER PRIMARY KEY,
    file_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    id_type TEXT NOT NULL DEFAULT '居民身份证',
    id_number TEXT,
    sex TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    phone TEXT NOT NULL DEFAULT '',
    emergency_contact TEXT NOT NULL DEFAULT '',
    emergency_phone TEXT NOT NULL DEFAULT '',
    hukou_address TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    street_code TEXT NOT NULL,
    community_id INTEGER NOT NULL REFERENCES community (id),
    marital TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    health TEXT NOT NULL DEFAULT '',
    disability_type TEXT NOT NULL DEFAULT '',
    disability_grade TEXT NOT NULL DEFAULT '',
    self_care TEXT NOT NULL DEFAULT '',
    household_income_fen INTEGER CHECK (household_income_fen >= 0),
    income_sources TEXT NOT NULL DEFAULT '',
    housing TEXT NOT NULL DEFAULT '',
    bank_account TEXT NOT NULL DEFAULT '',
    cause TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    registered_on TEXT NOT NULL,
    registered_by TEXT,
    consent_date TEXT,
    consent_scope TEXT NOT NULL DEFAULT '',
    consent_signer TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '待评估',
    status_reason TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT '一般',
    notes TEXT NOT NULL DEFAULT '',
    name_pinyin TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE UNIQUE INDEX beneficiary_id_number ON beneficiary (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX beneficiary_name_pinyin ON beneficiary (name_pinyin, id);
CREATE INDEX beneficiary_registered ON beneficiary (registered_on, id);
CREATE INDEX beneficiary_community ON beneficiary (community_id, name_pinyin, id);
CREATE INDEX beneficiary_status ON beneficiary (status, name_pinyin, id);
CREATE INDEX beneficiary_name_birth ON beneficiary (name, birth_date);

CREATE TABLE household_member (
    id INTEGER PRIMARY KEY,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiary (id) ON DELETE CASCADE,
    relation TEXT NOT NULL,
    name TEXT NOT NULL,
    id_number TEXT,
    sex TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    lives_together INTEGER NOT NULL DEFAULT 1,
    legal_supporter INTEGER NOT NULL DEFAULT 0,
    health TEXT NOT NULL DEFAULT '',
    disability TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    income_fen INTEGER CHECK (income_fen >= 0),
    {_AUDIT}
);
CREATE INDEX household_member_beneficiary ON household_member (beneficiary_id);

CREATE TABLE beneficiary_label (
    id INTEGER PRIMARY KEY,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiary (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT CHECK (end_date IS NULL OR end_date >= start_date),
    note TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX beneficiary_label_lookup
    ON beneficiary_label (label, beneficiary_id, start_date, end_date);
CREATE INDEX beneficiary_label_owner ON beneficiary_label (beneficiary_id);

-- Append-only: who changed which record when, old -> new values as JSON.
CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    worker_uuid TEXT,
    worker_name TEXT NOT NULL DEFAULT '',
    table_name TEXT NOT NULL,
    record_uuid TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    changes TEXT NOT NULL
);
CREATE INDEX change_log_record ON change_log (table_name, record_uuid);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;

-- Search (STACK-NOTES.md): a trigram index answers substrings of 3+ characters (ID and phone
-- fragments, pinyin); a word index over the same column, where each Chinese character is a word,
-- answers 1- and 2-character names and short pinyin prefixes, which trigrams cannot match at all.
CREATE VIRTUAL TABLE beneficiary_fts USING fts5(
    search_text, content='beneficiary', content_rowid='id', tokenize='trigram'
);
CREATE VIRTUAL TABLE beneficiary_words USING fts5(
    search_text, content='beneficiary', content_rowid='id', tokenize='unicode61'
);
CREATE TRIGGER beneficiary_search_insert AFTER INSERT ON beneficiary BEGIN
    INSERT INTO beneficiary_fts (rowid, search_text) VALUES (new.id, new.search_text);
    INSERT INTO beneficiary_words (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER beneficiary_search_delete AFTER DELETE ON beneficiary BEGIN
    INSERT INTO beneficiary_fts (beneficiary_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO beneficiary_words (beneficiary_words, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER beneficiary_search_update AFTER UPDATE OF search_text ON beneficiary BEGIN
    INSERT INTO beneficiary_fts (beneficiary_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO beneficiary_fts (rowid, search_text) VALUES (new.id, new.search_text);
    INSERT INTO beneficiary_words (beneficiary_words, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO beneficiary_words (rowid, search_text) VALUES (new.id, new.search_text);
END;
"""
