"""How a ledger (台账) is declared: its fields, their rules and labels, and a few hooks.

One declaration drives the paged table, the edit form, validation, the Excel sheet and the import.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from relief_desktop.domain.errors import Problem
from relief_desktop.storage.sqldb import dbapi

if TYPE_CHECKING:
    from relief_desktop.storage.store import Store

# text: one line · longtext: several lines · choice: one of `choices` · multi: several of them
# (stored joined by '、') · worker: a team member's name (free text, the team offered) ·
# int · money: integer fen · decimal: integer hundredths (quantities) · date: 'YYYY-MM-DD' ·
# time: 'HH:MM' · bool · ref: the id of a row in another table · minutes: an integer shown as
# hours · files: attachment names (stored joined by newlines, files under attachments/<table>).
Kind = Literal[
    "text",
    "longtext",
    "choice",
    "multi",
    "worker",
    "int",
    "money",
    "decimal",
    "date",
    "time",
    "bool",
    "ref",
    "minutes",
    "files",
]
Sensitive = Literal["", "id", "name", "phone", "address", "birth"]

TEXT_KINDS = ("text", "longtext", "choice", "multi", "worker", "files")


@dataclass(frozen=True)
class RefExtra:
    """A further column a reference shows in exports and can be found by on import."""

    label: str
    column: str
    sensitive: Sensitive = ""


@dataclass(frozen=True)
class Ref:
    """A reference to a row of `table`, shown and imported by `key` (a unique-enough column)."""

    table: str
    key: str  # the column written to and read from Excel
    display: str  # the SQL expression (over the referenced row, alias r) shown in lists
    extras: Sequence[RefExtra] = ()
    where: str = ""  # SQL condition on the referenced row (alias r) for the form's choices
    order: str = "r.id DESC"
    key_label: str = ""  # Excel header of the key column when it differs from the field label
    loose_suffixes: Sequence[str] = ()  # 双林社区 finds 双林: suffixes a key may carry or drop
    key_sensitive: Sensitive = ""  # the key masked in masked exports (a volunteer's name)


@dataclass(frozen=True)
class Field:
    key: str  # the column name
    label: str  # the Chinese label users read (form, table header, Excel header)
    kind: Kind = "text"
    required: bool = False
    choices: Sequence[str] = ()
    synonyms: Sequence[str] = ()  # other headers this column goes by in teams' workbooks
    sensitive: Sensitive = ""  # masked in exports by default
    max_length: int = 200
    minimum: int | None = None
    maximum: int | None = None
    ref: Ref | None = None
    unique: bool = False
    in_list: bool = True  # shown as a column of the table view
    computed: bool = False  # set by the ledger's check hook; read-only, never imported
    filter: bool = False  # offered as a filter above the table
    searchable: bool = False
    placeholder: str = ""
    default: object = None  # value a new record starts with ("today" for dates)
    # Fields the hook derives this one from: a problem there already explains a missing value.
    derived_from: Sequence[str] = ()

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


@dataclass(frozen=True)
class ExtraColumn:
    """A read-only column computed in SQL over the row (alias t), e.g. a balance.

    `{as_of}` in the SQL stands for the last day of the period the list shows (a quoted ISO date;
    '9999-12-31' when no period is chosen), so a balance is the balance at the period's end."""

    key: str
    label: str
    sql: str
    kind: Kind = "money"


@dataclass
class CheckContext:
    """What a ledger's check hook sees: the cleaned values (it may derive more) and the store."""

    store: "Store"
    conn: dbapi.Connection
    values: dict[str, Any]
    uuid: str | None  # None for a new record
    record_id: int | None
    today: date
    problems: list[Problem] = field(default_factory=list)

    def add(self, field_key: str, code: str, **details: Any) -> None:
        self.problems.append(Problem(field_key, code, details))

    def has_problem(self, field_key: str) -> bool:
        return any(p.field == field_key for p in self.problems)


CheckHook = Callable[[CheckContext], None]
DeleteHook = Callable[[dbapi.Connection, int], None]
SummaryHook = Callable[["Store", date], str]
DetailHook = Callable[["Store", str], list[str]]


@dataclass(frozen=True)
class Ledger:
    key: str  # short ASCII name: CLI and code
    title: str  # Chinese name: sidebar, sheet title, CLI
    table: str
    fields: Sequence[Field]
    date_field: str | None  # the record's own date: periods, default order (None: by name)
    aliases: Sequence[str] = ()
    group: str = ""  # heading in the ledger list
    extra_columns: Sequence[ExtraColumn] = ()
    check: CheckHook | None = None
    before_delete: DeleteHook | None = None
    summary: SummaryHook | None = None
    details: DetailHook | None = None
    record_label: str = "记录"  # what one row is called: "一条{record_label}"
    note: str = ""  # a line shown above the table

    def field(self, key: str) -> Field:
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def stored_fields(self) -> list[Field]:
        return list(self.fields)

    @property
    def input_fields(self) -> list[Field]:
        """Fields a form or a file fills (not the computed ones)."""
        return [f for f in self.fields if not f.computed]

    def names(self) -> list[str]:
        return [self.key, self.title, *self.aliases]
