"""Names: masking for exports."""


def mask_name(name: str) -> str:
    """张三丰 -> 张*丰, 张三 -> 张*, as packets show names by default."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
