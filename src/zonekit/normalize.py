"""Normalise text for matching without moving offsets.

:func:`normalize` gives the text the matcher scans: white space runs (non-breaking, ideographic,
line breaks, tabs) and dashes become one plain space, full-width Latin becomes ASCII, Kangxi
radicals and CJK compatibility ideographs become the ideographs they stand for (NFKC), letters are
lower-cased; an :class:`OffsetMap` turns positions in it back into raw offsets. The character
classes every stage shares (Chinese characters, word characters) live here too.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

__all__ = ["normalize", "OffsetMap", "lower_text", "to_simplified", "to_simplified_all", "is_cjk", "is_word_char", "CJK", "WORD_CHARS"]

#: A Chinese or Japanese character, or CJK punctuation and full-width forms.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def is_cjk(text: str, share: float = 0.3) -> bool:
    """Whether more than ``share`` of ``text``'s characters are Chinese (or CJK punctuation).

    Examples
    --------
    >>> is_cjk("支持香港"), is_cjk("Hong Kong"), is_cjk("")
    (True, False, False)
    """
    return bool(text) and len(CJK.findall(text)) > share * len(text)


def is_word_char(c: str) -> bool:
    """A letter or digit that is not Chinese: what word boundaries are made of.

    Examples
    --------
    >>> is_word_char("a"), is_word_char("香"), is_word_char("-")
    (True, False, False)
    """
    return c.isalnum() and not CJK.match(c)


class _WordChars(dict):
    """``WORD_CHARS[c] == is_word_char(c)``, remembered (a dict look-up is faster)."""

    def __missing__(self, c: str) -> bool:
        value = self[c] = is_word_char(c)
        return value


#: :func:`is_word_char` as a remembering mapping, for hot loops.
WORD_CHARS = _WordChars()


_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff-"
_TO_SPACE = {ord(c): " " for c in _SPACES}
_TO_SPACE.update({c: " " for c in range(0x2000, 0x200C)})  # en/em/thin/zero-width spaces
_TO_SPACE.update({c: " " for c in range(0x2010, 0x2016)})  # hyphens and dashes
_TO_SPACE.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})  # full-width ASCII
# Kangxi radicals, CJK radicals and compatibility ideographs (PDFs printed from browsers carry
# them: ⼈ for 人) become the unified ideograph NFKC gives, where that is one character.
_TO_SPACE.update({c: ord(n) for c in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00))
                  if len(n := unicodedata.normalize("NFKC", chr(c))) == 1 and n != chr(c)})
_SLICE = 1 << 20  # characters mapped at once (4 bytes each) by normalize
_TABLES: dict[bool, np.ndarray] = {}  # made on first use


def _table(lower: bool) -> np.ndarray:
    """By code point, the one the character becomes: mapped by :data:`_TO_SPACE` and, with
    ``lower``, then lower-cased as :func:`normalize` does when the text holds İ, each character
    alone (Σ is σ; İ, whose lower case is longer, stays)."""
    if lower not in _TABLES:
        table = np.arange(0x110000, dtype=np.uint32)
        table[list(_TO_SPACE)] = [ord(v) if isinstance(v, str) else v for v in _TO_SPACE.values()]
        if lower:
            every = table.tobytes().decode("utf-32-le", "surrogatepass").replace("\u0130", "\0")
            table = np.frombuffer(every.lower().encode("utf-32-le", "surrogatepass"),
                                  dtype=np.uint32).copy()
            table[[0x130, 0x3A3]] = 0x130, 0x3C3
        _TABLES[lower] = table
    return _TABLES[lower]


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions in a normalised string back to the raw string it was made from.

    Normalisation only shortens runs of white space, so the map is stored as the normalised
    positions where a shortened run ends, with the cumulative shift after each.

    Attributes
    ----------
    breaks : tuple of int
        Normalised positions just after each shortened run of white space.
    shifts : tuple of int
        Characters removed up to and including each run (cumulative).

    Examples
    --------
    >>> norm, omap = normalize("Hong \\n Kong  SAR")
    >>> norm, omap
    ('hong kong sar', OffsetMap(breaks=(5, 10), shifts=(2, 3)))
    >>> omap.to_raw(norm.index("sar"))
    13
    """

    breaks: tuple[int, ...]
    shifts: tuple[int, ...]

    def to_raw(self, pos: int) -> int:
        """Raw offset of normalised position ``pos``.

        Parameters
        ----------
        pos : int
            A position in the normalised string.

        Returns
        -------
        int
            The matching position in the raw string.

        Examples
        --------
        >>> norm, omap = normalize("Hong \\n Kong")
        >>> norm, omap.to_raw(5), omap.to_raw(9)
        ('hong kong', 7, 11)
        """
        i = bisect_right(self.breaks, pos)
        return pos + (self.shifts[i - 1] if i else 0)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalised span ``[start, end)`` (``end > start``).

        Parameters
        ----------
        start, end : int
            The span in the normalised string, end exclusive.

        Returns
        -------
        tuple of int
            ``(start, end)`` in the raw string, so that ``raw[start:end]`` is the surface.

        Examples
        --------
        >>> raw = "the Hong\\u00a0\\u00a0Kong SAR"
        >>> norm, omap = normalize(raw)
        >>> s, e = omap.span_to_raw(norm.index("hong kong"), norm.index("hong kong") + 9)
        >>> raw[s:e]
        'Hong\\xa0\\xa0Kong'
        """
        return self.to_raw(start), self.to_raw(end - 1) + 1


def normalize(text: str, lower: bool = True) -> tuple[str, OffsetMap]:
    """Normalise text for matching; return it with the map back to raw offsets.

    White space of any kind (including non-breaking and ideographic spaces and line breaks),
    zero-width spaces and dashes between words become one plain space; full-width Latin letters
    and digits become ASCII; with ``lower`` letters are lower-cased (a character whose lower case
    is longer, such as "İ", is kept as it is so that positions stay one to one).

    Parameters
    ----------
    text : str
        The raw text.
    lower : bool
        Lower-case letters too.

    Returns
    -------
    str
        The normalised text.
    OffsetMap
        Maps its positions back to ``text``.

    Examples
    --------
    >>> normalize("Single-window\\u00a0System，ＷＨＯ")[0]
    'single window system,who'
    """
    if lower and "\u03a3" in text and "\u0130" not in text:
        # str.lower() makes Σ σ or ς by its neighbours, which a table cannot: mapped first, then
        # lower-cased as a string
        text = "".join(_map(text[lo:lo + _SLICE], _table(False)).tobytes().decode(
            "utf-32-le", "surrogatepass") for lo in range(0, len(text), _SLICE))
        text, table = lower_text(text), None
    else:
        table = _table(lower)
    # a slice at a time: map, then drop each space after a space (a run becomes its first)
    pieces, dropped = [], []
    after_space = False
    for lo in range(0, len(text), _SLICE):
        codes = _map(text[lo:lo + _SLICE], table)
        space = codes == 32
        drop = space.copy()
        drop[1:] &= space[:-1]
        drop[0] &= after_space
        after_space = bool(space[-1])
        pieces.append(codes[~drop].tobytes().decode("utf-32-le", "surrogatepass"))
        dropped.append(np.flatnonzero(drop) + lo)
    gone = np.concatenate(dropped) if dropped else np.zeros(0, dtype=np.int64)
    # a run [s, e) ends at e - (all dropped up to it) in the normalised text
    last = np.flatnonzero(np.append(gone[1:] != gone[:-1] + 1, True)) if len(gone) else gone
    shifts = last + 1
    breaks = gone[last] + 1 - shifts
    return "".join(pieces), OffsetMap(tuple(breaks.tolist()), tuple(shifts.tolist()))


def _map(text: str, table: np.ndarray | None) -> np.ndarray:
    """The code points of ``text``, each mapped by ``table`` (if given)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return table[codes] if table is not None else codes


_LOWER_CHUNK = 1 << 16
_LOWER_CUT = re.compile(r"[\s\u3400-\u9fff]")  # neither cased nor case-ignorable


def lower_text(text: str) -> str:
    """``text.lower()`` without its peak memory on long texts.

    CPython lower-cases a non-ASCII string through a buffer of 12 bytes per character; on a
    long text that is several times the text itself. Lower-casing slices that end just after a
    space, a line break or a Chinese character gives the same string (the only context rule,
    the final sigma, looks past case-ignorable characters only, and those are none of them),
    with a buffer the size of one slice.

    Examples
    --------
    >>> lower_text("Hong Kong 香港") == "Hong Kong 香港".lower()
    True
    """
    if len(text) <= _LOWER_CHUNK or text.isascii():
        return text.lower()
    out = []
    start = 0
    while start < len(text):
        stop = _LOWER_CUT.search(text, start + _LOWER_CHUNK)
        cut = stop.end() if stop else len(text)
        out.append(text[start:cut].lower())
        start = cut
    return "".join(out)


_T2S: list = []  # the OpenCC converter, made on first use (None when opencc is missing)
_TRADITIONAL_HINT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _t2s():
    if not _T2S:
        try:
            import opencc
        except ImportError:  # pragma: no cover - opencc is a declared dependency
            _T2S.append(None)
        else:
            _T2S.append(opencc.OpenCC("t2s"))
    return _T2S[0]


def to_simplified(text: str) -> str:
    """Traditional Chinese characters turned Simplified (OpenCC ``t2s``), for matching only.

    The result has the length of ``text`` and character ``i`` of it comes from character ``i``
    of ``text``, so offsets found in it are offsets into ``text``. OpenCC converts some phrases
    to phrases of another length; such a line is converted a character at a time instead, and
    a character whose conversion is longer or shorter is kept as it is. Simplified Chinese and
    Latin text come back unchanged.

    Examples
    --------
    >>> to_simplified("支持澳門與香港，共建一帶一路")
    '支持澳门与香港，共建一带一路'
    >>> to_simplified("Hong Kong") == "Hong Kong"
    True
    """
    if text.isascii() or not _TRADITIONAL_HINT.search(text):
        return text
    conv = _t2s()
    if conv is None:  # pragma: no cover
        return text
    out = conv.convert(text)
    if out == text:
        return out  # nothing to convert (most Simplified text)
    if len(out) == len(text) and "\n" not in text and "\n" not in out:
        return out  # one line (a sentence, a name), converted one character for one
    if len(out) == len(text) and out.count("\n") == text.count("\n"):
        lines = out.split("\n")
        raw = text.split("\n")
        if all(len(a) == len(b) for a, b in zip(lines, raw, strict=True)):
            return out
    fixed = []
    for line in text.split("\n"):
        done = conv.convert(line)
        if len(done) != len(line):
            done = "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in line)
        fixed.append(done)
    return "\n".join(fixed)


def to_simplified_all(texts: list[str]) -> list[str]:
    """``[to_simplified(t) for t in texts]``, with one OpenCC call for all of them.

    The texts are joined by line breaks and converted at once: OpenCC converts the phrases of
    its dictionaries, and no phrase holds a line break, so each line comes back as it would
    alone; a line whose conversion changed its length is converted a character at a time, as
    :func:`to_simplified` does. Many short texts (the sentences of a document) convert several
    times faster so.

    Examples
    --------
    >>> to_simplified_all(["支持澳門", "Hong Kong", "與香港\\n合作"])
    ['支持澳门', 'Hong Kong', '与香港\\n合作']
    """
    conv = _t2s()
    todo = [i for i, t in enumerate(texts)
            if not t.isascii() and _TRADITIONAL_HINT.search(t)]
    out = list(texts)
    if not todo or conv is None:
        return out
    joined = "\n".join(texts[i] for i in todo)
    converted = conv.convert(joined)
    if converted == joined:
        return out  # nothing to convert (most Simplified text)
    lines, done = joined.split("\n"), converted.split("\n")
    if len(done) != len(lines):  # pragma: no cover - OpenCC keeps line breaks
        return [to_simplified(t) for t in texts]
    fixed = [d if len(d) == len(line) else
             "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in line)
             for line, d in zip(lines, done, strict=True)]
    at = 0
    for i in todo:
        n = texts[i].count("\n") + 1
        out[i] = "\n".join(fixed[at:at + n])
        at += n
    return out

