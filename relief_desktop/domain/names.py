"""Masking of names and addresses for exports: the policy of domain/masking.py."""

from relief_desktop.domain import masking


def mask_name(name: str) -> str:
    """张三丰 -> 张**, 张三 -> 张*, as packets show names by default."""
    return masking.name(name)


def mask_address(address: str) -> str:
    """成都市成华区建设路15号6栋 -> 成都市成华区建设路****: the street stays, the door goes."""
    return masking.address(address)
