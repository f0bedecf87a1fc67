"""Which rules an edit to one package module reruns: the rules whose `code`
param (the digest of the modules their script imports, textmlp.provenance.code_digest)
changes. File boundaries are rerun boundaries; this table holds them, and
docs/reproducibility.md explains them. (test_imdb_run.py checks the same on a
finished small run, with Snakemake's own dry run.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from textmlp.provenance import imported_modules

#: The rules that compute data, word vectors, features or models: what no edit
#: to wording, LaTeX, figures or the config's checks may rerun.
COMPUTING = {
    "download",
    "download_table",
    "download_glove",
    "split",
    "word2vec",
    "glove",
    "features",
    "tfidf",
    "baseline",
    "train",
    "word2vec_candidate",
}
FIGURES = {"figure_studies", "figure_losses", "figure_gradients"}

#: module edited -> the rules whose code digest changes.
RERUNS = {
    # a LaTeX helper and the characters the report can set: the LaTeX writers only
    "src/textmlp/latex.py": {"activation_figure", "derivations", "report_inputs", "report_appendix", "report"},
    "src/textmlp/charset.py": {"activation_figure", "derivations", "report_inputs", "report_appendix", "report"},
    # the experiment's checks and messages: the report's inputs only (the Snakefile reads it at parse time)
    "src/textmlp/config.py": {"report_inputs"},
    "src/textmlp/captions.py": {"report_inputs"},
    # the report's wording
    "src/textmlp/report/words.py": {"report_inputs"},
    "src/textmlp/report/writeup.py": {"report_inputs"},
    # a figure's style: the figures
    "src/textmlp/results/figure_style.py": {*FIGURES, "activation_figure", "report_inputs"},
    # the parameter table's words and tokens: tables, figures, report; no training
    "src/textmlp/parameters.py": {
        *FIGURES,
        "aggregate",
        "timings",
        "word2vec_study",
        "activation_figure",
        "derivations",
        "report_inputs",
        "report_appendix",
    },
    # the training loop and the optimizer: training and what reads its code
    "src/textmlp/train/loop.py": {"train"},
    "src/textmlp/models/optim.py": {"train", "report_inputs"},  # the report states Adam's settings
    # the tokenizer: everything made from text
    "src/textmlp/features/tokenize.py": {
        "audit",
        "word2vec",
        "glove",
        "features",
        "tfidf",
        "baseline",
        "train",
        "compare",
        "manifest",
        "word2vec_candidate",
        "word2vec_study",
        "report_inputs",
    },
}


def rule_scripts() -> list[tuple[str, str]]:
    """(rule, its script) for every rule that runs one (a rule may be declared
    twice, once per data kind, with different scripts)."""
    pairs = []
    for smk in sorted((REPO / "workflow/rules").glob("*.smk")):
        rule = None
        for line in smk.read_text().splitlines():
            found = re.match(r"\s*rule (\w+):", line)
            rule = found.group(1) if found else rule
            code = re.search(r'code=code\("(\w+\.py)"\)', line)
            if code:
                pairs.append((rule, code.group(1)))
    return pairs


def rerun_by(module: str) -> set[str]:
    dotted = module.removeprefix("src/").removesuffix(".py").replace("/", ".")
    return {rule for rule, script in rule_scripts() if dotted in imported_modules(REPO / "workflow/scripts" / script)}


@pytest.mark.parametrize("module", sorted(RERUNS))
def test_an_edit_reruns_the_rules_whose_code_it_is(module):
    assert (REPO / module).is_file()
    assert rerun_by(module) == RERUNS[module]


@pytest.mark.parametrize(
    "module",
    [f"src/textmlp/{m}.py" for m in ("latex", "charset", "config", "captions", "parameters")]
    + sorted(p.relative_to(REPO).as_posix() for p in (REPO / "src/textmlp/report").glob("*.py")),
)
def test_wording_latex_and_the_config_checks_rerun_no_computation(module):
    assert not rerun_by(module) & COMPUTING, module


def test_the_table_knows_every_rule():
    rules = {rule for rule, _ in rule_scripts()}
    assert COMPUTING <= rules and set().union(*RERUNS.values()) <= rules
    assert Path(REPO / "workflow/scripts/split_table.py").is_file()
