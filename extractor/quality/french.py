"""Numbers as a French reader reads them: ``32,7 millions``, ``16,1 M€``, ``12,3 %``, ``35 770``.

Used by the tables of ``regress`` and ``compare`` (JSON and CSV keep exact numbers, see
``exact``). Millions and milliards are shown with one decimal from ten upwards and two below,
as reports print key figures; smaller numbers keep up to four decimals (a dividend of
0,7025 $). Thousands are separated by a space, the decimal mark is a comma.
"""
from __future__ import annotations

__all__ = ["CURRENCY_SIGNS", "exact", "number", "amount"]

#: currency code → sign put after the amount; other codes are printed as they are
CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}


def exact(value: float | None) -> float | int | None:
    """``value`` without binary noise (519299999.99999994 → 519300000, 0.07750000000000001
    → 0.0775): twelve significant digits, an int when whole. Reports print fewer."""
    if value is None:
        return None
    clean = float(f"{value:.12g}")
    return int(clean) if clean.is_integer() else clean


def number(value: float, decimals: int = 4, sign: bool = False) -> str:
    """``value`` with a space between thousands, a comma as decimal mark, trailing zeros off."""
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    prefix = "-" if value < 0 and text.strip("0, ") else ("+" if sign and value > 0 else "")
    return prefix + text


def _scaled(value: float) -> tuple[float, str, str] | None:
    """(value in the scale, word, abbreviation) for millions and milliards."""
    for factor, word, short in ((1e9, "milliards", "Md"), (1e6, "millions", "M")):
        if abs(value) >= factor:
            return value / factor, word, short
    return None


def amount(value: float, unit: str | None, sign: bool = False) -> str:
    """``value`` in ``unit`` (None: a count; ``EUR``, ``CAD``…: a currency; ``%``; ``day``…)."""
    if unit == "%":
        return f"{number(value, 2, sign)} %"
    scaled = _scaled(value)
    is_currency = unit is not None and len(unit) == 3 and unit.isupper()
    if scaled is None:
        text = number(value, 4, sign)
    else:
        figure, word, short = scaled
        text = number(figure, 1 if abs(figure) >= 10 else 2, sign)
        if not is_currency:
            return f"{text} {word}" + (f" {unit}" if unit else "")
        text += f" {short}"
    if is_currency:
        assert unit is not None
        signed = CURRENCY_SIGNS.get(unit)
        return (text + signed if scaled and signed else f"{text} {signed}") if signed else f"{text} {unit}"
    return text + (f" {unit}" if unit else "")
