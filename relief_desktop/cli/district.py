"""`relief-desktop district import|board|kpi|own-kpi|overlaps`: the district center edition's commands."""

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from relief_desktop.cli.commands import command, open_store
from relief_desktop.cli.reporting import _save_report_texts
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import parse
from relief_desktop.domain.vocab import STREETS, street_code
from relief_desktop.paths import AppPaths
from relief_desktop.services import passwords, team
from relief_desktop.services.district import (
    board,
    coverage,
    edition,
    figures,
    intake,
    overlaps,
    own_kpi,
    reports,
)
from relief_desktop.services.reporting import kpi, kpi_json


def add_commands(sub: Any) -> None:
    district = sub.add_parser("district", help="区中心：导入街道报送资料包、报送及时情况、全区数据")
    actions = district.add_subparsers(dest="district_action", metavar="操作", required=True)
    intake = actions.add_parser("import", help="导入街道的月度报送资料包（zip，可加密）")
    intake.add_argument("files", nargs="+", type=Path, metavar="文件", help="资料包 zip 文件")
    intake.add_argument(
        "--password-file",
        dest="packet_password_file",
        type=Path,
        metavar="文件",
        help="加密资料包的密码所在的文本文件（只读第一行）；打开后按街道保存，下次不必再给",
    )
    intake.add_argument("--worker", help="经办的团队成员（默认为登录的成员）")
    board = actions.add_parser("board", help="报送及时情况：各街道每月是否按时报送")
    board.add_argument(
        "--month", required=True, help="月份，例如 2026-10（显示到该月为止的 12 个月）"
    )
    board.add_argument("--json", action="store_true", help="以 JSON 输出")
    kpi = actions.add_parser("kpi", help="全区数据：各街道指标并列及合计")
    kpi.add_argument(
        "--period", required=True, help="期间：2026-10、2026Q4、contract-year、contract-half 等"
    )
    kpi.add_argument(
        "--json", action="store_true", help="以 JSON 输出（街道行的指标键与 kpi --json 相同）"
    )
    inspect = actions.add_parser(
        "coverage", help="全区入户核查覆盖率：各街道各类别本季度覆盖率与目标、全区合计"
    )
    inspect.add_argument("--quarter", required=True, help="季度，例如 2026Q3（或 this-quarter）")
    inspect.add_argument("--json", action="store_true", help="以 JSON 输出")
    own = actions.add_parser(
        "own-kpi", help="区中心自身指标（01包）：督导、培训、研讨会、宣传、资源、满意度"
    )
    own.add_argument(
        "--period", required=True, help="期间：2026-10、2026Q4、contract-year、contract-half 等"
    )
    own.add_argument(
        "--json", action="store_true", help="以 JSON 输出（每项指标与 kpi --json 的指标对象相同）"
    )
    overlaps = actions.add_parser(
        "overlaps", help="跨街道重复服务对象（按身份摘要比对，只显示脱敏姓名）"
    )
    overlaps.add_argument("--json", action="store_true", help="以 JSON 输出")
    report = actions.add_parser(
        "report", help="生成区中心报民政局的报告（Excel + PDF）：月度、季度核查、半年、年终"
    )
    report.add_argument(
        "--kind",
        required=True,
        choices=list(reports.KINDS),
        help="month 月度工作报告；quarter 季度入户核查情况报告；half 半年；year 年终",
    )
    report.add_argument(
        "--period",
        required=True,
        help="期间（与 kpi 相同）：month 用 2026-10，quarter 用 2026Q3，"
        "half 用 contract-half 或 contract-half2，year 用 contract-year",
    )
    report.add_argument(
        "--out", required=True, type=Path, metavar="文件夹", help="保存报告的文件夹"
    )
    report.add_argument("--overview", type=Path, help="半年/年终：工作概述所在的文本文件（UTF-8）")
    report.add_argument("--problems", type=Path, help="半年/年终：“存在问题”所在的文本文件")
    report.add_argument("--plan", type=Path, help="半年/年终：“下阶段工作计划”所在的文本文件")
    report.add_argument("--worker", help="填写人（默认为第一位团队成员）")
    district.set_defaults(command="district")
    key = sub.add_parser(
        "id-key", help="设置身份摘要密钥（区中心下发，街道与区中心相同），用于跨街道比对"
    )
    source = key.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", type=Path, metavar="文件", help="密钥所在文本文件（只读第一行）")
    source.add_argument(
        "--generate-to",
        type=Path,
        metavar="文件",
        help="区中心：生成新密钥、设置到本机，并写入此文件交给各街道",
    )
    key.set_defaults(command="id-key")
    password = actions.add_parser(
        "password", help="保存或清除某街道的资料包密码（导入加密资料包时自动使用）"
    )
    password.add_argument("--street", required=True, help="街道，例如 双桥子 或 双桥子街道")
    given = password.add_mutually_exclusive_group(required=True)
    given.add_argument(
        "--password-file", type=Path, metavar="文件", help="该街道告知的密码所在文本文件（第一行）"
    )
    given.add_argument("--clear", action="store_true", help="清除本机保存的该街道密码")
    password.add_argument("--worker", help="经办的团队成员（默认为第一位团队成员）")


@command("district")
def _district(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        if not edition.is_district(store):
            raise RuleError("district_only")
        if args.district_action == "import":
            return _import(args, store)
        if args.district_action == "board":
            return _board(args, store)
        if args.district_action == "overlaps":
            return _overlaps(args, store)
        if args.district_action == "report":
            return _report(args, store)
        if args.district_action == "coverage":
            return _coverage(args, store)
        if args.district_action == "own-kpi":
            return _own_kpi(args, store)
        if args.district_action == "password":
            return _password(args, store)
        return _kpi(args, store)
    finally:
        store.close()


def _import(args: argparse.Namespace, store: Any) -> int:
    password = None
    if args.packet_password_file is not None:
        password = passwords.read_file(args.packet_password_file)
    members = team.team(store)
    actor = team.member_by_name(store, args.worker).actor if args.worker else members[0].actor
    outcomes = intake.import_files(store, actor, args.files, password)
    for outcome in outcomes:
        stream = sys.stderr if outcome.status == "refused" else sys.stdout
        prefix = "错误：" if outcome.status == "refused" else ""
        print(
            f"{prefix}{outcome.message}" if prefix else f"{outcome.path.name}：{outcome.message}",
            file=stream,
        )
    refused = sum(1 for o in outcomes if o.status == "refused")
    imported = sum(1 for o in outcomes if o.status == "imported")
    print(
        f"共 {len(outcomes)} 个文件：导入 {imported} 个，已有 {len(outcomes) - imported - refused} 个，未导入 {refused} 个。"
    )
    return 1 if refused else 0


def _password(args: argparse.Namespace, store: Any) -> int:
    code = street_code(args.street)
    if code is None:
        raise RuleError("street_unknown", value=args.street, choices="、".join(STREETS.values()))
    members = team.team(store)
    actor = team.member_by_name(store, args.worker).actor if args.worker else members[0].actor
    name = f"{STREETS[code]}街道"
    if args.clear:
        intake.clear_password(store, actor, code)
        print(f"已清除本机保存的{name}报送密码；导入其加密资料包时需再给出密码。")
        return 0
    intake.save_password(store, actor, code, passwords.read_file(args.password_file))
    print(f"已保存{name}的报送密码（存于加密的数据文件，变更记录不记密码本身）。")
    return 0


@command("id-key")
def _id_key(args: argparse.Namespace, paths: AppPaths) -> int:
    secret = overlaps.read_key_file(args.file) if args.file else None
    store = open_store(paths)
    try:
        actor = team.team(store)[0].actor
        if secret is None:  # --generate-to: the district makes the key the streets import
            if not edition.is_district(store):
                raise RuleError("district_id_key_generate_street")
            old = overlaps.key_fingerprint(store)
            secret = overlaps.generate_key()
            overlaps.set_key(store, actor, secret)
            overlaps.write_key_file(store, args.generate_to)
            if old:
                print(f"注意：已替换原密钥（指纹 {old}）；各街道须导入新的密钥文件。")
            print(f"已写入密钥文件：{args.generate_to}（请当面或用 U 盘交给各街道）")
        else:
            overlaps.set_key(store, actor, secret)
    finally:
        store.close()
    print(
        f"已设置身份摘要密钥（指纹 {overlaps.fingerprint(secret)}）；"
        "此后生成的脱敏月度资料包会带上身份摘要，供区中心跨街道比对。"
    )
    return 0


def _overlaps(args: argparse.Namespace, store: Any) -> int:
    found = overlaps.overlaps(store)
    if args.json:
        print(json.dumps([o.as_json() for o in found], ensure_ascii=False, indent=2))
        return 0
    if overlaps.key(store) is None:
        print(
            "提示：区中心还没有设置身份摘要密钥（id-key），无法核对街道所用密钥。", file=sys.stderr
        )
    print(f"在两个及以上街道出现的服务对象：{len(found)} 人")
    for item in found:
        where = "；".join(f"{s}（{n}，{m}）" for s, n, m in item.streets)
        print(f"  {item.id_hmac[:12]}…  {where}")
    return 0


def _month_arg(text: str) -> str:
    period = parse(text)
    if period.kind != "month":
        raise RuleError("period_format", value=text)
    return f"{period.start:%Y-%m}"


def _board(args: argparse.Namespace, store: Any) -> int:
    month = _month_arg(args.month)
    result = board.board(store, month)
    if args.json:
        print(json.dumps(board.as_json(result, month), ensure_ascii=False, indent=2))
        return 0
    index = result.months.index(month)
    print(f"{month} 报送及时情况（截止 {result.streets[0].cells[index].due}）")
    print("街道        状态    生成日期     导入日期     版本数  近12个月按时率")
    for row in result.streets:
        cell = row.cells[index]
        rate = "—" if row.rate is None else f"{row.rate:.0%}（{row.on_time}/{row.due_months}）"
        print(
            f"{row.name:<8}  {cell.text:<5}  {cell.generated_on or '—':<11}  "
            f"{cell.imported_on or '—':<11}  {cell.versions:>4}    {rate}"
        )
    rate = (
        "—" if result.rate is None else f"{result.rate:.1%}（{result.on_time}/{result.due_months}）"
    )
    print(f"全区按时率：{rate}")
    return 0


def _kpi(args: argparse.Namespace, store: Any) -> int:
    period = parse(args.period, team.contract_start(store), date.today())
    result = figures.district_figures(store, period)
    if args.json:
        document = figures.as_json(result, edition.district_name(store))
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{edition.district_name(store)} 全区数据：{period.label}（{period.start} 至 {period.end}）"
    )
    for key, total in result.total.items():
        print(f"{total.name}：合计 {figures.text(total)}")
        for street in result.streets:
            found = street.figures.get(key)
            if found is not None:
                print(f"    {street.name}：{figures.text(found)}")
    lacking = [f"{s.name}（{'、'.join(s.missing)}）" for s in result.streets if s.missing]
    if lacking:
        print("缺少资料包：" + "；".join(lacking))
    return 0


def _report(args: argparse.Namespace, store: Any) -> int:
    period = parse(args.period, team.contract_start(store), date.today())
    kind = reports.check(store, args.kind, period)
    given = {"overview": args.overview, "problems": args.problems, "next_plan": args.plan}
    if any(given.values()):
        if kind.key not in ("half", "year"):
            raise RuleError("district_report_texts_kind", title=kind.title)
        _save_report_texts(store, period, given, args.worker)
    files = reports.write(store, args.kind, period, args.out)
    print(f"已生成：{files.xlsx}")
    print(f"已生成：{files.pdf}（{files.pages} 页）")
    return 0


def _coverage(args: argparse.Namespace, store: Any) -> int:
    period = parse(args.quarter, team.contract_start(store), date.today())
    if period.kind != "quarter":
        raise RuleError("quarter_format", value=args.quarter)
    result = coverage.coverage(store, period)
    if args.json:
        document = coverage.as_json(result, edition.district_name(store))
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    name = edition.district_name(store)
    print(f"{name} 入户核查覆盖率：{period.label}（{period.start} 至 {period.end}）")
    heads = "  ".join(
        f"{c.category}（目标 {c.target:.0%}）"
        for c in result.total.values()
        if c.target is not None
    )
    print(f"街道        数据截至   {heads}")
    for street in result.streets:
        cells = "  ".join(_coverage_text(c) for c in street.cells.values())
        month = street.month or "—"
        missing = f"  缺：{'、'.join(street.months_missing)}" if street.months_missing else ""
        print(f"{street.name:<8}  {month:<8}  {cells}{missing}")
    cells = "  ".join(_coverage_text(c) for c in result.total.values())
    print(f"{'全区合计':<8}  {'':<8}  {cells}")
    return 0


def _coverage_text(cell: coverage.CoverageCell) -> str:
    if cell.numerator is None or not cell.denominator:
        return cell.text
    return f"{coverage.rate_text(cell)} {cell.text}"


def _own_kpi(args: argparse.Namespace, store: Any) -> int:
    today = date.today()
    period = parse(args.period, team.contract_start(store, today), today)
    results = own_kpi.compute(store, period, today)
    if args.json:
        document = kpi_json.document(store, period, results, today)
        del document["street"]
        document = {"district": edition.district_name(store), **document}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    dates = "" if "（" in period.label else f"（{period.start} 至 {period.end}）"
    print(f"{edition.district_name(store)}社会关爱援助中心 自身指标：{period.label}{dates}")
    for result in results:
        status = kpi.STATUS_TEXT[result.status]
        print(
            f"  {result.kpi.label}：{own_kpi.value_text(result)}"
            f" / 目标 {result.target_text()}  {status}"
        )
    return 0
