"""`relief-desktop roll import` and `relief-desktop inspections export` (入户核查)."""

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from relief_desktop.cli.commands import command, open_store
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.idcard import mask
from relief_desktop.domain.inspection import (
    CATEGORIES,
    Quarter,
    format_rate,
    on_roll_until,
    unit_word,
)
from relief_desktop.paths import AppPaths
from relief_desktop.services import audit, team
from relief_desktop.services.inspection import roll_undo, rolls
from relief_desktop.services.inspection.report import write_quarter_report
from relief_desktop.services.inspection.rolls import RollPreview, fields_for


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写成 2026-10-01") from None


def add_commands(sub: Any) -> None:
    roll = sub.add_parser("roll", help="民政局在册名单（低保/特困/临时救助/特殊困难群体儿童）")
    roll_sub = roll.add_subparsers(dest="roll_command", metavar="操作", required=True)
    imp = roll_sub.add_parser(
        "import",
        help="导入一类在册名单（先预览，再写入）",
        epilog="退出码：0 已导入（或预览无错误）；1 未写入（缺列、名单日期不对、没有有效行，或预览有错误行）；"
        "2 已导入，但有错误行未导入；3 未写入：结束人数超过现有名单的 20%，须用 --confirm-ends 确认。",
    )
    imp.add_argument("--category", required=True, choices=list(CATEGORIES), help="名单类别")
    imp.add_argument("file", type=Path, metavar="FILE", help="民政局下发的 .xlsx / .xls 文件")
    imp.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    imp.add_argument(
        "--date", type=_date, help="名单日期（默认今天）；不再在名单上的人按此日期结束"
    )
    imp.add_argument("--worker", help="操作人（默认第一位团队成员）")
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="字段=表头",
        help="指定某一项在文件中的列，可重复，例如 --column 姓名=申请人姓名 --column 身份证号=证件号",
    )
    imp.add_argument(
        "--header-line", type=int, metavar="N", help="表头在文件的第 N 行（默认自动判断）"
    )
    imp.add_argument(
        "--confirm-ends",
        type=int,
        metavar="N",
        help="确认结束 N 人的在册：将结束的人数超过现有名单的 20%% 时必须加此项，N 须等于预览中的人数",
    )
    imp.set_defaults(command="roll import")
    _add_roll_undo(roll_sub)

    ins = sub.add_parser("inspections", help="入户核查台账")
    ins_sub = ins.add_subparsers(dest="inspections_command", metavar="操作", required=True)
    exp = ins_sub.add_parser("export", help="导出季度报送：Excel 台账 + 覆盖率 + PDF 报告")
    exp.add_argument("--quarter", required=True, help="季度，例如 2026Q4")
    exp.add_argument("--out", type=Path, required=True, help="输出文件夹")
    exp.add_argument("--unmasked", action="store_true", help="不脱敏（民政局明确要求完整信息时）")
    exp.add_argument("--reason", default="", help="导出完整信息的用途（记入完整信息访问记录）")
    exp.add_argument("--worker", help="经办的团队成员（默认第一位）")
    exp.set_defaults(command="inspections export")


def _columns(pairs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        label, sep, header = pair.partition("=")
        if not sep or not label.strip() or not header.strip():
            raise RuleError("roll_column_format", value=pair)
        found[label.strip()] = header.strip()
    return found


@command("roll import")
def _roll_import(args: argparse.Namespace, paths: AppPaths) -> int:
    columns = _columns(args.column)
    store = open_store(paths)
    try:
        result = rolls.preview(
            store,
            args.category,
            args.file,
            args.date,
            columns=columns,
            header_line=args.header_line,
        )
        _print_preview(result)
        if not result.can_commit:
            return 1
        if result.needs_confirmation and args.confirm_ends != len(result.ends):
            _say(f"未写入：{result.confirmation_text()}")
            if args.confirm_ends is not None:
                _say(
                    f"  --confirm-ends {args.confirm_ends} 与将结束的人数 {len(result.ends)} 不符。"
                )
            return 3
        if args.dry_run:
            _say("预览模式（--dry-run）：未写入任何数据。")
            return 1 if result.errors else 0
        if result.valid_rows <= 0:
            _say("文件中没有可导入的行：未写入任何数据。")
            return 1
        member = team.member_by_name(store, args.worker) if args.worker else team.team(store)[0]
        done = rolls.commit(store, member.actor, result, confirmed_ends=args.confirm_ends)
        _say(
            f"已导入：新增 {done.added}，更新 {done.updated}，结束 {done.ended}"
            f"（与登记档案关联 {done.linked} 人）。"
        )
        if result.errors:
            _say(f"有 {len(result.rejected_lines)} 行因上述问题未导入，请修改文件后重新导入。")
            return 2
        return 0
    finally:
        store.close()


def _print_preview(result: Any) -> None:
    assert isinstance(result, RollPreview)
    _say(
        f"文件：{result.file_name}（工作表“{result.sheet}”，表头在第 {result.header_line} 行）"
        f"  类别：{result.category}  名单日期：{result.roll_date}"
    )
    for note in result.notes():
        _say(f"{note}（如不对，请用 --column 指定）")
    if result.missing:
        labels = "、".join(spec.label for spec in fields_for(result.category))
        _say(f"错误：缺少必需的列：{result.missing_labels()}。")
        _say(f"  表头：{'、'.join(h for h in result.headers if h)}")
        _say(
            f"  请用 --column 指定，例如 --column {result.missing_labels().split('、')[0]}=文件中的列名"
            f"（可指定的项：{labels}；表头不在第 {result.header_line} 行时加 --header-line N）。"
        )
        if "id_number" in result.missing:
            _say("  若名单本来就没有身份证号码列，请向民政局索取带完整身份证号码的名单。")
        return
    if result.unmapped:
        _say(f"未使用的列：{'、'.join(result.unmapped)}")
    _say(
        f"读取 {result.rows_read} 行：新增 {len(result.adds)}，更新 {len(result.updates)}，"
        f"无变化 {result.unchanged}，结束 {len(result.ends)}，"
        f"有错误未导入 {len(result.rejected_lines)}，跳过 {len(result.skipped)}"
    )
    for reason in result.blocking:
        _say(f"错误：{reason}")
    if result.ends_blocked:
        _say(f"注意：{result.ends_blocked}（不在新名单上的 {result.not_ended} 人保持在册）")
    if result.needs_confirmation:
        _say(f"注意：{result.confirmation_text()}")
    for change in result.updates[:50]:
        fields = "；".join(
            f"{label}：{old or '空'} → {new or '空'}" for label, old, new in change.fields
        )
        _say(
            f"  更新 第 {change.row.line} 行 {change.row.name}（{mask(change.row.id_number)}）{fields}"
        )
    if len(result.updates) > 50:
        _say(f"  …… 另有 {len(result.updates) - 50} 人将更新")
    for ending in result.ends[:50]:
        _say(
            f"  结束 {ending.name}（{mask(ending.id_number)}）：不在新名单上，"
            f"{on_roll_until(result.roll_date)}"
        )
    if len(result.ends) > 50:
        _say(f"  …… 另有 {len(result.ends) - 50} 人将结束")
    for kept in result.kept[:50]:
        ending = kept.ending
        _say(f"  {ending.name}（{mask(ending.id_number)}）{kept.reason}")
    if len(result.kept) > 50:
        _say(f"  …… 另有 {len(result.kept) - 50} 人同样未结束")
    groups = result.grouped_problems()
    if groups:
        _say("问题（相同的问题合并为一行）：")
    for group in groups:
        kind = "错误" if group.severity == "error" else "提示"
        label = f"[{group.label}] " if group.label else ""
        _say(f"  第 {group.lines_text} 行 {kind} {label}{group.message}")
    for line, why in result.skipped:
        _say(f"  第 {line} 行 跳过：{why}")


@command("inspections export")
def _inspections_export(args: argparse.Namespace, paths: AppPaths) -> int:
    quarter = Quarter.parse(args.quarter)
    store = open_store(paths)
    try:
        files = write_quarter_report(store, quarter, args.out, masked=not args.unmasked)
        if args.unmasked:
            member = team.member_by_name(store, args.worker) if args.worker else team.team(store)[0]
            audit.record_access(
                store, member.actor, "export_full", f"{quarter.label}入户核查报送 → {args.out}",
                sum(item.in_quarter.denominator for item in files.summary), args.reason,
            )  # fmt: skip
    finally:
        store.close()
    _say(f"{quarter.label}入户核查报送已生成：")
    for item in files.summary:
        q, y = item.in_quarter, item.in_year
        _say(
            f"  {item.category}：本季度 {q.numerator}/{q.denominator} {unit_word(item.category)}"
            f" {format_rate(q.rate)}（目标 {q.target:.0%}，{'达标' if q.met else '未达标'}）；"
            f"合同年 {y.numerator}/{y.denominator} {format_rate(y.rate)}"
        )
    _say(f"  Excel：{files.xlsx}")
    _say(f"  PDF：{files.pdf}")
    return 0


# -- roll undo (撤销本次导入) ------------------------------------------------------------------


def _add_roll_undo(roll_sub: Any) -> None:
    undo = roll_sub.add_parser(
        "undo", help="撤销一类名单最近一次导入，恢复到导入前（不加 --yes 只列出将撤销的内容）"
    )
    undo.add_argument("--category", required=True, choices=list(CATEGORIES), help="名单类别")
    undo.add_argument("--worker", help="操作人（默认第一位团队成员）")
    undo.add_argument("--yes", action="store_true", help="确认撤销（不加时不写入任何数据）")
    undo.set_defaults(command="roll undo")


@command("roll undo")
def _roll_undo(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        batch = roll_undo.check(store, args.category)
        if not args.yes:
            _say(f"将撤销{roll_undo.title(args.category)}最近一次导入：")
            for line in batch.describe():
                _say(f"  {line}")
            _say("确认撤销请加 --yes。（本次未写入任何数据。）")
            return 1
        member = team.member_by_name(store, args.worker) if args.worker else team.team(store)[0]
        done = roll_undo.undo(store, member.actor, args.category)
        _say(
            f"已撤销{roll_undo.title(args.category)}的导入（{done.batch.file_name}）："
            f"已{done.batch.effects()}。"
        )
        return 0
    finally:
        store.close()
