"""ID numbers however they are spelt: a lower-case x is the same person as X everywhere, and a
masked number (from the app's own masked exports) is refused with advice, never a format error."""

from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain import idcard, phone
from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers import exchange, service
from relief_desktop.ledgers.definitions.volunteers import VOLUNTEER_SERVICE, VOLUNTEERS
from relief_desktop.services import registry_book, team
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import TODAY, lead

VOLUNTEER_ID = "51010819900506006X"
PERSON_ID = "51010820010708018X"
MASKED_ID = "510108********1234"
ADVICE = "脱敏导出的号码不能导入，请用完整导出"


def _csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _count(store: Store, table: str) -> int:
    return int(store.reader().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _cli(store: Store, *args: str) -> int:
    return cli.main(["--data-dir", str(store.paths.data_dir), *args])


def test_volunteer_id_with_lower_case_x_that_exists_crashed_import_even_with_dry_run(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Replays: a volunteer ID with a lower-case x that already exists crashed the volunteer
    ledger import (IntegrityError), even with --dry-run. Now both runs say it is a duplicate."""
    service.create(store, lead(store), VOLUNTEERS, {"name": "周志愿", "id_number": VOLUNTEER_ID})
    source = _csv(tmp_path / "v.csv", "姓名,身份证号", f"周志愿,{VOLUNTEER_ID.lower()}")
    for extra in (["--dry-run"], []):
        capsys.readouterr()
        code = _cli(store, "ledger", "import", "志愿者名册", str(source), *extra)
        err = capsys.readouterr().err
        assert code == 1
        assert "程序内部错误" not in err
        assert f"身份证号“{idcard.mask(VOLUNTEER_ID)}”已存在" in err
    assert _count(store, "volunteer") == 1


def test_same_volunteer_twice_in_one_file_as_x_and_lower_x_is_one_duplicate(
    store: Store, tmp_path: Path
) -> None:
    source = _csv(
        tmp_path / "v.csv",
        "姓名,身份证号",
        f"周志愿,{VOLUNTEER_ID}",
        f"周志愿,{VOLUNTEER_ID.lower()}",
    )
    for commit in (False, True):
        result = exchange.import_file(
            store, lead(store), VOLUNTEERS, source, commit=commit, today=TODAY
        )
        assert [(line, p.code) for line, p in result.problems] == [(3, "ledger_duplicate")]
        assert not result.committed
    assert _count(store, "volunteer") == 0


def test_service_hours_find_the_volunteer_by_an_id_with_lower_case_x(
    store: Store, tmp_path: Path
) -> None:
    service.create(store, lead(store), VOLUNTEERS, {"name": "周志愿", "id_number": VOLUNTEER_ID})
    service.create(store, lead(store), VOLUNTEERS, {"name": "周志愿"})  # a namesake
    source = _csv(
        tmp_path / "s.csv",
        "志愿者,志愿者身份证号,服务日期,服务项目,服务时长（小时）",
        f"周志愿,{VOLUNTEER_ID.lower()},2026-03-01,助餐,2",
    )
    result = exchange.import_file(
        store, lead(store), VOLUNTEER_SERVICE, source, commit=True, today=TODAY
    )
    assert result.committed, result.report()


def test_registry_id_with_lower_case_x_is_the_person_already_registered(
    store: Store, tmp_path: Path
) -> None:
    community = team.communities(store)[0].name
    first = _csv(tmp_path / "a.csv", "姓名,身份证号,所属社区", f"吴小红,{PERSON_ID},{community}")
    assert registry_book.import_file(store, lead(store), first, commit=True).committed
    again = _csv(
        tmp_path / "b.csv", "姓名,身份证号,所属社区", f"吴小红,{PERSON_ID.lower()},{community}"
    )
    for commit in (False, True):
        result = registry_book.import_file(store, lead(store), again, commit=commit)
        assert [p.code for _line, p in result.problems] == ["id_duplicate"]
    assert _count(store, "beneficiary") == 1


def test_registry_duplicate_check_finds_a_number_stored_with_lower_case_x(store: Store) -> None:
    """A store written before numbers were normalised may hold '…x'."""
    from relief_desktop.services import beneficiaries
    from tests.ledgers.helpers import person

    person(store, "吴小红", 3)
    store.reader().execute("UPDATE beneficiary SET id_number = ?", (PERSON_ID.lower(),))
    store.reader().commit()
    holder = beneficiaries.find_by_id_number(store, PERSON_ID)
    assert holder is not None
    assert holder[1] == "吴小红"


def test_masked_id_from_a_masked_export_is_refused_with_advice() -> None:
    with pytest.raises(RuleError) as raised:
        idcard.parse(MASKED_ID)
    assert raised.value.code == "id_masked"
    assert ADVICE in str(raised.value)
    with pytest.raises(RuleError) as masked_phone:
        phone.normalise("138****1234")
    assert masked_phone.value.code == "phone_masked"
    assert ADVICE in str(masked_phone.value)


def test_masked_export_of_the_registry_imported_says_use_the_full_export(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Replays: the registry's own masked export imported into a new store gave a format
    error (“应为 18 位”) for every ID; now it says to use the full export."""
    community = team.communities(store)[0].name
    source = _csv(
        tmp_path / "masked.csv",
        "姓名,身份证号,所属社区,联系电话",
        f"吴*红,{MASKED_ID},{community},138****1234",
    )
    code = _cli(store, "ledger", "import", "基础数据库", str(source), "--dry-run")
    err = capsys.readouterr().err
    assert code == 1
    assert err.count(ADVICE) == 2  # the ID and the phone
    assert "18 位" not in err
    assert _count(store, "beneficiary") == 0


def test_masked_ids_in_ledgers_say_use_the_full_export(store: Store, tmp_path: Path) -> None:
    service.create(store, lead(store), VOLUNTEERS, {"name": "周志愿", "id_number": VOLUNTEER_ID})
    people = _csv(tmp_path / "v.csv", "姓名,身份证号,联系电话", f"郑一,{MASKED_ID},139****0000")
    result = exchange.import_file(store, lead(store), VOLUNTEERS, people, commit=False)
    assert {p.code for _l, p in result.problems} == {"id_masked", "phone_masked"}
    hours = _csv(
        tmp_path / "s.csv",
        "志愿者,志愿者身份证号,服务日期,服务项目,服务时长（小时）",
        f"周*愿,{idcard.mask(VOLUNTEER_ID)},2026-03-01,助餐,2",
    )
    result = exchange.import_file(
        store, lead(store), VOLUNTEER_SERVICE, hours, commit=False, today=TODAY
    )
    assert [p.code for _l, p in result.problems] == ["id_masked"]
    assert all(ADVICE in p.message() for _l, p in result.problems)


def test_masked_id_in_a_bureau_roll_says_use_the_full_export(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roll = _csv(tmp_path / "dibao.csv", "姓名,身份证号码,社区", f"吴小红,{MASKED_ID},双桥子社区")
    _cli(store, "roll", "import", "--category", "dibao", str(roll), "--dry-run")
    captured = capsys.readouterr()
    assert ADVICE in captured.out + captured.err


def test_same_person_twice_in_a_bureau_roll_as_x_and_lower_x_is_a_duplicate(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roll = _csv(
        tmp_path / "dibao.csv",
        "姓名,身份证号码,社区",
        f"吴小红,{PERSON_ID},双桥子社区",
        f"吴小红,{PERSON_ID.lower()},双桥子社区",
    )
    _cli(store, "roll", "import", "--category", "dibao", str(roll), "--dry-run")
    captured = capsys.readouterr()
    assert "与第 2 行身份证号码重复" in captured.out + captured.err


def test_masked_export_with_household_members_says_use_the_full_export(
    store: Store, tmp_path: Path
) -> None:
    """The registry's own masked export (both sheets) read back: every ID, the heads' IDs on
    the member sheet included, says to use the full export."""
    from datetime import date

    from relief_desktop.domain.beneficiary import BeneficiaryInput, MemberInput
    from relief_desktop.services import beneficiaries
    from tests.ledgers.helpers import make_id

    head = BeneficiaryInput(
        name="吴大红",
        community_id=team.communities(store)[0].id,
        id_number=make_id(date(1975, 4, 4), 33),
        members=(MemberInput(relation="子女", name="吴小红", id_number=PERSON_ID),),
    )
    beneficiaries.register(store, lead(store), head)
    masked = tmp_path / "masked.xlsx"
    registry_book.export(store, masked, masked=True)
    store.reader().execute("DELETE FROM household_member")
    store.reader().execute("DELETE FROM beneficiary_label")
    store.reader().execute("DELETE FROM beneficiary")
    store.reader().commit()
    result = registry_book.import_file(store, lead(store), masked, commit=True)
    assert not result.committed
    assert {p.code for _line, p in result.problems} == {"id_masked"}
    assert len(result.problems) == 2  # the person's ID and the member row's head ID
    assert _count(store, "beneficiary") == 0
