"""SQLModel tables of schema 3: rolls, inspections, feedback (入户核查台账)."""

from datetime import date

from sqlmodel import Field

from relief_desktop.storage.tables import Audited


class RollImport(Audited, table=True):
    __tablename__ = "roll_import"
    id: int | None = Field(default=None, primary_key=True)
    category: str
    file_name: str
    roll_date: date
    added: int = 0
    updated: int = 0
    ended: int = 0
    problems: int = 0


class RollEntry(Audited, table=True):
    __tablename__ = "roll_entry"
    id: int | None = Field(default=None, primary_key=True)
    category: str
    name: str
    id_number: str
    household_key: str
    phone: str = ""
    address: str = ""
    community_name: str = ""
    community_id: int | None = Field(default=None, foreign_key="community.id")
    household_size: int | None = None
    beneficiary_id: int | None = Field(
        default=None, foreign_key="beneficiary.id", ondelete="SET NULL"
    )
    started_on: date
    ended_on: date | None = None
    import_id: int | None = Field(default=None, foreign_key="roll_import.id")
    note: str = ""
    # Per category (schema 6): 低保, 特困, the guardian of a child, a 临时救助.
    covered_persons: int | None = None
    monthly_amount_fen: int | None = None
    support_mode: str = ""
    self_care: str = ""
    guardian_name: str = ""
    guardian_id_number: str = ""
    guardian_phone: str = ""
    aid_reason: str = ""
    aid_amount_fen: int | None = None
    aid_on: date | None = None


class Inspection(Audited, table=True):
    __tablename__ = "inspection"
    id: int | None = Field(default=None, primary_key=True)
    roll_entry_id: int = Field(foreign_key="roll_entry.id")
    category: str
    inspected_on: date
    inspector1_id: int = Field(foreign_key="worker.id")
    inspector2_id: int = Field(foreign_key="worker.id")
    mode: str = "入户"
    household_size: int | None = None
    health_change: str = ""
    work_change: str = ""
    income_change: str = ""
    housing: str = ""
    vehicles: str = ""
    assets: str = ""
    self_care: str = ""
    support_mode: str = ""
    guardian: str = ""
    living_notes: str = ""
    policy_publicised: bool = False
    issues: str = ""
    conclusion: str
    reported_on: date | None = None
    signed: bool = False
    photos: str = ""


class FeedbackItem(Audited, table=True):
    __tablename__ = "feedback_item"
    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int | None = Field(
        default=None, foreign_key="inspection.id", ondelete="SET NULL"
    )
    roll_entry_id: int | None = Field(default=None, foreign_key="roll_entry.id")
    category: str
    found_on: date
    source: str = "主动发现"
    summary: str
    status: str = "待报送"
    reported_on: date | None = None
    reply: str = ""
    closed_on: date | None = None
