"""Amounts of money: parse what people and spreadsheets write, store 万元, show 万元 or 亿元."""

import math
import re
import unicodedata
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from typing import NamedTuple

from groundbreak.core.messages import Msg

__all__ = [
    "AmountError",
    "AmountReading",
    "format_amount",
    "format_wan",
    "format_yi",
    "parse_amount",
    "read_amount",
    "to_yi",
]

# Power of ten that turns an amount in each unit into 万元.
_UNIT_EXPONENTS = {"元": -4, "万元": 0, "万": 0, "亿元": 4, "亿": 4}
# "1.5亿" is 1.5 × 10^8 元, which is 1.5 × 10^4 万元.
_MAGNITUDE_EXPONENTS = {"万": 0, "亿": 4}
_YUAN = Decimal("0.0001")  # four places of 万元 are exactly one yuan
# Amounts are stored as DecimalField(max_digits=16, decimal_places=4): 12 digits of 万元.
_MAX_WAN_DIGITS = 12
_WHOLE_LIMIT = 10.0**_MAX_WAN_DIGITS

# Arithmetic on amounts never rounds silently: a lost digit raises Inexact instead.
_EXACT = Context(prec=28, traps=[InvalidOperation, Inexact, Overflow, DivisionByZero])
_ROUNDING = Context(prec=28)

_BLANK = re.compile(r"[-‐‑–—―/]*|无")
_SPACE_BETWEEN_DIGITS = re.compile(r"[0-9]\s+[0-9]")
_WHITESPACE = re.compile(r"\s+")
# A remark in brackets after the amount: 1.2亿元（其中中央资金3000万）.
_REMARK = re.compile(r"(?P<main>[^()\[\]【】]*?)\s*[(\[【](?P<remark>[^()\[\]【】]*)[)\]】]")
# Two amounts joined by a dash, a tilde or 至/到: 1-2亿, 1～2亿元, 三至五千万.
_RANGE = re.compile(
    r"[0-9零〇一二两三四五六七八九十百千万亿元壹贰叁肆伍陆柒捌玖拾佰仟]\s*"
    r"(?:[-‐‑–—―]+|[~～〜]|至|到)\s*[0-9零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]"
)
_ARABIC_RUN = re.compile(r"[0-9]+")
_TEXT = re.compile(
    r"""
    (?P<about>大约|约|近|接近)?
    (?P<sign>[-+负])?
    (?:¥|人民币)?
    (?P<late_sign>[-+])?     # zh-CN Excel writes negative currency as ¥-12.50
    (?P<body>.+?)
    (?P<yuan>元)?
    (?P<about_after>左右|上下)?
    """,
    re.VERBOSE,
)
_DECIMAL = re.compile(
    r"""
    (?P<number>
        (?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?
        |\.[0-9]+
    )
    (?P<exponent>[eE][-+]?[0-9]+)?
    (?P<magnitude>[万亿])?
    """,
    re.VERBOSE,
)

# Formal (大写) and traditional numerals read as their everyday simplified forms.
_SIMPLIFY = str.maketrans(
    "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億點負兩圆圓", "一二二三三四五六六七八九十百千万亿点负两元元"
)
_ZEROS = frozenset("零〇0")
_DIGITS = {
    **{ch: value for value, ch in enumerate("零一二三四五六七八九")},
    **{str(value): value for value in range(10)},
    "〇": 0,
    "两": 2,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_NUMERAL = frozenset(_DIGITS) | frozenset(_SMALL_UNITS) | frozenset("万亿点")


class AmountError(ValueError):
    """A value that is not an amount; the message is translated and names the value."""

    def __init__(self, message: str, value: object):
        super().__init__(message)
        self.value = value


class _Malformed(Exception):
    """Internal: the text is not a number we can read."""


def _not_an_amount(value):
    message = Msg('"%(value)s" is not an amount: write a number such as 1500, 1,500.5 or 1.5亿.')
    return AmountError(message % {"value": value}, value)


def _too_precise(value):
    message = Msg('"%(value)s" is more precise than one yuan (元): round it to whole yuan.')
    return AmountError(message % {"value": value}, value)


def _too_large(value):
    message = Msg('"%(value)s" is too large to be an amount.')
    return AmountError(message % {"value": value}, value)


def _a_range(value):
    message = Msg("The amount is a range, %(value)s: write one number.")
    return AmountError(message % {"value": value}, value)


class AmountReading(NamedTuple):
    """What a cell says about an amount (金额): the amount in 万元 (None if blank), whether it
    is an approximation (约1.2亿元, 1.2亿元左右) and a remark written in brackets after it
    (1.2亿元（其中中央资金3000万） → "其中中央资金3000万")."""

    amount: Decimal | None
    approximate: bool = False
    remark: str = ""


def parse_amount(
    value: str | int | float | Decimal | None, *, unit: str = "万元"
) -> Decimal | None:
    """Read an amount as people and spreadsheets write it and return it in 万元.

    ``unit`` is the unit of a bare number (the column's unit); a unit or magnitude written in the
    text (元, 万, 亿) overrides it. Blank cells give None; anything else raises AmountError.
    An approximation (约, 左右) and a remark in brackets are read past: ``read_amount`` tells them.
    """
    return read_amount(value, unit=unit).amount


def read_amount(value: str | int | float | Decimal | None, *, unit: str = "万元") -> AmountReading:
    """``parse_amount``, also telling whether the cell says "about" and what it remarks in
    brackets, for an import to warn of the one and keep the other."""
    try:
        column_exponent = _UNIT_EXPONENTS[unit]
    except KeyError:
        raise ValueError(
            f"unit must be one of {', '.join(_UNIT_EXPONENTS)}, not {unit!r}"
        ) from None

    if value is None:
        return AmountReading(None)
    if isinstance(value, bool):
        raise _not_an_amount(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _not_an_amount(value)
        if column_exponent == 0 and value.is_integer() and -_WHOLE_LIMIT < value < _WHOLE_LIMIT:
            # A whole number of 万元, the usual cell: what ``_to_wan`` makes of it, quicker.
            return AmountReading(Decimal(int(value)).quantize(_YUAN))
        # repr() is the shortest text that reads back as the same float: 3086.5, not its binary
        # expansion. Floats come from spreadsheet cells, so their noise is rounded away.
        return AmountReading(_to_wan(Decimal(repr(value)), column_exponent, value, rounded=True))
    if isinstance(value, int):
        return AmountReading(_to_wan(Decimal(value), column_exponent, value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_an_amount(value)
        return AmountReading(_to_wan(value, column_exponent, value))
    if isinstance(value, str):
        number, exponent, approximate, remark = _parse_text(value, column_exponent)
        if number is None:
            return AmountReading(None, remark=remark)
        return AmountReading(_to_wan(number, exponent, value), approximate, remark)
    raise _not_an_amount(value)


def _to_wan(number, exponent, value, *, rounded=False):
    if not number.is_zero() and number.adjusted() + exponent >= _MAX_WAN_DIGITS:
        raise _too_large(value)
    try:
        wan = number.scaleb(exponent, _EXACT) if exponent else number
        if rounded:
            wan = wan.quantize(_YUAN, rounding=ROUND_HALF_UP, context=_ROUNDING)
        else:
            wan = wan.quantize(_YUAN, context=_EXACT)
    except Inexact:
        raise _too_precise(value) from None
    # -0 is the same amount as 0 but would show as "-0.00".
    return wan.copy_abs() if wan.is_zero() else wan


def _parse_text(text, column_exponent):
    """Return (number, power of ten to 万元, approximate, remark) for a text amount; the number
    is None for a blank cell."""
    normal = unicodedata.normalize("NFKC", text).strip()  # full-width １，２３４．５ → 1,234.5
    remark = ""
    bracketed = _REMARK.fullmatch(normal)
    if bracketed:
        normal, remark = bracketed["main"].strip(), bracketed["remark"].strip()
    if _BLANK.fullmatch(normal):
        return None, None, False, remark
    if _RANGE.search(normal):
        raise _a_range(text.strip())
    # In "1 500" the space may be a thousands separator or a slip between two numbers: ask.
    if _SPACE_BETWEEN_DIGITS.search(normal):
        raise _not_an_amount(text)
    normal = _WHITESPACE.sub("", normal).translate(_SIMPLIFY)

    match = _TEXT.fullmatch(normal)
    if match is None or (match["sign"] and match["late_sign"]):
        raise _not_an_amount(text)
    negative = (match["sign"] or match["late_sign"]) in ("-", "负")
    approximate = bool(match["about"] or match["about_after"])
    try:
        number, magnitude, has_chinese_magnitude = _parse_number(match["body"])
    except _Malformed:
        raise _not_an_amount(text) from None

    if magnitude:
        exponent = _MAGNITUDE_EXPONENTS[magnitude]
    elif match["yuan"] or has_chinese_magnitude:
        # 万 and 亿 inside a numeral (三千万) count yuan, as in "1.5亿".
        exponent = _UNIT_EXPONENTS["元"]
    else:
        exponent = column_exponent
    return (-number if negative else number), exponent, approximate, remark


def _parse_number(body):
    """Return (number, trailing magnitude or None, whether 万/亿 occur inside a Chinese numeral)."""
    match = _DECIMAL.fullmatch(body)
    if match:
        number = Decimal(match["number"].replace(",", "") + (match["exponent"] or ""))
        return number, match["magnitude"], False
    if not set(body) <= _CHINESE_NUMERAL:
        raise _Malformed
    # 2亿3500万, 12亿零800万: whole Arabic numbers between the magnitudes, read as the Chinese
    # numerals they stand for (三千五百, 八百).
    return _chinese_number(_ARABIC_RUN.sub(_arabic_section, body))


def _arabic_section(match):
    """'3500' → '三千五百', '800' → '八百', '3050' → '三千零五十'; below 万 only. Between two
    magnitudes the digits say their place: 1亿800万 is 一亿零八百万 (一亿八百万 is not guessed)."""
    digits, body = match.group(), match.string
    if digits[0] == "0" or len(digits) > 4:
        raise _Malformed
    between = body[match.start() - 1 : match.start()] in ("亿", "万") and body[
        match.end() : match.end() + 1
    ] in ("亿", "万")
    words, gap = ["零"] if between and len(digits) < 4 else [], False
    for digit, unit in zip(digits, "千百十"[4 - len(digits) :] + " ", strict=True):
        if digit == "0":
            gap = bool(words)
            continue
        if gap:
            words.append("零")
            gap = False
        words.append("零一二三四五六七八九"[int(digit)] + unit.strip())
    return "".join(words)


def _chinese_number(text):
    """三千万, 一亿五千万, 三十点八六亿, 一万五: parsed exactly (cn2an goes through float)."""
    whole, point, fraction = text.partition("点")
    if not point:
        return Decimal(_chinese_whole(whole)), None, bool(set(whole) & set("万亿"))

    magnitude = fraction[-1:] if fraction[-1:] in ("万", "亿") else None
    if magnitude:
        fraction = fraction[:-1]
        # 三十点八六亿 is fine; in 一万点五亿 the magnitudes would multiply.
        if set(whole) & set("万亿"):
            raise _Malformed
    if not whole or not fraction or not all(ch in _DIGITS for ch in fraction):
        raise _Malformed
    digits = "".join(str(_DIGITS[ch]) for ch in fraction)
    number = _chinese_whole(whole) + Decimal(f"0.{digits}")
    return number, magnitude, bool(set(whole) & set("万亿"))


def _chinese_whole(text):
    """A whole Chinese numeral with 亿 and 万 sections: 一万二千亿零五百万零三百."""
    head, yi, tail = text.partition("亿")
    if not yi:
        return _below_yi(text)[0]
    value, top = _below_yi(head)  # 一万亿 is 10^12: 万 may sit in front of 亿
    if top is None:
        raise _Malformed
    return value * 10**8 + _tail(tail, 10**8, _below_yi)


def _below_yi(text):
    """Return (value, place of its leading digit or None) for a numeral below 亿."""
    head, wan, tail = text.partition("万")
    if not wan:
        return _section(text)
    value, top = _section(head)
    if top is None:
        raise _Malformed
    return value * 10**4 + _tail(tail, 10**4, _section), top * 10**4


def _tail(text, above, parse):
    """The part after 万 or 亿, whose place must follow on or be marked by 零."""
    if not text:
        return 0
    gap_marked = text[0] in _ZEROS
    if gap_marked:
        text = text[1:]
    elif len(text) == 1 and text in _DIGITS:
        return _DIGITS[text] * above // 10  # colloquial 一万五 is 15000, 一亿五 is 1.5亿
    value, top = parse(text)
    if top is None:
        raise _Malformed
    # 一万五百 could be 一万零五百 or 一万五千; money should not be guessed.
    if not gap_marked and top < above // 10:
        raise _Malformed
    return value


def _section(text):
    """Return (value, place of its leading digit or None) for a numeral below 万: 三千零五十."""
    value = 0
    top = None  # place of the first written digit
    place = 10**4  # place of the last unit read; units must fall
    digit = None
    after_zero = False
    for ch in text:
        if ch in _ZEROS:
            if digit is not None:
                raise _Malformed
            after_zero = True
        elif ch in _DIGITS:
            if digit is not None:
                raise _Malformed
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if digit is None:
                # 十五 needs no 一; 百 or 千 on their own are not numbers.
                if ch != "十" or not (top is None or after_zero):
                    raise _Malformed
                digit = 1
            if unit >= place or (top is not None and unit < place // 10 and not after_zero):
                raise _Malformed
            value += digit * unit
            top = top or unit
            place = unit
            digit = None
            after_zero = False
        else:
            raise _Malformed
    if digit is not None:
        if top is None or after_zero:
            value += digit
        else:
            value += digit * place // 10  # 三千五 is 3500, 两百五 is 250
        top = top or 1
    elif after_zero and top is not None:
        raise _Malformed  # 三千零: a 零 with nothing after it
    return value, top


def _as_decimal(amount):
    if isinstance(amount, float):
        return Decimal(repr(amount))
    return Decimal(amount)


def _format(amount, places):
    if amount is None:
        return ""
    rounded = _as_decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = rounded.copy_abs()
    return f"{rounded:,f}"


def format_wan(amount: Decimal | None, places: int = 2) -> str:
    """Show an amount in 万元 with thousands separators: 3086.5 → "3,086.50"; None → ""."""
    return _format(amount, places)


def to_yi(amount_wan: Decimal) -> Decimal:
    """Convert 万元 to 亿元, exactly."""
    return _as_decimal(amount_wan).scaleb(-4, _EXACT)


def format_yi(amount_wan: Decimal | None, places: int = 2) -> str:
    """Show an amount held in 万元 as 亿元: 308600 → "30.86"; None → ""."""
    return _format(None if amount_wan is None else to_yi(amount_wan), places)


def format_amount(amount: Decimal | int | str | None) -> str:
    """An amount in 万元 as messages and change logs show it: as on the pages (thousands
    separators, two places), but never hiding a digit: 1000 → "1,000.00", 3086.5432 → "3,086.5432".
    None → ""."""
    if amount is None or amount == "":
        return ""
    value = _as_decimal(amount)
    places = 2
    if value.is_finite() and value != value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        places = max(2, -value.normalize().as_tuple().exponent)
    return _format(value, places)
