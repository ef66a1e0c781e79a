"""Attachments with their SHA-256 and the case file PDF: masked, with domains, no child photos."""

import hashlib
import subprocess
from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain.errors import RuleError
from relief_desktop.services.casework import attachments, case_file, cases
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from tests.services.casework.conftest import TODAY, assessment, register

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f5d2d30000000049454e44ae426082"
)


def make_case(store: Store, lead: TeamMember, name: str, id_number: str) -> str:
    person = register(store, lead, name, id_number)
    data = cases.OpenCaseInput(person, "困境儿童", "一般", "社区", date(2026, 2, 1))
    return cases.open_case(store, lead.actor, data, today=TODAY)


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_attachments_are_copied_with_their_hash_and_child_photos_are_sensitive(
    store: Store, lead: TeamMember, officer: TeamMember, tmp_path: Path
) -> None:
    case_uuid = make_case(store, lead, "曾小明", "51010820150601001X")  # born 2015: a minor
    photo = tmp_path / "入户照片.png"
    photo.write_bytes(PNG)
    consent = tmp_path / "知情同意书.pdf"
    consent.write_bytes(b"%PDF-1.4 consent")
    attachments.add_attachment(store, lead.actor, case_uuid, consent, "同意书", today=TODAY)
    attachments.add_attachment(store, lead.actor, case_uuid, photo, "照片", today=TODAY)
    found = attachments.attachments(store, case_uuid)
    assert [(a.kind, a.sensitive) for a in found] == [("同意书", False), ("照片", True)]
    assert found[1].sha256 == hashlib.sha256(PNG).hexdigest()
    assert found[1].path.is_relative_to(store.paths.attachments)
    assert all(attachments.verify(a) for a in found)
    photo.unlink()  # the copy in the data dir does not depend on the original
    assert attachments.verify(found[1])

    assessments_input = assessment(lead, officer, date(2026, 2, 3), d1=2)
    from relief_desktop.services.casework import assessments

    assessments.save_assessment(store, lead.actor, case_uuid, assessments_input, today=TODAY)
    target = tmp_path / "case.pdf"
    case_file.write_case_file(store, case_uuid, target)
    text = pdf_text(target)
    assert "曾**" in text
    assert "曾小明" not in text
    assert "510108***********X" in text
    assert "出生年月" in text
    assert "出生日期" not in text
    assert "住房" in text
    assert "法律/证件" in text
    assert "另有 1 个敏感附件" in text
    full = tmp_path / "full.pdf"
    case_file.write_case_file(
        store,
        case_uuid,
        full,
        case_file.CaseFileOptions(full_identity=True, include_sensitive=True),
    )
    full_text = pdf_text(full)
    assert "51010820150601001X" in full_text
    assert "敏感附件" not in full_text


def test_a_missing_file_or_unknown_kind_is_refused_and_nothing_listed(
    store: Store, lead: TeamMember, tmp_path: Path
) -> None:
    case_uuid = make_case(store, lead, "李娜", "11010519491231002X")
    with pytest.raises(RuleError) as missing:
        attachments.add_attachment(store, lead.actor, case_uuid, tmp_path / "无.jpg", "照片")
    assert missing.value.code == "attachment_missing"
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(RuleError) as kind:
        attachments.add_attachment(store, lead.actor, case_uuid, tmp_path / "a.txt", "合同")
    assert kind.value.code == "attachment_kind"
    assert attachments.attachments(store, case_uuid) == []


def test_an_unknown_case_number_is_named_in_the_message(store: Store) -> None:
    with pytest.raises(RuleError) as caught:
        case_file.case_uuid_by_no(store, "510108004-2026-C999")
    assert "510108004-2026-C999" in str(caught.value)


def test_a_damaged_photo_is_named_in_the_case_file_instead_of_failing_it(
    store: Store, lead: TeamMember, tmp_path: Path
) -> None:
    """A photo cut short on a USB copy used to make every later case file (and the handover
    archive, which holds them all) fail with an internal error."""
    case_uuid = make_case(store, lead, "王大伟", "510108198503120235")  # an adult: photo shown
    photo = tmp_path / "家访.png"
    photo.write_bytes(PNG[:40])  # a PNG header and nothing of the picture
    attachments.add_attachment(store, lead.actor, case_uuid, photo, "照片", "家访照片", today=TODAY)
    target = tmp_path / "case.pdf"
    case_file.write_case_file(store, case_uuid, target)
    assert "家访照片”已损坏" in pdf_text(target).replace("\n", "")


def test_numbers_typed_into_service_notes_are_masked_in_the_case_file(
    store: Store, lead: TeamMember, tmp_path: Path
) -> None:
    """Replays: 125 of 125 case-file PDFs gave the full ID back; notes must not either."""
    from relief_desktop.domain.casework import ServiceInput
    from relief_desktop.services.casework import service_records

    case_uuid = make_case(store, lead, "曾小明", "51010820150601001X")
    note = "电话联系监护人 13812345678，核对身份证 51010820150601001X"
    record = ServiceInput(date(2026, 3, 2), "电话", note, [lead.uuid], 30)
    service_records.add_service(store, lead.actor, case_uuid, record, today=TODAY)
    masked, full = tmp_path / "case.pdf", tmp_path / "full.pdf"
    case_file.write_case_file(store, case_uuid, masked)
    case_file.write_case_file(store, case_uuid, full, case_file.CaseFileOptions(True))
    text = pdf_text(masked)
    assert "138****5678" in text
    assert "13812345678" not in text
    assert "51010820150601001X" not in text
    assert "2015-06-01" not in text
    assert "13812345678" in pdf_text(full)
