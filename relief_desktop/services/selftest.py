"""自检: the whole chain an installed copy needs, run in a temporary data folder.

Sets up a street, signs in with a generated password, registers a made-up person, opens a case
and assesses it, makes the month's packet (masked, with the embedded font, AES-256), reads it back
and checks every file against the manifest, then removes the folder. The user's own data folder
is never opened: everything lives under a fresh `tempfile.mkdtemp()` folder.
"""

import json
import secrets
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from relief_desktop.paths import AppPaths

if TYPE_CHECKING:
    from relief_desktop.services.team import TeamMember
    from relief_desktop.storage.store import Store

STREET = "双桥子"
TEAM = (("自检甲", "项目负责人"), ("自检乙", "项目专员"))
# A made-up person: a valid check digit, a birth date nobody in the street needs to have.
PERSON_NAME = "自检测试"
PERSON_ID = "510108198503120235"


@dataclass(frozen=True)
class Step:
    title: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.title}" + (f"：{self.detail}" if self.detail else "")


Report = Callable[[Step], None]


class StepFailedError(Exception):
    """A step found something wrong; `detail` says what, in Chinese."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


Action = Callable[[], str]  # a step: its detail for the line, or it raises


def run(
    report: Report | None = None,
    today: date | None = None,
    extra: Sequence[tuple[str, Action]] = (),
) -> list[Step]:
    """Run every step, then `extra` (the caller's own, e.g. the UI's font and translations);
    each one reported as it ends. Stops at the first failure (later steps need the earlier
    ones), but always removes the folder and reports that too."""
    steps: list[Step] = []

    def done(step: Step) -> None:
        steps.append(step)
        if report is not None:
            report(step)

    folder = Path(tempfile.mkdtemp(prefix="relief-selftest-"))
    check = _Check(folder, today or date.today())
    try:
        for title, action in [*check.steps(), *extra]:
            try:
                detail = action()
            except StepFailedError as error:
                done(Step(title, False, error.detail))
                break
            except Exception as error:
                done(Step(title, False, _describe(error)))
                break
            done(Step(title, True, detail))
    finally:
        check.close()
        shutil.rmtree(folder, ignore_errors=True)
        done(Step("删除临时数据目录", not folder.exists()))
    return steps


def passed(steps: list[Step]) -> bool:
    """Every step ran (a failure stops the run, with a ✗ line) and succeeded."""
    return bool(steps) and all(step.ok for step in steps)


def _describe(error: BaseException) -> str:
    from relief_desktop import faults
    from relief_desktop.domain.errors import RuleError

    if isinstance(error, RuleError):
        return str(error)
    fault = faults.translate(error)
    return str(fault) if fault is not None else f"程序内部错误（{type(error).__name__}）"


class _Check:
    """One run: each step uses what the earlier ones made (they run in order)."""

    store: "Store"
    password: str
    member: "TeamMember"
    person: str
    packet: Path
    packet_password: str

    def __init__(self, folder: Path, today: date) -> None:
        self.folder = folder
        self.today = today
        self.opened = False

    def steps(self) -> list[tuple[str, Action]]:
        return [
            ("在临时目录建立街道和团队", self.setup),
            ("用生成的密码登录", self.sign_in),
            ("登记一名测试对象", self.register),
            ("建立个案并完成需求评估", self.assess),
            ("生成报送包（脱敏、加密、嵌入字体）", self.make_packet),
            ("读回报送包并核对清单", self.read_back),
        ]

    def close(self) -> None:
        if self.opened:
            self.store.close()

    def setup(self) -> str:
        from relief_desktop.services import accounts, team
        from relief_desktop.storage.actor import SYSTEM
        from relief_desktop.storage.store import Store

        self.store = Store.open(AppPaths.under(self.folder / "data"))
        self.opened = True
        team.setup(self.store, STREET, list(TEAM))
        self.password = "自检-" + secrets.token_urlsafe(12)
        accounts.set_all(self.store, SYSTEM, self.password)
        return f"{team.street_name(self.store)}街道，{len(team.communities(self.store))} 个社区"

    def sign_in(self) -> str:
        from relief_desktop.services import accounts

        self.member = accounts.sign_in(self.store, self.password, TEAM[0][0])
        return self.member.name

    def register(self) -> str:
        from relief_desktop.domain.beneficiary import BeneficiaryInput
        from relief_desktop.services import beneficiaries, team

        data = BeneficiaryInput(
            name=PERSON_NAME,
            community_id=team.communities(self.store)[0].id,
            id_type="居民身份证",
            id_number=PERSON_ID,
            registered_on=self.today,
        )
        self.person = beneficiaries.register(self.store, self.member.actor, data)
        return f"档案号 {beneficiaries.load(self.store, self.person).file_no}"

    def assess(self) -> str:
        from relief_desktop.domain.casework import DOMAINS, AssessmentInput, Rating
        from relief_desktop.services import team
        from relief_desktop.services.casework import assessments, cases

        today = self.today
        case_uuid = cases.open_case(
            self.store,
            self.member.actor,
            cases.OpenCaseInput(self.person, "低保", "一般", "社区", today),
            today=today,
        )
        lead, officer = team.team(self.store)[:2]
        ratings = tuple(Rating(d, 2 if i < 3 else 0, "") for i, d in enumerate(DOMAINS))
        assessment = AssessmentInput(
            assessed_on=today,
            assessor1=lead.uuid,
            assessor2=officer.uuid,
            ratings=ratings,
            method="入户访谈",
        )
        assessments.save_assessment(self.store, self.member.actor, case_uuid, assessment, today)
        case = cases.load_case(self.store, case_uuid)
        return f"{case.case_no}，评估等级 {case.level}"

    def make_packet(self) -> str:
        from relief_desktop.domain import periods
        from relief_desktop.services.reporting import month_packet

        self.packet_password = "自检报送-" + secrets.token_urlsafe(8)
        result = month_packet.generate(
            self.store,
            self.member.actor,
            periods.month_of(self.today),
            self.folder / "out",
            password=self.packet_password,
            masked=True,
            today=self.today,
        )
        if not (result.encrypted and result.masked):
            raise StepFailedError("报送包没有加密或没有脱敏")
        self.packet = result.path
        size = result.path.stat().st_size // 1024
        return f"{result.path.name}（{size} KB，已脱敏、AES-256 加密）"

    def read_back(self) -> str:
        import hashlib

        import pyzipper

        with pyzipper.AESZipFile(self.packet) as archive:
            try:
                archive.read("manifest.json")
                raise StepFailedError("报送包没有密码也能打开")
            except RuntimeError:
                pass  # as it should: the password is needed
            archive.setpassword(self.packet_password.encode("utf-8"))
            manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
            files: dict[str, str] = manifest["files"]
            if not files or not manifest.get("masked"):
                raise StepFailedError("清单为空或没有标明脱敏")
            for name, digest in files.items():
                content = archive.read(name)
                if hashlib.sha256(content).hexdigest() != digest:
                    raise StepFailedError(f"{name} 与清单中的校验值不符")
                if name.endswith(".pdf") and b"/FontFile2" not in content:
                    raise StepFailedError(f"{name} 没有嵌入中文字体")
                if name.endswith(".xlsx") and _unmasked(content):
                    raise StepFailedError(f"{name} 含有未脱敏的姓名或身份证号")
        return f"{len(files)} 个文件与清单一致，PDF 已嵌入字体"


def _unmasked(workbook: bytes) -> bool:
    """The made-up person's full name or ID anywhere in the workbook's XML."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        text = "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return PERSON_ID in text or PERSON_NAME in text
