"""SQLModel tables mirroring the migrated schema (tests check the two agree).

Beneficiary, HouseholdMember and BeneficiaryLabel repeat the field names of the input forms in
domain/beneficiary.py on purpose: the domain loads no SQLModel (it is the bottom layer and the
first window's path), and the row differs where storing needs it (an empty ID number is NULL
for the unique index; keys, audit and derived search columns). tests/test_architecture.py keeps
the two lists in step."""

import uuid as uuid_module
from datetime import date

from sqlmodel import Field, SQLModel


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class Audited(SQLModel):
    """Columns every record carries; filled by the unit of work, never by hand."""

    uuid: str = Field(default_factory=new_uuid, unique=True)
    created_at: str = ""
    updated_at: str = ""
    updated_by: str | None = None


class Setting(Audited, table=True):
    __tablename__ = "setting"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    value: str


class Worker(Audited, table=True):
    __tablename__ = "worker"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    role: str
    active: bool = True


class Community(Audited, table=True):
    __tablename__ = "community"
    id: int | None = Field(default=None, primary_key=True)
    street_code: str
    code: str = ""
    name: str
    sort_order: int = 0
    active: bool = True


class Beneficiary(Audited, table=True):
    __tablename__ = "beneficiary"
    id: int | None = Field(default=None, primary_key=True)
    file_no: str = Field(unique=True)
    name: str
    id_type: str = "居民身份证"
    id_number: str | None = None
    sex: str = ""
    birth_date: date | None = None
    phone: str = ""
    emergency_contact: str = ""
    emergency_phone: str = ""
    hukou_address: str = ""
    address: str = ""
    street_code: str
    community_id: int = Field(foreign_key="community.id")
    marital: str = ""
    education: str = ""
    occupation: str = ""
    health: str = ""
    disability_type: str = ""
    disability_grade: str = ""
    self_care: str = ""
    household_income_fen: int | None = None
    income_sources: str = ""
    housing: str = ""
    bank_account: str = ""
    cause: str = ""
    source: str = ""
    registered_on: date
    registered_by: str | None = None
    consent_date: date | None = None
    consent_scope: str = ""
    consent_signer: str = ""
    status: str = "待评估"
    status_reason: str = ""
    priority: str = "一般"
    notes: str = ""
    name_pinyin: str = ""
    search_text: str = ""


class HouseholdMember(Audited, table=True):
    __tablename__ = "household_member"
    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", ondelete="CASCADE")
    relation: str
    name: str
    id_number: str | None = None
    sex: str = ""
    birth_date: date | None = None
    lives_together: bool = True
    legal_supporter: bool = False
    health: str = ""
    disability: str = ""
    occupation: str = ""
    income_fen: int | None = None


class BeneficiaryLabel(Audited, table=True):
    __tablename__ = "beneficiary_label"
    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int = Field(foreign_key="beneficiary.id", ondelete="CASCADE")
    label: str
    start_date: date
    end_date: date | None = None
    note: str = ""


class ChangeLog(SQLModel, table=True):
    __tablename__ = "change_log"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    worker_uuid: str | None = None
    worker_name: str = ""
    table_name: str
    record_uuid: str
    action: str
    changes: str
