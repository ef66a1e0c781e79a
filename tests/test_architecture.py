"""The structure a newcomer reads (docs/ARCHITECTURE.md): imports sit at the top of the module, so
the import graph lint-imports checks is the real one. A function-local import only defers a heavy
third-party library off the start-up path, and says so in a `# deferred:` line above it."""

import ast
import dataclasses
from pathlib import Path

import relief_desktop
from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput
from relief_desktop.storage import orm

PACKAGE = Path(relief_desktop.__file__).parent
# The libraries worth keeping off the start-up path (the first window must not load them).
HEAVY = {
    "argon2",
    "cryptography",
    "openpyxl",
    "PIL",
    "pypinyin",
    "python_calamine",
    "pyzipper",
    "reportlab",
    "sqlalchemy",
    "sqlmodel",
}


def _local_imports() -> list[tuple[str, int, str, bool]]:
    """(file, line, top-level module, has a `# deferred:` reason) of every import in a function."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        nodes: dict[int, ast.Import | ast.ImportFrom] = {}
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(func):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        nodes[node.lineno] = node
        ends = {node.end_lineno for node in nodes.values()}
        for line, node in sorted(nodes.items()):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
            else:
                module = node.names[0].name
            # A run of imports shares the reason written above its first line.
            first = line
            while first - 1 in ends:
                first = min(n for n in nodes if nodes[n].end_lineno == first - 1)
            reason = first >= 2 and lines[first - 2].strip().startswith("# deferred:")
            name = str(path.relative_to(PACKAGE.parent))
            found.append((name, line, module.split(".")[0] or module, reason))
    return found


def test_no_function_local_import_of_relief_desktop() -> None:
    own = [
        f"{file}:{line}"
        for file, line, module, _ in _local_imports()
        if module in ("relief_desktop", "") or module.startswith(".")
    ]
    assert own == []


def test_function_local_imports_only_defer_heavy_libraries_with_a_reason() -> None:
    wrong = [
        f"{file}:{line} {module}"
        for file, line, module, reason in _local_imports()
        if module not in HEAVY or not reason
    ]
    assert wrong == []


# What only the stored row has: keys, the audit columns, and what the service derives on save.
AUDIT = {"id", "uuid", "created_at", "updated_at", "updated_by"}
STORED_ONLY = {
    "Beneficiary": AUDIT
    | {"file_no", "street_code", "registered_by", "name_pinyin", "search_text"},
    "HouseholdMember": AUDIT | {"beneficiary_id"},
    "BeneficiaryLabel": AUDIT | {"beneficiary_id"},
}


def test_each_input_field_has_its_column_and_nothing_else_differs() -> None:
    """domain.beneficiary declares what a worker enters (checked by clean()); storage.tables
    declares the stored row. They cannot share one class (the domain loads no SQLModel), so this
    keeps the two lists in step: a field added to one and not the other fails here."""
    for table, form in (
        (orm.Beneficiary, BeneficiaryInput),
        (orm.HouseholdMember, MemberInput),
        (orm.BeneficiaryLabel, LabelInput),
    ):
        entered = {f.name for f in dataclasses.fields(form)} - {"labels", "members"}
        columns = set(table.model_fields)
        assert columns - entered == STORED_ONLY[table.__name__], table.__name__
        assert entered <= columns, form.__name__
