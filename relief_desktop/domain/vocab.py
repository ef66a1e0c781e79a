"""Closed vocabularies of DOMAIN.md §2–§3, stored as the Chinese words users read."""

from typing import Final

ROLES: Final = ("项目负责人", "项目专员")

ID_TYPES: Final = ("居民身份证", "港澳台居民居住证", "护照", "其他证件", "无证件")

SEXES: Final = ("男", "女")

STATUSES: Final = ("待评估", "在案", "转介", "结案")

PRIORITIES: Final = ("一般", "重点", "紧急")

SOURCES: Final = ("主动发现", "社区", "区中心", "来访")

CAUSES: Final = ("因病", "因残", "因学", "因灾", "失业", "监护缺失", "其他")

MARITAL: Final = ("未婚", "已婚", "离异", "丧偶", "其他")

EDUCATION: Final = ("无", "小学", "初中", "高中/中专", "大专", "本科及以上", "在读")

SELF_CARE: Final = ("完全自理", "部分自理", "完全不能自理")

DISABILITY_TYPES: Final = ("无", "视力", "听力", "言语", "肢体", "智力", "精神", "多重")

DISABILITY_GRADES: Final = ("", "一级", "二级", "三级", "四级")

HOUSING: Final = ("自有住房", "公租房", "租房", "借住", "危房", "无固定住所", "其他")

RELATIONS: Final = ("配偶", "子女", "父母", "祖父母", "孙子女", "兄弟姐妹", "其他亲属", "其他")

# Assistance labels (DOMAIN.md §2). The child subtypes together make 特殊困难群体儿童.
CHILD_LABELS: Final = ("孤儿", "事实无人抚养儿童", "困境儿童")
LABELS: Final = ("低保", "特困", "临时救助", *CHILD_LABELS, "低保边缘", "刚性支出", "政策外")
HOUSEHOLD_LABELS: Final = ("低保", "低保边缘", "刚性支出")

# Streets of Chenghua (DOMAIN.md §4); communities ship in resources/chenghua_communities.csv.
STREETS: Final = {
    "510108002": "猛追湾",
    "510108004": "双桥子",
    "510108006": "府青路",
    "510108007": "二仙桥",
    "510108008": "跳蹬河",
    "510108010": "双水碾",
    "510108011": "万年场",
    "510108014": "保和",
    "510108015": "青龙",
    "510108016": "龙潭",
    "510108017": "白莲池",
}


def street_code(name: str) -> str | None:
    """双桥子 or 双桥子街道 -> 510108004."""
    short = name.strip().removesuffix("街道")
    for code, street in STREETS.items():
        if street == short or code == short:
            return code
    return None
