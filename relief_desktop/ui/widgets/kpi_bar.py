"""Progress bars painted with QPainter: share of a target done, colored by status, with a marker
line for the share of the contract year elapsed (PySide6-Essentials has no QtCharts)."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

STATUS_COLORS = {"green": "#2e9e5b", "amber": "#e39b00", "red": "#d64541", "not_due": "#7a828c"}
STATUS_TINTS = {"green": "#e3f4ea", "amber": "#fdf1d8", "red": "#fbe3e1", "not_due": "#eef0f2"}
STATUS_TEXT = {"green": "正常", "amber": "需关注", "red": "滞后", "not_due": "未到期"}
TRACK = "#e6e9ed"
MARKER = "#2b3440"

# What the bar column's items carry under Qt.ItemDataRole.UserRole: (progress, marker, status).
BarData = tuple[float, float | None, str]


def paint_bar(
    painter: QPainter, rect: QRect, progress: float, marker: float | None, status: str
) -> None:
    """A rounded track, the done share in the status color (capped at full), the marker, and the
    percentage at the right."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = painter.fontMetrics()
    text = "—" if status == "not_due" else f"{progress:.0%}"
    text_width = metrics.horizontalAdvance("1000%") + 6
    bar_height = max(8, min(14, rect.height() - 10))
    track = QRectF(
        rect.left() + 6,
        rect.center().y() - bar_height / 2 + 1,
        max(10, rect.width() - text_width - 12),
        bar_height,
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(TRACK))
    painter.drawRoundedRect(track, 3, 3)
    done = QRectF(track)
    done.setWidth(track.width() * max(0.0, min(progress, 1.0)))
    if done.width() > 0:
        painter.setBrush(QColor(STATUS_COLORS.get(status, MARKER)))
        painter.drawRoundedRect(done, 3, 3)
    if marker is not None:
        x = track.left() + track.width() * max(0.0, min(marker, 1.0))
        painter.setPen(QPen(QColor(MARKER), 2))
        painter.drawLine(int(x), int(track.top() - 4), int(x), int(track.bottom() + 4))
    painter.setPen(QColor("#222"))
    text_rect = QRect(
        int(track.right()) + 6, rect.top(), rect.right() - int(track.right()) - 6, rect.height()
    )
    painter.drawText(
        text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), text
    )
    painter.restore()


class KpiBarDelegate(QStyledItemDelegate):
    """Paints the UserRole (progress, marker, status) of a cell as a bar."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        data = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(data, tuple) or len(data) != 3:
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else None
        if style is not None:
            # Selection and hover backgrounds as the view draws them, without text.
            plain = QStyleOptionViewItem(option)
            self.initStyleOption(plain, index)
            plain.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)
        progress, marker, status = data
        paint_bar(painter, option.rect, float(progress), marker, str(status))

    def sizeHint(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 220), max(hint.height(), 28))
