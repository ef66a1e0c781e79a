"""Schema 11: the district center's own ledgers (lot 01), one table per declaration in
`ledgers/definitions/district.py` and `district_outreach.py`; the rules of m0004 apply (text NOT
NULL DEFAULT '', dates 'YYYY-MM-DD', money INTEGER fen). A street store keeps them empty."""

from relief_desktop.storage.migrations.m0001_foundation import _AUDIT

SQL = f"""
CREATE TABLE district_training (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    trainer TEXT NOT NULL DEFAULT '',
    streets TEXT NOT NULL DEFAULT '',
    audiences TEXT NOT NULL DEFAULT '',
    attendees INTEGER NOT NULL CHECK (attendees >= 0),
    venue TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    photos TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX district_training_date ON district_training (held_on, id);

CREATE TABLE case_conference (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    scope TEXT NOT NULL,
    streets TEXT NOT NULL DEFAULT '',
    cases_discussed INTEGER NOT NULL CHECK (cases_discussed >= 0),
    case_refs TEXT NOT NULL DEFAULT '',
    attendees INTEGER CHECK (attendees IS NULL OR attendees >= 0),
    host TEXT NOT NULL DEFAULT '',
    conclusions TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX case_conference_date ON case_conference (held_on, id);

CREATE TABLE difficult_case (
    id INTEGER PRIMARY KEY,
    collected_on TEXT NOT NULL,
    street TEXT NOT NULL,
    case_ref TEXT NOT NULL,
    person TEXT NOT NULL DEFAULT '',
    difficulty TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    guidance TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    last_follow_up TEXT,
    in_casebook INTEGER NOT NULL DEFAULT 0,
    supervisor TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX difficult_case_date ON difficult_case (collected_on, id);

CREATE TABLE supervision_visit (
    id INTEGER PRIMARY KEY,
    visited_on TEXT NOT NULL,
    street TEXT NOT NULL,
    supervisors TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '',
    follow_up TEXT NOT NULL DEFAULT '',
    follow_up_done_on TEXT,
    {_AUDIT}
);
CREATE INDEX supervision_visit_date ON supervision_visit (visited_on, street);

CREATE TABLE journal_issue (
    id INTEGER PRIMARY KEY,
    issue_no TEXT NOT NULL UNIQUE,
    published_on TEXT NOT NULL,
    title TEXT NOT NULL,
    copies INTEGER CHECK (copies IS NULL OR copies >= 0),
    editor TEXT NOT NULL DEFAULT '',
    files TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX journal_issue_date ON journal_issue (published_on, id);

CREATE TABLE wechat_post (
    id INTEGER PRIMARY KEY,
    posted_on TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    reads INTEGER CHECK (reads IS NULL OR reads >= 0),
    editor TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX wechat_post_date ON wechat_post (posted_on, id);

CREATE TABLE district_aid (
    id INTEGER PRIMARY KEY,
    aided_on TEXT NOT NULL,
    street TEXT NOT NULL,
    item TEXT NOT NULL,
    people INTEGER NOT NULL CHECK (people >= 0),
    value_fen INTEGER CHECK (value_fen IS NULL OR value_fen >= 0),
    receipt_serial TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX district_aid_date ON district_aid (aided_on, id);

CREATE TABLE district_survey (
    id INTEGER PRIMARY KEY,
    surveyed_on TEXT NOT NULL,
    respondent TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT '',
    overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    surveyor TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE INDEX district_survey_date ON district_survey (surveyed_on, id);
"""
