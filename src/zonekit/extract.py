"""Match codebook aliases and find the plan's tasks.

:class:`Matcher` is one Aho-Corasick automaton (pyahocorasick) over the normalised text, built
from every alias and cue of a codebook, with simple English plurals added. Latin aliases match
case-insensitively on word boundaries; aliases written in capitals (WHO, BRI, HK) match only in
capitals, so the pronoun "who" is never the WHO; Chinese aliases need no boundaries. Where
aliases of the same kind overlap, the leftmost longest wins ("traditional Chinese medicine", not
"medicine"); aliases of different kinds may overlap ("World Health Organization" is a partner and
its "Health" a sector cue).

:func:`find_tasks` keeps the sentences that commit to an action: they hold a directive cue, and
the strongest cue sets the ``modality``: ``binding`` (must, shall, it is necessary, 必须...),
then ``exploratory`` (explore, pilot, 探索, 试点...), then ``supportive`` (support, promote, will,
支持, 推动...). A sentence that only reports a plan being issued ("The State Council has approved
a plan to ...", 国务院印发……方案) is not a task, and neither is a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd

from .clean import normalize
from .codebook import KINDS, Codebook, _is_acronym, load_codebook

__all__ = ["Matcher", "find_tasks", "directive_cue", "MODALITIES", "TASK_COLUMNS",
           "MENTION_COLUMNS"]

#: Task modalities, strongest first.
MODALITIES = ("binding", "exploratory", "supportive")
#: Columns of the tasks table.
TASK_COLUMNS = ["task_id", "doc_id", "section", "text", "start", "end", "modality", "cue",
                "sectors", "partners", "instruments"]
#: Columns of the mentions table.
MENTION_COLUMNS = ["mention_id", "task_id", "doc_id", "entity_id", "kind", "label", "surface",
                   "start", "end", "via"]

_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _is_word_char(c: str) -> bool:
    return c.isalnum() and not _CJK_CHAR.match(c)


def _plurals(name: str) -> list[str]:
    """Simple English plurals of an alias's last word ("joint laboratory" -> "...ies")."""
    if not re.search(r"[a-z]$", name) or _is_acronym(name):
        return []
    if re.search(r"[^aeiou]y$", name):
        return [name[:-1] + "ies"]
    if re.search(r"(s|x|z|ch|sh)$", name):
        return [name + "es"] if not name.endswith("s") else []
    return [name + "s"]


@dataclass(frozen=True)
class _Pattern:
    entity_id: str
    kind: str
    via: str
    exact: str | None  # the capitals to require, for acronyms
    check_start: bool
    check_end: bool


class Matcher:
    """Find codebook aliases in text, with raw offsets.

    Parameters
    ----------
    codebook : Codebook, optional
        Default: the bundled codebook.

    Examples
    --------
    >>> m = Matcher()
    >>> raw = "Who supports Hong\\nKong, Macau and the WHO? Joint laboratories."
    >>> [(raw[s:e], eid) for s, e, eid, kind, via in m.find(raw)]
    [('Hong\\nKong', 'hong-kong'), ('Macau', 'macao'), ('WHO', 'who'), ('Joint laboratories', 'joint-laboratory'), ('laboratories', 'science-technology')]
    """

    def __init__(self, codebook: Codebook | None = None):
        self.codebook = codebook if codebook is not None else load_codebook()
        auto = ahocorasick.Automaton()
        table: dict[str, list[_Pattern]] = {}
        owners: dict[str, str] = {}
        variants = []
        for e in self.codebook:
            for name, via in e.names():
                self._add(table, owners, e, name, name, via)
                variants += [(e, name, v, via) for v in _plurals(name)]
        for e, name, variant, via in variants:
            key = normalize(variant)[0].strip()
            if owners.get(key, e.id) == e.id:
                self._add(table, owners, e, name, variant, via)
        for key, pats in table.items():
            auto.add_word(key, (len(key), tuple(pats)))
        auto.make_automaton()
        self._automaton = auto
        self.n_patterns = len(table)

    @staticmethod
    def _add(table, owners, entity, name, form, via):
        key = normalize(form)[0].strip()
        if any(p.entity_id == entity.id for p in table.get(key, ())):
            return
        exact = normalize(form, lower=False)[0].strip() if _is_acronym(name) else None
        table.setdefault(key, []).append(_Pattern(
            entity.id, entity.kind, via, exact, _is_word_char(key[0]), _is_word_char(key[-1])))
        owners.setdefault(key, entity.id)

    def find(self, text: str) -> list[tuple[int, int, str, str, str]]:
        """All matches in a raw text.

        Parameters
        ----------
        text : str
            The raw text.

        Returns
        -------
        list of (start, end, entity_id, kind, via)
            Sorted by ``start``; ``text[start:end]`` is the surface as written. ``via`` is
            ``"alias"`` or ``"cue"``.

        Examples
        --------
        >>> Matcher().find("支持香港特别行政区")
        [(2, 9, 'hong-kong', 'partner', 'alias')]
        """
        norm, omap = normalize(text)
        n = len(norm)
        found = []
        for last, (klen, pats) in self._automaton.iter(norm):
            start, end = last - klen + 1, last + 1
            before_ok = start == 0 or not _is_word_char(norm[start - 1])
            after_ok = end == n or not _is_word_char(norm[end])
            for p in pats:
                if (p.check_start and not before_ok) or (p.check_end and not after_ok):
                    continue
                if p.exact is not None:
                    rs, re_ = omap.span_to_raw(start, end)
                    if normalize(text[rs:re_], lower=False)[0] != p.exact:
                        continue
                found.append((start, end, p.entity_id, p.kind, p.via))
        # leftmost-longest within each kind
        found.sort(key=lambda m: (m[3], m[0], m[0] - m[1]))
        kept = []
        reach: dict[str, int] = {}
        for m in found:
            if m[0] >= reach.get(m[3], -1):
                kept.append(m)
                reach[m[3]] = m[1]
        kept.sort(key=lambda m: (m[0], KINDS.index(m[3]) if m[3] in KINDS else 9))
        out = []
        for s, e, eid, kind, via in kept:
            rs, re_ = omap.span_to_raw(s, e)
            out.append((rs, re_, eid, kind, via))
        return out


# ----------------------------------------------------------------------------------------------
# Directive cues


_INFLECT = {"set", "carry", "call", "step", "push", "try"}  # phrasal verbs we inflect
_IRREGULAR = {"set": {"set", "sets", "setting"}, "carry": {"carry", "carries", "carrying"},
              "try": {"try", "tries", "trying"}, "step": {"step", "steps", "stepping"}}


def _is_verb(word: str) -> bool:
    """A base-form verb we inflect (not a phrase, modal, adjective or inflected form)."""
    head = word.split()[0]
    if " " in word and head not in _INFLECT:
        return False
    return word.isascii() and not word.endswith(("ed", "ing")) and word not in _NOT_VERBS


def _forms(word: str) -> list[str]:
    """Present, third-person and -ing forms of a cue verb ("set up" -> "sets up"...)."""
    head, _, rest = word.partition(" ")
    tail = " " + rest if rest else ""
    stem = head[:-1] if head.endswith("e") else head
    forms = {head, head + ("es" if re.search(r"(s|x|ch|sh)$", head) else "s"), stem + "ing"}
    forms = _IRREGULAR.get(head, forms)
    return [f + tail for f in forms]


_EN_CUES = {
    "binding": ["must", "shall", "imperative", "necessary", "need to", "needs to", "the need",
                "required to", "is required", "are required", "mandatory", "have to", "has to",
                "should", "ensure", "strictly"],
    "exploratory": ["explore", "to pilot", "piloting", "experiment", "try out", "trial basis",
                    "pilot basis"],
    "supportive": ["support", "encourage", "promote", "help", "facilitate", "allow", "enable",
                   "strengthen", "improve", "establish", "build", "develop", "provide", "set up",
                   "optimize", "optimise", "expand", "deepen", "advance", "accelerate", "boost",
                   "foster", "enhance", "upgrade", "implement", "carry out", "launch", "create",
                   "introduce", "attract", "urge", "urged", "call for", "called for",
                   "step up", "push forward",
                   "will", "aim to", "seek to", "work to", "strive to"],
}
_ZH_CUES = {
    "binding": ["必须", "务必", "应当", "要求", "严格", "确保", "不得", "禁止"],
    "exploratory": ["探索", "试点", "先行先试", "试行", "尝试"],
    "supportive": ["支持", "鼓励", "推动", "推进", "促进", "加强", "建立", "建设", "完善", "优化",
                   "提升", "打造", "允许", "引导", "深化", "扩大", "开展", "实施", "提供", "加快",
                   "构建", "健全", "培育", "设立", "搭建", "吸引", "便利"],
}
_PASSIVE = r"(?:is|are|be|been|being)\s+(?:\w+ly\s+)?"
_NOT_VERBS = {"must", "shall", "should", "will", "necessary", "imperative", "mandatory",
              "strictly", "the need", "need to", "needs to", "have to", "has to", "required to",
              "is required", "are required", "aim to", "seek to", "work to", "strive to"}


def _cue_regex(kind: str) -> re.Pattern:
    words = _EN_CUES[kind]
    en = {f for w in words for f in (_forms(w) if _is_verb(w) else [w])}
    passive = [w + ("d" if w.endswith("e") else "ed") for w in words
               if _is_verb(w) and " " not in w]
    alts = [r"\b(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+")
                                 for f in sorted(en, key=len, reverse=True)) + r")\b"]
    if passive:
        alts.append(_PASSIVE + r"(?:" + "|".join(passive) + r")\b")
    alts.append("|".join(_ZH_CUES[kind]))
    return re.compile("|".join(alts), re.I)


_CUES = {k: _cue_regex(k) for k in MODALITIES}
_FRAME = re.compile(
    r"\b(?:approv|issu|releas|unveil|publish|adopt|announc)\w*\s+(?:\w+\s+){0,5}?"
    r"(?:plan|guideline|measure|document|opinion|programme|program|scheme|policy|policies)s?"
    r"\s+(?:to|for|on|that)\b"
    r"|(?:印发|批复|发布|出台|公布|同意)[^。！？]{0,30}?(?:方案|意见|规划|通知|措施|计划)",
    re.I,
)


def directive_cue(sentence: str) -> tuple[str, str] | None:
    """The modality and cue that make a sentence a task, or None.

    Examples
    --------
    >>> directive_cue("Efforts must be made to support pilots.")
    ('binding', 'must')
    >>> directive_cue("The plan urged efforts to explore cooperation.")
    ('exploratory', 'explore')
    >>> directive_cue("鼓励金融机构开展合作。")
    ('supportive', '鼓励')
    >>> directive_cue("Here are some of the main tasks of the plan.") is None
    True
    >>> directive_cue("Who will benefit?") is None
    True
    >>> directive_cue("The State Council has approved a plan to support Beijing.") is None
    True
    """
    if sentence.rstrip().rstrip("\"'”’)）").endswith(("?", "？")):
        return None  # a question commits to nothing
    hits = {k: _CUES[k].search(sentence) for k in MODALITIES}
    if not any(hits.values()):
        return None
    if hits["binding"] is None and _FRAME.search(sentence):
        return None
    for k in MODALITIES:
        if hits[k]:
            return k, " ".join(hits[k].group().split())
    return None


# ----------------------------------------------------------------------------------------------
# Tasks


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def find_tasks(segments: pd.DataFrame, matches, doc_id: str, text: str, codebook: Codebook,
               first_task: int = 1, first_mention: int = 1):
    """Turn segmented sentences and matches into the tasks and mentions tables.

    Parameters
    ----------
    segments : DataFrame
        Output of :func:`zonekit.segment.segment`.
    matches : list
        Output of :meth:`Matcher.find` on the same text.
    doc_id : str
        Document id written to every row.
    text : str
        The raw text (for surfaces).
    codebook : Codebook
        For labels.
    first_task, first_mention : int
        Numbering starts here (so ids stay unique across a corpus).

    Returns
    -------
    (tasks, mentions) : tuple of DataFrame
        With :data:`TASK_COLUMNS` and :data:`MENTION_COLUMNS`. A task's sectors are those its
        sentence names; a task whose sentence names none takes its section heading's sectors
        (those mentions have ``via == "section"`` and point into the heading).

    Examples
    --------
    >>> from zonekit.segment import segment
    >>> raw = "Finance\\n\\nWe will support banks in Hong Kong."
    >>> tasks, mentions = find_tasks(segment(raw), Matcher().find(raw), "d", raw, load_codebook())
    >>> tasks[["task_id", "section", "modality", "sectors", "partners"]].values.tolist()
    [['T001', 'Finance', 'supportive', ['finance'], ['hong-kong']]]
    >>> mentions[["surface", "via"]].values.tolist()
    [['banks', 'cue'], ['Hong Kong', 'alias']]
    """
    starts = np.fromiter((m[0] for m in matches), dtype=np.int64, count=len(matches))
    ends = np.fromiter((m[1] for m in matches), dtype=np.int64, count=len(matches))

    def inside(s, e):
        lo = int(np.searchsorted(starts, s, side="left"))
        hi = int(np.searchsorted(starts, e, side="left"))
        return [matches[i] for i in range(lo, hi) if ends[i] <= e]

    heading_sectors: dict[str, list] = {}
    task_rows, mention_rows = [], []
    t_no, m_no = first_task, first_mention
    for seg in segments.itertuples(index=False):
        if seg.kind == "heading":
            heading_sectors[" ".join(seg.text.split())] = [
                (*m[:4], "section") for m in inside(seg.start, seg.end) if m[3] == "sector"]
            continue
        cue = directive_cue(seg.text)
        if cue is None:
            continue
        task_id = f"T{t_no:03d}"
        t_no += 1
        found = inside(seg.start, seg.end)
        if not any(m[3] == "sector" for m in found):
            found += heading_sectors.get(seg.section, [])
        coded = {k: _unique(m[2] for m in found if m[3] == k) for k in KINDS}
        task_rows.append((task_id, doc_id, seg.section, seg.text, seg.start, seg.end, cue[0],
                          cue[1], coded["sector"], coded["partner"], coded["instrument"]))
        for s, e, eid, kind, via in found:
            mention_rows.append((f"M{m_no:04d}", task_id, doc_id, eid, kind,
                                 codebook[eid].label, text[s:e], s, e, via))
            m_no += 1
    tasks = pd.DataFrame(task_rows, columns=TASK_COLUMNS)
    mentions = pd.DataFrame(mention_rows, columns=MENTION_COLUMNS)
    return tasks, mentions
