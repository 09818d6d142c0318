"""Untrusted text (a URL part, a form field, a query string) into an id or a number, or None.

Every id a user sends goes through `parse_id`, every decimal through `parse_decimal`. Both answer
None for anything they refuse, and the caller turns None into a 404 or a form error, so no odd input
reaches `int()`, `Decimal()` arithmetic or the database. Standard library only: the lowest app owns
it, so every app (and the `<id:...>` URL converter below) can use it.

Why not `str.isdigit()` and `int()`: "²".isdigit() is True and int("²") raises; int() also takes
"٣" (Arabic-Indic three) and numbers beyond any database column.
"""

import re
from decimal import Decimal, InvalidOperation

# Every model's primary key is a BigAutoField (settings.DEFAULT_AUTO_FIELD): a signed 64-bit integer
# on PostgreSQL and SQLite. Ids start at 1. tests/accounts/test_parse.py checks both facts.
ID_MIN = 1
ID_MAX = 2**63 - 1

_ID = re.compile(r"[0-9]{1,19}")  # ASCII digits only: [0-9], never \d (which matches every script's digits)

# A decimal as typed on a phone: "102.5", "102,5", ".5", "-2", and "1e3" (an exponent of up to four
# digits; callers check the range before they round). Never NaN, sNaN or Infinity. Digits of any
# script are fine here (Decimal reads "١٠٢" as 102, as Django's number fields do); only ids are held
# to ASCII, because they are looked up rather than computed with.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?[0-9]{1,4})?")
DECIMAL_MAX_LENGTH = 20  # far more than any weight needs; keeps Decimal work bounded


def parse_id(raw) -> int | None:
    """The id in `raw` (ASCII digits, 1 to ID_MAX), or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, str) and _ID.fullmatch(raw):
        number = int(raw)
    else:
        return None
    return number if ID_MIN <= number <= ID_MAX else None


def parse_decimal(raw) -> Decimal | None:
    """The number in `raw` ("102,5" is as good as "102.5"; spaces ignored), or None.

    NaN, sNaN, Infinity (any spelling), huge exponents and strings longer than DECIMAL_MAX_LENGTH are None,
    before anything else looks at them: a signalling NaN raises on comparison and even on hashing.
    """
    if not isinstance(raw, str) or len(raw) > DECIMAL_MAX_LENGTH:
        return None
    text = raw.strip().replace(" ", "").replace(",", ".")
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # a digit the pattern knows and Decimal() does not; none known today
        return None


class IdConverter:
    """`<id:pk>` in a URL pattern: an id as `parse_id` reads it; anything else does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"not an id: {value!r}")  # Django's resolver treats this as "no match"
        return number

    def to_url(self, value) -> str:
        return str(value)
