"""修改记录: who changed what in one person's file, newest first."""

import json
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from relief_desktop.domain.beneficiary import FIELD_LABELS

# Columns the history names in Chinese beyond the form's validated fields.
_MORE_LABELS = {
    "marital": "婚姻状况",
    "education": "文化程度",
    "occupation": "工作情况",
    "health": "健康状况",
    "disability_type": "残疾类别",
    "disability_grade": "残疾等级",
    "self_care": "自理能力",
    "income_sources": "收入来源",
    "housing": "住房情况",
    "cause": "致困原因",
    "source": "对象来源",
    "consent_scope": "同意范围",
    "consent_signer": "签字人",
    "notes": "备注",
}
# Bookkeeping columns nobody needs to read about.
_HIDDEN = {"updated_at", "updated_by", "created_at", "name_pinyin", "search_text", "uuid"}
_ACTIONS = {"insert": "新建", "update": "修改", "delete": "删除"}


def _local_time(at: str) -> str:
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistoryView", text)


def describe_changes(action: str, changes_json: str) -> str:
    if action == "insert":
        return _tr("新建档案")
    try:
        changes = json.loads(changes_json)
    except ValueError:
        return ""
    parts = []
    for key, (old, new) in sorted(changes.items()):
        if key in _HIDDEN:
            continue
        label = FIELD_LABELS.get(key) or _MORE_LABELS.get(key, key)
        empty = _tr("（空）")
        parts.append(f"{label}：{old if old not in (None, '') else empty} → {new or empty}")
    return "；".join(parts)


class HistoryView(QTableWidget):
    def __init__(
        self, entries: Sequence[tuple[str, str, str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(len(entries), 4, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("人员"), self.tr("操作"), self.tr("修改内容")]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((140, 80, 60)):
            self.setColumnWidth(column, width)
        for row, (at, worker, action, changes) in enumerate(entries):
            texts = (
                _local_time(at),
                worker,
                _tr(_ACTIONS.get(action, action)),
                describe_changes(action, changes),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setToolTip(text)
                self.setItem(row, column, item)
        if not entries:
            # Files imported in bulk carry no change log.
            self.setRowCount(1)
            self.setItem(0, 3, QTableWidgetItem(self.tr("暂无修改记录")))
        self.resizeRowsToContents()
