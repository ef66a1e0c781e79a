"""Chinese wording of every RuleError code: what is wrong and how to fix it.

Shared by the GUI and the CLI, so the rules in `domain/` and `services/` hold no UI text.
"""

from typing import Any

MESSAGES: dict[str, str] = {
    "validation_failed": "有 {count} 处需要修改，已用红框标出；修改后再保存。",
    "required": "{label}不能为空，请填写。",
    "too_long": "{label}最多 {max} 个字，请缩短。",
    "choice": "{label}“{value}”不在可选项中，请从列表中选择。",
    "id_empty": "请填写身份证号码；没有证件时把证件类型选为“无证件”。",
    "id_format": "身份证号码应为 18 位（或旧版 15 位）数字，最后一位可为 X；现在是 {length} 位。请核对后重新输入。",
    "id_scientific": "身份证号码“{value}”是 Excel 按数字存储后丢失了位数的结果，请在 Excel 中把该列设为“文本”后重新录入。",
    "id_region": "身份证号码前 6 位“{region}”不是有效的地区代码，请核对。",
    "id_birth_invalid": "身份证号码中的出生日期“{birth}”不存在，请核对第 7–14 位。",
    "id_birth_range": "身份证号码中的出生日期 {birth} 不合理（早于 1900 年或晚于今天），请核对。",
    "id_check_digit": "身份证号码校验位不对：最后一位应为 {expected}，现在是 {got}。请逐位核对，常见是抄错了一位数字。",
    "id_duplicate": "身份证号码已登记：{name}（档案号 {file_no}）。请打开已有档案，不要重复登记。",
    "id_same_as_member": "家庭成员的身份证号码与本人相同，请核对。",
    "id_member_duplicate": "家庭成员中有两人身份证号码相同（{number_masked}），请核对。",
    "phone_mobile": "手机号码应为 1 开头的 11 位数字，现在是 {digits} 位，请核对。",
    "phone_format": "电话号码格式不对：手机填 11 位数字，座机填 028-12345678。",
    "date_format": "{label}“{value}”不是有效日期，请按 2026-01-31 的格式填写。",
    "date_future": "{label}不能晚于今天，请核对。",
    "date_order": "{end_label}（{end}）早于{start_label}（{start}），请把结束日期改到开始日期之后。",
    "sex_required": "请选择性别。",
    "birth_mismatch": "出生日期与身份证号码不一致，已按身份证号码显示为 {birth}。",
    "community_required": "请从本街道的社区列表中选择所属社区。",
    "community_unknown": "社区“{value}”不在本街道的社区列表中；如确有此社区，请先在“设置”中添加。",
    "reason_required": "状态为“{status}”时必须填写原因。",
    "label_child_age": "“{label}”只适用于未满 18 周岁的儿童；此人在 {start} 时已 {age} 岁。",
    "label_overlap": "救助标签“{label}”有两段时间重叠，请合并为一段或修改日期。",
    "label_start_required": "救助标签“{label}”需要填写开始日期。",
    "money_empty": "请填写金额。",
    "money_format": "金额“{value}”不是数字，请只填数字，例如 1200.50。",
    "money_negative": "金额不能为负数。",
    "money_precision": "金额“{value}”最多保留两位小数（分）。",
    "bank_account": "银行账号应为 12–30 位数字，请核对。",
    "name_digits": "姓名中不应有数字，请核对。",
    "member_name_required": "第 {row} 位家庭成员的姓名不能为空。",
    "member_relation_required": "第 {row} 位家庭成员请选择与本人的关系。",
    "not_set_up": "尚未完成首次设置。请先运行 relief-desktop setup --street 街道名 --worker 姓名:角色，或启动程序按提示设置。",
    "already_set_up": "本数据目录已完成设置（{street}街道）。如需修改团队成员或社区，请在“设置”中操作。",
    "street_unknown": "没有名为“{value}”的街道。成华区的街道有：{choices}。",
    "worker_format": "团队成员“{value}”格式不对，应为 姓名:角色，例如 张三:项目负责人。",
    "worker_role": "角色“{value}”不对，只能是 项目负责人 或 项目专员。",
    "worker_required": "至少需要一名团队成员。",
    "worker_duplicate": "团队成员“{name}”重复了。",
    "worker_unknown": "没有名为“{value}”的团队成员。",
    "schema_newer": "数据文件的版本（{found}）比本程序（{supported}）新，请安装新版 relief_desktop 后再打开。数据未作任何改动。",
    "store_corrupt": "数据文件无法打开：{detail}。请从 backups 文件夹中的最近备份恢复，或联系技术支持。",
    "record_missing": "找不到这条记录，可能已被删除。请刷新列表。",
    "people_count": "人数应在 1 到 {max} 之间。",
    "period_format": "期间“{value}”格式不对。月份写 2026-10，季度写 2026Q4，合同年度写 contract-year，合同上半年写 contract-half。",
    "contract_start_missing": "尚未设置合同开始日期，请在“设置”中填写后再统计合同年度。",
    "import_type": "无法导入“{file}”：只支持 .xlsx、.xls、.ods 和 .csv 文件。",
    "import_encoding": "无法读取“{file}”：文件编码不是 UTF-8 或 GBK，请用 Excel 另存为 .xlsx 后再导入。",
    "import_unreadable": "无法打开“{file}”：文件已损坏或不是表格文件（{detail}）。请用 Excel 或 WPS 打开检查后另存为 .xlsx。",
    "import_empty": "“{file}”里没有任何工作表。",
    "import_sheet_missing": "“{file}”里没有名为“{sheet}”的工作表。",
    "import_no_header": "在“{file}”的前 30 行中找不到表头。请确认表头含有以下列名之一：{labels}。",
    "import_missing_columns": "缺少必需的列：{labels}。请在列对应中指定，或在表格中补上这些列。",
    "id_stored_as_number": "身份证号码“{value}”被 Excel 存成了数字，后几位可能已丢失。请把该列设为“文本”，按原件重新录入。",
    "inspection_category": "没有“{value}”这一核查类别。可选：{choices}（或 低保 / 特困 / 临时救助 / 特殊困难群体儿童）。",
    "quarter_format": "季度“{value}”格式不对，请写成 2026Q4 这样的 年份+Q+季度（1–4）。",
    "roll_name_missing": "姓名为空：请在表格中补上姓名后重新导入。",
    "roll_id_upgraded": "15 位旧身份证号码已升级为 18 位（{new}），请核对。",
    "roll_duplicate_in_file": "与第 {first} 行身份证号码重复，本行未导入。请删除重复行或核对号码。",
    "roll_community": "社区“{value}”不在本街道的社区列表中，已按原文保存；如确有此社区，请先在“设置”中添加。",
    "roll_size": "家庭人口“{value}”不是 1–30 的整数，已留空；请核对。",
    "roll_changed": "导入预览生成后，名单已被修改（可能是另一次导入）。请重新选择文件生成预览后再确认。",
    "roll_cancelled": "已取消导入，名单没有任何改动。",
    "roll_entry_missing": "在册名单中找不到这条记录，可能已被重新导入。请刷新列表后再试。",
    "inspection_inspectors": "请选择两名不同的核查人员（入户核查须两人同行）。",
    "inspection_date_future": "核查日期 {value} 晚于今天，请核对。",
    "inspection_date_off_roll": "核查日期 {value} 时此人不在{category}在册名单上（在册 {start} 至 {end}），请核对日期。",
    "inspection_conclusion": "请选择核查结论（属实 / 需复核 / 建议调整 / 建议退出 / 失联）。",
    "inspection_mode": "核查方式“{value}”不对，只能是 入户 / 电话 / 未遇。",
    "inspection_issues_required": "结论为“{conclusion}”时请在“发现的问题”中写明情况，以便向民政局反馈。",
    "feedback_status": "反馈状态“{value}”不对，只能是 待报送 / 已报送 / 已回复 / 已办结。",
    "feedback_summary_required": "请填写反馈内容。",
    "export_folder": "无法写入文件夹“{folder}”：{detail}。请选择一个可写的文件夹。",
}


def describe(code: str, **details: Any) -> str:
    """The Chinese message for a rule code; unknown codes still say something useful."""
    template = MESSAGES.get(code)
    if template is None:
        return f"输入有误（{code}）。"
    try:
        return template.format(**details)
    except (KeyError, IndexError):
        return template
