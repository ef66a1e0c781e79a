"""Schema 3: the bureau's rolls, inspections and the feedback list (入户核查台账)."""

# Same audit columns as m0001_foundation (copied: a released step never imports another's text).
_AUDIT = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
"""

_CATEGORY = "CHECK (category IN ('低保', '特困', '临时救助', '特殊困难群体儿童'))"

SQL = f"""
-- One import of one category's roll file: what it added, changed and ended.
CREATE TABLE roll_import (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL {_CATEGORY},
    file_name TEXT NOT NULL,
    roll_date TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
    updated INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    ended INTEGER NOT NULL DEFAULT 0 CHECK (ended >= 0),
    problems INTEGER NOT NULL DEFAULT 0 CHECK (problems >= 0),
    {_AUDIT}
);
CREATE INDEX roll_import_category ON roll_import (category, roll_date);

-- A person (or, for 低保, a household head) on the bureau's roll (在册) of one category, from
-- started_on until the day before ended_on: ended_on is the date of the first roll that no longer
-- listed them. Entries are ended, never deleted: coverage of past quarters depends on them.
CREATE TABLE roll_entry (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL {_CATEGORY},
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    household_key TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    community_name TEXT NOT NULL DEFAULT '',
    community_id INTEGER REFERENCES community (id),
    household_size INTEGER CHECK (household_size IS NULL OR household_size >= 1),
    beneficiary_id INTEGER REFERENCES beneficiary (id) ON DELETE SET NULL,
    started_on TEXT NOT NULL,
    ended_on TEXT CHECK (ended_on IS NULL OR ended_on >= started_on),
    import_id INTEGER REFERENCES roll_import (id),
    note TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE UNIQUE INDEX roll_entry_current ON roll_entry (category, id_number) WHERE ended_on IS NULL;
CREATE INDEX roll_entry_period ON roll_entry (category, started_on, ended_on);
CREATE INDEX roll_entry_person ON roll_entry (id_number);
CREATE INDEX roll_entry_beneficiary ON roll_entry (beneficiary_id);

-- 入户核查台账: one check of one roll entry (DOMAIN.md §3 Inspection).
CREATE TABLE inspection (
    id INTEGER PRIMARY KEY,
    roll_entry_id INTEGER NOT NULL REFERENCES roll_entry (id),
    category TEXT NOT NULL {_CATEGORY},
    inspected_on TEXT NOT NULL,
    inspector1_id INTEGER NOT NULL REFERENCES worker (id),
    inspector2_id INTEGER NOT NULL REFERENCES worker (id),
    mode TEXT NOT NULL DEFAULT '入户' CHECK (mode IN ('入户', '电话', '未遇')),
    household_size INTEGER CHECK (household_size IS NULL OR household_size >= 1),
    health_change TEXT NOT NULL DEFAULT '',
    work_change TEXT NOT NULL DEFAULT '',
    income_change TEXT NOT NULL DEFAULT '',
    housing TEXT NOT NULL DEFAULT '',
    vehicles TEXT NOT NULL DEFAULT '',
    assets TEXT NOT NULL DEFAULT '',
    self_care TEXT NOT NULL DEFAULT '',
    support_mode TEXT NOT NULL DEFAULT '',
    guardian TEXT NOT NULL DEFAULT '',
    living_notes TEXT NOT NULL DEFAULT '',
    policy_publicised INTEGER NOT NULL DEFAULT 0,
    issues TEXT NOT NULL DEFAULT '',
    conclusion TEXT NOT NULL
        CHECK (conclusion IN ('属实', '需复核', '建议调整', '建议退出', '失联')),
    reported_on TEXT,
    signed INTEGER NOT NULL DEFAULT 0,
    photos TEXT NOT NULL DEFAULT '',
    {_AUDIT},
    CHECK (inspector1_id <> inspector2_id)
);
CREATE INDEX inspection_period ON inspection (category, inspected_on);
CREATE INDEX inspection_entry ON inspection (roll_entry_id, inspected_on);

-- 主动发现: issues found on inspection, reported to the bureau and followed up.
CREATE TABLE feedback_item (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER REFERENCES inspection (id) ON DELETE SET NULL,
    roll_entry_id INTEGER REFERENCES roll_entry (id),
    category TEXT NOT NULL {_CATEGORY},
    found_on TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '主动发现',
    summary TEXT NOT NULL CHECK (length(summary) > 0),
    status TEXT NOT NULL DEFAULT '待报送'
        CHECK (status IN ('待报送', '已报送', '已回复', '已办结')),
    reported_on TEXT,
    reply TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    {_AUDIT}
);
CREATE INDEX feedback_item_status ON feedback_item (status, found_on);
CREATE INDEX feedback_item_inspection ON feedback_item (inspection_id);
"""
