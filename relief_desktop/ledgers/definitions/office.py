"""中心运营：来访接待、场地使用、设备盘点维护、区中心交办任务及培训."""

from relief_desktop.ledgers.rules import check_date_order, check_phone, check_time_order
from relief_desktop.ledgers.spec import CheckContext, Field, Ledger

GROUP = "中心运营"


def _check_reception(ctx: CheckContext) -> None:
    check_phone(ctx, "phone")


RECEPTION = Ledger(
    key="reception",
    title="来访接待台账",
    table="reception",
    aliases=("来访接待", "接待"),
    group=GROUP,
    record_label="接待记录",
    date_field="received_on",
    fields=(
        Field(
            "received_on", "接待日期", "date", required=True, default="today", synonyms=("日期",)
        ),
        Field(
            "mode",
            "接待方式",
            "choice",
            required=True,
            choices=("来访", "电话", "线上"),
            filter=True,
            default="来访",
        ),
        Field(
            "visitor",
            "来访人",
            required=True,
            sensitive="name",
            max_length=50,
            synonyms=("姓名", "来访人姓名"),
        ),
        Field("phone", "联系电话", sensitive="phone", synonyms=("电话",)),
        Field("visitors", "人数", "int", minimum=1, default=1),
        Field(
            "purpose",
            "事由",
            "choice",
            required=True,
            choices=("咨询政策", "求助", "反映情况", "投诉建议", "其他"),
            filter=True,
            synonyms=("来访事由",),
        ),
        Field("content", "接待内容", "longtext", synonyms=("内容",)),
        Field(
            "result",
            "处理结果",
            "choice",
            choices=("当场解答", "登记建档", "转介", "跟进中", "其他"),
            filter=True,
            synonyms=("结果",),
        ),
        Field("handler", "接待人", "worker"),
    ),
    check=_check_reception,
)


def _check_space(ctx: CheckContext) -> None:
    check_time_order(ctx, "start_time", "end_time", "开始时间", "结束时间")


SPACE_USE = Ledger(
    key="space_use",
    title="场地使用记录",
    table="space_use",
    aliases=("场地使用", "使用记录"),
    group=GROUP,
    record_label="使用记录",
    date_field="used_on",
    fields=(
        Field("used_on", "使用日期", "date", required=True, default="today", synonyms=("日期",)),
        Field(
            "space",
            "场地",
            "choice",
            required=True,
            choices=("活动室", "会谈室", "多功能室", "办公区", "其他"),
            filter=True,
        ),
        Field("start_time", "开始时间", "time"),
        Field("end_time", "结束时间", "time"),
        Field("user_name", "使用人/单位", required=True, synonyms=("使用人", "使用单位")),
        Field("purpose", "用途", synonyms=("使用事由",)),
        Field("participants", "人数", "int", minimum=0),
        Field("recorder", "登记人", "worker"),
    ),
    check=_check_space,
)

EQUIPMENT = Ledger(
    key="equipment",
    title="设备盘点维护记录",
    table="equipment_check",
    aliases=("设备盘点", "设备维护", "盘点维护记录"),
    group=GROUP,
    record_label="盘点维护记录",
    date_field="checked_on",
    fields=(
        Field("checked_on", "日期", "date", required=True, default="today", synonyms=("盘点日期",)),
        Field("equipment", "设备名称", required=True, synonyms=("设备",)),
        Field(
            "category",
            "设备类别",
            "choice",
            choices=("电脑", "打印机", "电话", "网络设备", "办公家具", "其他"),
            filter=True,
        ),
        Field("asset_no", "资产编号", synonyms=("编号",)),
        Field(
            "action",
            "事项",
            "choice",
            required=True,
            choices=("盘点", "维护", "维修", "报废"),
            filter=True,
        ),
        Field(
            "condition",
            "状况",
            "choice",
            required=True,
            choices=("正常", "待维修", "已报废"),
            filter=True,
            default="正常",
        ),
        Field("notes", "说明", "longtext"),
        Field("handler", "经办人", "worker"),
    ),
)


def _check_task(ctx: CheckContext) -> None:
    values = ctx.values
    check_date_order(ctx, "assigned_on", "done_on", "交办日期", "完成日期")
    check_date_order(ctx, "assigned_on", "due_on", "交办日期", "截止日期")
    if values.get("done_on") and values.get("status") == "进行中":
        values["status"] = "已完成"
    if values.get("status") == "已完成" and not values.get("done_on"):
        ctx.add("done_on", "task_done_date")


BUREAU_TASKS = Ledger(
    key="tasks",
    title="区中心交办任务及培训",
    table="bureau_task",
    aliases=("交办任务", "区中心交办任务", "培训", "bureau_task"),
    group=GROUP,
    record_label="任务",
    date_field="assigned_on",
    fields=(
        Field(
            "assigned_on",
            "交办日期",
            "date",
            required=True,
            default="today",
            synonyms=("日期", "下达日期"),
        ),
        Field(
            "source",
            "交办单位",
            "choice",
            required=True,
            choices=("区民政局", "区中心", "街道办事处"),
            filter=True,
            default="区中心",
        ),
        Field(
            "task_type",
            "类别",
            "choice",
            required=True,
            choices=("月工作任务", "临时交办", "专业培训", "主题活动", "其他"),
            filter=True,
        ),
        Field("title", "任务/培训名称", required=True, synonyms=("任务名称", "名称", "内容")),
        Field("due_on", "截止日期", "date"),
        Field("done_on", "完成日期", "date"),
        Field(
            "status",
            "状态",
            "choice",
            required=True,
            choices=("进行中", "已完成"),
            filter=True,
            default="进行中",
        ),
        Field("participants", "参加人员", synonyms=("参加人",)),
        Field("result", "完成情况", "longtext", synonyms=("结果",)),
    ),
    check=_check_task,
)
