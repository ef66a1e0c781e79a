"""区中心 (lot 01) own ledgers: trainings, case conferences, difficult cases, field supervision.

The streets are named as in domain/vocab.py STREETS (双桥子, 猛追湾 …), so a count by street and
the on-time board agree on the names."""

from datetime import date

from relief_desktop.domain.periods import quarter_of
from relief_desktop.domain.vocab import STREETS
from relief_desktop.ledgers.rules import check_date_order
from relief_desktop.ledgers.spec import CheckContext, Field, Ledger
from relief_desktop.storage.store import Store

STREET_NAMES: tuple[str, ...] = tuple(STREETS.values())


def street_field(label: str, *synonyms: str) -> Field:
    """The one street a district record is about: a choice of the 11, offered as a filter."""
    return Field(
        "street", label, "choice", required=True, choices=STREET_NAMES, filter=True,
        synonyms=synonyms,
    )  # fmt: skip


GROUP = "指导管理"
AUDIENCES = ("街道中心工作人员", "社区工作者", "社会组织工作人员", "志愿者", "其他")
TRAINING_KINDS = ("理论培训", "能力建设", "实务研究", "专题培训", "其他")
DIFFICULTIES = ("急", "重", "难")
CASE_STATES = ("跟进中", "已结案", "已转介")
SUPERVISION_TOPICS = (
    "需求评估",
    "援助流程",
    "管理规范",
    "个案管理",
    "资源链接",
    "场馆建设",
    "其他",
)


def _check_training(ctx: CheckContext) -> None:
    streets = ctx.values.get("streets") or ""
    attendees = ctx.values.get("attendees")
    if isinstance(attendees, int) and streets and attendees < len(streets.split("、")):
        ctx.add("attendees", "training_attendees_streets", count=len(streets.split("、")))


TRAININGS = Ledger(
    key="trainings",
    title="培训台账",
    table="district_training",
    aliases=("专题培训", "培训记录", "district_training"),
    group=GROUP,
    record_label="培训",
    date_field="held_on",
    fields=(
        Field("held_on", "培训日期", "date", required=True, default="today", synonyms=("日期",)),
        Field("topic", "培训主题", required=True, synonyms=("主题", "培训内容", "名称")),
        Field(
            "kind", "培训类别", "choice", choices=TRAINING_KINDS, filter=True, synonyms=("类别",)
        ),
        Field("trainer", "授课人", synonyms=("讲师", "主讲人")),
        Field("streets", "参训街道", "multi", choices=STREET_NAMES, synonyms=("参加街道", "街道")),
        Field("audiences", "参训对象", "multi", choices=AUDIENCES, in_list=False),
        Field(
            "attendees", "参训人数", "int", required=True, minimum=0, synonyms=("人数", "参加人数")
        ),
        Field("venue", "地点", synonyms=("培训地点",)),
        Field("summary", "培训小结", "longtext", in_list=False, synonyms=("小结", "总结")),
        Field("photos", "照片及签到表", "files", synonyms=("照片", "签到表")),
    ),
    check=_check_training,
    note="全年救助社会工作专题培训不少于 4 次（01包 5.3）；参训街道按签到表勾选。",
)


def _check_conference(ctx: CheckContext) -> None:
    if ctx.values.get("cases_discussed") == 0 and not ctx.values.get("case_refs"):
        ctx.add("cases_discussed", "conference_cases")


CASE_CONFERENCES = Ledger(
    key="case_conferences",
    title="个案研讨会",
    table="case_conference",
    aliases=("个案分析研讨会", "研讨会", "case_conference"),
    group=GROUP,
    record_label="研讨会",
    date_field="held_on",
    fields=(
        Field("held_on", "研讨日期", "date", required=True, default="today", synonyms=("日期",)),
        Field(
            "scope",
            "范围",
            "choice",
            required=True,
            choices=("全区", "部分街道"),
            default="全区",
            filter=True,
        ),
        Field("streets", "参加街道", "multi", choices=STREET_NAMES, synonyms=("街道",)),
        Field(
            "cases_discussed", "研讨个案数", "int", required=True, minimum=0, synonyms=("个案数",)
        ),
        Field("case_refs", "研讨个案", synonyms=("个案编号", "个案"), max_length=300),
        Field("attendees", "参会人数", "int", minimum=0, synonyms=("人数",)),
        Field("host", "主持人", "worker"),
        Field("conclusions", "研讨结论", "longtext", in_list=False, synonyms=("结论", "会议纪要")),
    ),
    check=_check_conference,
    note="每月牵头组织全区或部分街道个案分析研讨会 1 次（01包 5.4）；个案只写街道个案编号。",
)


def _check_difficult_case(ctx: CheckContext) -> None:
    check_date_order(ctx, "collected_on", "last_follow_up", "选取日期", "最近跟进日期")
    if ctx.values.get("status") == "已结案" and not ctx.values.get("last_follow_up"):
        ctx.add("last_follow_up", "difficult_case_closed_date")


DIFFICULT_CASES = Ledger(
    key="difficult_cases",
    title="疑难个案台账",
    table="difficult_case",
    aliases=("疑难个案", "急重难个案", "个案案例集", "difficult_case"),
    group=GROUP,
    record_label="疑难个案",
    date_field="collected_on",
    fields=(
        Field(
            "collected_on", "选取日期", "date", required=True, default="today", synonyms=("日期",)
        ),
        street_field("街道", "所属街道"),
        Field("case_ref", "个案编号", required=True, max_length=50, synonyms=("街道个案编号",)),
        Field("person", "对象（脱敏）", max_length=20, sensitive="name", synonyms=("对象", "姓名")),
        Field(
            "difficulty",
            "类型",
            "choice",
            required=True,
            choices=DIFFICULTIES,
            filter=True,
            synonyms=("难度", "急重难"),
        ),
        Field("summary", "个案概况", "longtext", synonyms=("概况", "需求")),
        Field("guidance", "指导跟进", "longtext", in_list=False, synonyms=("跟进情况",)),
        Field(
            "status",
            "跟进状态",
            "choice",
            required=True,
            choices=CASE_STATES,
            default="跟进中",
            filter=True,
            synonyms=("状态",),
        ),
        Field("last_follow_up", "最近跟进日期", "date", synonyms=("跟进日期",)),
        Field("in_casebook", "收入案例集", "bool", synonyms=("案例集",)),
        Field("supervisor", "督导人", "worker"),
    ),
    check=_check_difficult_case,
    note="选取街道急重难个案 10 例指导跟进，形成个案案例集（01包 5.4）。",
)


def _check_supervision(ctx: CheckContext) -> None:
    check_date_order(ctx, "visited_on", "follow_up_done_on", "督导日期", "整改完成日期")
    if ctx.values.get("follow_up_done_on") and not ctx.values.get("follow_up"):
        ctx.add("follow_up", "supervision_follow_up")


def supervised_streets(store: Store, start: date, end: date) -> list[str]:
    """The streets with a field supervision visit in the period, in STREETS order."""
    rows = store.reader().execute(
        "SELECT DISTINCT street FROM supervision_visit WHERE visited_on BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    )
    visited = {str(r[0]) for r in rows}
    return [name for name in STREET_NAMES if name in visited]


def _supervision_summary(store: Store, today: date) -> str:
    quarter = quarter_of(today)
    visited = supervised_streets(store, quarter.start, today)
    missing = [name for name in STREET_NAMES if name not in visited]
    text = f"本季度（{quarter.label}）已实地督导 {len(visited)}/{len(STREET_NAMES)} 个街道"
    return text + ("；尚未督导：" + "、".join(missing) if missing else "，全部街道均已督导。")


SUPERVISION = Ledger(
    key="supervision",
    title="督导台账",
    table="supervision_visit",
    aliases=("实地督导", "督导记录", "supervision_visit"),
    group=GROUP,
    record_label="督导记录",
    date_field="visited_on",
    fields=(
        Field("visited_on", "督导日期", "date", required=True, default="today", synonyms=("日期",)),
        street_field("督导街道", "街道"),
        Field("supervisors", "督导人员", required=True, synonyms=("督导人",)),
        Field("topics", "督导内容", "multi", choices=SUPERVISION_TOPICS, synonyms=("内容",)),
        Field("findings", "发现问题", "longtext", synonyms=("问题",)),
        Field("follow_up", "整改要求", "longtext", in_list=False, synonyms=("整改", "跟进")),
        Field("follow_up_done_on", "整改完成日期", "date", synonyms=("完成日期",)),
    ),
    check=_check_supervision,
    summary=_supervision_summary,
    note="每季度对每个街道实地督导不少于 1 次（01包 5.2）。",
)
