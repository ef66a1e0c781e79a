"""基础数据库 workbook from the registry page: export (masked or full) and import with a preview.

The same importer and preview as every ledger (services.registry_book over importers.table_file).
"""

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from relief_desktop.domain.errors import RuleError
from relief_desktop.services import audit, registry_book
from relief_desktop.services import ledger_undo as undo
from relief_desktop.ui import import_undo, prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.ledger_import import ImportPreviewDialog


def export_registry(parent: QWidget, context: AppContext, masked: bool) -> Path | None:
    suffix = "" if masked else parent.tr("（完整）")
    suggested = f"{context.street_name}街道基础数据库{suffix}-{date.today():%Y%m%d}.xlsx"
    target = prompts.choose_export_file(parent, suggested)
    if target is None:
        return None
    reason = ""
    if not masked:
        asked = prompts.ask_reason(parent, parent.tr("导出完整信息"), prompts.FULL_EXPORT_TEXT)
        if asked is None:
            return None
        reason = asked
    try:
        count = registry_book.export(context.store, target, masked=masked)
        if not masked:
            audit.record_access(
                context.store, context.worker.actor, "export_full",
                f"基础数据库 → {target.name}", count, reason,
            )  # fmt: skip
    except (RuleError, OSError) as error:
        prompts.show_error(parent, parent.tr("导出失败"), str(error))
        return None
    prompts.inform(
        parent, parent.tr("已导出"), parent.tr("已导出 {0} 人到\n{1}").format(count, target)
    )
    return target


def import_registry(parent: QWidget, context: AppContext) -> bool:
    """File → preview with the row-by-row problem report → one transaction, or nothing."""

    path = prompts.choose_import_file(parent)
    if path is None:
        return False
    store, actor = context.store, context.worker.actor
    try:
        preview = registry_book.import_file(store, actor, path, commit=False)
    except RuleError as error:
        prompts.show_error(parent, parent.tr("无法导入"), str(error))
        return False
    dialog = ImportPreviewDialog(preview, parent)
    if not prompts.run_dialog(dialog):
        return False
    try:
        result = registry_book.import_file(
            store, actor, path, commit=True, skip_bad=dialog.skip_bad.isChecked()
        )
    except RuleError as error:
        prompts.show_error(parent, parent.tr("无法导入"), str(error))
        return False
    if result.committed:
        context.beneficiary_saved.emit("")
        prompts.inform(
            parent, parent.tr("导入完成"), parent.tr("已导入 {0} 人。").format(len(result.added))
        )
    else:
        prompts.show_error(parent, parent.tr("未导入"), "\n".join(result.report()[:20]))
    return result.committed


def undo_registry_import(parent: QWidget, context: AppContext) -> bool:
    """Undo the last 基础数据库 import (people, households, labels), after one question."""
    store = context.store
    result = import_undo.undo_import(
        parent,
        "基础数据库",
        lambda: undo.check(store, "registry"),
        lambda: undo.undo(store, context.worker.actor, "registry"),
    )
    if result is None:
        return False
    context.beneficiary_saved.emit("")
    prompts.inform(parent, parent.tr("已撤销"), import_undo.done_text("基础数据库", result))
    return True
