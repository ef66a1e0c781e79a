"""SQLModel tables of schema 5 (reporting)."""

from sqlmodel import Field, UniqueConstraint

from relief_desktop.storage.tables import Audited


class MonthlyNarrative(Audited, table=True):
    __tablename__ = "monthly_narrative"
    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(unique=True)
    work_by_area: str = ""
    case_story: str = ""
    problems: str = ""
    next_plan: str = ""
    photos: str = "[]"


class Packet(Audited, table=True):
    __tablename__ = "packet"
    __table_args__ = (UniqueConstraint("kind", "period", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = "month"
    period: str
    version: int
    generated_at: str
    generated_on: str
    worker_name: str = ""
    file_name: str
    path: str
    sha256: str
    encrypted: bool = False
    masked: bool = True
    row_counts: str = "{}"


class Disclosure(Audited, table=True):
    __tablename__ = "disclosure"
    id: int | None = Field(default=None, primary_key=True)
    period_start: str
    period_end: str
    text: str
    posted_on: str | None = None


class PeriodReportText(Audited, table=True):
    """Schema 9: the team's words of a half-year or year-end report."""

    __tablename__ = "period_report_text"
    __table_args__ = (UniqueConstraint("period_start", "period_end"),)
    id: int | None = Field(default=None, primary_key=True)
    period_start: str
    period_end: str
    overview: str = ""
    problems: str = ""
    next_plan: str = ""
