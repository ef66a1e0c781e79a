"""主题活动、媒体报道、政策宣传."""

from relief_desktop.ledgers.spec import Field, Ledger

GROUP = "联络与宣传"
LEVELS = ("区级", "市级", "省级", "国家级")
MEDIA = ("报纸", "电视", "广播", "网站", "微信公众号", "其他新媒体")
TOPICS = ("社会救助政策", "儿童福利保障政策", "民法典婚姻家庭编", "流浪乞讨救助", "其他")
MODES = ("入户宣传", "社区宣传", "活动宣讲", "线上推送", "其他")

ACTIVITIES = Ledger(
    key="activities",
    title="主题活动台账",
    table="activity",
    aliases=("主题活动", "activity"),
    group=GROUP,
    record_label="主题活动",
    date_field="held_on",
    fields=(
        Field("title", "活动名称", required=True, synonyms=("活动主题", "名称")),
        Field("held_on", "活动日期", "date", required=True, default="today", synonyms=("日期",)),
        Field("venue", "活动地点", synonyms=("地点",)),
        Field("communities", "覆盖社区", synonyms=("社区",)),
        Field("partners", "合作单位", synonyms=("合作方",)),
        Field("participants", "参与人数", "int", minimum=0, synonyms=("人数", "参与人次")),
        Field("volunteers", "志愿者人数", "int", minimum=0),
        Field("resources", "投入资源", in_list=False),
        Field("plan_filed", "方案已报备", "bool", synonyms=("方案报备",)),
        Field("summary", "活动总结", "longtext", in_list=False, synonyms=("活动内容", "总结")),
        Field("photos", "活动照片", "files", synonyms=("照片",)),
    ),
    note="全年主题活动不少于 4 场。",
)

MEDIA_REPORTS = Ledger(
    key="media",
    title="媒体报道台账",
    table="media_report",
    aliases=("媒体报道", "media_report"),
    group=GROUP,
    record_label="媒体报道",
    date_field="published_on",
    fields=(
        Field(
            "published_on", "报道日期", "date", required=True, default="today", synonyms=("日期",)
        ),
        Field("outlet", "媒体名称", required=True, synonyms=("媒体",)),
        Field(
            "level",
            "媒体级别",
            "choice",
            required=True,
            choices=LEVELS,
            filter=True,
            synonyms=("级别",),
        ),
        Field("medium", "媒体类型", "choice", choices=MEDIA, synonyms=("类型",)),
        Field("title", "报道标题", required=True, synonyms=("标题",)),
        Field("url", "链接", max_length=500, synonyms=("网址", "链接地址")),
        Field("screenshots", "截图", "files", synonyms=("报道截图",)),
    ),
    note="全年区级及以上媒体报道不少于 2 次。",
)

POLICY = Ledger(
    key="publicity",
    title="政策宣传台账",
    table="policy_publicity",
    aliases=("政策宣传", "policy_publicity"),
    group=GROUP,
    record_label="宣传记录",
    date_field="held_on",
    fields=(
        Field("held_on", "宣传日期", "date", required=True, default="today", synonyms=("日期",)),
        Field(
            "topic",
            "宣传内容类别",
            "choice",
            required=True,
            choices=TOPICS,
            filter=True,
            synonyms=("宣传主题", "类别"),
        ),
        Field(
            "mode",
            "宣传方式",
            "choice",
            required=True,
            choices=MODES,
            filter=True,
            synonyms=("方式",),
        ),
        Field("place", "地点/社区", synonyms=("地点", "社区")),
        Field("audience", "受众人数", "int", minimum=0, synonyms=("人数",)),
        Field("materials", "发放资料（份）", "int", minimum=0, synonyms=("资料份数",)),
        Field("content", "宣传内容", "longtext", synonyms=("内容",)),
        Field("handler", "经办人", "worker"),
    ),
)
