"""One case: summary, assessments, plan, service records, closure and surveys, attachments."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.casework import (
    ATTACHMENT_KINDS,
    SCALE,
    SURVEY_ITEMS,
    ServiceInput,
    needs_from,
    rating_text,
)
from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers.handovers import person_handovers
from relief_desktop.services import audit, team
from relief_desktop.services.casework import (
    aid_plans,
    assessments,
    attachments,
    cases,
    closure,
    service_records,
    surveys,
)
from relief_desktop.services.casework.case_file import CaseFileOptions, write_case_file
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.assessment_dialog import AssessmentDialog
from relief_desktop.ui.dialogs.case_common import ErrorLabel
from relief_desktop.ui.dialogs.case_forms import (
    ClosureDialog,
    ReopenDialog,
    ReviewDialog,
    ServiceRecordDialog,
    SurveyDialog,
)
from relief_desktop.ui.dialogs.plan_dialog import PlanDialog
from relief_desktop.ui.models.service_record_table_model import ServiceRecordTableModel
from relief_desktop.ui.widgets.files_edit import open_kept_file
from relief_desktop.ui.widgets.form_frame import keep_on_screen


def choose_attachment(parent: QWidget) -> Path | None:
    """The file picker, behind a function tests replace."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        parent.tr("选择附件"),
        "",
        parent.tr("图片或文档 (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)"),
    )
    return Path(name) if name else None


def choose_pdf_target(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("导出个案档案"), suggested, "PDF (*.pdf)"
    )
    return Path(name) if name else None


def _show(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    dialog.show()
    return dialog


class CaseDialog(QDialog):
    case_changed = Signal(str)

    def __init__(self, context: AppContext, case_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.case_uuid = case_uuid
        self.members = team.team(self.store)
        self.summary = QLabel(self)
        self.summary.setObjectName("case_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.error_label = ErrorLabel(self)

        self.assess_button = QPushButton(self.tr("新增需求评估"), self)
        self.plan_button = QPushButton(self.tr("制定 / 修改方案"), self)
        self.review_button = QPushButton(self.tr("方案回顾"), self)
        self.service_button = QPushButton(self.tr("新增服务记录"), self)
        self.copy_button = QPushButton(self.tr("复制上一条服务"), self)
        self.close_button = QPushButton(self.tr("结案"), self)
        self.reopen_button = QPushButton(self.tr("重新开案"), self)
        self.survey_button = QPushButton(self.tr("满意度调查"), self)
        self.attach_button = QPushButton(self.tr("添加附件"), self)
        self.open_attachment_button = QPushButton(self.tr("打开附件"), self)
        self.attach_kind = QComboBox(self)
        self.attach_kind.addItems(list(ATTACHMENT_KINDS))
        self.export_button = QPushButton(self.tr("导出个案档案 PDF"), self)
        self.full_id_check = QCheckBox(self.tr("显示完整姓名和证件号"), self)
        self.sensitive_check = QCheckBox(self.tr("包含敏感附件"), self)

        self.assessments_view = QTextBrowser(self)
        self.assessments_view.setObjectName("assessments_view")
        self.plan_view = QTextBrowser(self)
        self.plan_view.setObjectName("plan_view")
        self.model = ServiceRecordTableModel(
            lambda offset, limit: service_records.page_for_case(
                self.store, case_uuid, offset, limit
            ),
            lambda: service_records.count_for_case(self.store, case_uuid),
        )
        self.services_view = QTableView(self)
        self.services_view.setModel(self.model)
        self.services_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.services_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.services_view.verticalHeader().setVisible(False)
        self.services_view.horizontalHeader().setStretchLastSection(True)
        self.services_view.setToolTip(self.tr("双击一条记录可以修改"))
        self.services_view.doubleClicked.connect(lambda index: self.edit_service(index.row()))
        for column, width in enumerate((90, 50, 80, 150, 260, 70, 90, 120)):
            self.services_view.setColumnWidth(column, width)
        self.closure_view = QTextBrowser(self)
        self.closure_view.setObjectName("closure_view")
        self.attachments_table = QTableWidget(0, 6, self)
        self.attachments_table.setHorizontalHeaderLabels(
            [self.tr("类型"), self.tr("名称"), self.tr("添加日期"), self.tr("敏感"),
             self.tr("文件"), "SHA-256"]
        )  # fmt: skip
        self.attachments_table.horizontalHeader().setStretchLastSection(True)
        self.attachments_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._page(self.assessments_view, self.assess_button), self.tr("需求评估"))
        self.tabs.addTab(
            self._page(self.plan_view, self.plan_button, self.review_button), self.tr("援助方案")
        )
        self.tabs.addTab(
            self._page(self.services_view, self.service_button, self.copy_button),
            self.tr("服务记录"),
        )
        self.tabs.addTab(
            self._page(
                self.closure_view, self.close_button, self.reopen_button, self.survey_button
            ),
            self.tr("结案与满意度"),
        )
        self.tabs.addTab(
            self._page(
                self.attachments_table,
                self.attach_kind,
                self.attach_button,
                self.open_attachment_button,
            ),
            self.tr("附件"),
        )
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.full_id_check)
        export_row.addWidget(self.sensitive_check)
        export_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(export_row)

        self.assess_button.clicked.connect(self.open_assessment)
        self.plan_button.clicked.connect(self.open_plan)
        self.review_button.clicked.connect(self.open_review)
        self.service_button.clicked.connect(lambda: self.open_service(copy=False))
        self.copy_button.clicked.connect(lambda: self.open_service(copy=True))
        self.close_button.clicked.connect(self.open_closure)
        self.reopen_button.clicked.connect(self.open_reopen)
        self.survey_button.clicked.connect(self.open_survey)
        self.attach_button.clicked.connect(self._on_attach)
        self.open_attachment_button.clicked.connect(lambda: self.open_attachment())
        self.attachments_table.cellDoubleClicked.connect(lambda row, _c: self.open_attachment(row))
        self.attachments_table.setToolTip(self.tr("双击打开附件"))
        self.export_button.clicked.connect(self._on_export)
        self.resize(1080, 720)
        keep_on_screen(self)
        self.refresh()

    def _page(self, main: QWidget, *buttons: QWidget) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(main, 1)
        return page

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        case = cases.load_case(self.store, self.case_uuid)
        self.case = case
        self.setWindowTitle(self.tr("个案 {0} · {1}").format(case.case_no, case.name))
        colour = {"紧急": "#c62828", "重点": "#e65100"}.get(case.priority, "#2e7d32")
        self.summary.setText(
            f"<b style='font-size:15px'>{case.name}</b>　档案号 {case.file_no}　"
            f"个案编号 <b>{case.case_no}</b>　{case.category}　"
            f"<b style='color:{colour}'>{case.priority}</b>　来源 {case.source}　"
            f"开案 {case.opened_on}（{case.opened_by}）　状态 <b>{case.status}</b>"
            + ("　<b style='color:#e65100'>重点个案</b>" if case.key_case else "")
        )
        for button in (self.assess_button, self.plan_button, self.review_button, self.close_button):
            button.setEnabled(case.is_open)
        self.service_button.setEnabled(case.is_open)
        self.copy_button.setEnabled(case.is_open)
        self.reopen_button.setEnabled(not case.is_open)
        self._show_assessments()
        self._show_plan()
        self.model.reload()
        self._show_closure()
        self._show_attachments()

    def _show_assessments(self) -> None:
        found = assessments.assessments(self.store, self.case_uuid)
        html: list[str] = []
        for number, record in reversed(list(enumerate(found, start=1))):
            html.append(
                f"<h3>第 {number} 次评估 {record.assessed_on}　等级：{record.level}</h3>"
                f"<p>评估人：{record.assessor_names}　方式：{record.method}　"
                f"下次评估：{record.next_assessment_on or '未定'}</p>"
            )
            if record.override_reason:
                html.append(
                    f"<p>调整理由：{record.override_reason}（规则：{record.computed_level}）</p>"
                )
            changes = assessments.changes(self.store, self.case_uuid, record.uuid)
            if number > 1:
                text = "、".join(
                    f"{c.domain} {rating_text(c.before)}→{rating_text(c.after)}" for c in changes
                )
                text = text or "无变化"
                html.append(f"<p><b>与上次相比：</b>{text}</p>")
            cells = "".join(
                f"<tr><td>{r.domain}</td><td>{rating_text(r.rating)}</td><td>{r.note}</td></tr>"
                for r in record.ratings
            )
            html.append(f"<table border='1' cellspacing='0' cellpadding='3'>{cells}</table>")
        self.assessments_view.setHtml("".join(html) or self.tr("尚未评估。请点“新增需求评估”。"))

    def _show_plan(self) -> None:
        plan = aid_plans.load_plan(self.store, self.case_uuid)
        if plan is None:
            self.plan_view.setHtml(self.tr("尚未制定方案。评估后点“制定 / 修改方案”。"))
            self.review_button.setEnabled(False)
            return
        measures = "".join(
            f"<li>{m.content}（{m.measure_type}，{m.worker_name}负责，{m.frequency}）</li>"
            for m in plan.measures
        )
        reviews = "".join(
            f"<li>{r.reviewed_on}：" + "；".join(f"{g}：{p}" for g, p in r.progress)
            + (f"；调整：{r.changes}" if r.changes else "") + "</li>"
            for r in aid_plans.reviews(self.store, self.case_uuid)
        )  # fmt: skip
        self.plan_view.setHtml(
            f"<p>第 {plan.version} 版　制定 {plan.made_on}　"
            f"{'<b>重点个案</b>' if plan.key_case else '非重点个案'}　"
            f"下次回顾 {plan.next_review_on or '未定'}</p>"
            f"<p><b>需求：</b>{'、'.join(plan.needs)}</p>"
            f"<p><b>目标：</b></p><ol>{''.join(f'<li>{g}</li>' for g in plan.goals)}</ol>"
            f"<p><b>措施：</b></p><ul>{measures}</ul>"
            f"<p><b>回顾：</b></p><ul>{reviews or '<li>尚无</li>'}</ul>"
        )

    def _show_closure(self) -> None:
        case = self.case
        html = [f"<p>状态：<b>{case.status}</b></p>"]
        if not case.is_open:
            html.append(
                f"<p>结案日期 {case.closed_on}　结果 <b>{case.close_result}</b>　"
                f"原因：{case.close_reason}</p>"
            )
        for event in closure.events(self.store, self.case_uuid):
            html.append(
                f"<p>· {event.event_on} {event.kind} {event.result or ''} {event.reason}</p>"
            )
        for survey in surveys.for_case(self.store, self.case_uuid):
            answers = "，".join(
                f"{label} {SCALE[v - 1] if (v := survey.answers.get(key)) else '未答'}"
                for key, label in SURVEY_ITEMS
            )
            html.append(f"<p>满意度调查 {survey.surveyed_on}（{survey.surveyor}）：{answers}</p>")
        self.closure_view.setHtml("".join(html))

    def open_attachment(self, row: int | None = None) -> None:
        """The chosen attachment in the system's viewer (a decrypted copy in a private folder)."""
        row = self.attachments_table.currentRow() if row is None else row
        found = attachments.attachments(self.store, self.case_uuid)
        if not 0 <= row < len(found):
            return
        item = found[row]
        stored = item.path.relative_to(self.store.paths.attachments).as_posix()
        open_kept_file(self, self.store.paths.attachments, stored, item.original_name)

    def _show_attachments(self) -> None:
        found = attachments.attachments(self.store, self.case_uuid)
        self.attachments_table.setRowCount(len(found))
        for row, item in enumerate(found):
            # A file moved or edited outside the app no longer matches what was filed.
            state = (
                self.tr("完好")
                if attachments.verify(item)
                else self.tr("已改动")
                if item.path.is_file()
                else self.tr("缺失")
            )
            values = (item.kind, item.title, item.added_on.isoformat(),
                      "是" if item.sensitive else "", state, item.sha256)  # fmt: skip
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 4 and state != self.tr("完好"):
                    cell.setForeground(QColor("#c62828"))
                self.attachments_table.setItem(row, column, cell)

    def _changed(self) -> None:
        self.refresh()
        self.case_changed.emit(self.case_uuid)

    # -- actions -------------------------------------------------------------------------------
    def open_assessment(self) -> AssessmentDialog:
        latest = assessments.latest(self.store, self.case_uuid)
        dialog = AssessmentDialog(
            self.members,
            lambda data: assessments.save_assessment(
                self.store, self.context.worker.actor, self.case_uuid, data
            ),
            previous=latest.rating_map() if latest else None,
            title=self.case.name,
            parent=self,
        )
        dialog.assessment_saved.connect(lambda _uuid: self._changed())
        _show(dialog)
        return dialog

    def open_plan(self) -> PlanDialog:
        latest = assessments.latest(self.store, self.case_uuid)
        dialog = PlanDialog(
            self.members,
            lambda data: aid_plans.save_plan(
                self.store, self.context.worker.actor, self.case_uuid, data
            ),
            plan=aid_plans.load_plan(self.store, self.case_uuid),
            suggested_needs=needs_from(latest.rating_map()) if latest else (),
            versions=aid_plans.versions(self.store, self.case_uuid),
            title=self.case.name,
            parent=self,
        )
        dialog.plan_saved.connect(lambda _uuid: self._changed())
        _show(dialog)
        return dialog

    def open_review(self) -> ReviewDialog | None:
        plan = aid_plans.load_plan(self.store, self.case_uuid)
        if plan is None:
            return None
        dialog = ReviewDialog(
            plan.goals,
            lambda data: aid_plans.add_review(
                self.store, self.context.worker.actor, self.case_uuid, data
            ),
            self,
        )
        dialog.saved.connect(lambda _uuid: self._changed())
        _show(dialog)
        return dialog

    def _handovers(self) -> list[tuple[str, str]]:
        """The person's 资源发放 a service record may point at (newest first)."""

        return [
            (h.uuid, h.text()) for h in person_handovers(self.store, self.case.beneficiary_uuid)
        ]

    def open_service(self, copy: bool = False) -> ServiceRecordDialog:
        plan = aid_plans.load_plan(self.store, self.case_uuid)
        last = service_records.last_record(self.store, self.case_uuid)
        dialog = ServiceRecordDialog(
            self.members,
            plan.measures if plan else (),
            lambda data: service_records.add_service(
                self.store, self.context.worker.actor, self.case_uuid, data
            ),
            last=last.as_input() if last else None,
            current_worker=self.context.worker.uuid,
            parent=self,
            handovers=self._handovers(),
        )
        if copy:
            dialog.copy_last()
        dialog.saved.connect(lambda _uuid: self._changed())
        _show(dialog)
        return dialog

    def edit_service(self, row: int) -> ServiceRecordDialog | None:
        """Correct a saved record (double-click in the list); the change log keeps the old one."""
        record = self.model.row_at(row)
        if record is None:
            return None
        plan = aid_plans.load_plan(self.store, self.case_uuid)

        def save(data: ServiceInput) -> str:
            service_records.update_service(self.store, self.context.worker.actor, record.uuid, data)
            return record.uuid

        dialog = ServiceRecordDialog(
            self.members,
            plan.measures if plan else (),
            save,
            parent=self,
            handovers=self._handovers(),
        )
        dialog.setWindowTitle(self.tr("修改服务记录"))
        dialog.fill(record.as_input())
        dialog.saved.connect(lambda _uuid: self._changed())
        _show(dialog)
        return dialog

    def open_closure(self) -> ClosureDialog:
        def save(closed_on: date | None, result: str, reason: str) -> None:
            closure.close_case(
                self.store, self.context.worker.actor, self.case_uuid, closed_on, result, reason
            )

        dialog = ClosureDialog(save, self)
        dialog.saved.connect(lambda _uuid: self._after_closure())
        _show(dialog)
        return dialog

    def _after_closure(self) -> None:
        self._changed()
        self.context.beneficiary_saved.emit(self.case.beneficiary_uuid)

    def open_reopen(self) -> ReopenDialog:
        def save(reason: str) -> None:
            closure.reopen_case(self.store, self.context.worker.actor, self.case_uuid, reason)

        dialog = ReopenDialog(save, self)
        dialog.saved.connect(lambda _uuid: self._after_closure())
        _show(dialog)
        return dialog

    def open_survey(self) -> SurveyDialog:
        # The surveyor is better not the case worker (DOMAIN.md): default to someone else.
        others = [m.uuid for m in self.members if m.uuid != self.context.worker.uuid]
        dialog = SurveyDialog(
            self.members,
            lambda data: surveys.add_survey(
                self.store, self.context.worker.actor, self.case_uuid, data
            ),
            default_surveyor=others[0] if others else self.context.worker.uuid,
            parent=self,
        )
        dialog.saved.connect(lambda _uuid: self._changed())
        _show(dialog)
        return dialog

    def _on_attach(self) -> None:
        source = choose_attachment(self)
        if source is None:
            return
        try:
            attachments.add_attachment(
                self.store, self.context.worker.actor, self.case_uuid, source,
                self.attach_kind.currentText(),
            )  # fmt: skip
        except RuleError as error:
            self.error_label.show_error(error)
            return
        self.error_label.clear_error()
        self._changed()

    def _on_export(self) -> None:
        target = choose_pdf_target(self, f"个案档案-{self.case.case_no}.pdf")
        if target is None:
            return
        options = CaseFileOptions(self.full_id_check.isChecked(), self.sensitive_check.isChecked())
        reason = ""
        if options.full_identity:
            asked = prompts.ask_reason(self, self.tr("导出完整信息"), prompts.FULL_EXPORT_TEXT)
            if asked is None:
                return
            reason = asked
        try:
            pages = write_case_file(self.store, self.case_uuid, target, options)
            if options.full_identity:
                audit.record_access(
                    self.store, self.context.worker.actor, "export_full",
                    f"个案档案 {self.case.case_no} → {target.name}", 1, reason,
                )  # fmt: skip
        except (RuleError, OSError) as error:
            self.error_label.show_error(str(error))
            return
        self.error_label.show_notice(self.tr("已导出：{0}（{1} 页）").format(target, pages))


def open_case_window(
    context: AppContext, case_uuid: str, parent: QWidget | None = None
) -> CaseDialog:
    dialog = CaseDialog(context, case_uuid, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
