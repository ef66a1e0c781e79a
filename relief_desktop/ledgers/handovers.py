"""Resources handed over to beneficiaries: the balance rule and traceability to casework.

A handover may never take a receipt below zero (value, and quantity when both are counted);
a service record of the casework ledger can point at a handover (service_record.handover_uuid),
so a donation is traceable to the person and the plan it served. What leaves a receipt is a
street's handover to a person or the district center's 资源帮扶 to a street (by the receipt's
serial): OUTFLOWS lists both, so every balance — the rule, the 结余 column, 收支结存 — counts
both.
"""

from dataclasses import dataclass

from relief_desktop.domain.money import format_yuan
from relief_desktop.ledgers.spec import CheckContext
from relief_desktop.ledgers.values import hundredths_text
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class Balance:
    receipt_id: int
    serial: str
    item: str
    unit: str
    value_fen: int
    quantity: int | None  # hundredths, None when not counted
    handed_value_fen: int
    handed_quantity: int

    @property
    def left_fen(self) -> int:
        return self.value_fen - self.handed_value_fen

    @property
    def left_quantity(self) -> int | None:
        return None if self.quantity is None else self.quantity - self.handed_quantity


@dataclass(frozen=True)
class PersonHandover:
    """One handover as a person's service-record picker lists it."""

    uuid: str
    handed_on: str
    serial: str
    item: str
    kind: str
    quantity: int | None
    unit: str
    value_fen: int

    def text(self) -> str:
        amount = f"{hundredths_text(self.quantity)}{self.unit}，" if self.quantity else ""
        value = format_yuan(self.value_fen)
        return f"{self.handed_on} {self.item}（{amount}{value} 元，{self.serial}）"


@dataclass(frozen=True)
class LinkedService:
    """A casework service record that used a handover."""

    served_on: str
    case_no: str
    content: str
    measure: str


# Every value that leaves a receipt, as rows (source, id, receipt_id, day, value_fen, quantity):
# source 'h' a handover (resource_handover), 'a' the district's 资源帮扶 (district_aid).
OUTFLOWS = (
    "(SELECT 'h' AS source, id, receipt_id, handed_on AS day, value_fen, quantity"
    " FROM resource_handover UNION ALL"
    " SELECT 'a', a.id, r.id, a.aided_on, a.value_fen, NULL FROM district_aid a"
    " JOIN resource_receipt r ON r.serial = a.receipt_serial)"
)


def balance(
    conn: dbapi.Connection,
    receipt_id: int,
    exclude_handover: int | None = None,
    exclude_aid: int | None = None,
) -> Balance:
    """A receipt and what has left it, leaving out the record being edited."""
    row = conn.execute(
        "SELECT serial, item, unit, value_fen, quantity FROM resource_receipt WHERE id = ?",
        (receipt_id,),
    ).fetchone()
    handed = conn.execute(
        f"SELECT COALESCE(SUM(value_fen), 0), COALESCE(SUM(quantity), 0) FROM {OUTFLOWS}"
        " WHERE receipt_id = ? AND NOT (source = 'h' AND id IS ?)"
        " AND NOT (source = 'a' AND id IS ?)",
        (receipt_id, exclude_handover, exclude_aid),
    ).fetchone()
    return Balance(receipt_id, row[0], row[1], row[2], row[3], row[4], handed[0], handed[1])


def check_handover(ctx: CheckContext) -> None:
    """The over-spend rule; the value follows the quantity when only the quantity is given."""
    receipt_id = ctx.values.get("receipt_id")
    if not isinstance(receipt_id, int):
        return
    left = balance(ctx.conn, receipt_id, ctx.record_id)
    received_on = ctx.conn.execute(
        "SELECT received_on FROM resource_receipt WHERE id = ?", (receipt_id,)
    ).fetchone()[0]
    handed_on = ctx.values.get("handed_on")
    if isinstance(handed_on, str) and handed_on < received_on:
        ctx.add(
            "handed_on",
            "date_order",
            end_label="发放日期",
            end=handed_on,
            start_label="资源接收日期",
            start=received_on,
        )
    quantity = ctx.values.get("quantity")
    value = ctx.values.get("value_fen")
    if value is None and isinstance(quantity, int) and left.quantity:
        # Goods counted in units: a share of the receipt's value, to the fen.
        value = round(left.value_fen * quantity / left.quantity)
        ctx.values["value_fen"] = value
    if value is None:
        return
    if (
        isinstance(quantity, int)
        and left.left_quantity is not None
        and quantity > left.left_quantity
    ):
        ctx.add(
            "quantity",
            "handover_over_quantity",
            serial=left.serial,
            item=left.item,
            left=hundredths_text(left.left_quantity),
            unit=left.unit,
            asked=hundredths_text(quantity),
        )
    if value > left.left_fen:
        ctx.add(
            "value_fen",
            "handover_over_value",
            serial=left.serial,
            item=left.item,
            left=format_yuan(left.left_fen),
            asked=format_yuan(value),
        )


def check_aid(ctx: CheckContext) -> None:
    """The district's 资源帮扶: a 资源编号, when given, names a receipt of this store (written as
    the receipt writes it), on or after its receipt date, and never more than its balance."""
    serial = str(ctx.values.get("receipt_serial") or "").strip().upper()
    if not serial:
        return
    found = ctx.conn.execute(
        "SELECT id, received_on FROM resource_receipt WHERE upper(serial) = ?", (serial,)
    ).fetchone()
    if found is None:
        ctx.add("receipt_serial", "aid_receipt_unknown", value=serial)
        return
    receipt_id, received_on = found
    left = balance(ctx.conn, receipt_id, exclude_aid=ctx.record_id)
    ctx.values["receipt_serial"] = left.serial
    aided_on = ctx.values.get("aided_on")
    if isinstance(aided_on, str) and aided_on < received_on:
        ctx.add("aided_on", "date_order", end_label="帮扶日期", end=aided_on,
                start_label="资源接收日期", start=received_on)  # fmt: skip
    value = ctx.values.get("value_fen")
    if isinstance(value, int) and value > left.left_fen:
        ctx.add("value_fen", "handover_over_value", serial=left.serial, item=left.item,
                left=format_yuan(left.left_fen), asked=format_yuan(value))  # fmt: skip


def check_receipt_covers_handovers(ctx: CheckContext) -> None:
    """Editing a receipt may not leave less than was already handed over."""
    if ctx.record_id is None:
        return
    left = balance(ctx.conn, ctx.record_id)
    value = ctx.values.get("value_fen")
    if isinstance(value, int) and value < left.handed_value_fen:
        ctx.add(
            "value_fen",
            "receipt_below_handed",
            handed=format_yuan(left.handed_value_fen),
            what="价值",
        )
    quantity = ctx.values.get("quantity")
    if isinstance(quantity, int) and quantity < left.handed_quantity:
        ctx.add(
            "quantity",
            "receipt_below_handed",
            handed=hundredths_text(left.handed_quantity),
            what="数量",
        )


def person_handovers(store: Store, beneficiary_uuid: str) -> list[PersonHandover]:
    """A person's handovers, newest first: what a service record can point at."""
    rows = store.reader().execute(
        """SELECT h.uuid, h.handed_on, r.serial, r.item, r.kind, h.quantity, r.unit, h.value_fen
           FROM resource_handover h
           JOIN resource_receipt r ON r.id = h.receipt_id
           JOIN beneficiary b ON b.id = h.beneficiary_id
           WHERE b.uuid = ? ORDER BY h.handed_on DESC, h.id DESC""",
        (beneficiary_uuid,),
    )
    return [PersonHandover(*row) for row in rows]


def _has_table(conn: dbapi.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def linked_services(store: Store, handover_uuid: str) -> list[LinkedService]:
    """Casework service records that point at this handover (none before casework exists)."""
    conn = store.reader()
    if not _has_table(conn, "service_record"):
        return []
    rows = conn.execute(
        """SELECT s.served_on, COALESCE(c.case_no, ''), s.content, COALESCE(m.content, '')
           FROM service_record s
           LEFT JOIN aid_case c ON c.id = s.case_id
           LEFT JOIN aid_measure m ON m.id = s.measure_id
           WHERE s.handover_uuid = ? ORDER BY s.served_on, s.id""",
        (handover_uuid,),
    )
    return [LinkedService(*row) for row in rows]


def handover_details(store: Store, uuid: str) -> list[str]:
    """Lines the handover form shows: which service records and plans it served."""
    linked = linked_services(store, uuid)
    if not linked:
        return ["尚无个案服务记录关联此次发放（在个案服务记录中选择此次发放即可关联）。"]
    lines = [f"关联的个案服务记录（{len(linked)} 条）："]
    for item in linked:
        measure = f"；方案措施：{item.measure}" if item.measure else ""
        lines.append(f"{item.served_on} 个案 {item.case_no}：{item.content}{measure}")
    return lines


def receipt_details(store: Store, uuid: str) -> list[str]:
    conn = store.reader()
    row = conn.execute("SELECT id FROM resource_receipt WHERE uuid = ?", (uuid,)).fetchone()
    if row is None:
        return []
    left = balance(conn, int(row[0]))
    count = conn.execute(
        "SELECT count(*), count(DISTINCT beneficiary_id) FROM resource_handover"
        " WHERE receipt_id = ?",
        (row[0],),
    ).fetchone()
    return [
        f"已发放 {count[0]} 次，{count[1]} 人，共 {format_yuan(left.handed_value_fen)} 元；"
        f"结余 {format_yuan(left.left_fen)} 元"
        + (
            f"，{hundredths_text(left.left_quantity)}{left.unit}"
            if left.left_quantity is not None
            else ""
        )
        + "。"
    ]
