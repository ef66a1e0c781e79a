"""区中心 (lot 01) publicity and outcome ledgers: the 情动成华 journal and WeChat posts, the
district's own resource handovers to the streets' people, and its satisfaction surveys."""

from datetime import date, timedelta

from relief_desktop.ledgers import handovers
from relief_desktop.ledgers.definitions.district import street_field
from relief_desktop.ledgers.definitions.publicity import GROUP as PUBLICITY_GROUP
from relief_desktop.ledgers.spec import Field, Ledger
from relief_desktop.storage.store import Store

GROUP = PUBLICITY_GROUP  # beside 主题活动 and 媒体报道 in the list
POST_KINDS = ("帮扶信息公开", "活动报道", "政策宣传", "资源募集", "其他")
RESPONDENTS = ("服务对象", "参训人员", "活动参与者", "街道中心", "其他")


JOURNAL = Ledger(
    key="journal",
    title="内刊台账",
    table="journal_issue",
    aliases=("期刊", "情动成华期刊", "journal_issue"),
    group=GROUP,
    record_label="期刊",
    date_field="published_on",
    fields=(
        Field("issue_no", "期号", required=True, unique=True, max_length=30, synonyms=("期数",)),
        Field(
            "published_on", "出刊日期", "date", required=True, default="today", synonyms=("日期",)
        ),
        Field("title", "本期主题", required=True, synonyms=("主题", "标题")),
        Field("copies", "印数（份）", "int", minimum=0, synonyms=("印数", "份数")),
        Field("editor", "责任编辑", "worker", synonyms=("编辑",)),
        Field("files", "电子版", "files", synonyms=("附件",)),
    ),
    note="“情动成华”社会关爱援助期刊全年 10 期（01包 7.3）。",
)


def _wechat_summary(store: Store, today: date) -> str:
    monday = today - timedelta(days=today.weekday())
    row = (
        store.reader()
        .execute(
            "SELECT count(*) FROM wechat_post WHERE posted_on BETWEEN ? AND ?",
            (monday.isoformat(), today.isoformat()),
        )
        .fetchone()
    )
    if row[0]:
        return f"本周（{monday:%m-%d} 起）已推送 {row[0]} 篇。"
    return f"本周（{monday:%m-%d} 起）还没有推送，“情动成华”每周至少更新 1 次。"


WECHAT = Ledger(
    key="wechat",
    title="微信推送台账",
    table="wechat_post",
    aliases=("微信推送", "情动成华", "公众号", "wechat_post"),
    group=GROUP,
    record_label="推送",
    date_field="posted_on",
    fields=(
        Field("posted_on", "推送日期", "date", required=True, default="today", synonyms=("日期",)),
        Field("title", "标题", required=True, synonyms=("文章标题",)),
        Field("kind", "类别", "choice", choices=POST_KINDS, filter=True),
        Field("url", "链接", max_length=500, synonyms=("网址",)),
        Field("reads", "阅读量", "int", minimum=0, synonyms=("阅读数",)),
        Field("editor", "编辑", "worker"),
    ),
    summary=_wechat_summary,
    note="“情动成华”微信公众号每周至少更新 1 次（01包 7.1）。",
)


DISTRICT_AID = Ledger(
    key="district_aid",
    title="资源帮扶台账",
    table="district_aid",
    aliases=("区中心帮扶", "资源帮扶", "district_aid"),
    group="资源",
    record_label="帮扶记录",
    date_field="aided_on",
    fields=(
        Field("aided_on", "帮扶日期", "date", required=True, default="today", synonyms=("日期",)),
        street_field("街道", "受助街道"),
        Field("item", "资源/项目", required=True, synonyms=("项目", "资源名称")),
        Field("people", "帮扶人数", "int", required=True, minimum=0, synonyms=("人数",)),
        Field("value_fen", "价值（元）", "money", minimum=0, synonyms=("价值", "金额")),
        Field("receipt_serial", "资源编号", max_length=30, synonyms=("编号",)),
        Field("handler", "经办人", "worker"),
        Field("notes", "备注", "longtext", in_list=False),
    ),
    check=handovers.check_aid,
    note="区中心链接的资源帮扶到街道的困难群众；帮扶人数按街道签收名单计（全年不少于 300 人）。"
    "填写资源编号时，帮扶价值从该笔资源的结余中扣减。",
)

SURVEYS = Ledger(
    key="district_surveys",
    title="满意度调查台账",
    table="district_survey",
    aliases=("满意度调查", "满意度", "district_survey"),
    group="服务成效",
    record_label="调查",
    date_field="surveyed_on",
    fields=(
        Field(
            "surveyed_on", "调查日期", "date", required=True, default="today", synonyms=("日期",)
        ),
        Field(
            "respondent",
            "调查对象",
            "choice",
            required=True,
            choices=RESPONDENTS,
            filter=True,
            synonyms=("对象",),
        ),
        Field("method", "方式", "choice", choices=("问卷", "电话回访", "当面访谈", "线上")),
        Field(
            "overall",
            "总体评价（1-5分）",
            "int",
            required=True,
            minimum=1,
            maximum=5,
            synonyms=("总体评价", "评分"),
        ),
        Field("comment", "意见建议", "longtext", synonyms=("意见",)),
        Field("surveyor", "调查人", "worker"),
    ),
    note="满意度 = 总体评价 4 或 5 分的份数 ÷ 有效份数，不低于 80%（01包 8.2）。",
)
