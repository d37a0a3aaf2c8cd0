"""Match codebook aliases: one Aho-Corasick automaton, raw offsets back.

:class:`Matcher` is one Aho-Corasick automaton (pyahocorasick) over the normalised text, built
from every alias and cue of a codebook, with simple English plurals added. Latin aliases match
case-insensitively on word boundaries; aliases written in capitals (WHO, BRI, HK) match only in
capitals, so the pronoun "who" is never the WHO; Chinese aliases need no boundaries. Where
aliases of the same kind overlap, the leftmost longest wins ("traditional Chinese medicine", not
"medicine"). A match inside a longer match of another entity is not coded ("卫生" inside
"世界卫生组织" is the WHO, not health) unless the outer entity's ``keep_nested`` names it; a
name shared by several entities (港澳: Hong Kong and Macao) codes each of them; a match inside
one of its entity's context phrases (``except``, ``not_followed_by``, ``not_preceded_by``) is
not coded. Traditional Chinese is matched through OpenCC's conversion to Simplified
(:func:`zonekit.normalize.to_simplified`), one character for one, so offsets stay raw.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import ahocorasick
import numpy as np

from .codebook import Codebook, context_phrases, is_acronym, load_codebook
from .normalize import WORD_CHARS, is_word_char, normalize, to_simplified
from .schema import KINDS

__all__ = ["Matcher", "Hits", "scan", "scan_chunks", "scan_ints", "build_automaton"]

_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_SCAN_CHUNK = 1 << 18  # characters per slice fed to pyahocorasick (see _slices)


def _plurals(name: str) -> list[str]:
    """Simple English plurals of an alias's last word ("joint laboratory" -> "...ies")."""
    if not re.search(r"[a-z]$", name) or is_acronym(name):
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


def scan(automaton, text: str, max_len: int, prepare=None):
    """``automaton.iter(text)`` a slice at a time (see :func:`_slices`): ``(last, value)``.
    ``prepare``, if given, is applied to each slice first (it must keep its length).

    Examples
    --------
    >>> auto = ahocorasick.Automaton(); _ = auto.add_word("ab", 2); auto.make_automaton()
    >>> list(scan(auto, "xabab", 3))
    [(2, 2), (4, 2)]
    """
    for hits in scan_chunks(automaton, text, max_len, prepare):
        yield from hits


def scan_chunks(automaton, text: str, max_len: int, prepare=None):
    """:func:`scan` as one list of hits a slice: the same hits, in the same order, with less
    work a hit (a caller packs each list at once).

    Examples
    --------
    >>> auto = ahocorasick.Automaton(); _ = auto.add_word("ab", 2); auto.make_automaton()
    >>> list(scan_chunks(auto, "xabab", 3))
    [[(2, 2), (4, 2)]]
    """
    for base, lo, piece in _slices(text, max_len):
        found = list(automaton.iter(prepare(piece) if prepare else piece))
        if base == lo:  # every hit of the slice is its own
            yield [(last + base, value) for last, value in found] if base else found
        else:
            yield [(last + base, value) for last, value in found if last + base >= lo]


def scan_ints(automaton, text: str, max_len: int, prepare) -> np.ndarray:
    """The hits of :func:`scan` as an int64 array of rows ``(last, value)``, for an automaton
    made by :func:`build_automaton` from int values, and its ``prepare``.

    Each slice is scanned squeezed (:meth:`_Prepare.squeezed`) and its hits are flattened into
    numbers in one pass (no tuple a hit), moved back and filtered in numpy: the same hits, in
    the same order.

    Parameters
    ----------
    automaton : ahocorasick.Automaton
    text : str
    max_len : int
        One more than the longest key.
    prepare : callable
        The second value :func:`build_automaton` returns.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_hits, 2)``.

    Examples
    --------
    >>> auto, prepare = build_automaton([("ab", 2)])
    >>> scan_ints(auto, "xab...ab", 3, prepare).tolist()
    [[2, 2], [7, 2]]
    """
    parts = [np.zeros((0, 2), dtype=np.int64)]
    for base, lo, piece in _slices(text, max_len):
        piece, where = prepare.squeezed(piece)
        found = list(automaton.iter(piece))
        rows = np.fromiter(chain.from_iterable(found), np.int64, 2 * len(found)).reshape(-1, 2)
        if where is not None:  # back to the places in the slice
            rows[:, 0] = where[rows[:, 0]]
        rows[:, 0] += base
        parts.append(rows if base == lo else rows[rows[:, 0] >= lo])
    return np.concatenate(parts)


def build_automaton(words) -> tuple[ahocorasick.Automaton, Callable[[str], str]]:
    """An Aho-Corasick automaton of ``words`` and the function that prepares a text for it.

    pyahocorasick looks a character up among a trie node's children one by one, so a character
    that starts no key costs a look at every child of the root (a few hundred for Chinese
    names): most of a scan's time. A character that is part of no match may as well be any
    other, so the prepared text has a filler in its place, a character no key holds either
    that is the root's first child (the first letter of a key added first that never matches:
    the filler and then another character no key holds, which a prepared text never has). A
    character is part of no match when no key holds it, and also when it is no key on its own
    and neither it and the character before it nor it and the one after it are two
    consecutive characters of a key (a key of two or more characters that covers it holds one
    of these pairs): in Chinese text most characters that some name holds. The prepared text
    has the same length and the same matches, found several times faster.

    Parameters
    ----------
    words : iterable of (str, object)
        Keys and their values.

    Returns
    -------
    automaton : ahocorasick.Automaton
        Made, ready to scan.
    prepare : callable
        ``prepare(text)``: the text to scan instead of ``text``.

    Examples
    --------
    >>> auto, prepare = build_automaton([("ab", 1), ("b", 2)])
    >>> prepare("xaby!"), prepare("ba")
    ('\\x00ab\\x00\\x00', 'b\\x00')
    >>> list(auto.iter(prepare("xaby!")))
    [(2, 1), (2, 2)]
    """
    words = list(words)
    chars = sorted({c for key, _ in words for c in key})
    size = len(chars) + 1
    number = np.zeros(0x110000, dtype=np.int32 if size * size < 2**31 else np.int64)
    number[[ord(c) for c in chars]] = np.arange(1, size)  # 0: a character no key holds
    fill, never = np.flatnonzero(number == 0)[:2].tolist()
    pairs = np.zeros(size * size, dtype=bool)  # of two characters' numbers a * size + b
    single = np.zeros(size, dtype=bool)
    automaton = ahocorasick.Automaton()
    automaton.add_word(chr(fill) + chr(never), None)
    for key, value in words:
        automaton.add_word(key, value)
        codes = number[[ord(c) for c in key]]
        pairs[codes[:-1] * size + codes[1:]] = True
        if len(key) == 1:
            single[codes[0]] = True
    automaton.make_automaton()
    return automaton, _Prepare(number, pairs, single, fill)


class _Prepare:
    """A text with ``fill`` for each character in no match (see :func:`build_automaton`; a
    class, not a closure: a Matcher pickles)."""

    def __init__(self, number: np.ndarray, pairs: np.ndarray, single: np.ndarray, fill: int):
        self.number, self.pairs, self.single = number, pairs, single
        self.fill = np.uint32(fill)

    def __call__(self, text: str) -> str:
        codes, live = self._live(text)
        return np.where(live, codes, self.fill).tobytes().decode("utf-32-le")

    def _live(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The code points of ``text`` and which of them may be part of a match."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        numbers = self.number[codes]
        live = self.single[numbers]
        pair = self.pairs[numbers[:-1] * len(self.single) + numbers[1:]]
        live[:-1] |= pair
        live[1:] |= pair
        return codes, live

    def squeezed(self, text: str) -> tuple[str, np.ndarray | None]:
        """The prepared text with each run of fillers cut to its first, and where each of its
        characters stands in ``text`` (None when nothing is cut: then it is the prepared text).

        A match holds no filler (no key does, but the filler key, whose second character a
        prepared text never holds), so every match lies inside a run of characters that are
        not fillers; those runs stay whole and in order, a filler still between two of them:
        the squeezed text has the same matches, each at ``where[last]``, in the same order. A
        text most of whose characters are in no match (Chinese text) scans several times
        faster so; a text it would cut by a quarter or less is not cut (not worth mapping back).

        Examples
        --------
        >>> auto, prepare = build_automaton([("ab", 1)])
        >>> prepare.squeezed("xyzab!!ab")
        ('\\x00ab\\x00ab', array([0, 3, 4, 5, 7, 8]))
        >>> prepare.squeezed("abab")
        ('abab', None)
        """
        codes, live = self._live(text)
        keep = live.copy()
        keep[1:] |= live[:-1]  # a live character, or the first after one
        keep[:1] = True
        where = np.flatnonzero(keep)
        if 4 * (len(codes) - len(where)) <= len(codes):
            return np.where(live, codes, self.fill).tobytes().decode("utf-32-le"), None
        return np.where(live[where], codes[where], self.fill).tobytes().decode("utf-32-le"), where


def _leftmost_longest(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which hits (sorted by start, longest first) to keep: each that starts at or after the end
    of the last kept one, or has its span. A hit that starts at or after the end of every hit
    before it is kept, whatever came before; only the hits after it that overlap are decided
    one by one."""
    keep = np.ones(len(starts), dtype=bool)
    if len(starts) < 2:
        return keep
    overlap = np.flatnonzero(starts[1:] < np.maximum.accumulate(ends)[:-1]) + 1
    s, e = starts.tolist(), ends.tolist()
    last = reach = last_start = -1
    for i in overlap.tolist():
        if i - 1 != last:  # the hit before is the first of these overlapping ones: kept
            reach, last_start = e[i - 1], s[i - 1]
        last = i
        if s[i] >= reach or (s[i] == last_start and e[i] == reach):
            reach, last_start = e[i], s[i]  # (the kept hit reaches furthest)
        else:
            keep[i] = False
    return keep


def _to_raw(omap, positions: np.ndarray) -> np.ndarray:
    """``[omap.to_raw(p) for p in positions]`` as an array: raw = position + the shift of the
    last break at or before it.

    Examples
    --------
    >>> from zonekit.normalize import normalize
    >>> norm, omap = normalize("Hong \\n Kong  SAR")
    >>> _to_raw(omap, np.array([0, 5, 10])).tolist() == [omap.to_raw(p) for p in (0, 5, 10)]
    True
    """
    if not omap.breaks:
        return positions
    shifts = np.array((0, *omap.shifts), dtype=np.int64)
    return positions + shifts[np.searchsorted(np.array(omap.breaks, dtype=np.int64), positions,
                                              side="right")]


class Hits(NamedTuple):
    """Matches as columns: int64 ``start`` and ``end``, object ``entity_id``, ``kind``, ``via``."""

    start: np.ndarray
    end: np.ndarray
    entity_id: np.ndarray
    kind: np.ndarray
    via: np.ndarray

    @classmethod
    def from_list(cls, matches) -> Hits:
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
    >>> raw = "支持港澳與世界衛生組織合作，促进经济健康发展"
    >>> [(raw[s:e], eid) for s, e, eid, kind, via in m.find(raw)]
    [('港澳', 'hong-kong'), ('港澳', 'macao'), ('世界衛生組織', 'who')]
    >>> "hong kong" in m.names and "世界卫生组织" in m.names
    True
    """

    def __init__(self, codebook: Codebook | None = None):
        self.codebook = codebook if codebook is not None else load_codebook()
        words = []  # (key, value) for the automaton
        table: dict[str, list[_Pattern]] = {}
        owners: dict[str, str] = {}
        variants = []
        for e in self.codebook:
            for name, via in e.own_names():
                self._add(table, owners, e, name, name, via)
                variants += [(e, name, v, via) for v in _plurals(name)]
        for e, name, variant, via in variants:
            key = to_simplified(normalize(variant)[0].strip())
            if owners.get(key, e.id) == e.id:
                self._add(table, owners, e, name, variant, via)
        # context rules: phrases inside which an entity's names do not code it. They are keys
        # of the same automaton (one scan finds names and phrases: every occurrence of every
        # key, as two automata would), their value's last item the entities they stop.
        phrases: dict[str, set[str]] = {}
        for e in self.codebook:
            for phrase in context_phrases(e):
                phrases.setdefault(to_simplified(normalize(phrase)[0].strip()), set()).add(e.id)
        self._keep_nested = {e.id: frozenset(e.keep_nested) for e in self.codebook
                             if e.keep_nested}
        # every pattern gets a number; find() packs (kind, start, length, number) into one int
        self._patterns: list[_Pattern] = []
        lengths: list[int] = []
        kinds = sorted({p.kind for pats in table.values() for p in pats},
                       key=lambda k: (_KIND_ORDER.get(k, 9), k))
        self._rank = {k: i for i, k in enumerate(kinds)}
        self._max_len = max(map(len, table), default=0) + 1
        self._bits = max(1, sum(map(len, table.values())).bit_length())  # for pattern numbers
        # each key of the automaton has a number, its value (an int: see scan_ints); its
        # patterns are numbered in a row from key_first[number] (none for a phrase that is no
        # name)
        key_len, key_first, key_count, self._stops = [], [], [], {}
        for key in (*table, *(k for k in phrases if k not in table)):
            pats = table.get(key, ())
            if key in phrases:
                self._stops[len(key_len)] = frozenset(phrases[key])
            words.append((key, len(key_len)))
            key_len.append(len(key))
            key_first.append(len(self._patterns))
            key_count.append(len(pats))
            self._patterns += pats
            lengths += [len(key)] * len(pats)
        self._key_len, self._key_first, self._key_count = (
            np.array(c, dtype=np.int64) for c in (key_len, key_first, key_count))
        self._key_stops = np.zeros(len(key_len), dtype=bool)
        self._key_stops[list(self._stops)] = True
        # by pattern: the part of hits()'s sort key that does not depend on the text, its kind's
        # rank, the checks it needs (1: word boundary before, 2: after, 4: the capitals)
        self._tail = np.array([((self._max_len - 1 - n) << self._bits) + i
                               for i, n in enumerate(lengths)], dtype=np.int64)
        self._pattern_rank = np.array([self._rank[p.kind] for p in self._patterns], dtype=np.int64)
        self._exact = np.array([p.exact for p in self._patterns] or [None], dtype=object)
        self._checks = np.array([p.check_start + 2 * p.check_end + 4 * (p.exact is not None)
                                 for p in self._patterns], dtype=np.int64)
        # slices overlap by the longest key, name or phrase (see _slices)
        self._scan_len = max(self._max_len, max(map(len, phrases), default=0) + 1)
        self._length_array = np.array(lengths, dtype=np.int64)
        self._entity_numbers = {e.id: i for i, e in enumerate(self.codebook)}
        self._entity_number = np.array([self._entity_numbers[p.entity_id]
                                        for p in self._patterns], dtype=np.int64)
        self._columns = [np.array([getattr(p, c) for p in self._patterns] or [""], dtype=object)
                         for c in ("entity_id", "kind", "via")]
        self._automaton, self._prepare = build_automaton(words)
        self.n_patterns = len(table)
        #: The normalised names the matcher looks for (aliases, cues and their plurals), one
        #: key each however many entities share it; context phrases are not names.
        self.names = tuple(key for key, k in words if key_count[k])

    @staticmethod
    def _add(table, owners, entity, name, form, via):
        key = to_simplified(normalize(form)[0].strip())
        if any(p.entity_id == entity.id for p in table.get(key, ())):
            return
        exact = normalize(form, lower=False)[0].strip() if is_acronym(name) else None
        table.setdefault(key, []).append(_Pattern(
            entity.id, entity.kind, via, exact, is_word_char(key[0]), is_word_char(key[-1])))
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
        hits = self.hits(text)
        return list(zip(hits.start.tolist(), hits.end.tolist(), hits.entity_id.tolist(),
                        hits.kind.tolist(), hits.via.tolist(), strict=True))

    def hits(self, text: str) -> Hits:
        """:meth:`find` as arrays (one row a match), the form :func:`find_tasks` works on."""
        # The hot part of the pipeline: after the scan, the hits are arrays (of each hit's end
        # and key number), each hit of a key one of each of its patterns; Python looks only at the
        # neighbours of hits that need word boundaries and at acronyms.
        norm, omap = normalize(text)
        norm = to_simplified(norm)  # same length: Traditional Chinese matched as Simplified
        found = scan_ints(self._automaton, norm, self._scan_len, self._prepare)
        last, key = found[:, 0], found[:, 1]
        del found
        start = last - self._key_len[key] + 1
        blocked: dict[str, list[tuple[int, int]]] = {}  # context phrases, by the entity they stop
        stops = np.flatnonzero(self._key_stops[key])
        for k, a, b in zip(key[stops].tolist(), start[stops].tolist(), last[stops].tolist(),
                           strict=True):
            for eid in self._stops[k]:
                blocked.setdefault(eid, []).append((a, b + 1))
        # each hit's patterns: hit[i] is the hit of pattern number[i]
        count = self._key_count[key]
        hit = np.repeat(np.arange(len(key)), count)
        number = self._key_first[key][hit] + np.arange(len(hit)) - (np.cumsum(count) - count)[hit]
        del key, count
        start, last = start[hit], last[hit]
        del hit
        checks = self._checks[number]
        if checks.any():
            ok = self._checked(text, norm, omap, start, last, number, checks)
            start, last, number = start[ok], last[ok], number[ok]
        starts, numbers = self._kept(start, number, len(norm) + 1, blocked)
        del start, last, number
        norm = None
        ends = starts + self._length_array[numbers]
        keep = self._not_nested(starts, ends, numbers)
        if keep is not None:
            starts, ends, numbers = starts[keep], ends[keep], numbers[keep]
        if omap.breaks:  # back to raw offsets
            starts, ends = _to_raw(omap, starts), _to_raw(omap, ends - 1) + 1
        return Hits(starts, ends, *(column[numbers] for column in self._columns))

    def _kept(self, start, number, span, blocked) -> tuple[np.ndarray, np.ndarray]:
        """``(starts, numbers)`` of the hits (``start``, pattern ``number``; every hit ends
        before ``span``) inside no context phrase of their entity (``blocked``: see
        :meth:`_not_blocked`) and kept by leftmost-longest within their kind: sorted by start,
        then kind, then pattern number."""
        bits, width = self._bits, self._max_len << self._bits
        n_rank = len(self._rank)
        # one int a hit, that sorts by kind, then start, longest first, then pattern number
        # (the scan order of patterns on one key): each kind's starts moved past the text's
        # end, span * rank on, so that hits of two kinds never overlap
        keys = (self._pattern_rank[number] * span + start) * width + self._tail[number]
        keys.sort()
        at, number = keys // width, keys & (1 << bits) - 1
        del keys
        start = at % span
        length = self._length_array[number]
        if blocked:  # (a hit is blocked or not whatever other hits there are)
            free = self._not_blocked(start, start + length, number, blocked)
            at, start, number, length = at[free], start[free], number[free], length[free]
        # leftmost-longest within each kind (a name shared by several entities codes each): a
        # hit of one kind overlaps none of another, so each kind's hits are kept as if alone
        keep = _leftmost_longest(at, at + length)
        at, start, number = at[keep], start[keep], number[keep]
        packed = np.sort(((start * n_rank + at // span) << bits) + number)
        return (packed >> bits) // n_rank, packed & (1 << bits) - 1

    def _checked(self, text, norm, omap, starts, lasts, numbers, checks) -> np.ndarray:
        """Which hits pass their pattern's checks (``checks``: see ``_checks``): no word
        character just before or after, the capitals of an acronym as written."""
        codes = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ok = np.ones(len(starts), dtype=bool)
        for bit, at, edge in ((1, starts - 1, -1), (2, lasts + 1, len(codes))):
            look = np.flatnonzero((checks & bit != 0) & (at != edge))
            near = codes[at[look]]
            chars = np.unique(near)
            word = np.array([WORD_CHARS[chr(c)] for c in chars.tolist()], dtype=bool)
            ok[look[word[np.searchsorted(chars, near)]]] = False
        acronyms = np.flatnonzero(ok & (checks & 4 != 0))
        # their raw spans, as omap.span_to_raw gives them, all at once
        raw = _to_raw(omap, np.concatenate([starts[acronyms], lasts[acronyms]]))
        for i, rs, re_, exact in zip(acronyms.tolist(), raw[:len(acronyms)].tolist(),
                                     (raw[len(acronyms):] + 1).tolist(),
                                     self._exact[numbers[acronyms]].tolist(), strict=True):
            surface = text[rs:re_]
            ok[i] = surface == exact or normalize(surface, lower=False)[0] == exact
        return ok

    def _not_blocked(self, starts, ends, numbers, blocked) -> np.ndarray:
        """Which hits are inside none of their entity's context phrases (``blocked``: spans by
        entity): a hit is inside one when, of the phrases starting at or before it, the one
        reaching furthest reaches its end."""
        free = np.ones(len(starts), dtype=bool)
        entity = self._entity_number[numbers]
        for eid, spans in blocked.items():
            mine = np.flatnonzero(entity == self._entity_numbers[eid])
            if not len(mine):
                continue
            a, b = np.array(sorted(spans), dtype=np.int64).T
            reach = np.maximum.accumulate(b)
            at = np.searchsorted(a, starts[mine], side="right") - 1
            inside = at >= 0
            inside[inside] = reach[at[inside]] >= ends[mine][inside]
            free[mine[inside]] = False
        return free

    def _not_nested(self, starts, ends, numbers):
        """Which hits to keep: not inside a longer hit of another entity (unless kept nested).

        None when every hit is kept. Hits come sorted by start.
        """
        if len(starts) < 2:
            return None
        order = np.lexsort((starts - ends, starts))  # by start, longest first
        s, e = starts[order], ends[order]
        reach = np.maximum.accumulate(e)
        inside = np.zeros(len(s), dtype=bool)
        inside[1:] = e[1:] <= reach[:-1]  # ends within an earlier-starting (or longer) hit
        if not inside.any():
            return None
        # (the loop reads lists: a numpy array's items are slow to read one at a time)
        entity = self._columns[0][numbers[order]].tolist()
        s, e = s.tolist(), e.tolist()
        keep = [True] * len(s)
        width = self._max_len
        for i in np.flatnonzero(inside).tolist():
            si, ei, eid = s[i], e[i], entity[i]
            j = i - 1
            while j >= 0 and s[j] > si - width:
                if (keep[j] and e[j] >= ei and e[j] - s[j] > ei - si
                        and entity[j] != eid
                        and eid not in self._keep_nested.get(entity[j], ())):
                    keep[i] = False
                    break
                j -= 1
        if all(keep):
            return None
        out = np.ones(len(starts), dtype=bool)
        out[order[~np.array(keep, dtype=bool)]] = False
        return out
