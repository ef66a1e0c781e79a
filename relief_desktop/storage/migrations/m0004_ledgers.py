"""Schema 4: the operational ledgers (resources and handovers, volunteers, liaison …).

Each table mirrors one declaration in `relief_desktop/ledgers/definitions/`; a test checks the
two agree column by column. Text columns are NOT NULL DEFAULT '' (a blank cell is ''), dates are
ISO 'YYYY-MM-DD', times 'HH:MM', money INTEGER fen, quantities INTEGER hundredths.
"""

from relief_desktop.storage.migrations.m0001_foundation import _AUDIT

SQL = f"""
CREATE TABLE provider (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    provider_type TEXT NOT NULL,
    contact_person TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);

CREATE TABLE resource_receipt (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    received_on TEXT NOT NULL,
    provider_id INTEGER NOT NULL REFERENCES provider (id),
    channel TEXT NOT NULL,
    platform TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('资金', '物资', '服务')),
    item TEXT NOT NULL,
    quantity INTEGER CHECK (quantity IS NULL OR quantity >= 0),
    unit TEXT NOT NULL DEFAULT '',
    value_fen INTEGER NOT NULL CHECK (value_fen >= 0),
    value_basis TEXT NOT NULL,
    receipt_no TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX resource_receipt_date ON resource_receipt (received_on, id);
CREATE INDEX resource_receipt_provider ON resource_receipt (provider_id, received_on);

-- A receipt with handovers cannot be deleted (RESTRICT): the balance would lose its history.
CREATE TABLE resource_handover (
    id INTEGER PRIMARY KEY,
    receipt_id INTEGER NOT NULL REFERENCES resource_receipt (id) ON DELETE RESTRICT,
    handed_on TEXT NOT NULL,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiary (id),
    quantity INTEGER CHECK (quantity IS NULL OR quantity >= 0),
    value_fen INTEGER NOT NULL CHECK (value_fen >= 0),
    signed INTEGER NOT NULL DEFAULT 0,
    handler TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX resource_handover_receipt ON resource_handover (receipt_id);
CREATE INDEX resource_handover_person ON resource_handover (beneficiary_id, handed_on);
CREATE INDEX resource_handover_date ON resource_handover (handed_on, id);

CREATE TABLE volunteer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    phone TEXT NOT NULL DEFAULT '',
    system_no TEXT NOT NULL DEFAULT '',
    team_name TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT '',
    guardian_consent INTEGER NOT NULL DEFAULT 0,
    guardian_name TEXT NOT NULL DEFAULT '',
    training TEXT NOT NULL DEFAULT '',
    awards TEXT NOT NULL DEFAULT '',
    evaluation TEXT NOT NULL DEFAULT '',
    joined_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE UNIQUE INDEX volunteer_id_number ON volunteer (id_number) WHERE id_number <> '';
CREATE INDEX volunteer_name ON volunteer (name);

CREATE TABLE volunteer_service (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id),
    served_on TEXT NOT NULL,
    activity TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    content TEXT NOT NULL DEFAULT '',
    served TEXT NOT NULL DEFAULT '',
    recorder TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX volunteer_service_date ON volunteer_service (served_on, id);
CREATE INDEX volunteer_service_volunteer ON volunteer_service (volunteer_id, served_on);

CREATE TABLE community_liaison (
    id INTEGER PRIMARY KEY,
    contacted_on TEXT NOT NULL,
    community_id INTEGER NOT NULL REFERENCES community (id),
    mode TEXT NOT NULL,
    contact_person TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    referrals TEXT NOT NULL DEFAULT '',
    follow_up TEXT NOT NULL DEFAULT '',
    is_meeting INTEGER NOT NULL DEFAULT 0,
    attendees TEXT NOT NULL DEFAULT '',
    meeting_minutes TEXT NOT NULL DEFAULT '',
    recorder TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX community_liaison_date ON community_liaison (contacted_on, community_id);

CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    communities TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    participants INTEGER CHECK (participants IS NULL OR participants >= 0),
    volunteers INTEGER CHECK (volunteers IS NULL OR volunteers >= 0),
    resources TEXT NOT NULL DEFAULT '',
    plan_filed INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '',
    photos TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX activity_date ON activity (held_on, id);

CREATE TABLE media_report (
    id INTEGER PRIMARY KEY,
    published_on TEXT NOT NULL,
    outlet TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('区级', '市级', '省级', '国家级')),
    medium TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    screenshots TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX media_report_date ON media_report (published_on, level);

CREATE TABLE reception (
    id INTEGER PRIMARY KEY,
    received_on TEXT NOT NULL,
    mode TEXT NOT NULL,
    visitor TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    visitors INTEGER CHECK (visitors IS NULL OR visitors >= 1),
    purpose TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX reception_date ON reception (received_on, id);

CREATE TABLE space_use (
    id INTEGER PRIMARY KEY,
    used_on TEXT NOT NULL,
    space TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    user_name TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    participants INTEGER CHECK (participants IS NULL OR participants >= 0),
    recorder TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX space_use_date ON space_use (used_on, id);

CREATE TABLE equipment_check (
    id INTEGER PRIMARY KEY,
    checked_on TEXT NOT NULL,
    equipment TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    asset_no TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    condition TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX equipment_check_date ON equipment_check (checked_on, id);

CREATE TABLE bureau_task (
    id INTEGER PRIMARY KEY,
    assigned_on TEXT NOT NULL,
    source TEXT NOT NULL,
    task_type TEXT NOT NULL,
    title TEXT NOT NULL,
    due_on TEXT,
    done_on TEXT,
    status TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX bureau_task_date ON bureau_task (assigned_on, id);

CREATE TABLE policy_publicity (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL,
    mode TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    audience INTEGER CHECK (audience IS NULL OR audience >= 0),
    materials INTEGER CHECK (materials IS NULL OR materials >= 0),
    content TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX policy_publicity_date ON policy_publicity (held_on, id);
"""
