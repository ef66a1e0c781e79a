"""A ledger to and from Excel: the sheet written for reports and the import of teams' workbooks.

Both come from the declaration. The import reads through importers/table_file.py (the one
importer), validates every row with the same rules as the form, and writes all accepted rows in
one transaction — or nothing, with a row-by-row report.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.exports.xlsx import Column, Kind, Sheet, write_workbook
from relief_desktop.importers.table_file import FieldSpec, TableRead, read_table
from relief_desktop.ledgers import service
from relief_desktop.ledgers import values as cells
from relief_desktop.ledgers.service import LedgerQuery, Record
from relief_desktop.ledgers.spec import Field, Ledger
from relief_desktop.storage import journal
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import begin_immediate
from relief_desktop.storage.settings import print_heading
from relief_desktop.storage.store import Store

UUID_HEADER = "记录编号"
IGNORED = "_ignored."
MASKED_NOTE = (
    "数据已脱敏：身份证号只留前 6 位和末位，姓名只留姓，电话隐去中间 4 位，出生日期只写年月。"
    "如需导入，请导出完整版。"
)

_XLSX_KINDS: dict[str, Kind] = {
    "int": "int",
    "money": "money",
    "decimal": "decimal",
    "minutes": "decimal",
    "date": "date",
    "bool": "bool",
}


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: Kind
    value: Callable[[Record, bool], object]  # (record, masked) -> cell value
    masked_kind: Kind | None = None  # the kind when masked, if another (a birth date: text)


def _field_value(spec: Field) -> Callable[[Record, bool], object]:
    def get(record: Record, masked: bool) -> object:
        value = record.values.get(spec.key)
        if value is None:
            return None
        if spec.kind == "decimal":
            return int(value) / 100
        if spec.kind == "minutes":
            return cells.hours(int(value))
        if spec.kind == "files":
            return "；".join(n for n in str(value).split(cells.FILE_SEPARATOR) if n)
        if masked and (spec.is_text or spec.sensitive):
            return cells.mask(str(value), spec.sensitive)  # a birth date becomes 1990-03
        return value

    return get


def _shown(key: str, sensitive: str) -> Callable[[Record, bool], object]:
    def get(record: Record, masked: bool) -> object:
        text = record.shown.get(key, "")
        return cells.mask(text, sensitive) if masked else text

    return get


def _extra_value(key: str) -> Callable[[Record, bool], object]:
    return lambda record, _masked: record.values.get(key)


def columns(ledger: Ledger) -> list[ExportColumn]:
    found: list[ExportColumn] = []
    for spec in ledger.fields:
        if spec.ref is not None:
            header = spec.ref.key_label or spec.label
            key_getter = _shown(f"{spec.key}__key", spec.ref.key_sensitive)
            found.append(ExportColumn(header, "text", key_getter))
            for extra in spec.ref.extras:
                getter = _shown(f"{spec.key}__{extra.column}", extra.sensitive)
                found.append(ExportColumn(extra.label, "text", getter))
        else:
            kind = _XLSX_KINDS.get(spec.kind, "text")
            masked_kind: Kind | None = "text" if spec.sensitive == "birth" else None
            found.append(ExportColumn(spec.label, kind, _field_value(spec), masked_kind))
    for extra_column in ledger.extra_columns:
        kind = _XLSX_KINDS.get(extra_column.kind, "text")
        found.append(ExportColumn(extra_column.label, kind, _extra_value(extra_column.key)))
    found.append(ExportColumn(UUID_HEADER, "text", lambda record, _masked: record.uuid))
    return found


def sheet(
    store: Store,
    ledger: Ledger,
    query: LedgerQuery | None = None,
    masked: bool = True,
    only_ids: Collection[int] | None = None,
) -> Sheet:
    """The ledger's rows as a Sheet of exports/xlsx (masked by default)."""
    chosen = columns(ledger)
    found = service.records(store, ledger, query)
    if only_ids is not None:
        found = [r for r in found if r.id in only_ids]
    rows = [[c.value(record, masked) for c in chosen] for record in found]
    return Sheet(
        ledger.title,
        [Column(c.header, (c.masked_kind or c.kind) if masked else c.kind) for c in chosen],
        rows,
        note=MASKED_NOTE if masked else "",
    )


def export(
    store: Store,
    ledger: Ledger,
    target: Path,
    query: LedgerQuery | None = None,
    masked: bool = True,
) -> int:
    """Write the ledger to `target` (.xlsx); returns the number of rows."""

    result = write_workbook(
        target, [sheet(store, ledger, query, masked)], heading=print_heading(store)
    )
    return result.row_counts[ledger.title]


# -- import --------------------------------------------------------------------------------


def field_specs(ledger: Ledger) -> list[FieldSpec]:
    """What table_file.read_table looks for: every input column, ref extras, the record number."""
    specs: list[FieldSpec] = []
    for spec in ledger.fields:
        if spec.computed:
            specs.append(FieldSpec(IGNORED + spec.key, spec.label))
        elif spec.ref is not None:
            header = spec.ref.key_label or spec.label
            synonyms = [*spec.synonyms, spec.label] if spec.ref.key_label else list(spec.synonyms)
            required = spec.required and not spec.ref.extras
            specs.append(FieldSpec(spec.key, header, tuple(synonyms), required))
            for extra in spec.ref.extras:
                specs.append(
                    FieldSpec(
                        f"{spec.key}.{extra.column}",
                        extra.label,
                        id_number=extra.sensitive == "id",
                    )
                )
        else:
            specs.append(
                FieldSpec(
                    spec.key,
                    spec.label,
                    tuple(spec.synonyms),
                    spec.required,
                    id_number=spec.sensitive == "id",
                    multiline=spec.kind in ("longtext", "files"),
                )
            )
    for extra_column in ledger.extra_columns:
        specs.append(FieldSpec(IGNORED + extra_column.key, extra_column.label))
    specs.append(FieldSpec("uuid", UUID_HEADER, ("记录编号（勿改）",)))
    return specs


def read(
    ledger: Ledger,
    path: Path,
    mapping_override: Mapping[str, int] | None = None,
    header_override: Mapping[str, str] | None = None,
) -> TableRead:
    return read_table(
        path,
        field_specs(ledger),
        mapping_override=mapping_override,
        header_override=header_override,
    )


@dataclass(frozen=True)
class ImportRow:
    line: int
    uuid: str
    cells: dict[str, str]  # field label -> text as it will read in the ledger


@dataclass
class ImportResult:
    title: str
    file: str
    added: list[ImportRow] = field(default_factory=list)
    problems: list[tuple[int, Problem]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    committed: bool = False

    @property
    def refused_lines(self) -> list[int]:
        return sorted({line for line, _ in self.problems})

    def report(self) -> list[str]:
        """The row-by-row report, in Chinese, as the CLI prints it and the preview lists it."""
        lines = [
            f"{self.title}：{self.file}",
            f"可导入 {len(self.added)} 行，有问题 {len(self.refused_lines)} 行，"
            f"跳过 {len(self.skipped)} 行。",
        ]
        for line, problem in sorted(self.problems, key=lambda item: item[0]):
            where = f"第 {line} 行" if line else "表头"
            lines.append(f"  {where}：{problem.message()}")
        for line, why in self.skipped:
            lines.append(f"  第 {line} 行已跳过：{why}")
        return lines


def run_import(
    store: Store,
    actor: Actor,
    ledger: Ledger,
    table: TableRead,
    file_name: str,
    *,
    commit: bool,
    skip_bad: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Validate every row in order inside one transaction (a row sees the rows above it: a
    handover may use a receipt imported two lines up). Commit when asked and nothing was
    refused (or `skip_bad`); otherwise roll back, so a preview and a refused file write nothing."""
    result = ImportResult(ledger.title, file_name)
    if table.missing:
        labels = "、".join(_label(ledger, key) for key in table.missing)
        result.problems.append((0, Problem("", "import_missing_columns", {"labels": labels})))
        return result
    line_problems: dict[int, list[Problem]] = {}
    for line, problem in table.problems:
        line_problems.setdefault(line, []).append(problem)
    result.skipped.extend(table.skipped)
    conn = store.reader()
    begin_immediate(conn)  # waits for another writer, or says so in Chinese
    try:
        batch = journal.open_batch(conn, actor, "ledger", ledger.key, file_name) if commit else None
        for row in table.rows:
            if row.line in line_problems:
                result.problems.extend((row.line, p) for p in line_problems[row.line])
                continue
            wanted_uuid = row.values.get("uuid", "").strip()
            if wanted_uuid and _exists(conn, ledger, wanted_uuid):
                result.skipped.append((row.line, "记录编号已存在（此前已导入或录入），未重复导入"))
                continue
            raw: dict[str, object] = {}
            extras: dict[str, dict[str, str]] = {}
            for key, text in row.values.items():
                if key.startswith(IGNORED) or key == "uuid":
                    continue
                if "." in key:
                    owner, column = key.split(".", 1)
                    extras.setdefault(owner, {})[column] = text
                else:
                    raw[key] = text
            values, problems = service.check(store, ledger, raw, None, today, extras)
            if problems:
                result.problems.extend((row.line, p) for p in problems)
                continue
            try:
                record_uuid = service.insert(conn, actor, ledger, values, wanted_uuid or None)
            except RuleError as error:  # a database rule the checks missed: this row only
                result.problems.append((row.line, Problem("", error.code, error.details)))
                continue
            record = service.load(store, ledger, record_uuid)
            shown = {f.label: record.text(ledger, f.key) for f in ledger.fields}
            result.added.append(ImportRow(row.line, record_uuid, shown))
        if commit and result.added and (skip_bad or not result.problems):
            if batch is not None:
                journal.close_batch(conn, actor, batch, added=len(result.added))
            conn.execute("COMMIT")
            result.committed = True
        else:
            conn.execute("ROLLBACK")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result


def _exists(conn: Any, ledger: Ledger, uuid: str) -> bool:
    row = conn.execute(f"SELECT 1 FROM {ledger.table} WHERE uuid = ?", (uuid,)).fetchone()
    return row is not None


def _label(ledger: Ledger, key: str) -> str:
    for spec in field_specs(ledger):
        if spec.key == key:
            return spec.label
    return key


def import_file(
    store: Store,
    actor: Actor,
    ledger: Ledger,
    path: Path,
    *,
    commit: bool,
    skip_bad: bool = False,
    mapping_override: Mapping[str, int] | None = None,
    header_override: Mapping[str, str] | None = None,
    today: date | None = None,
) -> ImportResult:
    table = read(ledger, path, mapping_override, header_override)
    return run_import(
        store, actor, ledger, table, path.name, commit=commit, skip_bad=skip_bad, today=today
    )


def headers_of(fields: Sequence[FieldSpec]) -> list[str]:
    return [f.label for f in fields]
