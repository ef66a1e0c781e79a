"""CLI of reporting: `packet`, `kpi`, `report`, `disclosure`."""

import argparse
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from unicodedata import east_asian_width

from relief_desktop.cli.commands import command, open_store
from relief_desktop.domain import periods
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import audit, passwords, team
from relief_desktop.services.reporting import (
    disclosure,
    kpi,
    kpi_json,
    month_packet,
    packet_mail,
    packet_password,
    periodic,
    report_texts,
)
from relief_desktop.services.team import contract_start

if TYPE_CHECKING:
    from relief_desktop.storage.actor import Actor
    from relief_desktop.storage.store import Store


def add_commands(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    packet = sub.add_parser("packet", help="生成月度报送资料包（Excel 台账 + PDF 工作简报 + 清单）")
    packet.add_argument("--month", required=True, help="报送月份，例如 2026-10")
    packet.add_argument("--out", required=True, type=Path, help="保存资料包的文件夹")
    packet.add_argument(
        "--password-file",
        type=Path,
        help="压缩包密码所在的文本文件（AES-256 加密）；不给时用“设置”中的团队报送密码",
    )
    packet.add_argument(
        "--email-text", action="store_true", help="同时打印发给区中心的邮件文字（不含密码）"
    )
    packet.add_argument("--full", action="store_true", help="包含完整身份证号和姓名（默认脱敏）")
    packet.add_argument("--worker", help="生成人（默认为第一位团队成员）")
    packet.add_argument("--reason", default="", help="导出完整信息的用途（记入完整信息访问记录）")

    kpi = sub.add_parser("kpi", help="打印合同指标完成情况")
    kpi.add_argument(
        "--period",
        help="2026-10、2026Q4、last-month、this-month、this-quarter、contract-year 或 "
        "contract-half（默认：上月资料包未生成时为上月，否则为合同年度）",
    )
    kpi.add_argument("--records", metavar="KPI", help="列出计入该指标的记录，例如 providers")
    kpi.add_argument("--json", action="store_true", help="以 JSON 输出（供程序读取）")
    kpi.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)

    report = sub.add_parser("report", help="生成半年或年终报告（PDF + Excel）")
    report.add_argument("--period", default="contract-year", help="contract-half 或 contract-year")
    report.add_argument("--out", required=True, type=Path, help="保存报告的文件夹")
    report.add_argument("--overview", type=Path, help="工作概述所在的文本文件（UTF-8），保存后生成")
    report.add_argument("--problems", type=Path, help="“存在问题”所在的文本文件（UTF-8）")
    report.add_argument("--plan", type=Path, help="“下阶段工作计划”所在的文本文件（UTF-8）")
    report.add_argument("--worker", help="填写人（默认为第一位团队成员）")

    disclosure = sub.add_parser("disclosure", help="生成“情动成华”信息公开文字")
    disclosure.add_argument("--period", required=True, help="2026-10 或 2026Q4")
    disclosure.add_argument("--posted", help="已发布日期（记录用于指标），例如 2026-11-03")
    disclosure.add_argument("--worker", help="记录人（默认为第一位团队成员）")


def actor_for(store: "Store", name: str | None) -> "Actor":
    """The worker named on the command line, or the first team member."""

    if name:
        return team.member_by_name(store, name).actor
    members = team.team(store)
    if not members:
        raise RuleError("not_set_up")
    return members[0].actor


def _period(store: "Store", text: str) -> periods.Period:
    return periods.parse(text, contract_start(store))


@command("packet")
def _packet(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        period = periods.parse(args.month)
        if period.kind != "month":
            raise RuleError("period_format", value=args.month)
        actor = actor_for(store, args.worker)
        password: str | None = None
        if args.password_file:
            password = passwords.read_file(args.password_file)
        else:  # the team's packet password (设置): encrypted by default once it is set
            password = packet_password.get(store)
        gaps = month_packet.completeness(store, period)
        for gap in gaps:
            print(f"提醒：{gap.text}")
        result = month_packet.generate(
            store, actor, period, args.out, password=password, masked=not args.full
        )
        if not result.masked:
            audit.record_access(
                store, actor, "export_full", f"{period.label}资料包 → {result.path.name}",
                sum(result.row_counts.values()), args.reason,
            )  # fmt: skip
        mail = packet_mail.compose(
            street=f"{team.street_name(store)}街道", period_label=period.label,
            file_name=result.path.name, version=result.version, encrypted=result.encrypted,
            masked=result.masked, sender=actor.name, today=date.today(),
        )  # fmt: skip
    finally:
        store.close()
    print(
        f"已生成：{result.path}（第 {result.version} 版，{'已加密' if result.encrypted else '未加密'}，"
        f"{'已脱敏' if result.masked else '含完整身份信息'}）"
    )
    for sheet, rows in result.row_counts.items():
        print(f"  {sheet}：{rows} 行")
    print(f"  SHA-256：{result.sha256}")
    if result.encrypted:
        print(f"  {packet_mail.OPEN_WITH}密码请另行告知区中心，不要写在邮件里。")
    if args.email_text:
        print()
        print(mail.whole())
    else:
        print("  加 --email-text 可打印发给区中心的邮件文字。")
    return 0


def _cells(texts: list[str], widths: list[int]) -> str:
    """Columns padded by display width (a Chinese character takes two), first left-aligned."""
    out = []
    for i, (text, width) in enumerate(zip(texts, widths, strict=True)):
        pad = " " * max(0, width - sum(2 if east_asian_width(c) in "WF" else 1 for c in text))
        out.append(text + pad if i == 0 else pad + text)
    return "  ".join(out)


@command("kpi")
def _kpi(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    today = args.today or date.today()
    try:
        if args.period:
            period = periods.parse(args.period, _contract_start(store, today), today)
        else:
            period = kpi.default_period(store, today)
        keys = [args.records] if args.records else None
        if args.records and args.records not in kpi.KPI_BY_KEY:
            raise RuleError("kpi_unknown", value=args.records, choices="、".join(kpi.KPI_BY_KEY))
        results = kpi.compute(store, period, keys, today)
        if args.json:
            document = kpi_json.document(store, period, results, today)
    finally:
        store.close()
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    print(f"{period.label}（{period.start} 至 {period.end}），截至 {min(period.end, today)}")
    widths = [30, 14, 16, 14, 7, 6]
    print(_cells(["指标", "本期", "累计至期末", "目标", "完成率", "状态"], widths))
    for r in results:
        progress = "—" if r.not_due else f"{r.progress:.0%}"
        texts = [r.kpi.label, r.value_text(), r.to_date_text(), r.target_text(), progress,
                 kpi.STATUS_TEXT[r.status]]  # fmt: skip
        print(_cells(texts, widths))
        if args.records:
            for ref in r.measure.records:
                print(f"    {ref.day}  {ref.text}")
    print(
        "累计至期末：年度指标为合同年度开始至期末，核查覆盖率为本季度开始至期末；状态按累计判断。"
    )
    return 0


def _contract_start(store: "Store", today: date) -> date:
    return contract_start(store, today)


@command("report")
def _report(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        period = _period(store, args.period)
        title = {"half": "半年报告", "year": "年终报告"}.get(period.kind, f"{period.label}报告")
        if period.label.startswith("合同下半年"):
            title = "下半年报告"  # not the first half's file name
        files_given = {"overview": args.overview, "problems": args.problems, "next_plan": args.plan}
        if any(files_given.values()):
            _save_report_texts(store, period, files_given, args.worker)
        files = periodic.write(store, period, args.out, title)
    finally:
        store.close()
    print(f"已生成：{files.pdf}（{files.pages} 页）")
    print(f"已生成：{files.xlsx}")
    return 0


def _save_report_texts(
    store: "Store", period: periods.Period, files: dict[str, Path | None], worker: str | None
) -> None:
    """The team's words of the report from text files; a field without a file keeps its text."""

    texts = report_texts.load(store, period)
    for key, path in files.items():
        if path is not None:
            texts = replace(texts, **{key: _read_text(path)})
    report_texts.save(store, actor_for(store, worker), period, texts)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RuleError("report_text_file", path=str(path), reason="文件不存在") from None
    except UnicodeDecodeError:
        raise RuleError("report_text_file", path=str(path), reason="不是 UTF-8 编码") from None
    except OSError as error:
        raise RuleError(
            "report_text_file", path=str(path), reason=error.strerror or "无法读取"
        ) from None


@command("disclosure")
def _disclosure(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        period = _period(store, args.period)
        text = disclosure.compose(store, period)
        if args.posted:
            actor = actor_for(store, args.worker)
            disclosure.record(store, actor, text, date.fromisoformat(args.posted))
    finally:
        store.close()
    print(text.text)
    return 0
