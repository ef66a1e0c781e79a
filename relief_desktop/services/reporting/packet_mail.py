"""The e-mail to the district center that goes with a packet: subject, body with the file name,
how the password comes (separately — never in the mail) and how to open an AES-256 zip.

The GUI's packet screen shows it with a copy button; `packet --email-text` prints it."""

from dataclasses import dataclass
from datetime import date

OPEN_WITH = "请用 7-Zip 或 WinRAR 打开（Windows 资源管理器打不开 AES 加密压缩包）。"
PASSWORD_APART = "压缩包已加密，密码另行通过电话或短信告知，不在本邮件中发送。"


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str

    def whole(self) -> str:
        """What the copy button puts on the clipboard."""
        return f"主题：{self.subject}\n\n{self.body}"


def compose(
    *,
    street: str,
    period_label: str,
    file_name: str,
    version: int,
    encrypted: bool,
    masked: bool,
    sender: str,
    today: date,
) -> MailText:
    """`street` is the full name (双桥子街道); `period_label` e.g. 2026年10月."""
    center = f"{street}社会关爱援助中心"
    subject = f"【月度报送】{center} {period_label}资料包（第 {version} 版）"
    contents = "Excel 台账、PDF 工作简报和 manifest.json 清单"
    privacy = "身份证号、姓名已脱敏" if masked else "含完整身份信息，请按保密要求保管"
    lines = [
        "区社会关爱援助中心：",
        "",
        f"您好！附件是{center}{period_label}的月度报送资料包：",
        f"    {file_name}",
        f"（第 {version} 版，内含{contents}；{privacy}。）",
        "",
    ]
    if encrypted:
        lines += [PASSWORD_APART, OPEN_WITH]
    else:
        lines += ["压缩包未加密，可直接解压。"]
    lines += [
        "",
        "如有问题请回复本邮件或来电。",
        "",
        center,
        sender,
        f"{today:%Y年%m月%d日}",
    ]
    return MailText(subject, "\n".join(lines))
