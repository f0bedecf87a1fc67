"""The findings of each study in English, written only from claims (:mod:`textmlp.results.claims`).

Each study opens with the answer to its homework question in two or three
sentences; at most one short paragraph of detail follows. Every sentence is
assembled from claims, and every claim is checked against the tables before
the report is built (:mod:`textmlp.results.check`), so a sentence says only
what a checked claim says. :class:`Prose` records which claims each sentence
rests on, for ``claims.csv``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from textmlp.latex import tex_sci
from textmlp.report.numbers import percent
from textmlp.report.words import NOUNS, capital, config_words, count_word, depth, join, number
from textmlp.results.claims import Claim, find
from textmlp.results.definitions import JUMP
from textmlp.results.findings import StudyFindings


@dataclass
class Prose:
    """Sentences and the claims each rests on."""

    sentences: list[tuple[str, list[Claim]]] = field(default_factory=list)

    def say(self, text: str, claims: Sequence[Claim | None]) -> str:
        used = [c for c in claims if c is not None]
        self.sentences.append((text, used))
        return text

    def used(self) -> dict[int, list[str]]:
        """id(claim) -> the sentences that cite it."""
        out: dict[int, list[str]] = {}
        for text, claims in self.sentences:
            for c in claims:
                out.setdefault(id(c), []).append(text)
        return out


@dataclass
class Study:
    """What the sentences of one study need: its facts, its claims, and the other studies'."""

    f: StudyFindings
    claims: Sequence[Claim]
    prose: Prose
    others: Mapping[str, "Study"] = field(default_factory=dict)  # study name -> Study
    sections: Mapping[str, str] = field(default_factory=dict)  # study name -> LaTeX label

    @property
    def study(self) -> str:
        return self.f.study

    def name(self, run: str) -> str:
        """How a sentence names the configuration: 'the model with two hidden layers' (their width
        said once in the study's introduction, when all share it), 'tanh', 'learning rate 0.02'."""
        label = self.f.ranked.set_index("run").loc[run, "label"]
        words = config_words(self.f, label)
        if self.f.vary == "hidden":
            n = depth(self.row(run)["hidden"])
            if n == 0:
                return "the linear model"
            widths = {w for h in self.f.ranked["hidden"] for w in json.loads(str(h))}
            return (
                f"the model with {count_word(n)} hidden layer{'s' if n > 1 else ''}"
                if len(widths) == 1
                else (f"the model with {words}")
            )
        return words

    def names(self, runs: Sequence[str], conj: str = "and") -> str:
        return join([self.name(r) for r in runs], conj)

    def row(self, run: str):
        return self.f.ranked.set_index("run").loc[run]

    def get(self, kind: str, run: str | None = None, scope: str = "some") -> Claim | None:
        return find(self.claims, kind, self.study, run, scope)

    def all_of(self, kind: str) -> list[Claim]:
        return [c for c in self.claims if c.kind == kind and c.study == self.study and c.scope == "some"]

    def runs(self) -> list[str]:
        return list(self.f.ranked.sort_values("order")["run"])

    @property
    def noun(self) -> str:
        return NOUNS.get(self.f.vary, "configuration")


def pts(x: float) -> str:
    return f"{number(100 * x)} points"


def interval_text(n: Mapping) -> str:
    return f"{pts(n['diff'])}, interval {number(100 * n['low'])} to {number(100 * n['high'])}"


# --- clauses, one per kind of claim -------------------------------------------------------------


def best_clause(s: Study) -> tuple[str, list[Claim]]:
    c = s.get("best_dev")
    n = c.numbers
    text = f"dev chooses {s.name(c.subject)} ({percent(n['dev'])} on dev, {percent(n['test'])} on test"
    if n["tie"]:
        text += f"; tied on dev with {s.name(n['runner_up'])}, listed first wins"
    t = s.get("best_test")
    if t is not None and t.subject != c.subject:
        text += f"), while {s.name(t.subject)} has the best mean on test ({percent(t.numbers['test'])})"
        return text, [c, t]
    return text + ")", [c]


def resolved_clause(s: Study, ref: str, who: str | None = None) -> tuple[str, list[Claim]]:
    """'on test, only A is resolved above B' and the like, from the resolved_set claim of ``ref``."""
    c = s.get("resolved_set", ref)
    if c is None:
        return "", []
    above, below = c.numbers["above"], c.numbers["below"]
    others = [r for r in s.runs() if r != ref]
    who = who or s.name(ref)
    parts = []
    if above:
        only = "only " if len(above) < len(others) else ""
        verb = "is" if len(above) == 1 else "are"
        diffs = "; ".join(f"{interval_text(c.numbers['diffs'][r])}" for r in above)
        parts.append(f"{only}{s.names(above)} {verb} resolved above {who} ({diffs})")
    if below:
        verb = "is" if len(below) == 1 else "are"
        parts.append(f"{s.names(below)} {verb} resolved below it")
    if not above and not below:
        parts.append(f"no other {s.noun} is resolved above or below {who}")
    elif not above:
        parts.append(f"none is resolved above {who}")
    return "on test, " + "; ".join(parts), [c]


SHAPE_WORDS = {
    "overfits": "overfit{s}: the dev loss climbs from its lowest point while the train loss keeps falling",
    "climbs": "the dev loss climbs from its lowest point while the train loss ends no lower than there",
    "together": "train and dev loss end together",
    "above": "the dev loss ends above the train loss without climbing",
    "below": "the train loss ends above the dev loss (it is averaged over an epoch while the weights still change)",
}


def respectively(values: Sequence[str]) -> str:
    return join(list(values)) + (", respectively" if len(values) > 1 else "")


def shape_clause(s: Study) -> tuple[str, list[Claim]]:
    """How the train and dev losses of every configuration end, grouped by shape."""
    every = [c for c in s.claims if c.study == s.study and c.scope == "all" and c.kind in SHAPE_WORDS]
    if every and every[0].kind != "overfits" and every[0].kind != "climbs":
        return f"for every {s.noun}, {SHAPE_WORDS[every[0].kind].replace('{s}', 's')}", [every[0]]
    parts, used = [], list(every)
    for kind in SHAPE_WORDS:
        claims = s.all_of(kind)
        if not claims:
            continue
        used += claims
        who = f"every {s.noun}" if every and every[0].kind == kind else s.names([c.subject for c in claims])
        plural = len(claims) > 1
        if kind in ("overfits", "climbs"):
            if who.startswith("every"):  # the epochs and climbs named one by one
                where = join([f"{s.name(c.subject)} from epoch {c.numbers['low_epoch']}" for c in claims])
                climbs = join([f"{c.numbers['climb']:.3f}" for c in claims])
            else:
                where = f"from epoch{'s' if plural else ''} " + respectively(
                    [str(c.numbers["low_epoch"]) for c in claims]
                )
                climbs = join([f"{c.numbers['climb']:.3f}" for c in claims])
            if kind == "overfits":
                verb = "overfits" if who.startswith("every") or not plural else "overfit"
                parts.append(
                    f"{who} {verb} ({where}): the dev loss then climbs by {climbs} while the train loss keeps falling"
                    if who.startswith("every")
                    else f"{who} {verb} {where} (the dev loss then climbs by {climbs} while the train loss keeps "
                    "falling)"
                )
            else:
                parts.append(
                    f"the dev loss of {who} climbs {where} (by {climbs}) while the train loss ends no lower than there"
                )
        elif kind == "together":
            parts.append(f"train and dev loss end together for {who}")
        elif kind == "above":
            gaps = respectively([f"{c.numbers['gap']:.3f}" for c in claims])
            parts.append(f"the dev loss of {who} ends above the train loss (by {gaps}) without climbing")
        else:
            parts.append(f"the train loss of {who} ends above the dev loss")
    return "; ".join(parts), used


def stability_clause(s: Study, among: set[str] | None = None) -> tuple[str, list[Claim]]:
    """Which configurations (``among`` them, if given) have a seed whose dev loss jumps, and which none."""
    every = s.get("stable", None, scope="all")
    if every is not None:
        return f"no seed's dev loss jumps by more than {JUMP:g} from one epoch to the next", [every]
    shaky = [c for c in s.all_of("unstable") if among is None or c.subject in among]
    if not shaky:
        return "", []
    detail = join(
        [
            f"{s.name(c.subject)} ({count_word(c.numbers['seeds'])} of {count_word(c.numbers['of'])} seeds, "
            f"by up to {c.numbers['max_jump']:.3f})"
            for c in shaky
        ]
    )
    stable = [c for c in s.all_of("stable") if among is None or c.subject in among]
    tail = f"; no seed of {s.names([c.subject for c in stable])} does" if stable else ""
    return f"the dev loss jumps by more than {JUMP:g} between two epochs for {detail}{tail}", shaky + stable


def stall_clause(s: Study, among: set[str] | None = None) -> tuple[str, list[Claim]]:
    """The configurations (``among`` them, if given) whose train loss stalls."""
    claims = [c for c in s.all_of("stalls") if among is None or c.subject in among]
    if not claims:
        return "", []
    detail = join(
        [
            f"{s.name(c.subject)} from epoch {c.numbers['epoch']} ({c.numbers['train_at']:.3f} then, "
            f"{c.numbers['train_end']:.3f} at the end)"
            for c in claims
        ]
    )
    return f"the train loss stalls for {detail}", claims


def improving_clause(s: Study, run: str) -> tuple[str, list[Claim]]:
    c = s.get("improving", run)
    if c is None:
        return "", []
    n = c.numbers
    be = s.get("best_epoch", run)
    text = (
        f"{s.name(run)} is still improving when the budget ends (mean dev accuracy {percent(n['acc_mid'])} at "
        f"epoch {n['mid_epoch']}, {percent(n['acc_end'])} at epoch {n['end_epoch']}"
    )
    if be is not None:
        text += f"; its kept epoch averages {be.numbers['mean']:.1f} of {be.numbers['epochs']}"
    return text + ")", [c, be]


def sentence(s: Study, *clauses: tuple[str, list[Claim]], lead: str = "") -> str:
    """One sentence from clauses (empty ones skipped), recorded with the claims it rests on."""
    texts = [t for t, _ in clauses if t]
    if not texts:
        return ""
    claims = [c for _, cs in clauses for c in cs]
    return s.prose.say(capital(lead + "; ".join(texts)) + ".", claims)


# --- each study's answer ------------------------------------------------------------------------


def hidden_apart(s: Study) -> tuple[str, list[Claim]]:
    """'no two structures with hidden layers are resolved apart', when the resolved sets of every
    structure with hidden layers say so."""
    hidden = [r for r in s.runs() if depth(s.row(r)["hidden"]) > 0]
    sets = [s.get("resolved_set", r) for r in hidden]
    if len(hidden) < 2 or any(c is None for c in sets):
        return "", []
    if any(set(c.numbers["above"]) & set(hidden) for c in sets):
        return "", []
    return "no two structures with hidden layers are resolved apart", sets


def _depth_step(s: Study) -> tuple[str, list[Claim]]:
    """A pair (deeper, shallower) where the deeper is not resolved above the shallower, if any."""
    runs = sorted(s.runs(), key=lambda r: depth(s.row(r)["hidden"]))
    for deeper in reversed(runs):
        for shallower in runs:
            if depth(s.row(shallower)["hidden"]) >= depth(s.row(deeper)["hidden"]):
                continue
            c = s.get("resolved_set", shallower)
            if c is not None and deeper not in c.numbers["above"]:
                d = c.numbers["diffs"][deeper]
                return (
                    f"but {s.name(deeper)} is not resolved above {s.name(shallower)} ({interval_text(d)})",
                    [c],
                )
    return "", []


def structures(s: Study) -> list[str]:
    out = []
    linear = [r for r in s.runs() if depth(s.row(r)["hidden"]) == 0]
    step = _depth_step(s)
    verdict = resolved_clause(s, linear[0], "the linear model") if linear else ("", [])
    if step[0]:
        lead = "More depth is not always measurably better: "
    elif s.all_of("resolved_set"):
        lead = "Here every deeper structure is measurably better than every shallower one: "
    else:
        lead = ""
    first = (f"{verdict[0]}, {step[0]}" if verdict[0] and step[0] else verdict[0] or step[0], verdict[1] + step[1])
    out.append(sentence(s, best_clause(s), first, lead=lead))
    out.append(sentence(s, shape_clause(s), stability_clause(s), lead="Train and dev loss: "))
    deepest = max(s.runs(), key=lambda r: depth(s.row(r)["hidden"]))
    lrs = {float(s.row(r)["lr"]) for r in s.runs()}
    why = []
    if len(lrs) > 1:
        lr = float(s.row(deepest)["lr"])
        why.append(
            (
                f"the recipes of this study change the learning rate with the structure ({min(lrs):g} to {max(lrs):g}; "
                f"{lr:g} for {s.name(deepest)}), so this table cannot separate depth from learning rate",
                [],
            )
        )
        why.append(improving_clause(s, deepest))
    same = [o for o in s.others.values() if o.f.vary == "hidden" and o.study != s.study and "lr" in o.f.fixed]
    if same:
        o = same[0]
        where = f"; Section~\\ref{{{s.sections[o.study]}}}" if o.study in s.sections else ""
        recipe = (
            f"learning rate {float(o.f.fixed['lr']):g}, {int(o.f.fixed['epochs'])} epochs"
            if "epochs" in o.f.fixed
            else ""
        )
        o_linear = [r for r in o.runs() if depth(o.row(r)["hidden"]) == 0]
        best, claims = best_clause(o)
        res = resolved_clause(o, o_linear[0], "the linear model") if o_linear else ("", [])
        apart = hidden_apart(o)
        why.append(
            (
                f"under one recipe for every structure ({recipe}{where}), {best}"
                + (f", and {res[0]}" if res[0] else "")
                + (f", while {apart[0]}" if apart[0] else ""),
                claims + res[1] + apart[1],
            )
        )
    out.append(sentence(s, *why, lead="Why: "))
    return out


def one_recipe_depth(s: Study) -> list[str]:
    out = []
    linear = [r for r in s.runs() if depth(s.row(r)["hidden"]) == 0]
    out.append(
        sentence(
            s,
            best_clause(s),
            resolved_clause(s, linear[0], "the linear model") if linear else ("", []),
            hidden_apart(s),
            lead="With the learning rate and budget held fixed, ",
        )
    )
    improving = [improving_clause(s, r) for r in s.runs() if s.get("improving", r)]
    if improving:
        out.append(sentence(s, *improving))
    else:
        bests = [s.get("best_epoch", r) for r in s.runs()]
        detail = ", ".join(f"{b.numbers['mean']:.1f}" for b in bests)
        out.append(
            s.prose.say(
                f"None is still improving when the budget ends (kept epochs average {detail} of "
                f"{bests[0].numbers['epochs']}, in the order of the table).",
                bests,
            )
        )
    grads = [s.get("gradients", r) for r in s.runs()]
    grads = [g for g in grads if g is not None and len(g.numbers["rms"]) > 2]
    if grads:
        g = max(grads, key=lambda c: len(c.numbers["rms"]))
        rms = g.numbers["rms"]
        values = join([tex_sci(v) for v in rms])
        low = min(range(len(rms) - 1), key=lambda i: rms[i])
        out.append(
            s.prose.say(
                f"In {s.name(g.subject)} the weight gradient's root mean square, averaged over epochs and seeds, is "
                f"{values} from the first layer to the output layer (Figure~\\ref{{fig:gradients-{s.study}}})"
                + (
                    f": the least reaches layer {low + 1}, {rms[-1] / rms[low]:.0f} times less than the output layer."
                    if rms[low] < rms[-1]
                    else ": no hidden layer gets less than the output layer."
                ),
                [g],
            )
        )
    out.append(sentence(s, shape_clause(s), stability_clause(s), lead="Train and dev loss: "))
    return out


def activations(s: Study) -> list[str]:
    out = [sentence(s, best_clause(s), resolved_clause(s, s.get("best_dev").subject, "it"))]
    out.append(sentence(s, stability_clause(s), shape_clause(s), lead="Training: "))
    tanh = [o for o in s.others.values() if o.f.vary == "lr" and str(o.f.fixed.get("activation")) == "tanh"]
    if tanh:
        o = tanh[0]
        rates = sorted(o.runs(), key=lambda r: float(o.row(r)["lr"]))
        small, large = rates[0], rates[-1]
        cs, cl = o.get("stable", small) or o.get("unstable", small), o.get("stable", large) or o.get("unstable", large)
        where = f" (Section~\\ref{{{s.sections[o.study]}}})" if o.study in s.sections else ""
        lr_s, lr_l = float(o.row(small)["lr"]), float(o.row(large)["lr"])
        state = {"stable": "stable", "unstable": "unstable"}
        text = (
            f"Tested{where}: at learning rate {lr_s:g} instead of {lr_l:g}, tanh's dev loss is "
            f"{state[cs.kind]}"
            + (
                f" ({count_word(cs.numbers['seeds'])} of {count_word(cs.numbers['of'])} seeds jump)"
                if cs.kind == "unstable"
                else ""
            )
            + f", against {state[cl.kind]} at {lr_l:g}"
        )
        if cs.kind == "stable" and cl.kind == "unstable":
            text += ", so for tanh this recipe's learning rate is too large"
        out.append(o.prose.say(text + ".", [cs, cl]))
    return out


def learning_rates(s: Study) -> list[str]:
    rates = sorted(s.runs(), key=lambda r: float(s.row(r)["lr"]))
    out = []
    small = improving_clause(s, rates[0])
    if small[0]:
        out.append(sentence(s, small, lead="Too small: "))
    best = s.get("best_dev").subject
    out.append(sentence(s, best_clause(s), resolved_clause(s, best, "it")))
    above = set(rates[rates.index(best) + 1 :])
    out.append(sentence(s, stall_clause(s, above), stability_clause(s, above), lead="Too large: "))
    return out


def generic(s: Study) -> list[str]:
    best = s.get("best_dev").subject
    return [
        sentence(s, best_clause(s), resolved_clause(s, best, "it")),
        sentence(s, shape_clause(s), stability_clause(s), lead="Train and dev loss: "),
    ]


def answer(s: Study) -> list[str]:
    """The study's answer, in order, without empty sentences."""
    if s.f.vary == "hidden":
        texts = structures(s) if "lr" not in s.f.fixed else one_recipe_depth(s)
    elif s.f.vary == "activation":
        texts = activations(s)
    elif s.f.vary == "lr" and len(s.runs()) > 2:
        texts = learning_rates(s)
    else:
        texts = generic(s)
    return [t for t in texts if t]


def findings_paragraph(s: Study) -> str:
    return " ".join(answer(s)) + "\n"


def chance_and_divergence(s: Study) -> str:
    """A sentence on seeds stuck at chance level or diverged, when any."""
    parts, used = [], []
    for c in s.all_of("chance"):
        parts.append(
            f"{count_word(c.numbers['stuck'])} of the {count_word(c.numbers['seeds'])} seeds of "
            f"{s.name(c.subject)} never left chance level"
        )
        used.append(c)
    for c in s.all_of("diverged"):
        parts.append(
            f"{count_word(c.numbers['seeds'])} of the {count_word(c.numbers['of'])} seeds of {s.name(c.subject)} "
            f"diverged and {'was' if c.numbers['seeds'] == 1 else 'were'} stopped"
        )
        used.append(c)
    return s.prose.say(capital("; ".join(parts)) + ".", used) if parts else ""


NameOf = Callable[[str], str]
