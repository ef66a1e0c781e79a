"""Schema 6: safe imports — every per-category field of a bureau roll, and the import journal
that lets the last import of a roll, a ledger or the registry be undone exactly."""

_AUDIT = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
"""

SQL = f"""
-- What the bureau's rolls say beyond name, ID, phone, address and household size (DOMAIN.md §3,
-- Inspection): 低保 保障人数 and 月保障金额; 特困 供养方式 and 自理能力; the guardian of a child;
-- the reason, amount and date of a 临时救助.
ALTER TABLE roll_entry ADD COLUMN covered_persons INTEGER;
ALTER TABLE roll_entry ADD COLUMN monthly_amount_fen INTEGER;
ALTER TABLE roll_entry ADD COLUMN support_mode TEXT NOT NULL DEFAULT '';
ALTER TABLE roll_entry ADD COLUMN self_care TEXT NOT NULL DEFAULT '';
ALTER TABLE roll_entry ADD COLUMN guardian_name TEXT NOT NULL DEFAULT '';
ALTER TABLE roll_entry ADD COLUMN guardian_id_number TEXT NOT NULL DEFAULT '';
ALTER TABLE roll_entry ADD COLUMN guardian_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE roll_entry ADD COLUMN aid_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE roll_entry ADD COLUMN aid_amount_fen INTEGER;
ALTER TABLE roll_entry ADD COLUMN aid_on TEXT;

-- One row per committed import of a file: a roll (target = category), a ledger (target = its
-- key) or the registry (target = 'registry'). Undoing it sets undone_at; the row stays.
CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('roll', 'ledger', 'registry')),
    target TEXT NOT NULL,
    file_name TEXT NOT NULL,
    roll_import_id INTEGER REFERENCES roll_import (id),
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    ended INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT,
    undone_by TEXT,
    {_AUDIT}
);
CREATE INDEX import_batch_target ON import_batch (kind, target, id);

-- Every row an import touched: `before` holds the JSON of the row's columns as they were
-- before the import, or NULL when the import inserted the row.
CREATE TABLE import_touched (
    batch_id INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT,
    PRIMARY KEY (batch_id, table_name, row_id)
) WITHOUT ROWID;
"""
