"""跨街道: people found in the packets of two or more streets, by their keyed ID digests
(services/district/overlaps.py); only masked names are shown, never an ID."""

from PySide6.QtWidgets import QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from relief_desktop.services.district import overlaps
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.tables import fit_columns, read_only_table


class OverlapsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = read_only_table(
            [self.tr("身份摘要"), self.tr("街道数"), self.tr("各街道（脱敏姓名，最近月份）")],
            stretch_column=2,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        found = overlaps.overlaps(self.context.store)
        if overlaps.key(self.context.store) is None:
            note = self.tr(
                "区中心还没有设置身份摘要密钥（设置 · 身份摘要密钥，或命令 id-key）："
                "各街道须使用区中心下发的同一密钥，资料包才会带上身份摘要。"
            )
        else:
            note = self.tr("按各街道资料包中的身份摘要（HMAC-SHA256）比对，区中心看不到身份证号。")
        self.caption.setText(
            self.tr("在两个及以上街道出现的服务对象：{0} 人。").format(len(found)) + note
        )
        self.table.setRowCount(len(found))
        for row, item in enumerate(found):
            where = "；".join(f"{s}（{n}，{m}）" for s, n, m in item.streets)
            cells = [item.id_hmac[:12] + "…", str(len(item.streets)), where]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        fit_columns(self.table, 600)
