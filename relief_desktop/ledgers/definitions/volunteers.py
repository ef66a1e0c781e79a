"""志愿者及志愿服务台账: volunteers (minors need their guardian's consent) and service hours."""

from datetime import date

from relief_desktop.domain.beneficiary import age_on
from relief_desktop.ledgers.rules import check_id_number, check_phone, check_time_order
from relief_desktop.ledgers.spec import CheckContext, Field, Ledger, Ref, RefExtra

GROUP = "志愿服务"


def _check_volunteer(ctx: CheckContext) -> None:
    check_phone(ctx, "phone")
    info = check_id_number(ctx, "id_number")
    values = ctx.values
    if info is not None:
        values["birth_date"] = info.birth_date.isoformat()
    birth = values.get("birth_date")
    if isinstance(birth, str) and age_on(date.fromisoformat(birth), ctx.today) < 18:
        if not values.get("guardian_consent"):
            ctx.add("guardian_consent", "volunteer_minor_consent")
        if not values.get("guardian_name"):
            ctx.add("guardian_name", "volunteer_minor_guardian")


VOLUNTEERS = Ledger(
    key="volunteers",
    title="志愿者名册",
    table="volunteer",
    aliases=("志愿者", "volunteer"),
    group=GROUP,
    record_label="志愿者",
    date_field="joined_on",
    fields=(
        Field(
            "name", "姓名", required=True, sensitive="name", max_length=50, synonyms=("志愿者姓名",)
        ),
        Field(
            "id_number",
            "身份证号",
            sensitive="id",
            unique=True,
            max_length=20,
            synonyms=("身份证号码", "证件号码"),
        ),
        Field(
            "birth_date",
            "出生日期",
            "date",
            sensitive="birth",
            placeholder="填写身份证号后自动得出",
        ),
        Field("phone", "联系电话", sensitive="phone", synonyms=("电话", "手机号")),
        Field(
            "system_no",
            "志愿服务系统编号",
            synonyms=("全国志愿服务信息系统编号", "系统编号", "志愿者编号"),
        ),
        Field("team_name", "所属队伍", filter=False, synonyms=("队伍", "志愿服务队")),
        Field("skills", "技能特长", synonyms=("特长", "技能")),
        Field("availability", "可服务时间", in_list=False),
        Field("guardian_consent", "监护人同意", "bool", synonyms=("监护人同意书",)),
        Field("guardian_name", "监护人", in_list=False, sensitive="name", synonyms=("监护人姓名",)),
        Field("training", "培训情况", in_list=False),
        Field("awards", "表彰情况", in_list=False),
        Field("evaluation", "服务评价", in_list=False),
        Field("joined_on", "加入日期", "date", default="today", synonyms=("登记日期",)),
        Field("notes", "备注", "longtext", in_list=False),
    ),
    check=_check_volunteer,
    note="未满 18 周岁的志愿者须有监护人同意。",
)


def _check_service(ctx: CheckContext) -> None:
    """Hours come from the start and end times; a team's older sheets often hold only the hours,
    which are then taken as written."""
    start, end = ctx.values.get("start_time"), ctx.values.get("end_time")
    if (start is None) != (end is None):
        missing = "end_time" if end is None else "start_time"
        ctx.add(missing, "volunteer_time_pair")
        return
    minutes = check_time_order(ctx, "start_time", "end_time", "开始时间", "结束时间")
    if minutes is not None:
        ctx.values["minutes"] = minutes


VOLUNTEER_SERVICE = Ledger(
    key="volunteer_service",
    title="志愿服务记录",
    table="volunteer_service",
    aliases=("志愿服务", "志愿服务台账", "service_hours"),
    group=GROUP,
    record_label="志愿服务记录",
    date_field="served_on",
    fields=(
        Field(
            "volunteer_id",
            "志愿者",
            "ref",
            required=True,
            filter=True,
            ref=Ref(
                "volunteer",
                key="name",
                display="{r}.name",
                extras=(RefExtra("志愿者身份证号", "id_number", "id"),),
                order="r.name",
                key_sensitive="name",
            ),
            synonyms=("志愿者姓名", "姓名"),
        ),
        Field("served_on", "服务日期", "date", required=True, default="today", synonyms=("日期",)),
        Field("activity", "服务项目", required=True, synonyms=("活动名称", "服务活动")),
        Field("start_time", "开始时间", "time"),
        Field("end_time", "结束时间", "time"),
        Field(
            "minutes",
            "服务时长（小时）",
            "minutes",
            required=True,
            minimum=1,
            synonyms=("服务时长", "时长", "小时数", "服务小时数"),
            derived_from=("start_time", "end_time"),
            placeholder="例如 1.5；填了开始和结束时间时自动计算",
        ),
        Field("content", "服务内容", "longtext"),
        Field("served", "服务对象", synonyms=("服务人群",)),
        Field("recorder", "记录人", "worker"),
    ),
    check=_check_service,
    note="填写开始、结束时间时服务时长自动计算；没有时间记录的旧台账可直接填写时长（小时）。",
)
