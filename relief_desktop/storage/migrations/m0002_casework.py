"""Schema 2: casework (cases, assessments, aid plans, service records, closure, surveys)."""

from relief_desktop.storage.migrations.m0001_foundation import _AUDIT

# Dates are ISO text; a worker is referenced by uuid (stable across packets and renames).
SQL = f"""
CREATE TABLE aid_case (
    id INTEGER PRIMARY KEY,
    case_no TEXT NOT NULL UNIQUE,
    street_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiary (id),
    category TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('一般', '重点', '紧急')),
    source TEXT NOT NULL CHECK (source IN ('主动发现', '社区', '区中心', '来访')),
    opened_on TEXT NOT NULL,
    opened_by TEXT REFERENCES worker (uuid),
    status TEXT NOT NULL DEFAULT '在案' CHECK (status IN ('在案', '结案')),
    closed_on TEXT CHECK (closed_on IS NULL OR closed_on >= opened_on),
    close_result TEXT
        CHECK (close_result IS NULL OR close_result IN ('达成', '部分达成', '未达成')),
    close_reason TEXT NOT NULL DEFAULT '',
    {_AUDIT},
    UNIQUE (street_code, year, seq)
);
-- One open case per person at a time (a closed one may be reopened or a new one opened).
CREATE UNIQUE INDEX aid_case_one_open ON aid_case (beneficiary_id) WHERE status = '在案';
CREATE INDEX aid_case_beneficiary ON aid_case (beneficiary_id, opened_on);
CREATE INDEX aid_case_status ON aid_case (status, opened_on);

-- Closures and reopenings, oldest first: a reopened case keeps why and when it was closed.
CREATE TABLE case_event (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES aid_case (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('结案', '重新开案')),
    event_on TEXT NOT NULL,
    result TEXT,
    reason TEXT NOT NULL,
    {_AUDIT}
);
CREATE INDEX case_event_case ON case_event (case_id, id);

CREATE TABLE needs_assessment (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES aid_case (id) ON DELETE CASCADE,
    assessed_on TEXT NOT NULL,
    assessor1 TEXT NOT NULL REFERENCES worker (uuid),
    assessor2 TEXT NOT NULL REFERENCES worker (uuid),
    method TEXT NOT NULL DEFAULT '',
    strengths TEXT NOT NULL DEFAULT '',
    wishes TEXT NOT NULL DEFAULT '',
    next_assessment_on TEXT,
    computed_level TEXT NOT NULL CHECK (computed_level IN ('一般', '重点', '紧急')),
    level TEXT NOT NULL CHECK (level IN ('一般', '重点', '紧急')),
    override_reason TEXT NOT NULL DEFAULT '',
    {_AUDIT},
    CHECK (assessor1 <> assessor2),
    CHECK (level = computed_level OR override_reason <> '')
);
CREATE INDEX needs_assessment_case ON needs_assessment (case_id, assessed_on, id);

CREATE TABLE assessment_rating (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES needs_assessment (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 3),
    note TEXT NOT NULL DEFAULT '',
    {_AUDIT},
    UNIQUE (assessment_id, domain)
);

-- The current plan of a case; every saved state is kept whole in aid_plan_version.
CREATE TABLE aid_plan (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL UNIQUE REFERENCES aid_case (id) ON DELETE CASCADE,
    assessment_id INTEGER REFERENCES needs_assessment (id),
    needs TEXT NOT NULL DEFAULT '[]',
    goals TEXT NOT NULL DEFAULT '[]',
    key_case INTEGER NOT NULL DEFAULT 0,
    made_on TEXT NOT NULL,
    approver TEXT NOT NULL DEFAULT '',
    client_signed INTEGER NOT NULL DEFAULT 0,
    next_review_on TEXT,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    {_AUDIT}
);
CREATE INDEX aid_plan_key ON aid_plan (key_case, case_id);

CREATE TABLE aid_measure (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES aid_plan (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    content TEXT NOT NULL,
    measure_type TEXT NOT NULL DEFAULT '',
    resource TEXT NOT NULL DEFAULT '',
    worker TEXT NOT NULL REFERENCES worker (uuid),
    partner TEXT NOT NULL DEFAULT '',
    start_on TEXT,
    end_on TEXT CHECK (end_on IS NULL OR start_on IS NULL OR end_on >= start_on),
    frequency TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    {_AUDIT}
);
CREATE INDEX aid_measure_plan ON aid_measure (plan_id, position);

CREATE TABLE aid_plan_version (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES aid_plan (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    saved_by_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    snapshot TEXT NOT NULL,
    {_AUDIT},
    UNIQUE (plan_id, version)
);

CREATE TABLE plan_review (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES aid_plan (id) ON DELETE CASCADE,
    reviewed_on TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '[]',
    changes TEXT NOT NULL DEFAULT '',
    next_review_on TEXT,
    reviewer TEXT REFERENCES worker (uuid),
    {_AUDIT}
);
CREATE INDEX plan_review_plan ON plan_review (plan_id, reviewed_on);

-- 个案服务台账. handover_uuid: the optional link that the resource ledger issue will fill.
CREATE TABLE service_record (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES aid_case (id) ON DELETE CASCADE,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiary (id),
    served_on TEXT NOT NULL,
    measure_id INTEGER REFERENCES aid_measure (id),
    service_type TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL CHECK (mode IN ('入户', '来访', '电话', '线上', '陪同')),
    content TEXT NOT NULL,
    minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 1440),
    resources TEXT NOT NULL DEFAULT '',
    handover_uuid TEXT,
    next_step TEXT NOT NULL DEFAULT '',
    next_step_on TEXT,
    {_AUDIT}
);
CREATE INDEX service_record_case ON service_record (case_id, served_on, id);
CREATE INDEX service_record_day ON service_record (served_on, id);

CREATE TABLE service_record_worker (
    id INTEGER PRIMARY KEY,
    service_record_id INTEGER NOT NULL REFERENCES service_record (id) ON DELETE CASCADE,
    worker TEXT NOT NULL REFERENCES worker (uuid),
    {_AUDIT},
    UNIQUE (service_record_id, worker)
);

-- Anonymous surveys keep neither case nor person.
CREATE TABLE satisfaction_survey (
    id INTEGER PRIMARY KEY,
    case_id INTEGER REFERENCES aid_case (id) ON DELETE SET NULL,
    surveyed_on TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT '',
    anonymous INTEGER NOT NULL DEFAULT 0,
    attitude INTEGER CHECK (attitude BETWEEN 1 AND 5),
    timeliness INTEGER CHECK (timeliness BETWEEN 1 AND 5),
    skill INTEGER CHECK (skill BETWEEN 1 AND 5),
    result INTEGER CHECK (result BETWEEN 1 AND 5),
    overall INTEGER CHECK (overall BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    surveyor TEXT NOT NULL REFERENCES worker (uuid),
    {_AUDIT},
    CHECK (anonymous = 0 OR case_id IS NULL)
);
CREATE INDEX satisfaction_survey_day ON satisfaction_survey (surveyed_on);
CREATE INDEX satisfaction_survey_case ON satisfaction_survey (case_id);

CREATE TABLE case_attachment (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES aid_case (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('同意书', '照片', '其他')),
    title TEXT NOT NULL DEFAULT '',
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sensitive INTEGER NOT NULL DEFAULT 0,
    added_on TEXT NOT NULL,
    {_AUDIT}
);
CREATE INDEX case_attachment_case ON case_attachment (case_id, id);
"""
