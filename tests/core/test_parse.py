"""core.parse: the one way untrusted text becomes an id or a decimal."""

import unicodedata
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from hypothesis import given
from hypothesis import strategies as st

from core.parse import ID_MAX, IdConverter, parse_decimal, parse_id

OUR_APPS = ("accounts", "exercises", "workouts", "training_log")
NON_ASCII_DIGITS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Nd" and c > 0x7F]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("42", 42),
        ("007", 7),
        (str(ID_MAX), ID_MAX),
        (17, 17),
        (str(ID_MAX + 1), None),  # 2**63: one past a bigint
        (ID_MAX + 1, None),
        ("9" * 25, None),
        ("9" * 10_000, None),  # int() itself refuses more than 4300 digits
        ("0", None),
        (0, None),
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        (" 1", None),
        ("1 ", None),
        ("1\n", None),
        ("\x001", None),
        ("", None),
        ("²", None),  # "²".isdigit() is True, and int("²") raises
        ("٣", None),  # Arabic-Indic three: int() would read it as 3
        ("１", None),  # fullwidth one
        ("one", None),
        (None, None),
        (True, None),
        (1.0, None),
        (["1"], None),
    ],
)
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected


@given(st.text())
def test_parse_id_accepts_only_the_ascii_digits_of_an_id(text):
    number = parse_id(text)
    if number is not None:
        assert text.isascii() and text.isdigit()
        assert 1 <= number <= ID_MAX and int(text) == number


@given(st.sampled_from(NON_ASCII_DIGITS), st.sampled_from(NON_ASCII_DIGITS))
def test_digits_of_other_scripts_are_not_ids(first, second):
    assert parse_id(first) is parse_id(first + second) is parse_id("1" + first) is None


def test_the_id_range_is_the_databases():
    """ID_MAX is the largest primary key every one of our tables can hold, on this database."""
    assert settings.DEFAULT_AUTO_FIELD == "django.db.models.BigAutoField"
    models = [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]
    assert models
    for model in models:
        low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
        assert high == ID_MAX, model
        assert low < 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("102.5", Decimal("102.5")),
        ("102,5", Decimal("102.5")),
        (" 2.5 ", Decimal("2.5")),
        ("1 000", Decimal("1000")),
        (".5", Decimal("0.5")),
        ("5.", Decimal("5")),
        ("-2", Decimal("-2")),
        ("1e3", Decimal("1000")),
        ("١٠٢", Decimal("102")),  # digits of any script are still numbers
    ],
)
def test_parse_decimal_reads_numbers_as_typed(raw, expected):
    assert parse_decimal(raw) == expected


NOT_NUMBERS = [
    "NaN", "nan", "NAN", "-NaN", "+nan", "NaN123",
    "sNaN", "snan", "SNAN", "-sNaN", "sNaN1",
    "Infinity", "infinity", "INFINITY", "-Infinity", "+Infinity", "inf", "-inf", "Inf", "-INF",
    "1e99999", "1e-99999",  # exponents of more than four digits
    "", " ", "abc", "1.2.3", "1,000.5", "--1", "1-", "0x10", "½", "²", "1_000",
    "\x00", "1\x00", "12345678901234567890.5",  # more than DECIMAL_MAX_LENGTH characters
]  # fmt: skip


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_parse_decimal_refuses_what_is_not_a_plain_number(raw):
    assert parse_decimal(raw) is None


@given(st.text(max_size=40))
def test_parse_decimal_never_raises_and_is_finite(text):
    number = parse_decimal(text)
    assert number is None or (isinstance(number, Decimal) and number.is_finite())


def test_id_converter_refuses_what_parse_id_refuses():
    converter = IdConverter()
    assert converter.to_python("12") == 12
    for raw in ("0", str(ID_MAX + 1)):
        with pytest.raises(ValueError):
            converter.to_python(raw)


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_every_url_id_goes_through_the_id_converter():
    """`<int:...>` takes any number of digits; our URLs use `<id:...>`, which reads them with parse_id."""
    with_int = [
        str(pattern.pattern)
        for pattern in _patterns(get_resolver().url_patterns)
        if any(isinstance(converter, IntConverter) for converter in pattern.pattern.converters.values())
    ]
    assert not with_int, f"Use <id:...> instead of <int:...> in {with_int}"


@pytest.mark.django_db
@pytest.mark.parametrize("raw", [str(ID_MAX + 1), "9" * 30, "0"])
def test_an_id_out_of_range_in_a_url_is_a_404(client, athlete, raw):
    client.force_login(athlete)
    for path in (f"/workouts/templates/{raw}/", f"/log/sessions/{raw}/", f"/plan/athletes/{raw}/"):
        assert client.get(path).status_code == 404
