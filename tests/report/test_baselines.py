"""The baselines block: logistic regression beside each input's MLP, every number in its
sentences from a checked claim (a tampered baselines table is caught)."""

from __future__ import annotations

import pandas as pd

from tests.results.test_claims import N_DEV, falling, make_tables
from textmlp.baseline_grid import BASELINE_VARIANTS, baseline_name
from textmlp.report.baselines import baselines_block
from textmlp.report.writeup import Prose, Study
from textmlp.results.check import Tables, check_all
from textmlp.results.claims import SAME_INPUTS, all_claims
from textmlp.results.findings import study_findings

PLAIN = BASELINE_VARIANTS["plain-tfidf"]


def _inputs_study():
    n = 6
    configs = [
        {
            "run": run,
            "label": run,
            "params": {"embedding": run},
            "seeds": {s: (falling(n), falling(n, 0.5, 0.35), [0.85] * n, test) for s in range(3)},
        }
        for run, test in (("vectors", 0.87), ("ngrams", 0.91))
    ]
    tables = make_tables(configs, vary="embedding", study="inputs")
    baselines = pd.DataFrame(
        [
            {"embedding": "vectors", "inputs": SAME_INPUTS, "C": 1.0, "dev_acc": 0.86, "test_acc": 0.86},
            {"embedding": "ngrams", "inputs": SAME_INPUTS, "C": 4.0, "dev_acc": 0.91, "test_acc": 0.9125},
            {"embedding": "ngrams", "inputs": PLAIN, "C": 8.0, "dev_acc": 0.90, "test_acc": 0.9050},
        ]
    )
    comparisons = tables[3]
    base_rows = [
        {
            **comparisons.iloc[0].to_dict(),
            "kind": "baseline",
            "run_a": run,
            "run_b": "lr",
            "diff": d,
            "low": d - 0.004,
            "high": d + 0.004,
        }
        for run, d in (("vectors", 0.01), ("ngrams", -0.0025))
    ]
    variant = {
        **comparisons.iloc[0].to_dict(),
        "study": "",
        "kind": "variant",
        "run_a": baseline_name("ngrams", "model-inputs"),
        "run_b": baseline_name("ngrams", "plain-tfidf"),
        "diff": 0.0075,
        "low": 0.002,
        "high": 0.013,
    }
    rows = pd.concat([comparisons, pd.DataFrame([*base_rows, variant])], ignore_index=True)
    return tables[:3] + (rows, tables[4]), baselines


def _block(tables, baselines):
    summary, studies, epochs, comparisons, runs = tables
    claims = all_claims(summary, studies, epochs, comparisons, N_DEV, None, baselines)
    verdicts = check_all(Tables(runs, epochs, comparisons, studies, N_DEV, None, baselines), claims)
    f = study_findings(summary, studies, epochs, "inputs", comparisons, N_DEV, 10000)
    prose = Prose()
    return baselines_block(Study(f, claims, prose), baselines), claims, verdicts, prose


def test_the_variant_gain_is_a_checked_claim_and_its_sentence_rests_on_it():
    tables, baselines = _inputs_study()
    text, claims, verdicts, prose = _block(tables, baselines)
    (gain,) = [c for c in claims if c.kind == "variant_gain"]
    assert gain.subject == "ngrams" and gain.numbers["inputs"] == PLAIN
    assert all(v.ok for v in verdicts)
    assert (
        "the inputs the MLP uses score 0.75 points above plain TF-IDF (no NB scaling) (interval 0.20 to 1.30)" in text
    )
    assert (gain.numbers["low"], gain.numbers["high"]) == (0.002, 0.013)
    said = [t for t, used in prose.sentences if "plain TF-IDF" in t]
    assert said and all(any(c is gain for c in used) for t, used in prose.sentences if t in said)
    assert "on \\texttt{vectors} the MLP is 1.00 points above it" in text


def test_a_tampered_baselines_table_fails_the_variant_gain_check():
    tables, baselines = _inputs_study()
    summary, studies, epochs, comparisons, runs = tables
    claims = all_claims(summary, studies, epochs, comparisons, N_DEV, None, baselines)
    tampered = baselines.assign(test_acc=lambda b: b["test_acc"].where(b["inputs"] != PLAIN, 0.92))
    verdicts = check_all(Tables(runs, epochs, comparisons, studies, N_DEV, None, tampered), claims)
    bad = [v for v in verdicts if not v.ok]
    assert [v.claim.kind for v in bad] == ["variant_gain"] and PLAIN in bad[0].evidence


def test_the_summary_says_where_the_intervals_resolve_both_ways_and_the_caption_names_the_solver():
    from textmlp.report.baselines import _resolved_words, _solvers

    tables, baselines = _inputs_study()
    text, *_ = _block(tables, baselines.assign(solver="lbfgs"))
    assert "The MLP is resolved above logistic regression on one of the two inputs." in text
    assert "fitted by L-BFGS" in text and "(on a tie, the smallest C)" in text
    assert _resolved_words(1, 1, 3) == (
        "The MLP is resolved above logistic regression on one of the three inputs and below it on one"
    )
    assert _resolved_words(0, 2, 2) == "The MLP is resolved below logistic regression on every input"
    assert _resolved_words(0, 0, 3) == "No interval resolves the two apart on any of the three inputs"
    assert _resolved_words(1, 0, 1) == "The MLP is resolved above logistic regression on its input"
    assert _solvers(pd.DataFrame({"solver": ["lbfgs", "liblinear", "lbfgs"]})) == "L-BFGS and liblinear"


def test_a_variant_interval_that_disagrees_with_comparisons_is_caught():
    tables, baselines = _inputs_study()
    summary, studies, epochs, comparisons, runs = tables
    claims = all_claims(summary, studies, epochs, comparisons, N_DEV, None, baselines)
    moved = comparisons.assign(low=comparisons["low"].where(comparisons["kind"] != "variant", 0.001))
    verdicts = check_all(Tables(runs, epochs, moved, studies, N_DEV, None, baselines), claims)
    (bad,) = [v for v in verdicts if not v.ok]
    assert bad.claim.kind == "variant_gain" and "comparisons.csv: 0.007500 [0.001000, 0.013000]" in bad.evidence
