"""SQLModel tables of schema 2 (casework), mirroring m0002_casework.py."""

from datetime import date

from sqlmodel import Field

from relief_desktop.storage.tables import Audited


class AidCase(Audited, table=True):
    __tablename__ = "aid_case"
    id: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(unique=True)
    street_code: str
    year: int
    seq: int
    beneficiary_id: int = Field(foreign_key="beneficiary.id")
    category: str
    priority: str
    source: str
    opened_on: date
    opened_by: str | None = Field(default=None, foreign_key="worker.uuid")
    status: str = "在案"
    closed_on: date | None = None
    close_result: str | None = None
    close_reason: str = ""


class CaseEvent(Audited, table=True):
    __tablename__ = "case_event"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="aid_case.id", ondelete="CASCADE")
    kind: str
    event_on: date
    result: str | None = None
    reason: str


class NeedsAssessment(Audited, table=True):
    __tablename__ = "needs_assessment"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="aid_case.id", ondelete="CASCADE")
    assessed_on: date
    assessor1: str = Field(foreign_key="worker.uuid")
    assessor2: str = Field(foreign_key="worker.uuid")
    method: str = ""
    strengths: str = ""
    wishes: str = ""
    next_assessment_on: date | None = None
    computed_level: str
    level: str
    override_reason: str = ""


class AssessmentRating(Audited, table=True):
    __tablename__ = "assessment_rating"
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="needs_assessment.id", ondelete="CASCADE")
    domain: str
    rating: int
    note: str = ""


class AidPlan(Audited, table=True):
    __tablename__ = "aid_plan"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="aid_case.id", ondelete="CASCADE", unique=True)
    assessment_id: int | None = Field(default=None, foreign_key="needs_assessment.id")
    needs: str = "[]"
    goals: str = "[]"
    key_case: bool = False
    made_on: date
    approver: str = ""
    client_signed: bool = False
    next_review_on: date | None = None
    version: int = 1


class AidMeasure(Audited, table=True):
    __tablename__ = "aid_measure"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="aid_plan.id", ondelete="CASCADE")
    position: int = 0
    content: str
    measure_type: str = ""
    resource: str = ""
    worker: str = Field(foreign_key="worker.uuid")
    partner: str = ""
    start_on: date | None = None
    end_on: date | None = None
    frequency: str = ""
    active: bool = True


class AidPlanVersion(Audited, table=True):
    __tablename__ = "aid_plan_version"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="aid_plan.id", ondelete="CASCADE")
    version: int
    saved_by_name: str = ""
    note: str = ""
    snapshot: str


class PlanReview(Audited, table=True):
    __tablename__ = "plan_review"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="aid_plan.id", ondelete="CASCADE")
    reviewed_on: date
    progress: str = "[]"
    changes: str = ""
    next_review_on: date | None = None
    reviewer: str | None = Field(default=None, foreign_key="worker.uuid")


class ServiceRecord(Audited, table=True):
    __tablename__ = "service_record"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="aid_case.id", ondelete="CASCADE")
    beneficiary_id: int = Field(foreign_key="beneficiary.id")
    served_on: date
    measure_id: int | None = Field(default=None, foreign_key="aid_measure.id")
    service_type: str = ""
    mode: str
    content: str
    minutes: int = 0
    resources: str = ""
    # The optional link that the resource ledger issue will fill (a handover's uuid).
    handover_uuid: str | None = None
    next_step: str = ""
    next_step_on: date | None = None


class ServiceRecordWorker(Audited, table=True):
    __tablename__ = "service_record_worker"
    id: int | None = Field(default=None, primary_key=True)
    service_record_id: int = Field(foreign_key="service_record.id", ondelete="CASCADE")
    worker: str = Field(foreign_key="worker.uuid")


class SatisfactionSurvey(Audited, table=True):
    __tablename__ = "satisfaction_survey"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="aid_case.id", ondelete="SET NULL")
    surveyed_on: date
    method: str = ""
    anonymous: bool = False
    attitude: int | None = None
    timeliness: int | None = None
    skill: int | None = None
    result: int | None = None
    overall: int | None = None
    comment: str = ""
    surveyor: str = Field(foreign_key="worker.uuid")


class CaseAttachment(Audited, table=True):
    __tablename__ = "case_attachment"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="aid_case.id", ondelete="CASCADE")
    kind: str
    title: str = ""
    original_name: str
    stored_name: str
    sha256: str
    size: int
    sensitive: bool = False
    added_on: date
