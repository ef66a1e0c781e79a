"""Masking of names and addresses for exports."""

import re


def mask_name(name: str) -> str:
    """张三丰 -> 张*丰, 张三 -> 张*, as packets show names by default."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


_ADDRESS_CUT = re.compile(r"^(.*?(?:路|街|巷|道|大道|村|小区|社区))(?=.*\d)")


def mask_address(address: str) -> str:
    """成都市成华区建设路15号6栋 -> 成都市成华区建设路****: the street stays, the door goes."""
    address = address.strip()
    if not address:
        return ""
    found = _ADDRESS_CUT.match(address)
    if found:
        return found.group(1) + "****"
    return address[: max(2, len(address) // 3)] + "****"
