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
import sys
from dataclasses import dataclass
from typing import NamedTuple

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
_SCAN_CHUNK = 1 << 18  # characters per slice fed to pyahocorasick (see _slices)
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


def _slices(text: str, max_len: int):
    """``(base, lo, text[base:hi])`` to scan instead of ``text``: pyahocorasick copies its
    input at 4 bytes a character, so a long text is fed a slice at a time. A slice starts
    ``max_len - 1`` characters before ``lo``, so a key (at most ``max_len - 1`` long) ending at
    ``lo`` or later is found whole; hits ending before ``lo`` belong to the slice before: the
    same hits, in order."""
    step = _SCAN_CHUNK
    back = max_len - 2
    for lo in range(0, max(len(text), 1), step):
        base = max(0, lo - back)
        yield base, lo, text if len(text) <= step else text[base:lo + step]


def _scan(automaton, text: str, max_len: int, prepare=None):
    """``automaton.iter(text)`` a slice at a time (see :func:`_slices`): ``(last, value)``.
    ``prepare``, if given, is applied to each slice first (it must keep its length)."""
    for base, lo, piece in _slices(text, max_len):
        for last, value in automaton.iter(prepare(piece) if prepare else piece):
            last += base
            if last >= lo:
                yield last, value


class _Hits(NamedTuple):
    """Matches as columns: int64 ``start`` and ``end``, object ``entity_id``, ``kind``, ``via``."""

    start: np.ndarray
    end: np.ndarray
    entity_id: np.ndarray
    kind: np.ndarray
    via: np.ndarray

    @classmethod
    def from_list(cls, matches) -> _Hits:
        columns = list(zip(*matches, strict=True)) if len(matches) else [(), (), (), (), ()]
        ints = [np.array(c, dtype=np.int64) for c in columns[:2]]
        return cls(*ints, *(np.array(c, dtype=object) for c in columns[2:]))


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
        self._columns = [np.array([getattr(p, c) for p in self._patterns] or [""], dtype=object)
                         for c in ("entity_id", "kind", "via")]
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
        hits = self._hits(text)
        return list(zip(hits.start.tolist(), hits.end.tolist(), hits.entity_id.tolist(),
                        hits.kind.tolist(), hits.via.tolist(), strict=True))

    def _hits(self, text: str) -> _Hits:
        """:meth:`find` as arrays (one row a match), the form :func:`find_tasks` works on."""
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
        for base, lo, piece in _slices(norm, self._max_len):
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
        return _Hits(starts, ends, *(column[numbers] for column in self._columns))


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


def _en_forms(kind: str) -> set[str]:
    """Every English form a cue of ``kind`` matches in (verbs inflected)."""
    return {f for w in _EN_CUES[kind] for f in (_forms(w) if _is_verb(w) else [w])}


def _participles(kind: str) -> list[str]:
    """Past participles of the one-word cue verbs of ``kind``, for the passive ("is supported")."""
    return [w + ("d" if w.endswith("e") else "ed") for w in _EN_CUES[kind]
            if _is_verb(w) and " " not in w]


def _cue_regex(kind: str) -> re.Pattern:
    en = _en_forms(kind)
    passive = _participles(kind)
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
_FRAME_EN = ("approv", "issu", "releas", "unveil", "publish", "adopt", "announc")
_FRAME_ZH = ("印发", "批复", "发布", "出台", "公布", "同意")
_FRAME = re.compile(
    r"\b(?:" + "|".join(_FRAME_EN) + r")\w*\s+(?:\w+\s+){0,5}?"
    r"(?:plan|guideline|measure|document|opinion|programme|program|scheme|policy|policies)s?"
    r"\s+(?:to|for|on|that)\b"
    r"|(?:" + "|".join(_FRAME_ZH) + r")[^。！？]{0,30}?(?:方案|意见|规划|通知|措施|计划)",
    re.I,
)


_QUESTION_TAIL = frozenset(" \t\r\n\"'”’)）?？")


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().rstrip("\"'”’)）").endswith(("?", "？"))


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
    if _is_question(sentence):
        return None  # a question commits to nothing
    low = sentence.lower()
    fast = len(low) == len(sentence) and not _FOLDED.search(low)
    for k in MODALITIES:  # strongest first; a binding cue overrides the report frame
        cue = _CUES_LOWER[k] if fast and k in _CUES_LOWER else _CUES[k]
        hit = cue.search(low if cue is not _CUES[k] else sentence)
        if hit:
            if k != "binding" and _FRAME.search(sentence):
                return None
            return k, sys.intern(" ".join(sentence[hit.start():hit.end()].split()))
    return None


_START, _SEARCH = 0, 1  # anchor roles: where a match may start, or somewhere inside one
_N_CHANNELS = 2 * (len(MODALITIES) + 1)  # (each modality, then the report frame) x role
_FOLDS = 1 << _N_CHANNELS  # a flag: the sentence holds ı or ſ


class _CueFinder:
    """:func:`directive_cue` for all the sentences of a document at once: the same answers.

    Running three cue patterns and the report frame on every sentence is most of the time of a
    plan. Every match of a pattern contains a literal word: the first word of a one-word form or
    a Chinese cue (where the match starts), or a word of a phrase or a passive participle
    ("need to", "is supported": somewhere inside). One Aho-Corasick scan of the lower-cased
    document finds all of them; a sentence then runs a pattern only where one of its words is:
    ``match`` at each possible start, or ``search`` when a phrase or passive word is there. A
    sentence whose lower case folds differently under ``re.I`` (ı, ſ) takes
    :func:`directive_cue` itself.
    """

    def __init__(self):
        roles: dict[str, set[int]] = {}
        for i, k in enumerate(MODALITIES):
            for form in _en_forms(k):
                words = form.split()
                word, role = (words[0], _START) if len(words) == 1 else (max(words, key=len), _SEARCH)
                roles.setdefault(word, set()).add(2 * i + role)
            for word in _participles(k):
                roles.setdefault(word, set()).add(2 * i + _SEARCH)
            for word in _ZH_CUES[k]:
                roles.setdefault(word, set()).add(2 * i + _START)
        frame = 2 * len(MODALITIES) + _SEARCH
        for word in (*_FRAME_EN, *_FRAME_ZH):
            roles.setdefault(word, set()).add(frame)
        self._automaton = ahocorasick.Automaton()
        for word, channels in roles.items():
            # a hit is kept as one int: (start << _N_CHANNELS) | its channels' bits
            bits = sum(1 << c for c in channels)
            self._automaton.add_word(word, (len(word) - 1, bits))
        self._automaton.make_automaton()
        self._max_len = max(map(len, roles)) + 1
        self._usable = set(_CUES_LOWER) == set(MODALITIES)

    def cues(self, text: str, starts, ends, sentences) -> list[tuple[str, str] | None]:
        """``[directive_cue(s) for s in sentences]``, where ``sentences[i] == text[starts[i]:ends[i]]``.

        The anchors are found on the document lower-cased a slice at a time; a sentence runs
        the patterns on its own lower case, as :func:`directive_cue` does. A document with İ
        (whose lower case is two characters) and a sentence with ı or ſ (which ``re.I`` matches
        to i and s) take :func:`directive_cue` itself.
        """
        if not self._usable or "\u0130" in text:  # İ lower-cases to two characters
            return [directive_cue(s) for s in sentences]
        # lower-cased a slice at a time (a slice boundary only changes σ/ς, in no anchor)
        packed = np.fromiter(((last - back) << _N_CHANNELS | bits for last, (back, bits) in
                              _scan(self._automaton, text, self._max_len, str.lower)),
                             dtype=np.int64)
        hit_starts = packed >> _N_CHANNELS
        where = [np.sort(hit_starts[(packed >> c) & 1 == 1]) for c in range(_N_CHANNELS)]
        del packed, hit_starts
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        # per sentence, one bit per channel with a hit inside it, and one for ı or ſ (re.I
        # matches them to i and s, so no anchor shows them: directive_cue decides)
        flags = np.zeros(len(starts), dtype=np.int64)
        lo, hi = {}, {}
        for c in range(_N_CHANNELS):
            lo[c], hi[c] = np.searchsorted(where[c], starts), np.searchsorted(where[c], ends)
            flags |= (hi[c] > lo[c]).astype(np.int64) << c
            if c % 2 != _START:  # only a start channel needs its range, to try each start
                del lo[c], hi[c]
        folded = np.array([m.start() for m in _FOLDED.finditer(text)], dtype=np.int64)
        flags[np.searchsorted(folded, ends) > np.searchsorted(folded, starts)] |= _FOLDS
        patterns = [(m, k, _CUES_LOWER[k], 1 << (2 * m + _SEARCH), 1 << (2 * m + _START),
                     lo[2 * m + _START], hi[2 * m + _START], where[2 * m + _START].tolist())
                    for m, k in enumerate(MODALITIES)]
        frame = 1 << (2 * len(MODALITIES) + _SEARCH)
        out: list[tuple[str, str] | None] = [None] * len(sentences)
        candidates = np.flatnonzero(flags & ~frame)
        for i, flag in zip(candidates.tolist(), flags[candidates].tolist(), strict=True):
            sentence = sentences[i]
            if sentence[-1] in _QUESTION_TAIL and _is_question(sentence):
                continue
            if flag & _FOLDS:
                out[i] = directive_cue(sentence)
                continue
            low = sentence.lower()
            base = int(starts[i])
            for m, k, cue, search, start, a_lo, a_hi, at in patterns:
                hit = None
                if flag & search:
                    hit = cue.search(low)
                elif flag & start:
                    for p in at[a_lo[i]:a_hi[i]]:
                        hit = cue.match(low, p - base)
                        if hit:
                            break
                if hit:
                    if not (m and flag & frame and _FRAME.search(sentence)):
                        out[i] = k, sys.intern(" ".join(sentence[hit.start():hit.end()].split()))
                    break
        return out


_CUE_FINDER = _CueFinder()


# ----------------------------------------------------------------------------------------------
# Tasks


def find_tasks(segments: pd.DataFrame, matches, doc_id: str, text: str, codebook: Codebook,
               first_task: int = 1, first_mention: int = 1):
    """Turn segmented sentences and matches into the tasks and mentions tables.

    Parameters
    ----------
    segments : DataFrame
        Output of :func:`zonekit.segment.segment` (spans in text order, not overlapping).
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
    hits = matches if isinstance(matches, _Hits) else _Hits.from_list(matches)
    part = task_columns(segments, hits, text, codebook)
    return build_tables([(doc_id, *part)], first_task, first_mention)




def task_columns(segments: pd.DataFrame, hits: _Hits, text: str, codebook: Codebook):
    """The tasks and mentions of one document as columns, tasks numbered from 0.

    The work of :func:`find_tasks` without ids or frames, so that :func:`zonekit.load_plan`
    numbers a whole corpus and builds each table once (see :func:`build_tables`).

    Parameters
    ----------
    segments : DataFrame
        Output of :func:`zonekit.segment.segment` (spans in text order, not overlapping).
    hits : _Hits
        :meth:`Matcher._hits` of the text.
    text : str
        The raw text.
    codebook : Codebook
        For labels.

    Returns
    -------
    (tasks, mentions) : tuple of dict
        Task columns (``section, text, start, end, modality, cue, sectors, partners,
        instruments``) and mention columns (``task``, the task's number, then ``entity_id,
        kind, label, surface, start, end, via``).

    Examples
    --------
    >>> from zonekit.segment import segment
    >>> raw = "Finance\\n\\nWe will support banks."
    >>> tasks, mentions = task_columns(segment(raw), Matcher()._hits(raw), raw, load_codebook())
    >>> tasks["cue"], tasks["sectors"], mentions["task"].tolist(), mentions["surface"]
    (['will'], [['finance']], [0], ['banks'])
    """
    kind = segments["kind"].to_numpy(dtype=object)
    seg_start = segments["start"].to_numpy(dtype=np.int64)
    seg_end = segments["end"].to_numpy(dtype=np.int64)
    texts, sections = segments["text"].tolist(), segments["section"].tolist()
    if len(seg_start) > 1 and (np.any(seg_start[1:] < seg_end[:-1]) or np.any(seg_end < seg_start)):
        raise ValueError("segments must be in text order and must not overlap")
    sentence = np.flatnonzero(kind == "sentence")
    cues = _CUE_FINDER.cues(text, seg_start[sentence], seg_end[sentence],
                            [texts[i] for i in sentence.tolist()])
    task_seg = [i for i, cue in zip(sentence.tolist(), cues, strict=True) if cue is not None]
    cues = [cue for cue in cues if cue is not None]
    n_tasks = len(task_seg)
    t_start, t_end = seg_start[task_seg], seg_end[task_seg]

    # the matches inside each task, and the sector matches inside each heading
    def inside(starts, ends, keep):
        at = np.searchsorted(starts, hits.start[keep], side="right") - 1
        ok = at >= 0
        ok[ok] = hits.end[keep][ok] <= ends[at[ok]]
        return keep[ok], at[ok]

    in_task, task_of = inside(t_start, t_end, np.arange(len(hits.start)))
    is_sector = hits.kind == "sector"
    heading = np.flatnonzero(kind == "heading")
    in_head, head_of = inside(seg_start[heading], seg_end[heading], np.flatnonzero(is_sector))
    head_lo = np.searchsorted(head_of, np.arange(len(heading)))
    head_hi = np.searchsorted(head_of, np.arange(len(heading)), side="right")

    # a task naming no sector takes those of its section's heading: the latest heading so far
    # whose text is the task's section
    latest: dict[str, int] = {}
    task_heading = []
    heads = heading.tolist()
    h = 0
    for i in task_seg:
        while h < len(heads) and heads[h] < i:
            latest[" ".join(texts[heads[h]].split())] = h
            h += 1
        task_heading.append(latest.get(sections[i], -1))
    task_heading = np.array(task_heading, dtype=np.int64)
    n_sectors = np.bincount(task_of[is_sector[in_task]], minlength=n_tasks)
    needy = np.flatnonzero((n_sectors[:n_tasks] == 0) & (task_heading >= 0))
    lo, hi = head_lo[task_heading[needy]], head_hi[task_heading[needy]]
    count = hi - lo
    shift = np.repeat(lo - (np.cumsum(count) - count), count)
    from_head = in_head[shift + np.arange(count.sum())]
    head_task = np.repeat(needy, count)

    # one row per mention: a task's own matches in text order, then its section's
    which = np.concatenate([in_task, from_head]).astype(np.int64)
    task = np.concatenate([task_of, head_task]).astype(np.int64)
    section = np.concatenate([np.zeros(len(in_task), bool), np.ones(len(from_head), bool)])
    order = np.lexsort((np.arange(len(which)), section, task))
    which, task, section = which[order], task[order], section[order]
    entity_id = hits.entity_id[which]
    m_kind = hits.kind[which]
    via = hits.via[which]
    via[section] = "section"
    m_start, m_end = hits.start[which], hits.end[which]

    # each task's entities of each kind, in order of first mention (lists of their exact size)
    codes, uniques = pd.factorize(entity_id)
    _, first = np.unique(task * max(len(uniques), 1) + codes, return_index=True)
    first.sort()
    coded = {}
    for k in KINDS:
        pick = first[m_kind[first] == k]
        ids, owner = entity_id[pick].tolist(), task[pick]
        lo = np.searchsorted(owner, np.arange(n_tasks)).tolist()
        hi = np.searchsorted(owner, np.arange(n_tasks), side="right").tolist()
        coded[k] = [ids[a:b] for a, b in zip(lo, hi, strict=True)]
    labels = {eid: codebook[eid].label for eid in set(entity_id.tolist())}
    tasks = {
        "section": [sections[i] for i in task_seg], "text": [texts[i] for i in task_seg],
        "start": t_start, "end": t_end,
        "modality": [c[0] for c in cues], "cue": [c[1] for c in cues],
        "sectors": coded["sector"], "partners": coded["partner"],
        "instruments": coded["instrument"],
    }
    mentions = {
        "task": task, "entity_id": entity_id, "kind": m_kind,
        "label": [labels[e] for e in entity_id.tolist()],
        # the same few surfaces come back again and again ("banks"): one string each
        "surface": [sys.intern(text[s:e])
                    for s, e in zip(m_start.tolist(), m_end.tolist(), strict=True)],
        "start": m_start, "end": m_end, "via": via,
    }
    return tasks, mentions


def build_tables(parts, first_task: int = 1, first_mention: int = 1):
    """The tasks and mentions tables of documents coded by :func:`task_columns`.

    Parameters
    ----------
    parts : list of (doc_id, tasks, mentions)
        One item per document, in order; emptied as it is read, to keep memory low.
    first_task, first_mention : int
        Ids are numbered from these across all documents (``T001``, ``M0001``...).

    Returns
    -------
    (tasks, mentions) : tuple of DataFrame
        With :data:`TASK_COLUMNS` and :data:`MENTION_COLUMNS`.

    Examples
    --------
    >>> from zonekit.segment import segment
    >>> raw = "We will support banks."
    >>> part = task_columns(segment(raw), Matcher()._hits(raw), raw, load_codebook())
    >>> tasks, mentions = build_tables([("a", *part), ("b", *part)])
    >>> tasks[["task_id", "doc_id"]].values.tolist()
    [['T001', 'a'], ['T002', 'b']]
    >>> mentions[["mention_id", "task_id", "doc_id", "surface"]].values.tolist()
    [['M0001', 'T001', 'a', 'banks'], ['M0002', 'T002', 'b', 'banks']]
    """
    t_cols: dict[str, list] = {c: [] for c in TASK_COLUMNS if c not in ("task_id", "doc_id")}
    m_cols: dict[str, list] = {c: [] for c in MENTION_COLUMNS if c not in ("mention_id", "doc_id")}
    t_docs, m_docs, n_tasks = [], [], 0
    while parts:
        doc_id, tasks, mentions = parts.pop(0)
        n = len(tasks["start"])
        t_docs.append((doc_id, n))
        m_docs.append((doc_id, len(mentions["start"])))
        mentions = dict(mentions)
        mentions["task_id"] = mentions.pop("task") + n_tasks
        n_tasks += n
        for cols, new in ((t_cols, tasks), (m_cols, mentions)):
            for c, values in new.items():
                cols[c].append(values)
    task_ids = np.array([f"T{i:03d}" for i in range(first_task, first_task + n_tasks)],
                        dtype=object)
    n_mentions = sum(n for _, n in m_docs)
    columns = {"task_id": task_ids, "doc_id": _repeat(t_docs), **_joined(t_cols)}
    del t_cols
    tasks = _frame(columns, TASK_COLUMNS)
    mention_task = np.concatenate(m_cols.pop("task_id") or [np.zeros(0, np.int64)])
    columns = {
        "mention_id": [f"M{i:04d}" for i in range(first_mention, first_mention + n_mentions)],
        "task_id": task_ids[mention_task], "doc_id": _repeat(m_docs), **_joined(m_cols),
    }
    del mention_task, task_ids, m_cols
    return tasks, _frame(columns, MENTION_COLUMNS)


def _frame(columns: dict, names: list[str], ints=("start", "end")) -> pd.DataFrame:
    """A table from columns, each converted once to its dtype and let go (peak memory).

    Columns in ``ints`` become int64, ``sectors``, ``partners`` and ``instruments`` stay
    objects (lists), every other column becomes text (pandas ``str``). ``columns`` is emptied.

    Examples
    --------
    >>> df = _frame({"task_id": ["T001"], "start": [3], "sectors": [["finance"]]},
    ...            ["task_id", "start", "sectors"])
    >>> df.dtypes.astype(str).tolist(), df.loc[0, "sectors"]
    (['str', 'int64', 'object'], ['finance'])
    """
    data = {}
    for c in names:
        values = columns.pop(c)
        if c in ints:
            data[c] = np.asarray(values, dtype=np.int64)
        elif c in _LIST_COLUMNS:
            data[c] = np.fromiter(values, dtype=object, count=len(values))
        else:
            data[c] = pd.array(values, dtype="str")
        del values
    return pd.DataFrame(data, columns=names, copy=False)


def _repeat(counts: list[tuple[str, int]]) -> list[str]:
    return [doc_id for doc_id, n in counts for _ in range(n)]


def _joined(columns: dict[str, list]) -> dict:
    """Each column's per-document pieces as one array or list (the pieces are let go)."""
    out = {}
    for c, pieces in columns.items():
        if pieces and isinstance(pieces[0], np.ndarray):
            out[c] = np.concatenate(pieces)
        else:
            out[c] = [v for piece in pieces for v in piece]
        pieces.clear()
    return out


_LIST_COLUMNS = {"sectors", "partners", "instruments"}
