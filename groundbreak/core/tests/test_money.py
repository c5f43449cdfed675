from decimal import ROUND_HALF_UP, Decimal

import cn2an
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from groundbreak.core.money import (
    AmountError,
    format_amount,
    format_wan,
    format_yi,
    parse_amount,
    to_yi,
)

YUAN = Decimal("0.0001")
# DecimalField(max_digits=16, decimal_places=4): what the database can hold, in 万元.
LARGEST = Decimal("999999999999.9999")

amounts = st.decimals(min_value=-LARGEST, max_value=LARGEST, places=4)
FULL_WIDTH = str.maketrans("0123456789,.-+", "０１２３４５６７８９，．－＋")


@pytest.fixture(autouse=True)
def english():
    # The site defaults to Chinese; these tests read the English source messages.
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic numerals, separators, exponents
        ("3086.5", "3086.5"),
        ("3,086.5", "3086.5"),
        ("1,234,567.8901", "1234567.8901"),
        (".5", "0.5"),
        ("1.5E+4", "15000"),
        ("1.5e4", "15000"),
        ("15000e-4", "1.5"),
        ("0", "0"),
        ("-0", "0"),
        # signs and currency
        ("-12.5", "-12.5"),
        ("+12.5", "12.5"),
        ("¥12", "12"),
        ("￥1,200", "1200"),
        ("¥-12.5", "-12.5"),
        ("-¥12.5", "-12.5"),
        ("人民币300万元", "300"),
        # full-width digits and punctuation, Chinese comma
        ("１２３", "123"),
        ("１，２３４．５", "1234.5"),
        ("1，234.5", "1234.5"),
        ("－１２．５", "-12.5"),
        ("　１２３　", "123"),
        # a unit in the text overrides the column
        ("1.5亿", "15000"),
        ("1.5亿元", "15000"),
        ("30.86亿元", "308600"),
        ("15000万元", "15000"),
        ("15000万", "15000"),
        ("0.5万元", "0.5"),
        ("500000元", "50"),
        ("1 元", "0.0001"),
        # spaces around a unit, approximations
        ("1.5 亿元", "15000"),
        (" 1.5亿 ", "15000"),
        ("约2.3亿元", "23000"),
        ("大约2.3亿元", "23000"),
        ("近2.3亿元", "23000"),
        ("2.3亿元左右", "23000"),
        ("约 2.3 亿元 左右", "23000"),
        # Chinese numerals
        ("三千万", "3000"),
        ("两千万元", "2000"),
        ("一亿五千万", "15000"),
        ("三十点八六亿", "308600"),
        ("一点五亿元", "15000"),
        ("零点五万", "0.5"),
        ("一万五", "1.5"),
        ("一亿五", "15000"),
        ("十万零一十五", "10.0015"),
        ("一亿零五十万零三百", "10050.03"),
        ("一万亿", "100000000"),
        ("叁仟万元", "3000"),
        ("壹亿伍仟万元", "15000"),
        ("貳億", "20000"),
        ("负三千万", "-3000"),
        ("约三千万元左右", "3000"),
        ("3千万", "3000"),
        ("1亿5千万", "15000"),
        # a Chinese numeral without 万/亿 is in the column's unit, like an Arabic one
        ("三十", "30"),
        ("三千零八十六点五", "3086.5"),
        ("两百五", "250"),
        ("十五", "15"),
        ("零", "0"),
    ],
)
def test_parses_text(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1.5", "亿元", "15000"),
        ("1.5", "亿", "15000"),
        ("500000", "元", "50"),
        ("12", "万", "12"),
        ("12", "万元", "12"),
        ("1.5亿", "元", "15000"),
        ("1.5亿", "亿元", "15000"),
        ("300万元", "亿元", "300"),
        ("300元", "亿元", "0.03"),
        ("三十", "亿元", "300000"),
        ("三千万", "元", "3000"),
        (12, "万元", "12"),
        (5, "元", "0.0005"),
        (3, "亿元", "30000"),
        (Decimal("3086.5"), "万元", "3086.5"),
        (Decimal("1.23"), "亿元", "12300"),
        (3086.5, "万元", "3086.5"),
        (1234567.0, "元", "123.4567"),
        (1234567.89, "元", "123.4568"),  # a float is rounded half up to the yuan
        (0.00005, "万元", "0.0001"),
        (0.1 + 0.2, "万元", "0.3"),
        (30.86, "亿元", "308600"),
    ],
)
def test_parses_in_column_unit(value, unit, expected):
    assert parse_amount(value, unit=unit) == Decimal(expected)


def test_result_has_four_places():
    assert str(parse_amount("1.5亿")) == "15000.0000"
    assert str(parse_amount(3086.5)) == "3086.5000"
    assert str(parse_amount("-0")) == "0.0000"


def test_float_is_read_as_written_not_as_its_binary_expansion():
    assert Decimal(3086.1) != Decimal("3086.1")
    assert parse_amount(3086.1) == Decimal("3086.1")


@pytest.mark.parametrize(
    "blank", [None, "", "   ", "\t\n", "-", "—", "——", "－", "/", "／", "无", " 无 "]
)
def test_blank_is_none(blank):
    assert parse_amount(blank) is None


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1.2.3",
        "12亿万",
        "1,2,3,,",
        "亿",
        "万元",
        "元",
        "约",
        "¥",
        "+",
        ".",
        "1,2345",
        "12,34",
        ",123",
        "1,234,5",
        "1 500",
        "1.5万万元",
        "1.5亿万",
        "+-5",
        "-¥-5",
        "5-",
        "1e5e5",
        "NaN",
        "Infinity",
        "inf",
        "0x10",
        "١٢٣",  # Arabic-Indic digits
        "12%",
        "一亿亿",
        "十二亿万",
        "零万",
        "一亿五千",  # 一亿零五千 or 一亿五千万? not guessed
        "一万五百",
        "一千五十",
        "一万十五",
        "三千零",
        "一万零",
        "五零",
        "一二三",
        "百",
        "千万",
        "点五",
        "三点",
        "三点五十",
        "一万点五亿",
        "三十点八六亿万",
    ],
)
def test_refuses_text(text):
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert f'"{text}"' in str(caught.value)
    assert "is not an amount" in str(caught.value)
    assert caught.value.value == text


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        ("0.000001万元", "万元"),
        ("0.00001", "万元"),
        ("1.5元", "万元"),
        ("500000.5元", "万元"),
        ("1.5", "元"),
        ("0.000000001亿", "万元"),
        ("一万点五", "万元"),  # 10000.5 yuan
        (Decimal("0.00001"), "万元"),
        (Decimal("0.5"), "元"),
    ],
)
def test_refuses_amounts_finer_than_a_yuan(value, unit):
    with pytest.raises(AmountError) as caught:
        parse_amount(value, unit=unit)
    assert f'"{value}"' in str(caught.value)
    assert "more precise than one yuan" in str(caught.value)
    assert caught.value.value == value


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        ("1e20", "万元"),
        ("1000000000000", "万元"),
        ("100000000亿", "万元"),
        ("1E+999999999", "万元"),
        (10**12, "万元"),
        (1e300, "万元"),
        (Decimal("1E+12"), "万元"),
        ("1000000000", "亿元"),
    ],
)
def test_refuses_amounts_too_large_to_store(value, unit):
    with pytest.raises(AmountError) as caught:
        parse_amount(value, unit=unit)
    assert f'"{value}"' in str(caught.value)
    assert "too large" in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [True, False, float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity"), [1], object()],
)
def test_refuses_other_values(value):
    with pytest.raises(AmountError) as caught:
        parse_amount(value)
    assert f'"{value}"' in str(caught.value)
    assert caught.value.value is value


def test_message_names_the_value_in_any_language():
    with translation.override("zh-hans"), pytest.raises(AmountError) as caught:
        parse_amount("12亿万")
    assert "12亿万" in str(caught.value)


def test_amount_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_amount("abc")


def test_unknown_unit_is_a_programming_error():
    with pytest.raises(ValueError) as caught:
        parse_amount("12", unit="美元")
    assert not isinstance(caught.value, AmountError)


@pytest.mark.parametrize(
    ("amount", "places", "expected"),
    [
        (Decimal("3086.5"), 2, "3,086.50"),
        (Decimal("3086.5000"), 2, "3,086.50"),
        (Decimal("1234567.891"), 0, "1,234,568"),
        (Decimal("0.005"), 2, "0.01"),  # half up, not to even
        (Decimal("0.015"), 2, "0.02"),
        (Decimal("-1234.565"), 2, "-1,234.57"),
        (Decimal("-0.001"), 2, "0.00"),
        (Decimal("12"), 4, "12.0000"),
        (12, 2, "12.00"),
        (None, 2, ""),
    ],
)
def test_format_wan(amount, places, expected):
    assert format_wan(amount, places) == expected


@pytest.mark.parametrize(
    ("amount", "places", "expected"),
    [
        (Decimal("308600"), 2, "30.86"),
        (Decimal("308600.0000"), 2, "30.86"),
        (Decimal("15000"), 1, "1.5"),
        (Decimal("123456789"), 2, "12,345.68"),
        (Decimal("50"), 2, "0.01"),
        (Decimal("-15000"), 2, "-1.50"),
        (None, 2, ""),
    ],
)
def test_format_yi(amount, places, expected):
    assert format_yi(amount, places) == expected


def test_to_yi():
    assert to_yi(Decimal("308600")) == Decimal("30.86")
    assert to_yi(Decimal("0.0001")) == Decimal("0.00000001")


@given(amounts)
def test_plain_rendering_round_trips(d):
    assert parse_amount(format(d, "f")) == d


@given(amounts)
def test_thousands_separated_rendering_round_trips(d):
    assert parse_amount(f"{d:,}") == d


@given(amounts)
def test_full_width_rendering_round_trips(d):
    assert parse_amount(f"{d:,}".translate(FULL_WIDTH)) == d


@given(amounts)
def test_currency_and_approximation_are_ignored(d):
    assert parse_amount(f"约￥{d:,}万元左右") == d


@given(st.decimals(min_value=-LARGEST, max_value=LARGEST, places=4).map(lambda d: d.scaleb(-4)))
def test_yi_rendering_round_trips(yi):
    # 亿 with up to 8 places is whole yuan; str() may use an exponent, e.g. 1.0E-7亿.
    assert parse_amount(f"{yi}亿") == yi * 10000
    assert parse_amount(str(yi), unit="亿元") == yi * 10000


@given(st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1))
def test_yuan_rendering_round_trips(yuan):
    assert parse_amount(f"{yuan}元") == Decimal(yuan).scaleb(-4)
    assert parse_amount(str(yuan), unit="元") == Decimal(yuan).scaleb(-4)


@given(st.floats(min_value=-1e12 + 1, max_value=1e12 - 1, allow_nan=False))
def test_float_is_its_shortest_repr_rounded_to_the_yuan(x):
    expected = Decimal(str(x)).quantize(YUAN, rounding=ROUND_HALF_UP)
    assert parse_amount(x) == expected


@given(st.integers(min_value=0, max_value=10**16 - 1), st.sampled_from(["low", "up"]))
def test_chinese_whole_numbers_agree_with_cn2an(yuan, mode):
    # cn2an writes whole yuan in Chinese; reading them back must give the same yuan.
    assert parse_amount(cn2an.an2cn(yuan, mode), unit="元") == Decimal(yuan).scaleb(-4)


@given(
    st.decimals(min_value=0, max_value=Decimal("9999.9999"), places=4),
    st.sampled_from(["low", "up"]),
)
def test_chinese_decimals_agree_with_cn2an(wan, mode):
    assert parse_amount(cn2an.an2cn(str(wan), mode)) == wan
    assert parse_amount(cn2an.an2cn(str(wan), mode) + "万") == wan
    assert parse_amount(cn2an.an2cn(str(wan), mode) + "亿元") == wan * 10000


@pytest.mark.parametrize(
    "amount, shown",
    [
        (Decimal("4E+2"), "400.00"),  # a whole amount read back from the database
        (Decimal("500"), "500.00"),
        (Decimal("31000.0000"), "31,000.00"),
        (Decimal("3086.5432"), "3,086.5432"),  # no digit hidden
        (Decimal("0.0100"), "0.01"),
        (None, ""),
    ],
)
def test_amounts_in_messages_read_as_on_the_pages(amount, shown):
    assert format_amount(amount) == shown
