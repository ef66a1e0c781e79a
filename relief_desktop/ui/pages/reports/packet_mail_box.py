"""The e-mail text for the district center, shown on the packet screen after a packet is made,
with one click to copy it (the password is never in it)."""

from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.services.reporting.packet_mail import MailText


class PacketMailBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("发给区中心的邮件"))
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("mail_text")
        self.text_edit.setReadOnly(True)
        self.text_edit.setMinimumHeight(150)
        self.copy_button = QPushButton(self.tr("复制邮件文字"), self)
        self.copy_button.setObjectName("copy_mail_button")
        self.copied_label = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.copied_label, 1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(row)
        self.copy_button.clicked.connect(self.copy)
        self.mail: MailText | None = None

    def show_mail(self, mail: MailText) -> None:
        self.mail = mail
        self.text_edit.setPlainText(mail.whole())
        self.copied_label.setText("")
        self.show()

    def copy(self) -> None:
        if self.mail is None:
            return
        QApplication.clipboard().setText(self.mail.whole())
        self.copied_label.setText(self.tr("已复制，可粘贴到邮件中。"))
