"""救助资源台账: providers, receipts (money, goods, services) and handovers with the balance."""

from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers import handovers
from relief_desktop.ledgers.rules import check_phone
from relief_desktop.ledgers.spec import CheckContext, ExtraColumn, Field, Ledger, Ref, RefExtra
from relief_desktop.storage.sqldb import dbapi

PROVIDER_TYPES = ("企业", "社会组织", "慈善组织", "机关事业单位", "爱心人士", "其他")
CHANNELS = ("网络募捐平台", "线下定向筹款")
KINDS = ("资金", "物资", "服务")
VALUE_BASES = ("现金到账", "发票金额", "市场价", "协议价", "工时×单价")

GROUP = "资源"


def _check_provider(ctx: CheckContext) -> None:
    check_phone(ctx, "phone")


PROVIDERS = Ledger(
    key="providers",
    title="资源提供方",
    table="provider",
    aliases=("社会资源", "provider"),
    group=GROUP,
    record_label="资源提供方",
    date_field=None,
    fields=(
        Field(
            "name", "名称", required=True, unique=True, synonyms=("提供方", "单位名称", "捐赠方")
        ),
        Field(
            "provider_type",
            "类型",
            "choice",
            required=True,
            choices=PROVIDER_TYPES,
            filter=True,
            synonyms=("提供方类型", "单位类型"),
        ),
        Field("contact_person", "联系人", sensitive="name"),
        Field("phone", "联系电话", sensitive="phone", synonyms=("电话",)),
        Field("address", "地址", in_list=False),
        Field("notes", "备注", "longtext", in_list=False),
    ),
    check=_check_provider,
)

_BALANCE_SQL = (
    "t.value_fen - COALESCE((SELECT SUM(h.value_fen) FROM resource_handover h"
    " WHERE h.receipt_id = t.id), 0)"
)
# The 结余 column: the balance at the end of the period the list shows (its last day), so a
# receipt of 10-31 whose goods went out in November shows its full value in October's list.
_BALANCE_AS_OF_SQL = (
    f"t.value_fen - COALESCE((SELECT SUM(h.value_fen) FROM {handovers.OUTFLOWS} h"
    " WHERE h.receipt_id = t.id AND h.day <= {as_of}), 0)"
)


def _next_serial(conn: dbapi.Connection, year: str) -> str:
    prefix = f"ZY{year}-"
    row = conn.execute(
        "SELECT serial FROM resource_receipt WHERE serial LIKE ?"
        " ORDER BY length(serial) DESC, serial DESC LIMIT 1",
        (prefix + "%",),
    ).fetchone()
    last = row[0].rsplit("-", 1)[1] if row else "0"
    return f"{prefix}{int(last) + 1 if last.isdigit() else 1:04d}"


def _check_receipt(ctx: CheckContext) -> None:
    values = ctx.values
    if values.get("channel") == "网络募捐平台" and not values.get("platform"):
        ctx.add("platform", "platform_required")
    if values.get("kind") == "资金" and values.get("value_basis") not in (
        None,
        "",
        "现金到账",
        "发票金额",
    ):
        ctx.add("value_basis", "money_basis")
    if values.get("value_basis") == "工时×单价" and values.get("quantity") is None:
        ctx.add("quantity", "hours_basis_quantity")
    if values.get("quantity") is not None and not values.get("unit"):
        ctx.add("unit", "unit_required")
    if not values.get("serial") and isinstance(values.get("received_on"), str):
        values["serial"] = _next_serial(ctx.conn, values["received_on"][:4])
    handovers.check_receipt_covers_handovers(ctx)


def _receipt_in_use(conn: dbapi.Connection, record_id: int) -> None:
    row = conn.execute(
        f"SELECT count(*) FROM {handovers.OUTFLOWS} WHERE receipt_id = ?", (record_id,)
    ).fetchone()
    if row[0]:
        raise RuleError("receipt_has_handovers", count=row[0])


RESOURCES = Ledger(
    key="resources",
    title="救助资源台账",
    table="resource_receipt",
    aliases=("资源台账", "资源接收", "resource_receipt"),
    group=GROUP,
    record_label="资源接收记录",
    date_field="received_on",
    fields=(
        Field(
            "serial",
            "资源编号",
            unique=True,
            synonyms=("编号", "序号"),
            placeholder="留空自动编号，如 ZY2026-0001",
            max_length=30,
        ),
        Field(
            "received_on",
            "接收日期",
            "date",
            required=True,
            default="today",
            synonyms=("日期", "募集日期", "捐赠日期"),
        ),
        Field(
            "provider_id",
            "提供方",
            "ref",
            required=True,
            filter=True,
            ref=Ref("provider", key="name", display="{r}.name", order="r.name"),
            synonyms=("捐赠方", "资源提供方", "社会资源", "捐赠单位"),
        ),
        Field(
            "channel",
            "募集渠道",
            "choice",
            required=True,
            choices=CHANNELS,
            filter=True,
            synonyms=("渠道", "募集方式"),
        ),
        Field("platform", "网络平台名称", placeholder="如 腾讯公益", synonyms=("募捐平台", "平台")),
        Field(
            "kind",
            "资源类别",
            "choice",
            required=True,
            choices=KINDS,
            filter=True,
            synonyms=("类别",),
        ),
        Field("item", "资源名称", required=True, synonyms=("名称", "物品名称", "项目")),
        Field("quantity", "数量", "decimal", minimum=0),
        Field("unit", "单位", max_length=10),
        Field(
            "value_fen",
            "价值（元）",
            "money",
            required=True,
            minimum=0,
            synonyms=("价值", "金额", "金额（元）", "折合金额", "价值元"),
        ),
        Field(
            "value_basis",
            "价值依据",
            "choice",
            required=True,
            choices=VALUE_BASES,
            synonyms=("计价依据", "估值依据"),
        ),
        Field("receipt_no", "收据/凭证号", synonyms=("收据号", "凭证号", "票据号")),
        Field("purpose", "用途", synonyms=("资源用途", "使用方向")),
        Field("handler", "经办人", "worker"),
        Field("notes", "备注", "longtext", in_list=False),
    ),
    extra_columns=(ExtraColumn("balance_fen", "结余（元）", _BALANCE_AS_OF_SQL),),
    check=_check_receipt,
    before_delete=_receipt_in_use,
    details=handovers.receipt_details,
)

_BENEFICIARY = Ref(
    "beneficiary",
    key="file_no",
    key_label="对象档案号",
    display="{r}.name",
    extras=(RefExtra("对象姓名", "name", "name"), RefExtra("对象身份证号", "id_number", "id")),
    order="r.name_pinyin, r.id",
)

HANDOVERS = Ledger(
    key="handovers",
    title="资源发放台账",
    table="resource_handover",
    aliases=("资源发放", "发放台账", "resource_handover"),
    group=GROUP,
    record_label="发放记录",
    date_field="handed_on",
    fields=(
        Field(
            "receipt_id",
            "发放资源",
            "ref",
            required=True,
            filter=True,
            ref=Ref(
                "resource_receipt",
                key="serial",
                key_label="资源编号",
                display="{r}.serial || ' ' || {r}.item",
                extras=(RefExtra("资源名称", "item"),),
                where=f"({_BALANCE_SQL.replace('t.', '{r}.')}) > 0",
            ),
        ),
        Field("handed_on", "发放日期", "date", required=True, default="today", synonyms=("日期",)),
        Field(
            "beneficiary_id",
            "援助对象",
            "ref",
            required=True,
            ref=_BENEFICIARY,
            synonyms=("受助对象", "领取人"),
        ),
        Field("quantity", "发放数量", "decimal", minimum=0, synonyms=("数量",)),
        Field(
            "value_fen",
            "发放价值（元）",
            "money",
            required=True,
            minimum=0,
            synonyms=("价值（元）", "金额", "价值"),
            placeholder="留空则按数量折算",
        ),
        Field("signed", "已签收", "bool", synonyms=("签收", "领取人签字")),
        Field("handler", "经办人", "worker", required=True),
        Field("notes", "备注", "longtext", in_list=False),
    ),
    check=handovers.check_handover,
    details=handovers.handover_details,
    note="发放不能超过资源结余；个案服务记录可关联一次发放，便于追溯到人和方案。",
)
