"""撤销本次导入 in the GUI: say what will be undone, ask once, undo in one transaction.

The pages (核查 roll area, 台账, 登记 Excel menu) keep a button or action enabled only while
there is an import to undo and call `undo_import` with the service that undoes it.
"""

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QWidget

from relief_desktop.domain.errors import RuleError
from relief_desktop.services.imports import ImportBatch, UndoResult
from relief_desktop.ui import prompts

BUTTON_TEXT = "撤销本次导入…"


def _tr(text: str) -> str:
    return QCoreApplication.translate("import_undo", text)


def tooltip(offered: ImportBatch | None) -> str:
    if offered is None:
        return _tr("没有可以撤销的导入")
    return _tr("撤销最近一次导入：{0}（{1}，{2}）").format(
        offered.file_name, offered.when, offered.imported_by or _tr("未知")
    )


def question(title: str, offered: ImportBatch) -> str:
    return "\n".join(
        [
            _tr("撤销{0}最近一次导入，恢复到导入前：").format(title),
            "",
            *offered.describe(),
            "",
            _tr("撤销会记入修改记录。确定撤销吗？"),
        ]
    )


def undo_import(
    parent: QWidget,
    title: str,
    check: Callable[[], ImportBatch],
    undo: Callable[[], UndoResult],
) -> UndoResult | None:
    """Check, ask, then undo. A refusal (nothing to undo, undone already, work done on the
    imported rows since) is shown with its reason before asking. None when nothing changed."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a whole roll: a second or two
    try:
        offered = check()
    except RuleError as error:
        refused = str(error)
    else:
        refused = ""
    finally:
        QApplication.restoreOverrideCursor()
    if refused:
        prompts.show_error(parent, _tr("不能撤销"), refused)
        return None
    if not prompts.confirm_undo(parent, _tr("撤销本次导入"), question(title, offered)):
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return undo()
    except RuleError as error:
        refused = str(error)
    finally:
        QApplication.restoreOverrideCursor()
    prompts.show_error(parent, _tr("不能撤销"), refused)
    return None


def done_text(title: str, result: UndoResult) -> str:
    return _tr("已撤销{0}的导入（{1}）：已{2}。").format(
        title, result.batch.file_name, result.batch.effects()
    )
