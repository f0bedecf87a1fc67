"""The study tables' 'below' cell: which configurations are resolved above a row on test, in words that fit a
2 cm column."""

from types import SimpleNamespace

import pandas as pd

from textmlp.report.studies import _below


def _findings(labels, below):
    ranked = pd.DataFrame({"label": labels, "order": range(len(labels))})
    return SimpleNamespace(below=below, ranked=ranked, display={}, vary="lr")


LABELS = ["0.0001", "0.001", "0.01", "0.02", "0.03", "0.05", "0.3"]


def test_a_row_below_all_but_one_other_names_the_exception_not_the_list():
    above = {"0.0001": 0.0046, "0.001": 0.0083, "0.01": 0.0061, "0.02": 0.0049, "0.03": 0.0070}
    assert _below(_findings(LABELS, {"0.3": above}), "0.3") == "every other but 0.05 (0.46 to 0.83)"


def test_a_row_below_every_other_and_a_short_list_are_said_as_they_are():
    every = {a: 0.01 for a in LABELS[:-1]}
    assert _below(_findings(LABELS, {"0.3": every}), "0.3") == "every other (1.00)"
    two = {"0.001": 0.0037, "0.01": 0.0050}
    # two of five others: a list, in the study's order, not 'every other but' three
    assert _below(_findings(LABELS, {"0.0001": two}), "0.0001") == "0.001 (0.37), 0.01 (0.50)"
    # more than one left out: the list stays (an exception list would be as long)
    four = {"0.001": 0.01, "0.01": 0.01, "0.02": 0.01, "0.03": 0.01}
    assert _below(_findings(LABELS, {"0.3": four}), "0.3").startswith("0.001 (1.00), 0.01 (1.00)")
    assert _below(_findings(LABELS, {}), "0.3") == "--"
