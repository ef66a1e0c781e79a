"""A tour of every page and dialog on the screen Qt was started with: each window is shown, every
tab visited, every visible button checked to lie on the screen (a button inside a scroll area
counts when the scroll area does), and a screenshot saved.

Run in a process of its own so the screen can be chosen, e.g. a street center's 1366×768 PC with
its taskbar (1366×728) at 125 % scaling:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.25 \
        python -m tests.ui.fit_tour OUT_DIR

It prints one JSON object: {"screen": [w, h], "covered": [dialog classes], "problems": [...],
"shots": [...]}. tests/ui/test_fit_screen.py runs it and reads that."""

import functools
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QWidget,
)

from relief_desktop import demo
from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, team
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from relief_desktop.ui.assets import install_app_font, install_translations
from relief_desktop.ui.context import AppContext
from tests.fixtures.people import TEST_PASSWORD


class Tour:
    def __init__(self, app: QApplication, out: Path) -> None:
        self.app = app
        self.out = out
        self.screen = app.primaryScreen().availableGeometry()
        self.problems: list[str] = []
        self.shots: list[str] = []
        self.covered: set[str] = set()

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def look(self, window: QWidget, name: str, tabs: bool = True) -> None:
        """Check and photograph `window` as shown, then each tab of its tab widgets."""
        if isinstance(window, QDialog):
            self.covered.add(f"{type(window).__module__}.{type(window).__qualname__}")
        if not window.isVisible():
            window.show()
        self.settle()
        self._check(window, name)
        self._shot(window, name)
        if not tabs:
            return
        for tab_widget in window.findChildren(QTabWidget):
            if not tab_widget.isVisible():
                continue
            start = tab_widget.currentIndex()
            for index in range(tab_widget.count()):
                if index == start:
                    continue
                tab_widget.setCurrentIndex(index)
                self.settle()
                label = tab_widget.tabText(index).split("（")[0].strip(" ⚠")
                self._check(window, f"{name}·{label}")
                self._shot(window, f"{name}-{label}")
            tab_widget.setCurrentIndex(start)

    def _shot(self, window: QWidget, name: str) -> None:
        path = self.out / f"{name.replace('/', '-').replace('·', '-')}.png"
        window.grab().save(str(path))
        self.shots.append(path.name)

    def _check(self, window: QWidget, name: str) -> None:
        frame = window.frameGeometry()
        if not self.screen.contains(frame):
            self.problems.append(
                f"{name}: window {_rect(frame)} outside screen {_rect(self.screen)}"
            )
        for button in window.findChildren(QAbstractButton):
            if not button.isVisible() or button.window() is not window:
                continue
            holder = _scroll_holder(button)
            if isinstance(window, QDialog) and holder is not None:
                box = button.parentWidget()
                if isinstance(box, QDialogButtonBox):
                    self.problems.append(f"{name}: 「{button.text()}」 scrolls away with the form")
            shown = holder if holder is not None else button
            rect = QRect(shown.mapToGlobal(shown.rect().topLeft()), shown.size())
            inside = window.geometry().contains(rect) and self.screen.contains(rect)
            if not inside:
                what = button.text() or button.toolTip() or button.objectName() or "?"
                self.problems.append(f"{name}: 「{what}」 at {_rect(rect)} is off screen")


def _rect(r: QRect) -> str:
    return f"{r.x()},{r.y()} {r.width()}×{r.height()}"


def _scroll_holder(widget: QWidget) -> QAbstractScrollArea | None:
    """The outermost scroll area `widget` scrolls inside of, if any (reachable by scrolling)."""
    found: QAbstractScrollArea | None = None
    child, parent = widget, widget.parentWidget()
    while parent is not None and not child.isWindow():
        if isinstance(parent, QAbstractScrollArea) and child is parent.viewport():
            found = parent
        child, parent = parent, parent.parentWidget()
    return found


def _make_store(root: Path, people: int) -> Store:
    store = Store.open(AppPaths.under(root))
    team.setup(store, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    accounts.set_all(store, SYSTEM, TEST_PASSWORD)
    if people:
        demo.generate(store, people, today=date.today())
    return store


def _district_tour(seen: Tour, root: Path) -> None:
    """The district center edition's pages (区中心), on a district store with no packet yet."""
    from relief_desktop.services.district import edition
    from relief_desktop.ui.main_window import MainWindow

    store = Store.open(AppPaths.under(root))
    edition.setup_district(store, "成华区", [("陈静", "项目负责人"), ("赵敏", "项目专员")])
    accounts.set_all(store, SYSTEM, TEST_PASSWORD)
    window = MainWindow(AppContext(store, team.team(store)[0]))
    window.show()
    for key in window.page_keys:
        window.show_page(key)
        seen.look(window, f"district-{key}", tabs=key == "settings")
    from relief_desktop.ui.dialogs.street_password_dialog import StreetPasswordDialog

    dialog = StreetPasswordDialog(
        "双桥子街道", "本机保存的双桥子街道报送密码打不开资料包。", window
    )
    seen.look(dialog, "district-street-password")
    _close(dialog)
    from relief_desktop.ledgers import registry
    from relief_desktop.ui.pages.ledgers_page import LedgersPage

    ledgers = window.page("ledgers")
    assert isinstance(ledgers, LedgersPage)
    for ledger in registry.ledgers(edition.DISTRICT):  # the district center's own forms
        if ledger not in registry.ledgers():
            ledgers.show_ledger(ledger.key)
            form = ledgers.open_form(None)
            seen.look(form, f"district-ledger-{ledger.key}")
            _close(form)
    window.close()
    window.deleteLater()
    store.close()


def _close(dialog: QWidget) -> None:
    dialog.hide()
    dialog.deleteLater()


def tour(app: QApplication, out: Path, root: Path) -> Tour:
    from relief_desktop.ui.main_window import MainWindow

    seen = Tour(app, out)
    # A new street first: every page's empty state.
    empty = _make_store(root / "empty", 0)
    context = AppContext(empty, team.team(empty)[0])
    window = MainWindow(context)
    window.show()
    for key in window.page_keys:
        window.show_page(key)
        seen.look(window, f"empty-{key}", tabs=False)
    window.close()
    window.deleteLater()
    empty.close()
    _district_tour(seen, root / "district")

    store = _make_store(root / "demo", 60)
    context = AppContext(store, team.team(store)[0])
    window = MainWindow(context)
    window.show()
    seen.look(window, "main", tabs=False)
    for key in window.page_keys:
        window.show_page(key)
        seen.look(window, f"page-{key}")
    for step in _dialogs(context, window, root):
        dialog, name = step()
        seen.look(dialog, name)
        _close(dialog)
        seen.settle()
    window.lock()
    seen.look(window, "lock-screen", tabs=False)
    window.unlock()
    window.close()
    return seen


def _dialogs(
    context: AppContext, window: QWidget, root: Path
) -> Iterator[Callable[[], tuple[QWidget, str]]]:
    from relief_desktop.ui.dialogs import ledger_import, roll_import_dialog
    from relief_desktop.ui.dialogs.case_dialog import open_case_window
    from relief_desktop.ui.dialogs.first_run_dialog import FirstRunDialog
    from relief_desktop.ui.dialogs.inspection_dialog import InspectionDialog
    from relief_desktop.ui.dialogs.intake import make_beneficiary_dialog
    from relief_desktop.ui.dialogs.open_case import open_case_for_person
    from relief_desktop.ui.dialogs.sign_in_dialog import SignInDialog

    store = context.store
    conn = store.reader()
    case_uuid = str(
        conn.execute(
            "SELECT c.uuid FROM aid_case c JOIN aid_plan p ON p.case_id = c.id"
            " WHERE c.status = '在案' LIMIT 1"
        ).fetchone()[0]
    )
    without_case = str(
        conn.execute(
            "SELECT uuid FROM beneficiary WHERE id NOT IN"
            " (SELECT beneficiary_id FROM aid_case) LIMIT 1"
        ).fetchone()[0]
    )
    with_family = str(
        conn.execute(
            "SELECT b.uuid FROM beneficiary b JOIN household_member m ON m.beneficiary_id = b.id"
            " GROUP BY b.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    )
    entry_id = int(conn.execute("SELECT id FROM roll_entry LIMIT 1").fetchone()[0])

    yield lambda: (make_beneficiary_dialog(context, None, window), "registration-new")
    yield lambda: (make_beneficiary_dialog(context, with_family, window), "registration-edit")
    yield lambda: (open_case_for_person(context, without_case, window), "case-open")

    def picker() -> tuple[QWidget, str]:
        from relief_desktop.ui.pages.cases_page import CasesPage

        page = window.page("cases")  # type: ignore[attr-defined]
        assert isinstance(page, CasesPage)
        return page.new_case(), "case-new-pick-person"

    yield picker

    def report_texts() -> tuple[QWidget, str]:
        from relief_desktop.ui.pages.reports.report_texts_dialog import ReportTextsDialog

        return ReportTextsDialog(context, date.today(), parent=window), "report-texts"

    yield report_texts

    def packet_password() -> tuple[QWidget, str]:
        from relief_desktop.ui.widgets.packet_password_panel import PacketPasswordDialog

        return PacketPasswordDialog(context, window), "packet-password"

    yield packet_password

    def selftest() -> tuple[QWidget, str]:
        from relief_desktop.ui.dialogs.selftest_dialog import SelftestDialog

        return SelftestDialog(window), "selftest"  # shown, not started

    def about() -> tuple[QWidget, str]:
        from relief_desktop.ui.dialogs.about_dialog import AboutDialog

        return AboutDialog(root, window), "about"

    yield selftest
    yield about

    case = open_case_window(context, case_uuid, window)
    yield lambda: (case, "case")
    for opener, name in (
        (case.open_assessment, "case-assessment"),
        (case.open_plan, "case-plan"),
        (case.open_review, "case-review"),
        (case.open_service, "case-service"),
        (case.open_closure, "case-closure"),
        (case.open_reopen, "case-reopen"),
        (case.open_survey, "case-survey"),
    ):
        yield lambda opener=opener, name=name: (_shown(opener()), name)  # type: ignore[misc]
    yield lambda: (case, "case-again")
    yield lambda: (InspectionDialog(context, entry_id, parent=window), "inspection")

    from relief_desktop.ledgers import exchange, registry
    from relief_desktop.ui.pages.ledgers_page import LedgersPage

    page = window.page("ledgers")  # type: ignore[attr-defined]
    assert isinstance(page, LedgersPage)
    for ledger in registry.ledgers():

        def ledger_form(key: str = ledger.key) -> tuple[QWidget, str]:
            page.show_ledger(key)
            return page.open_form(None), f"ledger-{key}"

        yield ledger_form
    first = registry.ledgers()[0]
    specs = exchange.field_specs(first)
    yield lambda: (
        ledger_import.ColumnMappingDialog(
            [f"列{n}" for n in range(1, 9)], specs, [specs[0].key], window
        ),
        "ledger-import-mapping",
    )

    def preview() -> tuple[QWidget, str]:
        from relief_desktop.services import registry_book

        book = root / "基础数据库.xlsx"
        registry_book.export(store, book, masked=False)
        fresh = _make_store(root / "fresh", 0)  # a new street taking over the workbook
        result = registry_book.import_file(fresh, team.team(fresh)[0].actor, book, commit=False)
        fresh.close()
        return ledger_import.ImportPreviewDialog(result, window), "import-preview"

    yield preview

    def roll_import() -> tuple[QWidget, str]:
        from tests.services.inspection.roll_files import write_roll
        from tests.services.inspection.test_rolls import messy_rows

        dialog = roll_import_dialog.RollImportDialog(context, "低保", window)
        dialog.open_file(write_roll(root / "低保.xlsx", messy_rows()))
        for _ in range(400):
            QApplication.processEvents()
            if dialog.job is None and dialog.preview is not None:
                break
            QApplication.instance().thread().msleep(25)  # type: ignore[union-attr]
        return dialog, "roll-import"

    dialogs: list[QWidget] = []

    def roll_mapping() -> tuple[QWidget, str]:
        dialog, _ = roll_import()
        assert isinstance(dialog, roll_import_dialog.RollImportDialog)
        assert dialog.preview is not None
        dialogs.append(dialog)
        return roll_import_dialog.ColumnMappingDialog(dialog.preview, window), "roll-mapping"

    yield roll_import
    yield roll_mapping
    yield lambda: (FirstRunDialog(lambda *_a: [], window), "first-run")

    def first_run_district() -> tuple[QWidget, str]:
        dialog = FirstRunDialog(lambda *_a: [], window, setup_district=lambda *_a: [])
        dialog.district_radio.setChecked(True)
        return dialog, "first-run-district"

    yield first_run_district
    yield lambda: (SignInDialog(store, None, window), "sign-in")

    def unlock(kind: str) -> tuple[QWidget, str]:
        from relief_desktop.ui.dialogs import unlock_dialog

        paths = store.paths
        if kind == "unlock":
            return unlock_dialog.UnlockDialog(paths, None, window), "unlock"
        if kind == "recover":
            name = str(conn.execute("SELECT name FROM worker ORDER BY id").fetchone()[0])
            return unlock_dialog.RecoverDialog(paths, name, window), "recover"
        key = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789"
        return unlock_dialog.RecoveryKeyDialog(key, window), "recovery-key"

    for kind in ("unlock", "recover", "recovery-key"):
        yield functools.partial(unlock, kind)


def _shown(dialog: QWidget | None) -> QWidget:
    assert dialog is not None
    return dialog


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="fit-"))
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    install_app_font(app)
    install_translations(app)
    with tempfile.TemporaryDirectory() as root:
        seen = tour(app, out, Path(root))
        size = app.primaryScreen().availableGeometry().size()
        sys.stdout.write(
            json.dumps(
                {
                    "screen": [size.width(), size.height()],
                    "covered": sorted(seen.covered),
                    "problems": seen.problems,
                    "shots": seen.shots,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
