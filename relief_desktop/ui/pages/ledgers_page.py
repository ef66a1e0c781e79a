"""台账: every ledger in one page — the list on the left, a paged table, search, filters,
新增 / 编辑 / 删除 / 导入 / 导出. Everything shown comes from the ledger's declaration."""

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers import exchange, registry, service
from relief_desktop.ledgers.service import LedgerQuery, Record
from relief_desktop.ledgers.spec import Ledger
from relief_desktop.services import audit, team
from relief_desktop.services import ledger_undo as undo
from relief_desktop.ui import import_undo, prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.ledger_form import LedgerForm
from relief_desktop.ui.dialogs.ledger_import import ColumnMappingDialog, ImportPreviewDialog
from relief_desktop.ui.models.ledger_table_model import UUID_ROLE, LedgerTableModel
from relief_desktop.ui.prompts import choose_export_file, choose_import_file, run_dialog
from relief_desktop.ui.widgets.empty_state import EmptyState
from relief_desktop.ui.widgets.tables import fit_columns

SEARCH_DELAY_MS = 150


def period(choice: str, today: date, contract_start: date | None) -> tuple[str | None, str | None]:
    if choice == "month":
        return today.replace(day=1).isoformat(), today.isoformat()
    if choice == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1).isoformat(), end.isoformat()
    if choice == "contract" and contract_start is not None:
        return contract_start.isoformat(), today.isoformat()
    if choice == "year":
        return today.replace(month=1, day=1).isoformat(), today.isoformat()
    return None, None


class LedgersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ledgers = list(registry.of_store(context.store))
        self.ledger = self.ledgers[0]
        self.today = date.today()

        self.ledger_list = QListWidget(self)
        self.ledger_list.setObjectName("ledger_list")
        self.ledger_list.setFixedWidth(160)
        group = ""
        for ledger in self.ledgers:
            if ledger.group != group:
                group = ledger.group
                heading = QListWidgetItem(group, self.ledger_list)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
            item = QListWidgetItem("  " + ledger.title, self.ledger_list)
            item.setData(Qt.ItemDataRole.UserRole, ledger.key)

        self.title = QLabel(self)
        self.title.setObjectName("ledger_title")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #666;")
        self.summary = QLabel(self)
        self.summary.setObjectName("ledger_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #8a4b00; background: #fff6e5; padding: 4px 6px;")

        self.new_button = QPushButton(self.tr("新增"), self)
        self.new_button.setObjectName("ledger_new")
        self.edit_button = QPushButton(self.tr("编辑"), self)
        self.edit_button.setObjectName("ledger_edit")
        self.delete_button = QPushButton(self.tr("删除"), self)
        self.delete_button.setObjectName("ledger_delete")
        self.import_button = QPushButton(self.tr("导入…"), self)
        self.import_button.setObjectName("ledger_import")
        self.undo_import_button = QPushButton(self.tr(import_undo.BUTTON_TEXT), self)
        self.undo_import_button.setObjectName("ledger_undo_import")
        self.export_button = QPushButton(self.tr("导出"), self)
        self.export_button.setObjectName("ledger_export")
        menu = QMenu(self.export_button)
        self.export_masked_action = menu.addAction(self.tr("导出 Excel（脱敏，用于报送）"))
        self.export_full_action = menu.addAction(self.tr("导出完整 Excel（可再导入）"))
        self.export_button.setMenu(menu)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("ledger_search")
        self.search_edit.setPlaceholderText(self.tr("搜索"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(100)
        self.period_combo = QComboBox(self)
        self.period_combo.setObjectName("ledger_period")
        for text, key in (
            (self.tr("全部日期"), None),
            (self.tr("本月"), "month"),
            (self.tr("上月"), "last_month"),
            (self.tr("本合同年度"), "contract"),
            (self.tr("今年"), "year"),
        ):
            self.period_combo.addItem(text, key)
        self.filter_bar = QHBoxLayout()
        self.filter_combos: dict[str, QComboBox] = {}
        self.count_label = QLabel(self)
        self.count_label.setObjectName("ledger_count")

        self.table = QTableView(self)
        self.table.setObjectName("ledger_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self._on_sort)

        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addSpacing(12)
        actions.addWidget(self.import_button)
        actions.addWidget(self.undo_import_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.period_combo)
        filters.addLayout(self.filter_bar, 3)
        right = QVBoxLayout()
        title_row = QHBoxLayout()
        title_row.addWidget(self.title)
        title_row.addWidget(self.note, 1)
        right.addLayout(title_row)
        right.addWidget(self.summary)
        right.addLayout(actions)
        right.addLayout(filters)
        self.table_view = EmptyState(self.table, self)
        right.addWidget(self.table_view, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.ledger_list)
        layout.addLayout(right, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.period_combo.currentIndexChanged.connect(self._apply_filters)
        self.ledger_list.currentRowChanged.connect(self._on_ledger_row)
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.import_button.clicked.connect(self.import_file)
        self.undo_import_button.clicked.connect(lambda: self.undo_import())
        self.export_masked_action.triggered.connect(lambda: self.export_file(masked=True))
        self.export_full_action.triggered.connect(lambda: self.export_file(masked=False))
        self.table.doubleClicked.connect(self._on_opened)

        self.model: LedgerTableModel = self._model(self.ledger)
        self.show_ledger(self.ledger.key)

    # -- ledgers ---------------------------------------------------------------------------

    def _model(self, ledger: Ledger) -> LedgerTableModel:
        store = self.context.store

        def load_page(query: LedgerQuery, offset: int, limit: int) -> list[Record]:
            return service.page(store, ledger, query, offset, limit)

        def count(query: LedgerQuery) -> int:
            return service.count(store, ledger, query)

        model = LedgerTableModel(ledger, load_page, count)
        model.modelReset.connect(self._update_count)
        return model

    def show_ledger(self, key: str) -> None:
        """Switch the page to a ledger (by key), with a fresh model and its own filters."""
        self.ledger = registry.get_for(self.context.store, key)
        for row in range(self.ledger_list.count()):
            if self.ledger_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.ledger_list.blockSignals(True)
                self.ledger_list.setCurrentRow(row)
                self.ledger_list.blockSignals(False)
        self.title.setText(self.ledger.title)
        self.note.setText(self.ledger.note)
        self._build_filters()
        old = self.model
        self.model = self._model(self.ledger)
        self.table.setModel(self.model)
        old.deleteLater()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.model.set_query(self.current_query())
        keys = [key for key, _header, _kind in self.model.columns]
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if self.ledger.date_field in keys:
            header.setSortIndicator(
                keys.index(self.ledger.date_field), Qt.SortOrder.DescendingOrder
            )
        else:
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        for column, (_key, label, kind) in enumerate(self.model.columns):
            width = 110 if kind in ("date", "money", "ref", "extra_money") else 90
            self.table.setColumnWidth(column, max(width, 16 * len(label) + 24))
        if self.model.rowCount() > 0:
            fit_columns(self.table, 280)  # as wide as the first page of records needs
        self._update_summary()

    def _on_ledger_row(self, row: int) -> None:
        key = self.ledger_list.item(row).data(Qt.ItemDataRole.UserRole) if row >= 0 else None
        if isinstance(key, str):
            self.show_ledger(key)

    def _build_filters(self) -> None:
        for combo in self.filter_combos.values():
            self.filter_bar.removeWidget(combo)
            combo.hide()
            combo.setParent(None)
            combo.deleteLater()
        self.filter_combos = {}
        for spec in self.ledger.fields:
            if not spec.filter:
                continue
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{spec.key}")
            combo.addItem(self.tr("全部{0}").format(spec.label), None)
            if spec.kind == "bool":
                combo.addItem(spec.label + self.tr("：是"), 1)
                combo.addItem(spec.label + self.tr("：否"), 0)
            elif spec.ref is not None:
                for ref_id, text in service.ref_choices(self.context.store, spec):
                    combo.addItem(text, ref_id)
            else:
                for choice in spec.choices:
                    combo.addItem(choice, choice)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(4)
            combo.currentIndexChanged.connect(self._apply_filters)
            self.filter_bar.addWidget(combo)
            self.filter_combos[spec.key] = combo

    def _contract_start(self) -> date:
        return team.contract_start(self.context.store, self.today)

    def current_query(self) -> LedgerQuery:
        start, end = period(
            self.period_combo.currentData() or "", self.today, self._contract_start()
        )
        filters = tuple(
            (key, combo.currentData())
            for key, combo in self.filter_combos.items()
            if combo.currentData() is not None
        )
        base = self.model.query if self.model.ledger is self.ledger else LedgerQuery()
        return replace(base, text=self.search_edit.text(), filters=filters, start=start, end=end)

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.model.set_query(query)

    def _on_sort(self, section: int, order: Qt.SortOrder) -> None:
        self.model.sort(section, order)

    def _update_count(self) -> None:
        text = self.tr("共 {0} 条").format(f"{self.model.total:,}")
        end = self.model.query.end
        if end and self.model.ledger.extra_columns:  # a balance: as of the period's last day
            text += self.tr(" · 结余截至 {0}").format(end)
        self.count_label.setText(text)
        fresh = LedgerQuery(sort=self.model.query.sort, descending=self.model.query.descending)
        nothing = self.model.total == 0 and self.model.query == fresh
        if nothing:
            self.table_view.set_hint(
                self.tr(
                    "“{0}”还没有记录。点“新增”记下第一条；已有 Excel 台账的，可用“导入…”。"
                ).format(self.ledger.title),
                self.tr("新增{0}…").format(self.ledger.record_label),
                lambda: self.open_form(None),
            )
        self.table_view.show_empty(nothing)

    # Commands of the main window's menu and shortcuts (Ctrl+N, Ctrl+F, F5).
    def new_item(self) -> LedgerForm:
        return self.open_form(None)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def reload_page(self) -> None:
        self.refresh()

    def _update_summary(self) -> None:
        self._update_undo()
        hook = self.ledger.summary
        text = hook(self.context.store, self.today) if hook is not None else ""
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def refresh(self) -> None:
        self.model.reload()
        self._update_summary()

    # -- records ---------------------------------------------------------------------------

    def selected_uuid(self) -> str | None:
        index = self.table.currentIndex()
        uuid = index.siblingAtColumn(0).data(UUID_ROLE) if index.isValid() else None
        return uuid if isinstance(uuid, str) else None

    def _on_opened(self, index: QModelIndex) -> None:
        uuid = index.siblingAtColumn(0).data(UUID_ROLE)
        if isinstance(uuid, str):
            self.open_form(uuid)

    def _on_edit_clicked(self) -> None:
        uuid = self.selected_uuid()
        if uuid is None:
            prompts.show_error(self, self.tr("编辑"), self.tr("请先在表格中选中一条记录。"))
            return
        self.open_form(uuid)

    def build_form(self, uuid: str | None) -> LedgerForm:
        """The form for a new record (None) or an existing one, wired to save through services."""
        store = self.context.store
        ledger = self.ledger
        actor = self.context.worker.actor
        ref_choices = {
            f.key: service.ref_choices(store, f) for f in ledger.fields if f.ref is not None
        }
        names = [m.name for m in team.team(store)]
        if uuid is None:
            start = service.new_values(ledger, self.context.worker.name, self.today)
            shown: dict[str, str] = {}
            details: list[str] = []

            def save(raw: dict[str, object]) -> str:
                return service.create(store, actor, ledger, raw)
        else:
            record = service.load(store, ledger, uuid)
            start, shown = record.values, record.shown
            details = ledger.details(store, uuid) if ledger.details else []

            def save(raw: dict[str, object]) -> str:
                service.update(store, actor, ledger, uuid, raw)
                return uuid

        form = LedgerForm(
            ledger,
            save,
            start=start,
            ref_choices=ref_choices,
            team=names,
            attachments=store.paths.attachments,
            details=details,
            shown=shown,
            editing=uuid is not None,
            parent=self,
        )
        form.record_saved.connect(lambda _uuid: self.refresh())
        return form

    def open_form(self, uuid: str | None) -> LedgerForm:
        form = self.build_form(uuid)
        form.setModal(True)
        form.show()
        return form

    def _on_delete_clicked(self) -> None:
        uuid = self.selected_uuid()
        if uuid is None:
            prompts.show_error(self, self.tr("删除"), self.tr("请先在表格中选中一条记录。"))
            return
        question = self.tr("确定删除这条{0}吗？删除会记入修改记录。").format(
            self.ledger.record_label
        )
        if not prompts.confirm(self, self.tr("删除"), question):
            return
        try:
            service.delete(self.context.store, self.context.worker.actor, self.ledger, uuid)
        except RuleError as error:
            prompts.show_error(self, self.tr("不能删除"), str(error))
            return
        self.refresh()

    # -- Excel -----------------------------------------------------------------------------

    def export_file(self, masked: bool) -> Path | None:
        suffix = "" if masked else self.tr("（完整）")
        suggested = (
            f"{self.context.street_name}{self.ledger.title}{suffix}-{self.today:%Y%m%d}.xlsx"
        )
        target = choose_export_file(self, suggested)
        if target is None:
            return None
        reason = ""
        if not masked:
            asked = prompts.ask_reason(self, self.tr("导出完整信息"), prompts.FULL_EXPORT_TEXT)
            if asked is None:
                return None
            reason = asked
        try:
            count = exchange.export(
                self.context.store, self.ledger, target, self.model.query, masked=masked
            )
            if not masked:
                audit.record_access(
                    self.context.store, self.context.worker.actor, "export_full",
                    f"{self.ledger.title} → {target.name}", count, reason,
                )  # fmt: skip
        except (RuleError, OSError) as error:
            prompts.show_error(self, self.tr("导出失败"), str(error))
            return None
        QMessageBox.information(
            self, self.tr("已导出"), self.tr("已导出 {0} 条到\n{1}").format(count, target)
        )
        return target

    def import_file(self) -> bool:
        """File → (column mapping) → preview with the problem report → one transaction."""

        path = choose_import_file(self)
        if path is None:
            return False
        store, actor, ledger = self.context.store, self.context.worker.actor, self.ledger
        try:
            table = exchange.read(ledger, path)
            if table.unmapped or table.missing:
                mapping = ColumnMappingDialog(
                    table.unmapped, exchange.field_specs(ledger), table.missing, self
                )
                if not run_dialog(mapping):
                    return False
                table = exchange.read(ledger, path, header_override=mapping.header_override())
            preview = exchange.run_import(store, actor, ledger, table, path.name, commit=False)
        except RuleError as error:
            prompts.show_error(self, self.tr("无法导入"), str(error))
            return False
        dialog = ImportPreviewDialog(preview, self)
        if not run_dialog(dialog):
            return False
        try:  # another program may be writing to the store meanwhile: say so, never crash
            result = exchange.run_import(
                store,
                actor,
                ledger,
                table,
                path.name,
                commit=True,
                skip_bad=dialog.skip_bad.isChecked(),
            )
        except RuleError as error:
            prompts.show_error(self, self.tr("无法导入"), str(error))
            return False
        self.refresh()
        if result.committed:
            QMessageBox.information(
                self, self.tr("导入完成"), self.tr("已导入 {0} 条。").format(len(result.added))
            )
        return result.committed

    # -- 撤销本次导入 ------------------------------------------------------------------------

    def _update_undo(self) -> None:
        offered = undo.undoable(self.context.store, self.ledger.key)
        self.undo_import_button.setEnabled(offered is not None)
        self.undo_import_button.setToolTip(import_undo.tooltip(offered))

    def undo_import(self) -> bool:
        """Undo the last import of this ledger, after one question."""
        store, key, title = self.context.store, self.ledger.key, self.ledger.title
        result = import_undo.undo_import(
            self,
            title,
            lambda: undo.check(store, key),
            lambda: undo.undo(store, self.context.worker.actor, key),
        )
        self.refresh()
        if result is not None:
            prompts.inform(self, self.tr("已撤销"), import_undo.done_text(title, result))
        return result is not None
