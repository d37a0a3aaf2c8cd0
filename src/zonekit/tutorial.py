"""Self-checking exercises for the guided tutorials in ``notebooks/tutorials/``.

:func:`check` takes an exercise name and an answer and says at once whether the answer is right.
The expected answer is never stored: it is computed from the data (by default the bundled plan,
or the ``plan`` you pass) every time you check, so the exercises stay true when the plan, the
codebook or the pipeline change. A wrong answer comes with a hint.

:func:`exercises` lists every exercise with its prompt; :func:`progress` shows which ones you
have passed in this session.

Examples
--------
>>> from zonekit import tutorial
>>> result = tutorial.check("reading-n-tasks", 3, quiet=True)
>>> bool(result), result.hint != ""
(False, True)
>>> plan = load_plan()
>>> bool(tutorial.check("reading-n-tasks", len(plan.tasks), quiet=True))
True
"""

from __future__ import annotations

import difflib
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from . import measures as M
from .codebook import Codebook, Entity
from .markup import esc
from .plan import Plan, load_plan
from .read import Source

__all__ = ["check", "exercises", "progress", "near_miss", "unknown_exercise", "CheckResult",
           "Exercise", "TUTORIALS",
           "NEW_INSTRUMENT", "ZH_SENTENCE"]

#: The tutorial notebooks (file stems in ``notebooks/tutorials/``) and their titles.
TUTORIALS = {
    "01.00-Reading-A-Plan-As-Data": "Reading a plan as data",
    "02.00-Coding-A-Policy-With-A-Codebook": "Coding a policy with a codebook",
    "03.00-Networks-With-This-Plan": "Networks with this plan",
    "04.00-Making-A-Chart-For-A-Briefing": "Making a chart for a briefing",
}

#: The instrument the codebook tutorial asks you to add (the question, not its answer).
NEW_INSTRUMENT = {"id": "offshore-trade", "kind": "instrument",
                  "label": "Offshore international trade", "tool_type": "demand",
                  "aliases": ["offshore international trade"]}

#: A Chinese plan text (a heading and one task) the codebook tutorial asks you to code.
ZH_SENTENCE = "一、开放合作\n支持香港和澳门的专业服务机构与北京开展合作。"

_OK, _NO = "#009E73", "#D55E00"  # Okabe-Ito bluish green and vermillion


# ------------------------------------------------------------------------------------ results

@dataclass
class CheckResult:
    """The outcome of :func:`check`: truthy when the answer is right.

    Attributes
    ----------
    name : str
        The exercise.
    passed : bool
        Whether the answer is right.
    message : str
        What was found (on success it may repeat the answer).
    hint : str
        A hint towards the answer; empty on success.

    Examples
    --------
    >>> r = CheckResult("demo", False, "Not quite.", "Count the rows.")
    >>> bool(r), str(r)
    (False, '✗ demo: Not quite.\\n  Hint: Count the rows.')
    """

    name: str
    passed: bool
    message: str
    hint: str = ""
    _shown_at: Any = field(default=None, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.passed)

    def __str__(self) -> str:
        mark = "✓" if self.passed else "✗"
        text = f"{mark} {self.name}: {self.message}"
        if self.hint:
            text += f"\n  Hint: {self.hint}"
        return text

    def _repr_html_(self) -> str:
        colour = _OK if self.passed else _NO
        mark = "✓ Correct" if self.passed else "✗ Not yet"
        hint = (f"<div><b>Hint:</b> {esc(self.hint)}</div>" if self.hint else "")
        return (f'<div class="zonekit-check" style="border-left:4px solid {colour};'
                f'padding:0.3em 0.8em;margin:0.3em 0">'
                f'<b style="color:{colour}">{mark}</b> &middot; <code>{esc(self.name)}'
                f"</code><div>{esc(self.message)}</div>{hint}</div>")

    def _ipython_display_(self) -> None:
        # Shown once per cell: check() displays the result at once, so the same object ending
        # the cell is not shown a second time; displaying it in a later cell shows it again.
        ip = _ipython()
        count = getattr(ip, "execution_count", None)
        if self._shown_at is not None and self._shown_at == count:
            return
        self._shown_at = count
        from IPython.display import display

        display({"text/plain": str(self), "text/html": self._repr_html_()}, raw=True,
                metadata={"zonekit": {"check": self.name, "passed": bool(self.passed)}})


@dataclass(frozen=True)
class Exercise:
    """One exercise: its name, notebook, prompt, hint and the judge that checks an answer.

    ``judge(answer, plan)`` returns ``(passed, message)`` and computes what it expects from
    ``plan``.

    Attributes
    ----------
    name : str
        What :func:`check` is called with.
    notebook : str
        The tutorial notebook stem (one of :data:`TUTORIALS`).
    prompt, hint : str
        The question, and a hint shown after a wrong answer.
    judge : callable
        ``judge(answer, plan) -> (passed, message)``.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> ex = Exercise("n_tasks", "01.00-Reading-A-Plan-As-Data", "How many tasks?", "Count rows.",
    ...               judge=lambda answer, plan: (answer == len(plan.tasks),
    ...                                           f"{len(plan.tasks)} tasks"))
    >>> plan = load_plan(Source.from_text("We will support banks. We must support trade."))
    >>> ex.judge(2, plan), ex.judge(3, plan)
    ((True, '2 tasks'), (False, '2 tasks'))
    """

    name: str
    notebook: str
    prompt: str
    hint: str
    judge: Callable[[Any, Plan], tuple[bool, str]] = field(repr=False)


_EXERCISES: dict[str, Exercise] = {}
_LOG: dict[str, bool] = {}


def _ipython():
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()


# ------------------------------------------------------------------------ public functions

def check(name: str, answer, plan: Plan | None = None, *, quiet: bool = False) -> CheckResult:
    """Check an answer to a tutorial exercise and show the feedback at once.

    Parameters
    ----------
    name : str
        The exercise, as listed by :func:`exercises`.
    answer : object
        Your answer: a number, an entity id or label, a list of ids, a Plan or a figure, as the
        prompt asks.
    plan : Plan, optional
        The data the expected answer is computed from (default: the bundled plan, loaded
        afresh).
    quiet : bool
        Do not print or display the feedback (the result still holds it).

    Returns
    -------
    CheckResult
        Truthy when the answer is right, with a message and, when wrong, a hint. In Jupyter the
        feedback is displayed once; elsewhere it is printed.

    An unknown exercise name gives a failed result whose one line names the closest
    exercises (no traceback); ``answer=None`` (not answered yet) gives no hint.

    Examples
    --------
    >>> r = check("network-hk-neighbours", ["macao"], quiet=True)
    >>> r.passed, r.message
    (False, 'You have 1 of the right entities, and miss some.')
    >>> r = check("reading-n-task", 1)
    ✗ reading-n-task: There is no exercise 'reading-n-task'; did you mean reading-n-tasks? (tutorial.exercises() lists them all)
    >>> check("reading-n-tasks", None).hint
    ✗ reading-n-tasks: No answer yet: put your answer in place of None.
    ''
    >>> check("reading-who-task", "T14", quiet=True).message
    "You have 0 of the right task ids, plus 1 that should not be there, and miss some. 'T14' looks like 'T014': ids are written with three digits, like T001."
    """
    ex = _EXERCISES.get(name)
    if ex is None:
        result = CheckResult(str(name), False, unknown_exercise(name))
        if not quiet:
            _show(result)
        return result
    if plan is None:
        plan = load_plan()
    if answer is None:   # not tried yet (Run All): no hint, nothing logged
        result = CheckResult(ex.name, False, "No answer yet: put your answer in place of None.")
        if not quiet:
            _show(result)
        return result
    try:
        passed, message = ex.judge(answer, plan)
    except _Unreadable as e:
        passed, message = False, str(e)
    result = CheckResult(ex.name, bool(passed), message, "" if passed else ex.hint)
    _LOG[ex.name] = _LOG.get(ex.name, False) or result.passed
    if not quiet:
        _show(result)
    return result


def _show(result: CheckResult) -> None:
    if _ipython() is not None:
        from IPython.display import display

        display(result)
    else:
        print(result)


def unknown_exercise(name) -> str:
    """One line for a misspelt exercise name, with the closest names.

    Examples
    --------
    >>> unknown_exercise("reading-n-task")
    "There is no exercise 'reading-n-task'; did you mean reading-n-tasks? (tutorial.exercises() lists them all)"
    """
    def ratio(other):
        return difflib.SequenceMatcher(None, str(name), other).ratio()

    close = difflib.get_close_matches(str(name), list(_EXERCISES), n=3, cutoff=0.5)
    close = [c for c in close if ratio(c) >= ratio(close[0]) - 0.05] if close else []
    extra = f"; did you mean {' or '.join(close)}?" if close else "."
    return f"There is no exercise {name!r}{extra} (tutorial.exercises() lists them all)"


_ID = re.compile(r"^([A-Za-z]+)[-_ ]?0*(\d+)$")


def near_miss(got, want) -> str:
    """Why an answer that is not right is close to one that is: the id format, upper/lower
    case, or singular/plural. Empty when it is not close to any.

    Examples
    --------
    >>> near_miss("T14", {"T014"})
    "'T14' looks like 'T014': ids are written with three digits, like T001."
    >>> near_miss("hong kong", {"Hong Kong"})
    "'hong kong' differs from 'Hong Kong' only in upper and lower case."
    >>> near_miss("service", {"services"})
    "'service' is the singular of 'services': give the word as it is written."
    >>> near_miss("T15", {"T014"})
    ''
    """
    g = str(got).strip()
    for w in sorted(map(str, want)):
        if g == w:
            continue
        mg, mw = _ID.match(g), _ID.match(w)
        if mg and mw and mg.group(1).upper() == mw.group(1).upper() \
                and int(mg.group(2)) == int(mw.group(2)):
            digits = len(w) - len(mw.group(1))
            example = f"{mw.group(1)}{1:0{digits}d}"
            n = {2: "two", 3: "three", 4: "four"}.get(digits, str(digits))
            return f"{g!r} looks like {w!r}: ids are written with {n} digits, like {example}."
        if g.casefold() == w.casefold():
            return f"{g!r} differs from {w!r} only in upper and lower case."
        for a, b in ((g, w), (w, g)):
            lo_a, lo_b = a.casefold(), b.casefold()
            if lo_b in (lo_a + "s", lo_a + "es") or (lo_a.endswith("y")
                                                     and lo_b == lo_a[:-1] + "ies"):
                role = "singular" if a == g else "plural"
                return f"{g!r} is the {role} of {w!r}: give the word as it is written."
    return ""


def exercises(notebook: str | None = None) -> pd.DataFrame:
    """The exercises, in order: ``name, notebook, prompt``.

    Parameters
    ----------
    notebook : str, optional
        Only this tutorial: a notebook stem from :data:`TUTORIALS` or its start (``"01"``).

    Examples
    --------
    >>> ex = exercises("01")
    >>> ex.columns.tolist(), ex["notebook"].unique().tolist()
    (['name', 'notebook', 'prompt'], ['01.00-Reading-A-Plan-As-Data'])
    >>> len(exercises()) >= 4 * 3
    True
    """
    rows = [(e.name, e.notebook, e.prompt) for e in _EXERCISES.values()
            if notebook is None or e.notebook.startswith(notebook)]
    return pd.DataFrame(rows, columns=["name", "notebook", "prompt"])


def progress(notebook: str | None = None) -> pd.DataFrame:
    """Which exercises you have passed in this session: ``name, prompt, status``.

    ``status`` is ``"passed"``, ``"not yet"`` (tried, not passed) or ``"not tried"``.

    Parameters
    ----------
    notebook : str, optional
        Only this tutorial (see :func:`exercises`).

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> progress("01").columns.tolist()
    ['name', 'prompt', 'status']
    """
    ex = exercises(notebook)
    status = ex["name"].map(lambda n: {True: "passed", False: "not yet"}.get(_LOG.get(n),
                                                                             "not tried"))
    return ex[["name", "prompt"]].assign(status=status)


# ------------------------------------------------------------------------ reading answers

class _Unreadable(Exception):
    """An answer of the wrong shape; the message says what to give instead."""


def _items(answer) -> list:
    """The items of a collection answer (a single string is one item)."""
    if isinstance(answer, (str, int, float)) or answer is None:
        return [answer]
    if isinstance(answer, pd.DataFrame):
        raise _Unreadable("Give a list of ids, not a whole table (pick one column).")
    if isinstance(answer, pd.Series):
        return answer.tolist()
    if isinstance(answer, Mapping):
        return list(answer)
    if isinstance(answer, Iterable):
        return list(answer)
    return [answer]


def _single(answer):
    items = _items(answer)
    if len(items) != 1:
        raise _Unreadable(f"Give one answer, not {len(items)}.")
    return items[0]


def _as_int(answer) -> int:
    value = _single(answer)
    if isinstance(value, bool):
        raise _Unreadable("Give a whole number, not True or False.")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Unreadable(f"Give a whole number, not {type(value).__name__}.") from None
    if not number.is_integer():
        raise _Unreadable(f"Give a whole number, not {number}.")
    return int(number)


def _as_text(answer) -> str:
    value = _single(answer)
    if not isinstance(value, str):
        raise _Unreadable(f"Give a text answer, not {type(value).__name__}.")
    return value.strip()


def _entity_id(value, plan: Plan) -> str:
    """An entity id from an id, an English or Chinese label or an alias (any case)."""
    if not isinstance(value, str):
        raise _Unreadable(f"Give an entity id or label as text, not {type(value).__name__}.")
    return plan.codebook.resolve(value.strip()) or value.strip()


# ----------------------------------------------------------------------------- judges

def _count(solve: Callable[[Plan], int], unit: str):
    def judge(answer, plan):
        want, got = int(solve(plan)), _as_int(answer)
        if got == want:
            return True, f"Right: {want} {unit}."
        return False, f"Not quite: {got} is too {'high' if got > want else 'low'}."
    return judge


def _one_of(solve: Callable[[Plan], set], what: str, entity: bool = True):
    """The answer is one of the values in ``solve(plan)`` (several when there is a tie)."""
    def judge(answer, plan):
        want = {w if entity else str(w).casefold() for w in solve(plan)}
        items = _items(answer)
        norm = [_entity_id(v, plan) if entity else _as_text(v).casefold() for v in items]
        if len(norm) > 1:
            if set(norm) == want:
                return True, f"Right: {', '.join(sorted(want))} share the top place."
            raise _Unreadable(f"Give one {what}, not {len(norm)}.")
        got = norm[0]
        if got in want:
            tie = sorted(want - {got})
            tied = f" (tied with {', '.join(tie)})" if tie else ""
            return True, f"Right: {got}{tied}."
        why = near_miss(got, want | _names_of(want, plan) if entity else
                        {str(w) for w in solve(plan)})
        return False, f"Not quite: {got!r} is not the {what}." + (f" {why}" if why else "")
    return judge


def _names_of(ids, plan) -> set:
    """Ids and labels of entities, for near-miss explanations."""
    out = set()
    for e in plan.codebook:
        if e.id in ids:
            out |= {e.id, e.label}
    return out


def _same_set(solve: Callable[[Plan], set], what: str, entity: bool = True):
    """The answer is exactly the set ``solve(plan)`` (any order, duplicates ignored)."""
    def judge(answer, plan):
        want = set(solve(plan))
        items = _items(answer)
        got = {_entity_id(v, plan) if entity else _as_text(v) for v in items}
        if got == want:
            return True, f"Right: {', '.join(sorted(want))}."
        right, extra = len(got & want), len(got - want)
        message = f"You have {right} of the right {what}"
        if extra:
            message += f", plus {extra} that should not be there"
        if right < len(want):
            message += ", and miss some"
        targets = (want | _names_of(want, plan)) if entity else {str(w) for w in want}
        whys = [w for w in (near_miss(g, targets) for g in sorted(map(str, got - want))) if w]
        return False, message + "." + "".join(f" {w}" for w in whys)
    return judge


def _pair(solve: Callable[[Plan], set], what: str):
    def judge(answer, plan):
        want = solve(plan)
        items = _items(answer)
        if len(items) != 2:
            raise _Unreadable(f"Give a pair of two entity ids, not {len(items)} item(s).")
        got = frozenset(_entity_id(v, plan) for v in items)
        if got in want:
            return True, f"Right: {' and '.join(sorted(got))}."
        return False, f"Not quite: {' and '.join(sorted(got))} is not the {what}."
    return judge


def _argmax(values: Mapping) -> set:
    """Keys holding the largest value (ties kept; floats compared with a tolerance)."""
    if not values:
        return set()
    top = max(values.values())
    return {k for k, v in values.items() if math.isclose(v, top, rel_tol=1e-9, abs_tol=1e-12)}


def _register(name: str, notebook: str, prompt: str, hint: str, judge) -> None:
    if notebook not in TUTORIALS:
        raise ValueError(f"unknown tutorial {notebook!r}")
    _EXERCISES[name] = Exercise(name, notebook, prompt, hint, judge)


# ------------------------------------------------------------ 01: reading a plan as data

_T1 = "01.00-Reading-A-Plan-As-Data"


def _tasks_with(plan: Plan, kind: str, entity_id: str) -> set:
    return set(M.tasks_with(plan, entity_id))


def _n_tasks_by(plan: Plan, kind: str) -> dict:
    et = M.entity_tasks(plan, kind)
    return dict(zip(et["entity_id"], et["n_tasks"], strict=True))


_register(
    "reading-n-tasks", _T1,
    "How many tasks does the plan have?",
    "A task is one row of plan.tasks; len() counts rows.",
    _count(lambda p: len(p.tasks), "tasks"))
_register(
    "reading-top-modality", _T1,
    "Which modality (binding, supportive or exploratory) do the most tasks have?",
    "Count the values of the modality column: plan.tasks['modality'].value_counts().",
    _one_of(lambda p: _argmax(p.tasks["modality"].value_counts().to_dict()), "most common "
            "modality", entity=False))
_register(
    "reading-who-task", _T1,
    "Which task mentions the World Health Organization? Give its task_id.",
    "The partners column holds lists of entity ids; the WHO's id is 'who'. Filter the rows "
    "whose list contains it, or look it up in plan.mentions.",
    _same_set(lambda p: _tasks_with(p, "partner", "who"), "task ids", entity=False))
_register(
    "reading-health-words", _T1,
    "Which exact words of the plan were coded as the health sector in task T002? Give the "
    "distinct surface strings.",
    "Filter plan.mentions on task_id and entity_id and look at its surface column; each "
    "surface is plan.raw()[start:end].",
    _same_set(lambda p: set(p.mentions.loc[(p.mentions["task_id"] == "T002")
                                           & (p.mentions["entity_id"] == "health"), "surface"]),
              "words", entity=False))
_register(
    "reading-top-partner", _T1,
    "Which partner is coded on the most tasks? Give its id or label.",
    "plan.entities has one row per entity with its kind and n_tasks.",
    _one_of(lambda p: _argmax(_n_tasks_by(p, "partner")), "partner with the most tasks"))


# --------------------------------------------------- 02: coding a policy with a codebook

_T2 = "02.00-Coding-A-Policy-With-A-Codebook"


def _reference_entity() -> Entity:
    spec = dict(NEW_INSTRUMENT)
    return Entity(spec.pop("id"), spec.pop("kind"), spec.pop("label"),
                  aliases=tuple(spec.pop("aliases")), **spec)


def _reference_plan(plan: Plan) -> Plan:
    extended = plan.codebook.extend(Codebook([_reference_entity()]))
    return load_plan(plan.sources, codebook=extended)


def _alias_owner(plan: Plan, alias: str) -> set:
    return {e.id for e in plan.codebook if alias in (e.label, e.label_zh, *e.aliases,
                                                      *e.aliases_zh)}


def _judge_new_instrument(answer, plan: Plan):
    eid = NEW_INSTRUMENT["id"]
    if not all(hasattr(answer, a) for a in ("tasks", "entities", "codebook", "sources")):
        raise _Unreadable("Give the Plan you loaded with your codebook "
                          "(zonekit.load_plan(codebook=...)).")
    if eid not in answer.codebook:
        return False, f"Your plan's codebook has no entity with id {eid!r}."
    entity = answer.codebook[eid]
    for key in ("kind", "tool_type"):
        if getattr(entity, key) != NEW_INSTRUMENT[key]:
            return False, f"Your entity's {key} is {getattr(entity, key)!r}."
    missing = [e.id for e in plan.codebook if e.id not in answer.codebook]
    if missing:
        return False, (f"Your codebook lost {len(missing)} entities of the default one: "
                       "extend the default codebook instead of replacing it.")
    if [s.doc_id for s in answer.sources] != [s.doc_id for s in plan.sources]:
        return False, "Your plan was built from other documents: load the bundled plan."
    want = _tasks_with(_reference_plan(plan), "instrument", eid)
    got = _tasks_with(answer, "instrument", eid)
    if got != want:
        return False, (f"In your plan {eid!r} codes {len(got)} task(s), "
                       "not the ones its alias should find.")
    return True, f"Right: {eid!r} now codes {', '.join(sorted(want))}."


_register(
    "codebook-n-instruments", _T2,
    "How many instruments does the default codebook define, whether or not the plan uses them?",
    "plan.codebook.by_kind('instrument') lists them; the plan's entities table only has "
    "those found in the text.",
    _count(lambda p: len(p.codebook.by_kind("instrument")), "instruments"))
_register(
    "codebook-alias", _T2,
    "Which entity does the acronym BRI code? Give its id.",
    "Each codebook entry has aliases; plan.codebook.to_frame() shows them as a table.",
    _one_of(lambda p: _alias_owner(p, "BRI"), "entity coded by BRI"))
_register(
    "codebook-unused", _T2,
    "How many of the codebook's instruments does this plan never mention?",
    "Compare the codebook's instruments with the instruments in plan.entities.",
    _count(lambda p: len({e.id for e in p.codebook.by_kind("instrument")}
                         - set(p.entities.loc[p.entities["kind"] == "instrument",
                                              "entity_id"])), "instruments"))
_register(
    "codebook-new-instrument", _T2,
    f"Add an instrument to the codebook: id {NEW_INSTRUMENT['id']!r}, label "
    f"{NEW_INSTRUMENT['label']!r}, tool_type {NEW_INSTRUMENT['tool_type']!r}, alias "
    f"{NEW_INSTRUMENT['aliases'][0]!r}. Load the bundled plan with the extended codebook and "
    "give that Plan.",
    "Write the entry as YAML, read it with zonekit.Codebook.from_yaml(...), extend the default "
    "with zonekit.load_codebook(mine), then zonekit.load_plan(codebook=...).",
    _judge_new_instrument)
_register(
    "codebook-new-edges", _T2,
    f"How many edges does the network gain when {NEW_INSTRUMENT['id']!r} is added?",
    "Compare plan.graph().number_of_edges() before and after; the new node is joined to every "
    "entity coded on the same task.",
    _count(lambda p: _reference_plan(p).graph().number_of_edges()
           - p.graph().number_of_edges(), "new edges"))
_register(
    "codebook-zh", _T2,
    "Code the Chinese text zonekit.tutorial.ZH_SENTENCE (wrap it with zonekit.Source.from_text). "
    "Which partners does its task code?",
    "zonekit.load_plan(zonekit.Source.from_text(text, doc_id='zh')) codes it with the same "
    "codebook; look at the partners column.",
    _same_set(lambda p: {e for ids in load_plan(Source.from_text(ZH_SENTENCE, doc_id="zh"),
                                                 codebook=p.codebook).tasks["partners"]
                         for e in ids}, "partners"))


# -------------------------------------------------------------- 03: networks with this plan

_T3 = "03.00-Networks-With-This-Plan"


def _strongest_links(plan: Plan) -> set:
    top = M.leaders(M.pairs(plan), "n_tasks")
    return {frozenset(p) for p in zip(top["entity_a"], top["entity_b"], strict=True)}


def _top_instrument_betweenness(plan: Plan) -> set:
    G = plan.graph()
    between = nx.betweenness_centrality(G)
    return _argmax({n: v for n, v in between.items() if G.nodes[n]["kind"] == "instrument"})


_register(
    "network-n-nodes", _T3,
    "How many nodes does the plan's network have?",
    "G = plan.graph(); networkx counts nodes with G.number_of_nodes().",
    _count(lambda p: p.graph().number_of_nodes(), "nodes"))
_register(
    "network-strongest-link", _T3,
    "Which two entities share the most tasks (the edge with the largest weight)? Give the pair.",
    "G.edges(data='weight') yields (a, b, weight); sort or take the max by weight.",
    _pair(_strongest_links, "pair with the heaviest edge"))
_register(
    "network-top-degree", _T3,
    "Which entity has the most neighbours (the highest degree)?",
    "dict(G.degree()) maps each node to its number of neighbours.",
    _one_of(lambda p: _argmax(dict(p.graph().degree())), "entity with the most neighbours"))
_register(
    "network-hk-neighbours", _T3,
    "Which entities are Hong Kong's neighbours in the network?",
    "G['hong-kong'] (or G.neighbors('hong-kong')) lists the nodes joined to Hong Kong.",
    _same_set(lambda p: set(p.graph()["hong-kong"]) if "hong-kong" in p.graph() else set(),
              "entities"))
_register(
    "network-bridge-instrument", _T3,
    "Which instrument bridges the most: the highest betweenness centrality "
    "(nx.betweenness_centrality(G), unweighted) among instruments?",
    "Compute the centrality for all nodes, then keep the nodes whose kind is 'instrument'.",
    _one_of(_top_instrument_betweenness, "instrument with the highest betweenness"))


# ------------------------------------------------------- 04: making a chart for a briefing

_T4 = "04.00-Making-A-Chart-For-A-Briefing"


def _instrument_reach(plan: Plan) -> set:
    return set(M.leaders(M.instrument_reach(plan), "n_sectors")["entity_id"])


def _tool_type_counts(plan: Plan) -> set:
    """The tool type(s) with the most pairings in the policy-tool matrix."""
    from .findings import tool_name

    totals = M.policy_tool_matrix(plan).sum(axis=1).rename("n").reset_index()
    top = M.leaders(totals, "n")["tool_type"]
    return set(top) | {tool_name(t) for t in top}  # "framework" is how charts say environment


def _layout_texts(fig) -> tuple[str, str]:
    layout = fig.layout
    title = getattr(getattr(layout, "title", None), "text", None) or ""
    everything = json.dumps(layout.to_plotly_json(), ensure_ascii=False, default=str)
    return title, everything


def _judge_briefing(answer, plan: Plan):
    if not hasattr(answer, "layout") or not hasattr(answer.layout, "to_plotly_json"):
        raise _Unreadable("Give the plotly figure itself (a go.Figure).")
    title, everything = _layout_texts(answer)
    if not title.strip():
        return False, "Your chart has no title."
    n_tasks = _n_tasks_by(plan, "partner")
    top = _argmax(n_tasks)
    names = {n.casefold() for eid in top for n in (eid, plan.codebook[eid].label,
                                                    plan.codebook[eid].label_zh) if n}
    if not any(n in title.casefold() for n in names):
        return False, "Your title does not name the partner coded on the most tasks."
    count = max(n_tasks.values())
    if not re.search(rf"(?<!\d){count}(?!\d)", title):
        return False, "Your title names the partner but not its number of tasks."
    meta = plan.source.meta
    needed = [v for v in (meta.get("publisher"), meta.get("date")) if v] or [plan.citation()]
    if not all(v in everything for v in needed):
        return False, "Your chart has no source line naming the publisher and date."
    return True, f"Right: a title with the finding ({title!r}) and a source line."


_register(
    "chart-health-bri", _T4,
    "One cell of the sector × partner heatmap: how many tasks code both the health sector and "
    "the Belt and Road?",
    "A task counts when 'health' is in its sectors and 'belt-and-road' in its partners; "
    "pd.crosstab over exploded columns gives the whole heatmap.",
    _count(lambda p: len(_tasks_with(p, "sector", "health")
                         & _tasks_with(p, "partner", "belt-and-road")), "tasks"))
_register(
    "chart-instrument-reach", _T4,
    "Which instrument reaches the most sectors (is coded on tasks of the most distinct "
    "sectors)?",
    "Explode the instruments and sectors columns of plan.tasks, then count distinct sectors "
    "per instrument with groupby(...).nunique().",
    _one_of(_instrument_reach, "instrument reaching the most sectors"))
_register(
    "chart-tool-type", _T4,
    "In the policy-tool matrix (Rothwell-Zegveld tool type × sector; a cell counts the "
    "instruments of that tool type coded on the sector's tasks), which tool type (supply, "
    "demand or framework, Rothwell-Zegveld's environmental type) has the most codings in total?",
    "Read the tool_matrix chart, or explode the instruments and sectors columns of plan.tasks "
    "and look up each instrument's tool_type in plan.entities.",
    _one_of(_tool_type_counts, "most used tool type", entity=False))
_register(
    "chart-briefing", _T4,
    "Make a briefing chart: give a figure a title that states the finding, naming the "
    "partner coded on the most tasks and its number of tasks, and a source line citing the "
    "plan (publisher and date). Give the figure.",
    "zonekit.figures.apply_briefing_template(fig, title=..., source=plan.citation()) adds both; "
    "put the partner's label and its number of tasks (as digits) in the title.",
    _judge_briefing)
