"""新建个案 from the 个案 page: find the registered person (as on the 登记 page), then 分类建档."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.services import registry_query
from relief_desktop.services.registry_query import RegistryQuery
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.form_frame import keep_on_screen, save_cancel

UUID_ROLE = Qt.ItemDataRole.UserRole
SHOWN = 50


class PersonPickerDialog(QDialog):
    """Type a name, pinyin initials, ID or phone; pick the person; 下一步 opens 分类建档."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("person_picker")
        self.setWindowTitle(self.tr("新建个案 · 选择对象"))
        intro = QLabel(
            self.tr(
                "个案从已登记的对象开始。请查找并选中一位对象，点“下一步”分类建档；"
                "已有在案个案的对象会直接打开其个案。还没登记的，请先在“登记”页新建登记。"
            ),
            self,
        )
        intro.setWordWrap(True)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("picker_search")
        self.search_edit.setPlaceholderText(self.tr("姓名 / 拼音 / 身份证 / 电话"))
        self.search_edit.setClearButtonEnabled(True)
        self.people = QListWidget(self)
        self.people.setObjectName("picker_people")
        self.people.setMinimumHeight(160)
        self.count_label = QLabel(self)
        self.buttons = save_cancel(self, self.tr("下一步：分类建档"))
        self.next_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.picked: str | None = None
        self.buttons.accepted.connect(self._on_next)
        self.buttons.rejected.connect(self.reject)
        self.people.itemActivated.connect(lambda _item: self._on_next())
        self.people.currentItemChanged.connect(lambda *_a: self._update_next())
        layout = QVBoxLayout(self)  # the list scrolls itself; the buttons stay below it
        for widget in (intro, self.search_edit):
            layout.addWidget(widget)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self.resize(560, 480)
        keep_on_screen(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.reload()

    def reload(self) -> None:
        self._timer.stop()
        query = RegistryQuery(text=self.search_edit.text())
        reader = self.context.store.reader()
        found = registry_query.page(reader, query, 0, SHOWN)
        total = registry_query.count(reader, query)
        self.people.clear()
        for row in found:
            text = "　".join(
                part for part in (row.name, row.file_no, row.community, row.labels) if part
            )
            item = QListWidgetItem(text, self.people)
            item.setData(UUID_ROLE, row.uuid)
        if found:
            self.people.setCurrentRow(0)
        more = (
            self.tr("，只列出前 {0} 位，请输入更多字缩小范围").format(SHOWN)
            if total > SHOWN
            else ""
        )
        self.count_label.setText(self.tr("找到 {0} 人").format(total) + more)
        self._update_next()

    def chosen(self) -> str | None:
        item = self.people.currentItem()
        uuid = item.data(UUID_ROLE) if item is not None else None
        return uuid if isinstance(uuid, str) else None

    def _update_next(self) -> None:
        self.next_button.setEnabled(self.chosen() is not None)

    def _on_next(self) -> None:
        self.picked = self.chosen()
        if self.picked is not None:
            self.accept()
