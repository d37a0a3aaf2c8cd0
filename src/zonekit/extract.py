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
from bisect import bisect_left
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

_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_SCAN_CHUNK = 1 << 18  # characters per slice fed to pyahocorasick (see Matcher._slices)
_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _is_word_char(c: str) -> bool:
    return c.isalnum() and not _CJK_CHAR.match(c)


class _WordChars(dict):
    """``_WORD_CHARS[c] == _is_word_char(c)``, remembered (a dict look-up is faster)."""

    def __missing__(self, c: str) -> bool:
        value = self[c] = _is_word_char(c)
        return value


_WORD_CHARS = _WordChars()


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
        # every pattern gets a number; find() packs (kind, start, length, number) into one int
        self._patterns: list[_Pattern] = []
        self._lengths: list[int] = []
        kinds = sorted({p.kind for pats in table.values() for p in pats},
                       key=lambda k: (_KIND_ORDER.get(k, 9), k))
        self._rank = {k: i for i, k in enumerate(kinds)}
        self._max_len = max(map(len, table), default=0) + 1
        self._bits = max(1, sum(map(len, table.values())).bit_length())  # for pattern numbers
        for key, pats in table.items():
            numbered = []
            for p in pats:
                number = len(self._patterns)
                self._patterns.append(p)
                self._lengths.append(len(key))
                # the part of find()'s sort key that does not depend on the text
                tail = ((self._max_len - 1 - len(key)) << self._bits) + number
                numbered.append((tail, p.check_start, p.check_end, p.exact,
                                 self._rank[p.kind]))
            auto.add_word(key, (len(key), tuple(numbered), any(p.check_start for p in pats),
                                any(p.check_end for p in pats)))
        self._length_array = np.array(self._lengths, dtype=np.int64)
        self._info = np.empty(len(self._patterns), dtype=object)  # (entity_id, kind, via)
        self._info[:] = [(p.entity_id, p.kind, p.via) for p in self._patterns]
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

    def _slices(self, norm: str) -> list[tuple[int, int, str]]:
        """``(base, lo, norm[base:hi])`` to scan instead of ``norm``: pyahocorasick copies its
        input at 4 bytes a character, so a long text is fed a slice at a time. A slice starts
        ``max_len - 1`` characters before ``lo``, so a key ending at ``lo`` or later is found
        whole; hits ending before ``lo`` belong to the slice before: the same hits, in order."""
        step = _SCAN_CHUNK
        if len(norm) <= step:
            return [(0, 0, norm)]
        back = self._max_len - 2
        return [(max(0, lo - back), lo, norm[max(0, lo - back):lo + step])
                for lo in range(0, len(norm), step)]

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
        # The hot loop of the pipeline. Each hit becomes one int that sorts by start, longest
        # first, then pattern number (the scan order of patterns on one key), in one list per
        # kind: the sort runs in C and a hit costs one small int instead of a tuple.
        norm, omap = normalize(text)
        n = len(norm)
        word = _WORD_CHARS
        bits = self._bits
        mask = (1 << bits) - 1
        width = self._max_len << bits
        by_kind: list[list[int]] = [[] for _ in self._rank]
        appends = [hits.append for hits in by_kind]
        for base, lo, piece in self._slices(norm):
            for last, (klen, pats, need_before, need_after) in self._automaton.iter(piece):
                last += base
                if last < lo:
                    continue
                start = last - klen + 1
                before_ok = not need_before or start == 0 or not word[norm[start - 1]]
                after_ok = not need_after or last + 1 == n or not word[norm[last + 1]]
                for tail, check_start, check_end, exact, rank in pats:
                    if (check_start and not before_ok) or (check_end and not after_ok):
                        continue
                    if exact is not None:
                        rs, re_ = omap.span_to_raw(start, last + 1)
                        surface = text[rs:re_]
                        if surface != exact and normalize(surface, lower=False)[0] != exact:
                            continue
                    appends[rank](start * width + tail)
        norm = None
        # leftmost-longest within each kind; kept hits re-packed to sort by start, then kind
        lengths, n_rank = self._lengths, len(by_kind)
        kept: list[int] = []
        for rank, hits in enumerate(by_kind):
            hits.sort()
            reach = -1
            for key in hits:
                start, rest = divmod(key, width)
                number = rest & mask
                if start >= reach:
                    kept.append(((start * n_rank + rank) << bits) + number)
                    reach = start + lengths[number]
            hits.clear()
        kept.sort()
        packed = np.array(kept, dtype=np.int64)
        del kept
        numbers = packed & mask
        starts = (packed >> bits) // n_rank
        del packed
        ends = starts + self._length_array[numbers]
        if omap.breaks:  # back to raw offsets: raw = pos + shift of the last break <= pos
            breaks = np.array(omap.breaks, dtype=np.int64)
            shifts = np.array((0, *omap.shifts), dtype=np.int64)
            starts += shifts[np.searchsorted(breaks, starts, side="right")]
            ends += shifts[np.searchsorted(breaks, ends - 1, side="right")]
        info = self._info[numbers].tolist()
        del numbers
        return [(s, e, *i) for s, e, i in zip(starts.tolist(), ends.tolist(), info, strict=True)]


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
# The same patterns without re.I, run on the lower-cased sentence: several times faster (re
# compares literals directly), and the same matches, since the patterns have no capitals and
# lower() keeps positions, except for the few characters re.I folds onto ASCII letters that
# lower() leaves alone (dotless ı, long ſ) or lengthens (İ): those sentences take the re.I path.
_CUES_LOWER = {k: re.compile(p.pattern) for k, p in _CUES.items()
               if not re.search(r"[A-Z]", re.sub(r"\\.", "", p.pattern))}
_FOLDED = re.compile("[\u0131\u017f]")
_FRAME = re.compile(
    r"\b(?:approv|issu|releas|unveil|publish|adopt|announc)\w*\s+(?:\w+\s+){0,5}?"
    r"(?:plan|guideline|measure|document|opinion|programme|program|scheme|policy|policies)s?"
    r"\s+(?:to|for|on|that)\b"
    r"|(?:印发|批复|发布|出台|公布|同意)[^。！？]{0,30}?(?:方案|意见|规划|通知|措施|计划)",
    re.I,
)


def directive_cue(sentence: str) -> tuple[str, str] | None:
    """The modality and cue that make a sentence a task, or None.

    Parameters
    ----------
    sentence : str

    Returns
    -------
    (modality, cue) : tuple of str, or None
        None when nothing makes the sentence a task (no cue, or a question).

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
    low = sentence.lower()
    fast = len(low) == len(sentence) and not _FOLDED.search(low)
    for k in MODALITIES:  # strongest first; a binding cue overrides the report frame
        cue = _CUES_LOWER[k] if fast and k in _CUES_LOWER else _CUES[k]
        hit = cue.search(low if cue is not _CUES[k] else sentence)
        if hit:
            if k != "binding" and _FRAME.search(sentence):
                return None
            return k, " ".join(sentence[hit.start():hit.end()].split())
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
    starts = [m[0] for m in matches]  # matches are sorted by start

    def inside(s, e):
        lo = bisect_left(starts, s)
        hi = bisect_left(starts, e, lo)
        return [m for m in matches[lo:hi] if m[1] <= e]

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
