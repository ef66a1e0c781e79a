"""SQLModel tables of schema 10 (the district center edition)."""

from sqlmodel import Field, UniqueConstraint

from relief_desktop.storage.tables import Audited


class DistrictPacket(Audited, table=True):
    """One imported street packet version; `manifest` is the packet's manifest.json, whole."""

    __tablename__ = "district_packet"
    __table_args__ = (UniqueConstraint("street_code", "period", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    street_code: str
    period: str
    version: int
    generated_at: str
    generated_on: str
    imported_at: str
    imported_by: str = ""
    file_name: str
    sha256: str = Field(unique=True)
    encrypted: bool = False
    schema_version: int
    app_version: str = ""
    manifest: str


class DistrictPerson(Audited, table=True):
    """One person of one packet: the keyed digest of the ID and the masked name."""

    __tablename__ = "district_person"
    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="district_packet.id")
    street_code: str
    period: str
    id_hmac: str
    name_masked: str = ""
