"""The needs assessment form: the level follows the rule live; overriding needs a reason."""

from pytestqt.qtbot import QtBot

from relief_desktop.domain.casework import DOMAINS, AssessmentInput
from relief_desktop.domain.errors import RuleError
from relief_desktop.services import team
from relief_desktop.services.casework import assessments
from relief_desktop.storage.store import Store
from relief_desktop.ui.dialogs.assessment_dialog import AssessmentDialog
from tests.ui.case_helpers import open_case, register, shot


def make(store: Store, previous: dict[str, int] | None = None) -> tuple[AssessmentDialog, str]:
    case_uuid = open_case(store, register(store))
    member = team.team(store)[0]

    def save(data: AssessmentInput) -> str:
        return assessments.save_assessment(store, member.actor, case_uuid, data)

    return AssessmentDialog(team.team(store), save, previous=previous), case_uuid


def test_the_level_follows_the_ratings_as_they_are_entered(qtbot: QtBot, store: Store) -> None:
    dialog, _ = make(store)
    qtbot.addWidget(dialog)
    assert "一般" in dialog.computed_label.text()
    for domain in DOMAINS[:3]:
        dialog.spins[domain].setValue(2)
    assert "重点" in dialog.computed_label.text()
    dialog.spins["安全风险"].setValue(2)
    assert "紧急" in dialog.computed_label.text()
    dialog.spins["安全风险"].setValue(0)
    dialog.spins["心理"].setValue(3)
    assert "紧急" in dialog.computed_label.text()
    assert dialog.words["心理"].text() == "重度"


def test_ratings_cannot_leave_zero_to_three(qtbot: QtBot, store: Store) -> None:
    dialog, _ = make(store)
    qtbot.addWidget(dialog)
    spin = dialog.spins["住房"]
    spin.setValue(7)
    assert spin.value() == 3
    spin.setValue(-1)
    assert spin.value() == 0


def test_an_override_without_reason_is_refused_and_nothing_saved(
    qtbot: QtBot, store: Store
) -> None:
    dialog, case_uuid = make(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("重点"))
    dialog.buttons.accepted.emit()
    assert dialog.error_label.isVisible()
    assert "必须写明理由" in dialog.error_label.text()
    assert assessments.assessments(store, case_uuid) == []
    shot(dialog, "case_assessment_refused")

    dialog.reason_edit.setText("独居高龄，家属在外地")
    with qtbot.waitSignal(dialog.assessment_saved):
        dialog.buttons.accepted.emit()
    saved = assessments.assessments(store, case_uuid)
    assert [(a.level, a.computed_level) for a in saved] == [("重点", "一般")]
    assert saved[0].override_reason == "独居高龄，家属在外地"


def test_a_reassessment_shows_what_changed(qtbot: QtBot, store: Store) -> None:
    dialog, _ = make(store, previous=dict.fromkeys(DOMAINS, 1))
    qtbot.addWidget(dialog)
    dialog.spins["住房"].setValue(3)
    dialog.spins["心理"].setValue(0)
    assert dialog.changes["住房"].text() == "1 轻度 → 3 重度"
    assert dialog.changes["心理"].text() == "1 轻度 → 0 无"
    assert dialog.changes["教育"].text() == ""


def test_same_assessor_twice_shows_the_rule_in_chinese(qtbot: QtBot, store: Store) -> None:
    dialog, case_uuid = make(store)
    qtbot.addWidget(dialog)
    dialog.assessor2.set_value(dialog.assessor1.value())
    dialog.buttons.accepted.emit()
    assert "两名评估人不能是同一人" in dialog.error_label.text()
    try:
        assessments.latest(store, case_uuid)
    except RuleError:  # pragma: no cover - the case exists
        raise
    assert assessments.latest(store, case_uuid) is None
