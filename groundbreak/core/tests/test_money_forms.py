"""Amounts as people write them in published lists: 亿 and 万 mixed, 零 and 千 forms, Chinese
numerals, 元, ￥ with separators, "about", a remark in brackets; a range refused. Each style is
written by a formatter here and read back to the same Decimal."""

from decimal import Decimal

import cn2an
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from groundbreak.core.money import AmountError, parse_amount, read_amount

# Up to 1万亿元 (10^8 万元), to the yuan: what a key-project list holds.
amounts = st.decimals(min_value=0, max_value=Decimal("99999999.9999"), places=4)
# People write 亿 and 万 mixed for whole 万 (2亿3500万), not for 3500.5万.
whole_wan = st.integers(min_value=0, max_value=99_999_999).map(Decimal)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _section_digits(n, *, mark_gap=True):
    """A number below 万 in Arabic digits with Chinese units: 5300 → 5千3百, 3050 → 3千零5十."""
    words, gap = [], False
    for digit, unit in zip(f"{n:04d}", ("千", "百", "十", ""), strict=True):
        if digit == "0":
            gap = bool(words)
            continue
        if gap and mark_gap:
            words.append("零")
        gap = False
        words.append(digit + unit)
    return "".join(words)


def yi_wan(wan):
    """2亿3500万; 12亿0800万 is written 12亿800万."""
    yi, rest = divmod(int(wan), 10000)
    if not yi:
        return f"{rest}万"
    return f"{yi}亿" + (f"{rest}万" if rest else "")


def yi_ling_wan(wan):
    """12亿零800万: a 零 where the 万 section does not reach the thousands."""
    yi, rest = divmod(int(wan), 10000)
    if not yi:
        return f"{rest}万"
    if not rest:
        return f"{yi}亿"
    return f"{yi}亿" + ("零" if rest < 1000 else "") + f"{rest}万"


def yi_qian_wan(wan):
    """2亿5千万, 3亿零5百万: digits with 千/百/十 inside the 万 section."""
    yi, rest = divmod(int(wan), 10000)
    if not rest:
        return f"{yi}亿" if yi else "0"
    head = f"{yi}亿" if yi else ""
    return head + ("零" if yi and rest < 1000 else "") + _section_digits(rest) + "万"


def chinese(wan, mode):
    """一亿二千万元 (low) or 壹亿贰仟万元 (up, 大写), in whole yuan."""
    return cn2an.an2cn(int(wan * 10000), mode) + "元"


def yuan(wan):
    return f"{wan * 10000:f}元"


def yen(wan):
    return f"￥{wan:,}万"


def about_before(wan):
    return f"约{wan.scaleb(-4):f}亿元"


def about_after(wan):
    return f"{wan.scaleb(-4):f}亿元左右"


def with_remark(wan):
    return f"{wan:,f}万元（其中中央资金{wan / 2:f}万）"


@given(whole_wan, st.sampled_from([yi_wan, yi_ling_wan, yi_qian_wan]))
def test_yi_and_wan_mixed_read_back(wan, style):
    assert parse_amount(style(wan)) == wan


@given(amounts, st.sampled_from(["low", "up"]))
def test_chinese_numerals_read_back(wan, mode):
    assert parse_amount(chinese(wan, mode)) == wan


@given(amounts, st.sampled_from([yuan, yen, about_before, about_after, with_remark]))
def test_yuan_currency_about_and_remark_read_back(wan, style):
    assert parse_amount(style(wan)) == wan


@given(amounts, st.sampled_from([about_before, about_after]))
def test_about_is_told(wan, style):
    reading = read_amount(style(wan))
    assert reading.amount == wan and reading.approximate


@given(amounts)
def test_remark_is_kept(wan):
    reading = read_amount(with_remark(wan))
    assert reading.amount == wan and not reading.approximate
    assert reading.remark == f"其中中央资金{wan / 2:f}万"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2亿3500万元", "23500"),
        ("12亿零800万", "120800"),
        ("12亿800万", "120800"),
        ("2亿5千万", "25000"),
        ("约1.2亿元", "12000"),
        ("1.2亿元左右", "12000"),
        ("1.2亿元（其中中央资金3000万）", "12000"),
        ("12,000万", "12000"),
        ("一亿二千万元", "12000"),
        ("壹亿贰仟万元", "12000"),
        ("5000元", "0.5"),
        ("￥3,000万", "3000"),
        ("１２亿３５００万", "123500"),
        ("1亿3050万元", "13050"),
    ],
)
def test_each_written_form(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "approximate", "remark"),
    [
        ("约1.2亿元", True, ""),
        ("1.2亿元左右", True, ""),
        ("1.2亿元", False, ""),
        ("1.2亿元（其中中央资金3000万）", False, "其中中央资金3000万"),
        ("约1.2亿元(含征地拆迁)", True, "含征地拆迁"),
    ],
)
def test_about_and_remark_are_told(text, approximate, remark):
    reading = read_amount(text)
    assert (reading.approximate, reading.remark) == (approximate, remark)


def test_a_remark_without_an_amount_is_a_missing_amount_kept_as_remark():
    reading = read_amount("（待定）")
    assert reading.amount is None and reading.remark == "待定"


@pytest.mark.parametrize(
    "text", ["1-2亿", "1～2亿元", "1~2亿", "1至2亿元", "三到五千万", "1000-2000万"]
)
def test_a_range_is_refused_naming_it(text):
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert "range" in str(caught.value) and text in str(caught.value)


def test_a_range_is_refused_in_chinese():
    with translation.override("zh-hans"), pytest.raises(AmountError) as caught:
        parse_amount("1-2亿")
    assert str(caught.value) == "金额为区间 1-2亿，请填写一个数。"


@pytest.mark.parametrize(
    "text", ["1亿3000", "1亿2千", "2亿3500.5万", "12亿0800万", "大约", "1亿万"]
)
def test_unreadable_mixed_forms_are_refused(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_signs_stay_readable_beside_the_range_check():
    assert parse_amount("¥-12.5") == Decimal("-12.5")
    assert parse_amount("-1.5亿") == Decimal("-15000")


def test_a_single_digit_between_yi_and_wan_says_its_place():
    """Found by the property test: 10亿1万 is 10亿零1万, as 12亿800万 is 12亿零800万."""
    assert parse_amount("10亿1万") == Decimal("100001")
    assert parse_amount("1亿1万元") == Decimal("10001")
    assert parse_amount("1亿5") == Decimal("15000")  # colloquial 1.5亿, as before
