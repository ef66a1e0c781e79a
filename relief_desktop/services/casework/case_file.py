"""个案档案: the whole case as a PDF through the one PDF writer; IDs and names masked by default."""

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from relief_desktop.domain import masking
from relief_desktop.domain.casework import RATING_WORDS, SCALE, SURVEY_ITEMS, rating_text
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.idcard import mask
from relief_desktop.domain.names import mask_name
from relief_desktop.domain.phone import mask as phone_mask
from relief_desktop.exports.pdf import (
    Block,
    Document,
    Heading,
    Image,
    KeyValues,
    Paragraph,
    Table,
    write_pdf,
)
from relief_desktop.services import beneficiaries
from relief_desktop.services.casework import (
    aid_plans,
    assessments,
    attachments,
    closure,
    service_records,
    surveys,
)
from relief_desktop.services.casework._common import load_case
from relief_desktop.services.team import street_name
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class CaseFileOptions:
    full_identity: bool = False  # show the full name and ID number (only when demanded)
    include_sensitive: bool = False  # include attachments marked sensitive (photos of minors)
    photos: bool = True


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def build(store: Store, case_uuid: str, options: CaseFileOptions | None = None) -> Document:
    options = options or CaseFileOptions()
    case = load_case(store, case_uuid)
    person = beneficiaries.load(store, case.beneficiary_uuid).data
    full = options.full_identity
    community = (
        store.reader()
        .execute("SELECT name FROM community WHERE id = ?", (person.community_id,))
        .fetchone()
    )
    blocks: list[Block] = [
        Heading("一、服务对象"),
        KeyValues(
            [
                ("姓名", person.name if full else mask_name(person.name)),
                ("档案号", case.file_no),
                ("证件号码", (person.id_number if full else mask(person.id_number)) or "无"),
                ("性别", person.sex),
                # Beside a masked ID the birth year-month only (domain/masking.py).
                ("出生日期", _d(person.birth_date))
                if full
                else ("出生年月", masking.birth(person.birth_date)),
                ("所属社区", community[0] if community else ""),
                ("联系电话", person.phone if full else phone_mask(person.phone)),
                ("救助标签", "、".join(label.label for label in person.labels) or "无"),
            ]
        ),
        Heading("二、个案信息"),
        KeyValues(
            [
                ("个案编号", case.case_no),
                ("个案类别", case.category),
                ("优先级", case.priority),
                ("来源", case.source),
                ("开案日期", _d(case.opened_on)),
                ("开案人", case.opened_by),
                ("状态", case.status),
                ("重点个案", "是" if case.key_case else "否"),
            ]
        ),
    ]
    blocks += _assessments(store, case_uuid)
    blocks += _plan(store, case_uuid)
    blocks += _services(store, case_uuid)
    blocks += _closure(store, case_uuid)
    blocks += _surveys(store, case_uuid)
    blocks += _attachments(store, case_uuid, options)
    if not full:  # an ID or phone typed into a note is masked like the fields
        blocks = [_scrubbed(block) for block in blocks]
    return Document(
        title="个案档案",
        subtitle=f"{street_name(store)}街道社会关爱援助中心 · {case.case_no}",
        blocks=blocks,
    )


def _scrubbed(block: Block) -> Block:
    if isinstance(block, Paragraph):
        return replace(block, text=masking.scrub(block.text))
    if isinstance(block, KeyValues):
        return replace(block, pairs=[(k, masking.scrub(v)) for k, v in block.pairs])
    if isinstance(block, Table):
        rows = [[masking.scrub(c) if isinstance(c, str) else c for c in row] for row in block.rows]
        return replace(block, rows=rows)
    return block


def _assessments(store: Store, case_uuid: str) -> list[Block]:
    found = assessments.assessments(store, case_uuid)
    blocks: list[Block] = [Heading("三、需求评估")]
    if not found:
        return [*blocks, Paragraph("尚未评估。")]
    before: dict[str, int] | None = None
    for number, record in enumerate(found, start=1):
        blocks.append(Heading(f"第 {number} 次评估（{_d(record.assessed_on)}）", level=2))
        pairs = [
            ("评估人", record.assessor_names),
            ("评估方式", record.method),
            ("综合等级", record.level),
            ("按规则计算", record.computed_level),
            ("下次评估", _d(record.next_assessment_on)),
        ]
        if record.override_reason:
            pairs.append(("调整理由", record.override_reason))
        blocks.append(KeyValues(pairs))
        rows: list[list[object]] = []
        highlight: list[int] = []
        for i, rating in enumerate(record.ratings):
            change = ""
            if before is not None and before.get(rating.domain) != rating.rating:
                change = (
                    f"{rating_text(before.get(rating.domain, 0))} → {rating_text(rating.rating)}"
                )
            if rating.rating >= 2:
                highlight.append(i)
            rows.append(
                [rating.domain, rating.rating, RATING_WORDS[rating.rating], rating.note, change]
            )
        blocks.append(
            Table(["领域", "评分", "程度", "说明", "较上次"], rows, [3, 1, 1.2, 5, 1.6], highlight)
        )
        if record.strengths:
            blocks.append(Paragraph(f"优势与资源：{record.strengths}"))
        if record.wishes:
            blocks.append(Paragraph(f"本人意愿：{record.wishes}"))
        before = record.rating_map()
    return blocks


def _plan(store: Store, case_uuid: str) -> list[Block]:
    plan = aid_plans.load_plan(store, case_uuid)
    blocks: list[Block] = [Heading("四、个性化关爱援助方案")]
    if plan is None:
        return [*blocks, Paragraph("尚未制定方案。")]
    blocks.append(
        KeyValues(
            [
                ("制定日期", _d(plan.made_on)),
                ("当前版本", f"第 {plan.version} 版"),
                ("重点个案", "是" if plan.key_case else "否"),
                ("下次回顾", _d(plan.next_review_on)),
                ("审核人", plan.approver),
                ("服务对象签字", "已签" if plan.client_signed else "未签"),
            ]
        )
    )
    blocks.append(Paragraph("需求：" + ("、".join(plan.needs) or "（无）")))
    blocks += [Paragraph(f"目标 {i}：{goal}") for i, goal in enumerate(plan.goals, start=1)]
    blocks.append(
        Table(
            ["措施", "类型", "资源", "责任社工", "合作方", "起止", "频次"],
            [
                [
                    m.content,
                    m.measure_type,
                    m.resource,
                    m.worker_name,
                    m.partner,
                    f"{_d(m.start_on)} 至 {_d(m.end_on)}" if m.start_on or m.end_on else "",
                    m.frequency,
                ]
                for m in plan.measures
            ],
            [4, 1.6, 2, 1.4, 1.6, 2.6, 1.4],
        )
    )
    history = aid_plans.versions(store, case_uuid)
    rows: list[list[object]] = []
    for i, version in enumerate(history):
        lines = (
            ["首次制定"]
            if i == 0
            else aid_plans.version_changes(history[i - 1].snapshot, version.snapshot)
        )
        rows.append(
            [f"第 {version.version} 版", version.saved_at[:10], version.saved_by, version.note,
             "；".join(lines)]
        )  # fmt: skip
    blocks += [Heading("方案版本", level=2), Table(["版本", "保存日期", "保存人", "说明", "变化"],
                                                   rows, [1.2, 1.6, 1.2, 2, 5])]  # fmt: skip
    found = aid_plans.reviews(store, case_uuid)
    if found:
        blocks.append(Heading("方案回顾", level=2))
        blocks.append(
            Table(
                ["日期", "各目标进展", "调整", "回顾人", "下次回顾"],
                [
                    [
                        _d(r.reviewed_on),
                        "\n".join(f"{g}：{p}" for g, p in r.progress),
                        r.changes,
                        r.reviewer,
                        _d(r.next_review_on),
                    ]
                    for r in found
                ],
                [1.6, 5, 3, 1.2, 1.6],
            )
        )
    return blocks


def _services(store: Store, case_uuid: str) -> list[Block]:
    rows = service_records.for_case(store, case_uuid)
    blocks: list[Block] = [Heading(f"五、个案服务记录（共 {len(rows)} 次）")]
    if not rows:
        return [*blocks, Paragraph("尚无服务记录。")]
    blocks.append(
        Table(
            ["日期", "方式", "类型", "内容", "时长(分)", "社工", "下一步"],
            [
                [
                    _d(r.served_on),
                    r.mode,
                    r.service_type,
                    r.content + (f"（物资：{r.resources}）" if r.resources else ""),
                    r.minutes,
                    r.worker_names,
                    f"{r.next_step} {_d(r.next_step_on)}".strip(),
                ]
                for r in rows
            ],
            [1.7, 0.9, 1.4, 5, 1.1, 1.6, 2.6],
        )
    )
    return blocks


def _closure(store: Store, case_uuid: str) -> list[Block]:
    case = load_case(store, case_uuid)
    events = closure.events(store, case_uuid)
    blocks: list[Block] = [Heading("六、结案")]
    if case.is_open:
        blocks.append(Paragraph("个案在案，尚未结案。"))
    else:
        blocks.append(
            KeyValues(
                [
                    ("结案日期", _d(case.closed_on)),
                    ("结案结果", case.close_result or ""),
                    ("结案原因", case.close_reason),
                ]
            )
        )
    if events:
        blocks.append(
            Table(
                ["日期", "事项", "结果", "原因", "经办"],
                [[_d(e.event_on), e.kind, e.result or "", e.reason, e.by] for e in events],
                [1.6, 1.4, 1.4, 5, 1.4],
            )
        )
    return blocks


def _surveys(store: Store, case_uuid: str) -> list[Block]:
    found = surveys.for_case(store, case_uuid)
    blocks: list[Block] = [Heading("七、满意度调查")]
    if not found:
        return [*blocks, Paragraph("本个案没有记名的满意度调查（匿名调查不列入个案档案）。")]

    def word(value: int | None) -> str:
        return f"{value} {SCALE[value - 1]}" if value else "未答"

    headers = ["日期", "方式", *(label for _, label in SURVEY_ITEMS), "调查人"]
    rows = [
        [_d(s.surveyed_on), s.method, *(word(s.answers.get(k)) for k, _ in SURVEY_ITEMS),
         s.surveyor]
        for s in found
    ]  # fmt: skip
    blocks.append(Table(headers, rows))
    blocks += [Paragraph(f"意见：{s.comment}", small=True) for s in found if s.comment]
    return blocks


def _attachments(store: Store, case_uuid: str, options: CaseFileOptions) -> list[Block]:
    found = attachments.attachments(store, case_uuid)
    shown = [a for a in found if options.include_sensitive or not a.sensitive]
    blocks: list[Block] = [Heading("八、附件")]
    if not found:
        return [*blocks, Paragraph("无附件。")]
    blocks.append(
        Table(
            ["类型", "名称", "添加日期", "SHA-256（前 16 位）"],
            [[a.kind, a.title, _d(a.added_on), a.sha256[:16]] for a in shown],
            [1.2, 4, 1.6, 3],
        )
    )
    left_out = len(found) - len(shown)
    if left_out:
        blocks.append(
            Paragraph(f"另有 {left_out} 个敏感附件（如未成年人照片）未导出。", small=True)
        )
    if options.photos:
        for a in shown:
            if a.kind == "照片" and a.is_picture and a.path.is_file():
                blocks.append(Image(a.path, a.title, max_height_cm=7))
    return blocks


def write_case_file(
    store: Store, case_uuid: str, target: Path, options: CaseFileOptions | None = None
) -> int:
    """Write the case file PDF; returns the page count."""

    return write_pdf(target, build(store, case_uuid, options))


def case_uuid_by_no(store: Store, case_no: str) -> str:
    row = (
        store.reader()
        .execute("SELECT uuid FROM aid_case WHERE case_no = ?", (case_no.strip(),))
        .fetchone()
    )
    if row is None:
        raise RuleError("case_unknown", case_no=case_no)
    return str(row[0])
