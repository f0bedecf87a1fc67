"""The report's generated inputs from the results' files: claims checked, then LaTeX written.

:func:`report_inputs` is what rule ``report_inputs`` runs: it reads the aggregated tables,
derives the claims (:mod:`textmlp.results.claims`) and checks every one against the tables
(:mod:`textmlp.results.check`) before any sentence is kept; a false claim raises
:class:`textmlp.results.check.ClaimError`, so nothing is written. It returns the texts of the
rule's outputs; the glue script writes them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from textmlp.report.claims_table import claims_sentence, claims_table
from textmlp.report.questions import Context
from textmlp.report.sections import dev_gap_sentence, results_macros, setup_section, unlabeled_overlap_note
from textmlp.report.studies import detail_appendix, losses_appendix, study_section
from textmlp.report.word_vectors import other_word_vectors, word2vec_study_table, word_vectors_text
from textmlp.report.words import embedding_name, input_names
from textmlp.report.writeup import Prose, Study
from textmlp.results.audit_tex import audit_tex
from textmlp.results.check import Tables, check_all, require_true
from textmlp.results.claims import all_claims
from textmlp.results.figures import figure_facts
from textmlp.results.findings import study_findings
from textmlp.results.tables import read_table
from textmlp.train.word2vec_study import verdict

log = logging.getLogger(__name__)


def _json(path: str) -> Any:
    with open(path) as f:
        return json.load(f)


def report_inputs(inputs: Any, params: Any) -> dict[str, str]:
    """``inputs``: the rule's input paths by name (summary, studies, epochs, runs, gradients, baselines,
    comparisons, split, audit, all_features, optionally word2vec_study); ``params``: its params by name.
    Returns {"macros", "programming", "appendix", "claims"}: the texts of the rule's outputs."""
    tables = {k: read_table(getattr(inputs, k)) for k in ("summary", "studies", "epochs", "runs", "gradients")}
    tables |= {k: read_table(getattr(inputs, k)) for k in ("baselines", "comparisons")}
    summary, studies, epochs, runs = (tables[k] for k in ("summary", "studies", "epochs", "runs"))
    gradients, baselines, comparisons = (tables[k] for k in ("gradients", "baselines", "comparisons"))
    split_stats = _json(inputs.split)
    sizes = split_stats["sizes"]
    level = params.statistics["level"]
    findings = [
        study_findings(summary, studies, epochs, s, comparisons, sizes["dev"], sizes["test"], level)
        for s in studies["study"].unique()
    ]
    for f in findings:  # inputs by what they are, not by their configuration names
        f.display = input_names(f, params.embedding_specs)
        f.inputs = {name: embedding_name(spec) for name, spec in params.embedding_specs.items()}
        # what the figures draw, so that each caption describes only that
        f.drawn = figure_facts(epochs, studies, f.study, split_stats["n_classes"], runs, gradients)
    claims = all_claims(
        summary, studies, epochs, comparisons, sizes["dev"], gradients, baselines, split_stats["n_classes"], runs
    )
    prose = Prose()
    # a study without a section of its own is still written (others quote its comparisons), but cited by no section
    shown = [f for f in findings if params.shown[f.study]]
    sections = {g.study: f"sec:study-{g.study}" for g in shown}
    written = {f.study: Study(f, claims, prose, sections=sections) for f in findings}
    for s in written.values():
        s.others = written
    ctx = Context(
        baselines=baselines,
        comparisons=comparisons,
        level=level,
        others={f.study: f for f in shown},  # what a section may point to: only studies with a section
    )

    embedding, study, study_tex = params.embedding, None, ""
    if getattr(inputs, "word2vec_study", None):
        table = read_table(inputs.word2vec_study)
        if embedding in set(table["base"]):
            study = verdict(table, embedding)
        study_tex = word2vec_study_table(table)
    audit = _json(inputs.audit)
    word_vectors = (
        word_vectors_text(embedding, params.embedding_spec, sizes, study, params.word2vec_study_declared)
        + other_word_vectors(embedding, params.embedding_specs)
        + unlabeled_overlap_note(audit, params.embedding_specs)
    )
    columns = {name: _json(path)["dim"] for name, path in zip(params.used_embeddings, inputs.all_features)}
    # every claim checked against the tables before anything is written: a false one stops the build
    verdicts = check_all(Tables(runs, epochs, comparisons, studies, sizes["dev"], gradients, baselines), claims)
    imdb = params.data.get("kind", "imdb") == "imdb"
    published = {"n_test": sizes["test"], "n_train": sizes["train"], "level": level} if imdb else None
    # the studies first: the set-up defines only the words their sentences use
    sections = [
        study_section(
            written[f.study], ctx, baselines, published, params.embedding_specs, columns, params.beyond[f.study]
        )
        for f in shown
    ]
    programming = setup_section(
        split_stats,
        params.data["name"],
        params.seeds,
        word_vectors,
        params.statistics,
        audit_tex(audit, params.data["name"]),
        study_tex,
        "~\\cite{maas2011}" if published else "",
        dev_gap_sentence(next((c for c in claims if c.kind == "dev_gap"), None), prose),
        prose.kinds(),
        any(numbers for _, numbers in sections),
    )
    programming += "".join(text for text, _ in sections)
    table = claims_table(verdicts, prose)
    require_true(verdicts)
    if not params.header["author"].strip():
        log.warning("report.author is not set in config.yaml: the title page of report/hw3.pdf names no author")
    return {
        "macros": results_macros(params.header, params.figures, params.tex_inputs),
        "programming": programming,
        "appendix": detail_appendix([numbers for _, numbers in sections], claims_sentence(table))
        + losses_appendix(shown, {c.subject for c in claims if c.kind == "erratic"}),
        "claims": table.to_csv(index=False),
    }
