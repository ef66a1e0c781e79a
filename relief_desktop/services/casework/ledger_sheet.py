"""个案服务台账 of a period as an Excel sheet (monthly packet), names masked by default."""

from datetime import date

from relief_desktop.domain import masking
from relief_desktop.domain.names import mask_name
from relief_desktop.exports.xlsx import Column, Sheet
from relief_desktop.services.casework.service_records import between
from relief_desktop.storage.store import Store

TITLE = "个案服务台账"
COLUMNS = (
    Column("服务日期", "date"),
    Column("个案编号"),
    Column("服务对象"),
    Column("援助措施"),
    Column("服务类型"),
    Column("服务方式"),
    Column("服务内容"),
    Column("时长（分钟）", "int"),
    Column("服务人员"),
    Column("提供资源"),
    Column("下一步"),
    Column("下一步日期", "date"),
)


def sheet(store: Store, start: date, end: date, masked: bool = True) -> Sheet:
    """Every service record dated start..end (inclusive), oldest first."""
    rows = between(store, start, end)
    return Sheet(
        TITLE,
        COLUMNS,
        [
            [
                r.served_on,
                r.case_no,
                mask_name(r.name) if masked else r.name,
                r.measure,
                r.service_type,
                r.mode,
                masking.scrub(r.content) if masked else r.content,
                r.minutes,
                r.worker_names,
                r.resources,
                masking.scrub(r.next_step) if masked else r.next_step,
                r.next_step_on,
            ]
            for r in rows
        ],
        note=f"{start:%Y年%m月}个案服务台账" + ("（姓名已脱敏）" if masked else ""),
    )
