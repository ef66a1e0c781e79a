"""Modal questions and messages behind small functions, so tests can monkeypatch them."""

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from relief_desktop.services.beneficiaries import Similar


def _tr(text: str) -> str:
    return QCoreApplication.translate("prompts", text)


def similar_lines(found: Sequence[Similar]) -> list[str]:
    reasons = {"name_birth": _tr("同名同出生日期"), "name_community": _tr("同社区同名")}
    return [
        f"{s.name}（{s.file_no}，{s.community}，{s.birth_date or _tr('出生日期未填')}）"
        f"：{reasons.get(s.reason, s.reason)}"
        for s in found
    ]


def confirm_similar(parent: QWidget | None, found: Sequence[Similar]) -> bool:
    """Ask whether to register a new person although similar people are already on file."""
    text = _tr("已登记的人中有可能是同一人：") + "\n\n" + "\n".join(similar_lines(found))
    text += "\n\n" + _tr("确认这是另一个人并继续登记吗？")
    answer = QMessageBox.question(
        parent,
        _tr("可能重复登记"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


# File pickers and modal runs sit behind functions that tests monkeypatch.
def choose_import_file(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, _tr("选择要导入的表格"), "", _tr("表格") + " (*.xlsx *.xls *.xlsm *.ods *.csv)"
    )
    return Path(name) if name else None


def choose_export_file(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, _tr("导出到"), suggested, "Excel (*.xlsx)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


FULL_EXPORT_TEXT = _tr(
    "完整版含身份证号、姓名、电话和住址，只用于本中心内部或导入。\n"
    "请写明用途（会记入“完整信息访问记录”），例如：民政局要求核对完整名单。"
)


def ask_reason(parent: QWidget | None, title: str, text: str) -> str | None:
    """Why full (unmasked) data is needed: the answer goes into the access log. None: cancel."""

    answer, ok = QInputDialog.getText(parent, title, text)
    return answer.strip() if ok else None


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm_undo(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask once before undoing an import (撤销本次导入); No is the default answer."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    yes = box.addButton(_tr("撤销导入"), QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes
