"""CPF: the one place that reads, checks and masks a Brazilian taxpayer number.

The stored CPF is always the string as it was given (the Decision files round-trip byte
for byte); what is derived from it lives in separate columns. A CPF that fails its check
digits is flagged, never refused and never rewritten.
"""

import re
from typing import Final

# Only these separators are removed before counting digits ("123.456.789-09", "123 456 789 09").
_SEPARATORS: Final = re.compile(r"[.\- ]")
_ELEVEN_DIGITS: Final = re.compile(r"^[0-9]{11}$")
# What `mask` produces: nothing of it is personal, so it may be shown and logged.
MASKED: Final = re.compile(r"^\*\*\*(\.[0-9]{3}\.[0-9]{3}-\*\*)?$")
DERIVED_COLUMNS: Final = frozenset({"cpf_normalizado", "cpf_valido"})


def is_blank(value: str | None) -> bool:
    """True when there is no CPF at all (absent, empty or only spaces)."""
    return value is None or not value.strip()


def normalize(value: str | None) -> str | None:
    """The 11 digits of a CPF written with `.`, `-` or spaces; None for anything else."""
    if is_blank(value):
        return None
    assert value is not None
    digits = _SEPARATORS.sub("", value)
    return digits if _ELEVEN_DIGITS.match(digits) else None


def _check_digit(digits: str) -> int:
    weight = len(digits) + 1
    total = sum(int(digit) * (weight - index) for index, digit in enumerate(digits))
    remainder = total * 10 % 11
    return 0 if remainder == 10 else remainder


def is_valid(value: str | None) -> bool | None:
    """Whether a CPF's check digits pass; None when there is no CPF.

    A value that is not 11 digits, or the same digit 11 times (which passes the
    arithmetic but is never issued), is not valid.
    """
    if is_blank(value):
        return None
    digits = normalize(value)
    if digits is None or len(set(digits)) == 1:
        return False
    return _check_digit(digits[:9]) == int(digits[9]) and _check_digit(digits[:10]) == int(
        digits[10]
    )


def mask(value: str | None) -> str | None:
    """A CPF fit to show: `***.456.789-**` (the middle digits only); `***` when unreadable."""
    if is_blank(value):
        return value
    digits = normalize(value)
    if digits is None:
        return "***"
    return f"***.{digits[3:6]}.{digits[6:9]}-**"


def derived_values(value: str | None) -> dict[str, str | bool | None]:
    """The derived columns of a stored CPF."""
    return {"cpf_normalizado": normalize(value), "cpf_valido": is_valid(value)}
