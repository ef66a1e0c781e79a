"""The intake form's fields, in tabs; reads and fills a BeneficiaryInput."""

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain import idcard
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.domain.money import format_yuan, parse_yuan
from relief_desktop.domain.vocab import (
    CAUSES,
    DISABILITY_GRADES,
    DISABILITY_TYPES,
    EDUCATION,
    HOUSING,
    ID_TYPES,
    MARITAL,
    PRIORITIES,
    SELF_CARE,
    SEXES,
    SOURCES,
    STATUSES,
)
from relief_desktop.messages import describe
from relief_desktop.services.team import CommunityRow
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.form_frame import scrolling
from relief_desktop.ui.widgets.household_table import HouseholdTable
from relief_desktop.ui.widgets.label_table import LabelTable
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit

RESIDENT_ID = "居民身份证"
NO_ID = "无证件"


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(8)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _columns(*forms: QFormLayout) -> QWidget:
    page = QWidget()
    row = QHBoxLayout()
    for form in forms:
        row.addLayout(form, 1)
    layout = QVBoxLayout(page)
    layout.addLayout(row)
    return scrolling(page)  # a small screen scrolls the tab, never hides the 保存 button


class BeneficiaryForm(QTabWidget):
    def __init__(self, communities: Sequence[CommunityRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_basic(communities)
        self._build_economy()
        self.household = HouseholdTable()
        self.labels = LabelTable()
        self.addTab(self.household, self.tr("家庭成员"))
        self.addTab(self.labels, self.tr("救助标签"))
        self._build_consent()
        self.id_type_combo.currentIndexChanged.connect(self._on_id_type_changed)
        self.id_edit.textChanged.connect(lambda _text: self._update_id_hint(final=False))
        self.id_edit.editingFinished.connect(lambda: self._update_id_hint(final=True))
        self._on_id_type_changed()

    # --- tabs ---------------------------------------------------------------------------------

    def _build_basic(self, communities: Sequence[CommunityRow]) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.id_type_combo = ChoiceCombo(ID_TYPES, blank=False)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(self.tr("18 位身份证号码，可粘贴全角数字"))
        self.id_hint = QLabel()
        self.id_hint.setObjectName("id_hint")
        self.id_hint.setWordWrap(True)
        self.sex_combo = ChoiceCombo(SEXES)
        self.birth_edit = OptionalDateEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(self.tr("手机 11 位，或座机 028-12345678"))
        self.emergency_contact_edit = QLineEdit()
        self.emergency_phone_edit = QLineEdit()
        self.community_combo = QComboBox()
        self.community_combo.addItem(self.tr("请选择社区"), None)
        for row in communities:
            name = row.name if row.active else self.tr("{0}（已停用）").format(row.name)
            self.community_combo.addItem(name, row.id)
        self.hukou_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.marital_combo = ChoiceCombo(MARITAL)
        self.education_combo = ChoiceCombo(EDUCATION)
        self.occupation_edit = QLineEdit()

        left, right = _form(), _form()
        left.addRow(self.tr("姓名 *"), self.name_edit)
        left.addRow(self.tr("证件类型"), self.id_type_combo)
        left.addRow(self.tr("证件号码"), self.id_edit)
        left.addRow("", self.id_hint)
        left.addRow(self.tr("性别"), self.sex_combo)
        left.addRow(self.tr("出生日期"), self.birth_edit)
        left.addRow(self.tr("婚姻状况"), self.marital_combo)
        left.addRow(self.tr("文化程度"), self.education_combo)
        right.addRow(self.tr("所属社区 *"), self.community_combo)
        right.addRow(self.tr("联系电话"), self.phone_edit)
        right.addRow(self.tr("紧急联系人"), self.emergency_contact_edit)
        right.addRow(self.tr("紧急联系电话"), self.emergency_phone_edit)
        right.addRow(self.tr("户籍地址"), self.hukou_edit)
        right.addRow(self.tr("现居住地址"), self.address_edit)
        right.addRow(self.tr("工作情况"), self.occupation_edit)
        self.addTab(_columns(left, right), self.tr("基本信息"))

    def _build_economy(self) -> None:
        self.health_edit = QLineEdit()
        self.health_edit.setPlaceholderText(self.tr("如：高血压，长期服药"))
        self.disability_type_combo = ChoiceCombo(DISABILITY_TYPES)
        self.disability_grade_combo = ChoiceCombo(DISABILITY_GRADES, blank=False)
        self.self_care_combo = ChoiceCombo(SELF_CARE)
        self.income_edit = QLineEdit()
        self.income_edit.setPlaceholderText(self.tr("元，例如 1200.50"))
        self.income_sources_edit = QLineEdit()
        self.income_sources_edit.setPlaceholderText(self.tr("如：低保金、务工、养老金"))
        self.housing_combo = ChoiceCombo(HOUSING)
        self.bank_account_edit = QLineEdit()
        self.bank_account_edit.setPlaceholderText(self.tr("仅在发放现金救助时填写"))
        self.cause_combo = ChoiceCombo(CAUSES)
        left, right = _form(), _form()
        left.addRow(self.tr("健康状况"), self.health_edit)
        left.addRow(self.tr("残疾类别"), self.disability_type_combo)
        left.addRow(self.tr("残疾等级"), self.disability_grade_combo)
        left.addRow(self.tr("自理能力"), self.self_care_combo)
        left.addRow(self.tr("致困原因"), self.cause_combo)
        right.addRow(self.tr("家庭月收入（元）"), self.income_edit)
        right.addRow(self.tr("收入来源"), self.income_sources_edit)
        right.addRow(self.tr("住房情况"), self.housing_combo)
        right.addRow(self.tr("银行账号"), self.bank_account_edit)
        self.addTab(_columns(left, right), self.tr("健康与经济"))

    def _build_consent(self) -> None:
        self.source_combo = ChoiceCombo(SOURCES)
        self.registered_on_edit = OptionalDateEdit(date.today())
        self.consent_date_edit = OptionalDateEdit()
        self.consent_scope_edit = QLineEdit()
        self.consent_scope_edit.setPlaceholderText(self.tr("如：信息采集、需求评估、个案服务"))
        self.consent_signer_edit = QLineEdit()
        self.consent_signer_edit.setPlaceholderText(self.tr("本人或监护人姓名"))
        self.status_combo = ChoiceCombo(STATUSES, blank=False)
        self.status_reason_edit = QLineEdit()
        self.status_reason_edit.setPlaceholderText(self.tr("转介或结案时必填"))
        self.priority_combo = ChoiceCombo(PRIORITIES, blank=False)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(90)
        left, right = _form(), _form()
        left.addRow(self.tr("对象来源"), self.source_combo)
        left.addRow(self.tr("登记日期"), self.registered_on_edit)
        left.addRow(self.tr("知情同意日期"), self.consent_date_edit)
        left.addRow(self.tr("同意范围"), self.consent_scope_edit)
        left.addRow(self.tr("签字人"), self.consent_signer_edit)
        right.addRow(self.tr("状态"), self.status_combo)
        right.addRow(self.tr("状态原因"), self.status_reason_edit)
        right.addRow(self.tr("优先级"), self.priority_combo)
        right.addRow(self.tr("备注"), self.notes_edit)
        self.addTab(_columns(left, right), self.tr("同意与状态"))

    # --- ID number ----------------------------------------------------------------------------

    def _on_id_type_changed(self) -> None:
        resident = self.id_type_combo.value() == RESIDENT_ID
        self.id_edit.setEnabled(self.id_type_combo.value() != NO_ID)
        # With a resident ID, sex and birth come from the number and cannot disagree with it.
        self.sex_combo.setEnabled(not resident)
        self.birth_edit.set_read_only(resident)
        self._update_id_hint(final=False)

    def _update_id_hint(self, final: bool) -> None:
        text = self.id_edit.text().strip()
        if self.id_type_combo.value() != RESIDENT_ID or not text:
            self.id_hint.setText(
                self.tr("性别和出生日期请手工填写。")
                if self.id_type_combo.value() != RESIDENT_ID
                else self.tr("填写后自动读出出生日期和性别。")
            )
            return
        try:
            info = idcard.parse(text)
        except RuleError as error:
            complete = len(idcard.normalise(text)) >= 18
            if final or complete:
                self.id_hint.setText("⚠ " + describe(error.code, **error.details))
            else:
                self.id_hint.setText(self.tr("继续输入……"))
            return
        self.sex_combo.set_value(info.sex)
        self.birth_edit.set_value(info.birth_date)
        parts = [self.tr("✓ 出生日期 {0}，{1}").format(info.birth_date.isoformat(), info.sex)]
        if info.upgraded_from_15:
            parts.append(self.tr("15 位旧号码已升级为 18 位：{0}").format(info.number))
        elif info.number != text:
            parts.append(self.tr("已规范为 {0}（全角数字、小写 x 已转换）").format(info.number))
        self.id_hint.setText("；".join(parts))
        if final and info.number != text:
            self.id_edit.setText(info.number)

    # --- read and fill ------------------------------------------------------------------------

    def read(self) -> tuple[BeneficiaryInput, list[Problem]]:
        """The input as typed, and problems only the form can see (money that is not a number)."""
        problems: list[Problem] = []
        income: int | None = None
        if self.income_edit.text().strip():
            try:
                income = parse_yuan(self.income_edit.text())
            except RuleError as error:
                problems.append(Problem("household_income_fen", error.code, error.details))
        members, member_problems = self.household.members()
        problems += member_problems + self.labels.problems()
        data = BeneficiaryInput(
            name=self.name_edit.text(),
            community_id=self.community_combo.currentData(),
            id_type=self.id_type_combo.value(),
            id_number=self.id_edit.text(),
            sex=self.sex_combo.value(),
            birth_date=self.birth_edit.value(),
            phone=self.phone_edit.text(),
            emergency_contact=self.emergency_contact_edit.text().strip(),
            emergency_phone=self.emergency_phone_edit.text(),
            hukou_address=self.hukou_edit.text().strip(),
            address=self.address_edit.text().strip(),
            marital=self.marital_combo.value(),
            education=self.education_combo.value(),
            occupation=self.occupation_edit.text().strip(),
            health=self.health_edit.text().strip(),
            disability_type=self.disability_type_combo.value(),
            disability_grade=self.disability_grade_combo.value(),
            self_care=self.self_care_combo.value(),
            household_income_fen=income,
            income_sources=self.income_sources_edit.text().strip(),
            housing=self.housing_combo.value(),
            bank_account=self.bank_account_edit.text(),
            cause=self.cause_combo.value(),
            source=self.source_combo.value(),
            registered_on=self.registered_on_edit.value(),
            consent_date=self.consent_date_edit.value(),
            consent_scope=self.consent_scope_edit.text().strip(),
            consent_signer=self.consent_signer_edit.text().strip(),
            status=self.status_combo.value(),
            status_reason=self.status_reason_edit.text().strip(),
            priority=self.priority_combo.value(),
            notes=self.notes_edit.toPlainText().strip(),
            labels=self.labels.labels(),
            members=members,
        )
        return data, problems

    def fill(self, data: BeneficiaryInput) -> None:
        self.name_edit.setText(data.name)
        self.id_type_combo.set_value(data.id_type)
        self.sex_combo.set_value(data.sex)
        self.birth_edit.set_value(data.birth_date)
        self.id_edit.setText(data.id_number)
        index = self.community_combo.findData(data.community_id)
        self.community_combo.setCurrentIndex(max(index, 0))
        self.phone_edit.setText(data.phone)
        self.emergency_contact_edit.setText(data.emergency_contact)
        self.emergency_phone_edit.setText(data.emergency_phone)
        self.hukou_edit.setText(data.hukou_address)
        self.address_edit.setText(data.address)
        self.marital_combo.set_value(data.marital)
        self.education_combo.set_value(data.education)
        self.occupation_edit.setText(data.occupation)
        self.health_edit.setText(data.health)
        self.disability_type_combo.set_value(data.disability_type)
        self.disability_grade_combo.set_value(data.disability_grade)
        self.self_care_combo.set_value(data.self_care)
        self.income_edit.setText(format_yuan(data.household_income_fen))
        self.income_sources_edit.setText(data.income_sources)
        self.housing_combo.set_value(data.housing)
        self.bank_account_edit.setText(data.bank_account)
        self.cause_combo.set_value(data.cause)
        self.source_combo.set_value(data.source)
        self.registered_on_edit.set_value(data.registered_on)
        self.consent_date_edit.set_value(data.consent_date)
        self.consent_scope_edit.setText(data.consent_scope)
        self.consent_signer_edit.setText(data.consent_signer)
        self.status_combo.set_value(data.status)
        self.status_reason_edit.setText(data.status_reason)
        self.priority_combo.set_value(data.priority)
        self.notes_edit.setPlainText(data.notes)
        self.household.set_members(data.members)
        self.labels.set_labels(data.labels)

    def field_widgets(self) -> dict[str, list[QWidget]]:
        """Problem.field -> the widgets that show it."""
        fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "id_type": self.id_type_combo,
            "id_number": self.id_edit,
            "sex": self.sex_combo,
            "birth_date": self.birth_edit,
            "phone": self.phone_edit,
            "emergency_contact": self.emergency_contact_edit,
            "emergency_phone": self.emergency_phone_edit,
            "hukou_address": self.hukou_edit,
            "address": self.address_edit,
            "community_id": self.community_combo,
            "marital": self.marital_combo,
            "education": self.education_combo,
            "occupation": self.occupation_edit,
            "health": self.health_edit,
            "disability_type": self.disability_type_combo,
            "disability_grade": self.disability_grade_combo,
            "self_care": self.self_care_combo,
            "household_income_fen": self.income_edit,
            "income_sources": self.income_sources_edit,
            "housing": self.housing_combo,
            "bank_account": self.bank_account_edit,
            "cause": self.cause_combo,
            "source": self.source_combo,
            "registered_on": self.registered_on_edit,
            "consent_date": self.consent_date_edit,
            "consent_scope": self.consent_scope_edit,
            "consent_signer": self.consent_signer_edit,
            "status": self.status_combo,
            "status_reason": self.status_reason_edit,
            "priority": self.priority_combo,
            "notes": self.notes_edit,
        }
        found = {key: [widget] for key, widget in fields.items()}
        found.update({key: [w] for key, w in self.household.field_widgets().items()})
        found.update(self.labels.field_widgets())
        return found

    def tab_of(self, widget: QWidget) -> int:
        for index in range(self.count()):
            page = self.widget(index)
            if page is not None and (page is widget or page.isAncestorOf(widget)):
                return index
        return -1
