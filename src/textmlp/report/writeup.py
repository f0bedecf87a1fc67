"""The findings of each study in English, rendered from :mod:`textmlp.results.findings`.

Each study gets two to four sentences that answer its homework question from
the measured facts: which configuration dev chooses and whether its lead is
resolved on test (95% paired-bootstrap intervals), the study's own question
(depth, activation, learning rate, input), and how training behaved. Every
sentence is chosen by a fact, so it stays true whatever the numbers are; the
wording never exposes a parameter name or a code name.
"""

from __future__ import annotations

from textmlp.report.numbers import percent
from textmlp.report.questions import STUDY_QUESTIONS, Context
from textmlp.report.words import (
    NOUNS,
    capital,
    config_words,
    configs_words,
    count_word,
    interval,
    join,
    level_text,
    points,
    subject,
)
from textmlp.results.findings import OVERFIT_GAP, StudyFindings


def verdict(f: StudyFindings, ctx: Context) -> str:
    """Which configuration dev chooses, and whether its lead holds on test."""
    b = f.best
    noun = NOUNS.get(f.vary, "configuration")
    text = (
        f"{subject(f, b['label'])} has the best mean dev accuracy "
        f"({percent(b['best_dev_acc_mean'])}, {percent(b['test_acc_mean'])} on test)"
    )
    if f.runner_up is None:
        return text + "."
    if f.tie:
        text += (
            f", exactly tied with {config_words(f, f.runner_up['label'])} on dev; the tie goes to the one listed first"
        )
    if not f.diffs:
        return text + "."
    ahead = [lab for lab in f.resolved if f.diffs[lab].diff > 0]
    behind = [lab for lab in f.resolved if f.diffs[lab].diff < 0]
    open_ = [lab for lab in f.ranked["label"] if lab in f.diffs and not f.diffs[lab].resolved]
    words = {lab: config_words(f, lab) for lab in f.diffs}
    if not open_ and not behind:
        closest = min(ahead, key=lambda lab: f.diffs[lab].diff)
        d = f.diffs[closest]
        return text + (
            f". On test it beats every other {noun}, each difference with a {level_text(f.level)} "
            "interval above zero; "
            f"the smallest lead, over {words[closest]}, is {points(d.diff)} ({interval(d)})."
        )
    parts = []
    if ahead:
        parts.append(
            f"on test it is ahead of {configs_words(f, ahead)} (interval{'s' if len(ahead) > 1 else ''} above zero)"
        )
    if behind:
        parts.append(
            f"on test it is behind {configs_words(f, behind)} "
            f"(interval{'s' if len(behind) > 1 else ''} below zero), so the choice on dev does not carry "
            "over to test there"
        )
    if open_:
        first = open_[0]  # the best-ranked unresolved one
        d = f.diffs[first]
        others = open_[1:]
        if not ahead and not behind and len(open_) == len(f.diffs) > 2:
            scope = f"from that of any other {noun}"
        else:
            scope = "from " + configs_words(f, open_, "or")
        what = "the difference" + (f" from {words[first]}" if others else "")
        if others and first == f.runner_up["label"]:
            what += ", the runner-up on dev,"
        if not ahead and not behind:
            lead = f"its test accuracy is not distinguishable {scope}: {what} is {points(d.diff)} ({interval(d)})"
        else:
            lead = f"it is not distinguishable {scope}: {what} is {points(d.diff)} ({interval(d)})"
        parts.append(lead)
    return text + ". " + capital("; ".join(parts)) + "."


def dynamics(f: StudyFindings) -> str:
    """How training went, for every configuration: overfitting, a gap between
    train and dev loss, the two together, chance-level seeds, divergence, dev vs test."""
    clauses = []
    done = set(f.unstable) if f.vary in ("activation", "lr") else set()
    over = [lab for lab in f.trends if f.trends[lab].overfits]
    if over:
        parts = [
            f"{config_words(f, lab)} from epoch {f.trends[lab].overfit_from} (its dev loss then climbs by "
            f"{f.trends[lab].climb:.3f} while its train loss keeps falling)"
            for lab in over
        ]
        clauses.append("overfitting shows for " + join(parts))
    shaky = set(f.unstable)
    gapped = [lab for lab in f.trends if f.trends[lab].gap_only and lab not in shaky]
    if gapped:
        parts = [
            f"{config_words(f, lab)} (by {f.trends[lab].final_gap:.3f}, train loss {f.trends[lab].final_train:.3f})"
            for lab in gapped
        ]
        clauses.append("the dev loss ends above the train loss without climbing for " + join(parts))
    together = [
        lab
        for lab in f.trends
        if lab not in over and lab not in gapped and lab not in shaky and f.trends[lab].final_gap >= -OVERFIT_GAP
    ]
    below = [lab for lab in f.trends if f.trends[lab].final_gap < -OVERFIT_GAP and lab not in shaky]
    if together:
        noun = NOUNS.get(f.vary, "configuration")
        who = (
            f"every {noun}"
            if len(together) == len(f.trends)
            else f"every {noun} but {configs_words(f, sorted(shaky & set(done)))}, whose dev loss is unstable"
            if set(f.trends) - set(together) == shaky & set(done)
            else configs_words(f, together)
        )
        clauses.append(f"train and dev loss end together for {who}")
    if below:
        clauses.append(
            "the train loss stays above the dev loss for "
            + configs_words(f, below)
            + " (it is averaged over each epoch while the weights still change)"
        )
    unstable = [lab for lab in f.unstable if lab not in done and lab not in over]
    if unstable:
        clauses.append(
            "the dev loss of "
            + configs_words(f, unstable)
            + f" jumps by up to {max(f.trends[lab].max_jump for lab in unstable):.2f} between epochs"
        )
    for label, stuck, seeds in f.chance:
        kind = (
            "so its mean describes no seed (the figures draw its seeds one by one)"
            if stuck < seeds
            else "so it learned nothing"
        )
        clauses.append(
            f"{count_word(stuck)} of the {count_word(seeds)} seeds of {config_words(f, label)} never "
            f"left chance level, {kind}"
        )
    if f.diverged:
        clauses.append(
            "runs of " + configs_words(f, f.diverged) + " diverged and were stopped (kept in the table and figures)"
        )
    if f.dev_test is not None and f.dev_test.disagree:
        dt = f.dev_test
        clauses.append(
            f"the best configuration's dev accuracy ({percent(dt.dev)}) and test accuracy ({percent(dt.test)}) "
            f"differ by more than sampling explains (95\\% half-width {100 * dt.half_width:.2f} points): "
            "dev and test may not come from the same distribution"
        )
    return capital("; ".join(clauses)) + "." if clauses else ""


def findings_paragraph(f: StudyFindings, ctx: Context | None = None) -> str:
    ctx = ctx or Context()
    question = STUDY_QUESTIONS.get(f.vary)
    sentences = [verdict(f, ctx), *(question(f, ctx) if question else []), dynamics(f)]
    return " ".join(s for s in sentences if s) + "\n"
