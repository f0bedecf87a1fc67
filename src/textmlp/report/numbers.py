"""Numbers as the report prints them: percentages, mean ± std, bold, powers of ten."""

from __future__ import annotations

import math


def pct(x: float, digits: int = 2) -> str:
    """An accuracy in [0, 1] as a percentage, e.g. 0.81234 -> '81.23'."""
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.{digits}f}"


def percent(x: float) -> str:
    """:func:`pct` with its sign, for sentences: 0.81234 -> '81.23\\%'."""
    return f"{pct(x)}\\%"


def pm(mean: float, std: float) -> str:
    """'81.23 $\\pm$ 0.40' (std over seeds; 0 when there is one seed)."""
    std = 0.0 if std is None or (isinstance(std, float) and math.isnan(std)) else std
    return f"{pct(mean)} $\\pm$ {pct(std)}"


def bold(text: str, on: bool) -> str:
    return f"\\textbf{{{text}}}" if on else text


def power_of_ten(x: float) -> str:
    """1e-4 -> '$10^{-4}$'; other numbers as '%g'."""
    exponent = math.log10(x) if x > 0 else float("nan")
    return f"$10^{{{int(round(exponent))}}}$" if abs(exponent - round(exponent)) < 1e-9 else f"{x:g}"
