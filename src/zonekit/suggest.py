"""Grow a codebook from the data: frequent uncovered terms, and aliases across languages.

:func:`suggest` lists the terms that recur in a plan's tasks where no codebook entity is
matched: English word n-grams (stop words and directive cues left out) and Chinese words (cut by
jieba), each with its counts and a keyword-in-context example traced to its offsets. A person
reads the list and writes the entries worth having; nothing is added to a codebook.

:func:`suggest_parallel` reads aligned pairs (a text and its translation, one pair a row) and,
for each entity coded on one side, scores the words of the other side by how often they occur in
the same pairs (the Dice coefficient, ``2 * both / (pairs with the entity + pairs with the
word)``), keeping the words seen where the entity is coded on one side only: candidate aliases
for the other language.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict

import pandas as pd

from .codebook import Codebook, load_codebook
from .match import Matcher
from .normalize import CJK
from .plan import Plan, load_plan
from .tasks import directive_cue

__all__ = ["suggest", "suggest_parallel", "terms", "SUGGEST_COLUMNS", "PARALLEL_COLUMNS"]

#: Columns of :func:`suggest`.
SUGGEST_COLUMNS = ["term", "language", "n", "n_tasks", "n_docs", "example", "doc_id", "task_id",
                   "start", "end"]
#: Columns of :func:`suggest_parallel`.
PARALLEL_COLUMNS = ["entity_id", "label", "coded_in", "language", "candidate", "dice", "n_both",
                    "n_entity", "n_candidate", "n_missed", "example"]

_STOP_EN = frozenset("""a an the and or of to in on for with by at from as is are was were be been
being it its this that these those we our us they their them he she his her you your i not no
all any each every more most other such some than then there here which who whom whose what when
where how also into over under between among through about against within without per via so
both can could may might would shall will must should do does did done has have had having new
further well including include includes one two three four five first second third year years
last this its while across up out down off more less very yet only same own such upon""".split())
_STOP_ZH = frozenset("""我们 他们 以及 并且 或者 通过 进行 有关 相关 各类 各种 一批 一些 这些 那些 一个 其中 之间
以上 以下 工作 方面 问题 情况 重点 加以 作为 对于 关于 按照 根据 为了 同时 特别 不断 更加 全面 深入 开展 实施
已经 目前 今年 去年 明年 当前 一定 主要 重要 基本 能够 可以 应该 没有 实现 取得 形成 提出 方面 等等 坚持""".split())
_WORD_EN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_BREAK = re.compile(r"[,.;:!?()\[\]{}\"“”‘’、，。；：！？（）《》]")
_HAN = re.compile(r"^[\u3400-\u9fff]{2,}$")
_JIEBA: list = []


def _jieba():
    if not _JIEBA:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _JIEBA.append(jieba.Tokenizer())
    return _JIEBA[0]


def terms(text: str, max_words: int = 3) -> list[tuple[str, str, int, int]]:
    """Candidate terms of a text: ``(term, language, start, end)``, offsets into ``text``.

    English: word n-grams of 1 to ``max_words`` words that do not cross punctuation, neither
    starting nor ending with a stop word, lower-cased. Chinese: words of two or more characters
    cut by jieba. Directive cues (support, 推动...) and Chinese function words are left out.

    Parameters
    ----------
    text : str
    max_words : int
        Longest English n-gram.

    Returns
    -------
    list of (str, str, int, int)

    Examples
    --------
    >>> [t for t, lang, s, e in terms("Build offshore data hubs.")]
    ['offshore', 'offshore data', 'offshore data hubs', 'data', 'data hubs', 'hubs']
    >>> [t for t, lang, s, e in terms("推动建设离岸数据枢纽")]
    ['离岸', '数据', '枢纽']
    """
    out = []
    if CJK.search(text):
        for word, s, e in _jieba().tokenize(text):
            if _HAN.match(word) and word not in _STOP_ZH and directive_cue(word) is None:
                out.append((word, "zh", s, e))
    words = [(m.group().lower(), m.start(), m.end()) for m in _WORD_EN.finditer(text)]
    for i, (w, s, _) in enumerate(words):
        for j in range(i, min(i + max_words, len(words))):
            last, _, e = words[j]
            if j > i and _BREAK.search(text, words[j - 1][2], words[j][1]):
                break
            if w in _STOP_EN or last in _STOP_EN or len(last) < 2 or len(w) < 2:
                continue
            gram = " ".join(x[0] for x in words[i:j + 1])
            if directive_cue(gram) is None:
                out.append((gram, "en", s, e))
    return out


def _kwic(text: str, start: int, end: int, width: int = 30) -> str:
    left = " ".join(text[max(0, start - width):start].split())
    right = " ".join(text[end:end + width].split())
    return f"{'…' if start > width else ''}{left} [{text[start:end]}] {right}{'…' if end + width < len(text) else ''}"


def suggest(source=None, codebook=None, min_count: int = 2, top: int | None = 200,
            max_words: int = 3) -> pd.DataFrame:
    """Terms frequent in a plan's tasks that no codebook entity covers.

    A term's occurrence is covered when it overlaps a mention (any entity, any kind) of its
    task; only uncovered occurrences count.

    Parameters
    ----------
    source : Plan, path, list of paths or None
        A coded plan, or what :func:`zonekit.load_plan` reads (None: the bundled plan).
    codebook : Codebook or path, optional
        For coding ``source`` when it is not a Plan.
    min_count : int
        Fewest tasks a term must occur in (uncovered).
    top : int or None
        Keep this many terms (all ties with the last kept as well); None keeps all.
    max_words : int
        Longest English n-gram.

    Returns
    -------
    DataFrame
        :data:`SUGGEST_COLUMNS`, most tasks first, then most occurrences, then the term:
        ``n`` uncovered occurrences, ``n_tasks`` and ``n_docs`` holding one, and the first
        occurrence: ``example`` (keyword in context, the term in brackets), its ``doc_id``,
        ``task_id`` and raw ``start``/``end``.

    Examples
    --------
    >>> from zonekit import load_plan, Codebook
    >>> plan = load_plan()
    >>> s = suggest(plan)
    >>> s.columns.tolist() == SUGGEST_COLUMNS
    True
    >>> row = s.iloc[0]
    >>> plan.raw(row.doc_id)[row.start:row.end].lower() == row.term
    True
    """
    plan = source if isinstance(source, Plan) else load_plan(source, codebook=codebook)
    spans = defaultdict(list)
    for t, s, e in zip(plan.mentions["task_id"], plan.mentions["start"], plan.mentions["end"],
                       strict=True):
        spans[t].append((int(s), int(e)))
    count: Counter = Counter()
    tasks_of: dict[tuple, set] = defaultdict(set)
    docs_of: dict[tuple, set] = defaultdict(set)
    first: dict[tuple, tuple] = {}
    for task_id, doc_id, text, t_start in zip(plan.tasks["task_id"], plan.tasks["doc_id"],
                                              plan.tasks["text"], plan.tasks["start"],
                                              strict=True):
        base = int(t_start)
        covered = spans.get(task_id, ())
        for term, lang, s, e in terms(text, max_words):
            rs, re_ = base + s, base + e
            if any(a < re_ and rs < b for a, b in covered):
                continue
            key = (term, lang)
            count[key] += 1
            tasks_of[key].add(task_id)
            docs_of[key].add(doc_id)
            if key not in first:
                first[key] = (_kwic(text, s, e), doc_id, task_id, rs, re_)
    rows = [(t, lang, count[(t, lang)], len(tasks_of[(t, lang)]), len(docs_of[(t, lang)]),
             *first[(t, lang)]) for (t, lang) in count if len(tasks_of[(t, lang)]) >= min_count]
    df = pd.DataFrame(rows, columns=SUGGEST_COLUMNS)
    df = df.sort_values(["n_tasks", "n", "term"], ascending=[False, False, True],
                        kind="stable").reset_index(drop=True)
    if top is not None and len(df) > top:
        last = df.iloc[top - 1]
        df = df[(df.index < top) | ((df["n_tasks"] == last.n_tasks) & (df["n"] == last.n))]
    return df.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def suggest_parallel(source, codebook=None, columns=("zh", "en"), min_count: int = 2,
                     per_entity: int = 5) -> pd.DataFrame:
    """Alias candidates from aligned pairs: words of one language that go with an entity coded
    in the other.

    For an entity coded on side A of some pairs, every term on side B (:func:`terms`) is scored
    by Dice over the pairs: ``2 * n_both / (n_entity + n_candidate)``, where ``n_entity`` counts
    the pairs with the entity coded on side A, ``n_candidate`` the pairs with the term on side B
    and ``n_both`` the pairs with both. A candidate must occur at least ``min_count`` times
    where the entity is coded on side A but not on side B (``n_missed``): the pairs an alias
    would mend. Terms the codebook already matches as the entity are left out.

    Parameters
    ----------
    source : path, list of paths or DataFrame
        Aligned pairs (see :func:`zonekit.agreement.read_pairs`).
    codebook : Codebook or path, optional
    columns : pair of str
        The two text columns.
    min_count : int
        Fewest pairs a candidate must mend.
    per_entity : int
        Best candidates kept per entity and language.

    Returns
    -------
    DataFrame
        :data:`PARALLEL_COLUMNS`: ``coded_in`` the language the entity was coded in,
        ``language`` the candidate's; sorted by entity, then Dice (highest first). ``example``
        is the first pair text (candidate's side) it would mend.

    Examples
    --------
    >>> pairs = pd.DataFrame({"zh": ["加强两岸合作。", "推动两岸交流。", "支持台湾同胞。"],
    ...                       "en": ["We will strengthen cross-Strait cooperation.",
    ...                              "We will promote cross-Strait exchanges.",
    ...                              "We will support compatriots in Taiwan."]})
    >>> from zonekit import Codebook
    >>> mine = Codebook.from_yaml("entities: [{id: taiwan, kind: partner, label: Taiwan, "
    ...                           "label_zh: 台湾, aliases_zh: [两岸]}]")
    >>> s = suggest_parallel(pairs, mine)
    >>> s[["entity_id", "coded_in", "candidate", "n_missed", "dice"]].values.tolist()
    [['taiwan', 'zh', 'cross-strait', 2, 0.8]]
    """
    from .agreement import read_pairs

    a, b = columns
    if isinstance(source, pd.DataFrame):
        pairs = source
    else:
        paths = [source] if not isinstance(source, (list, tuple)) else list(source)
        pairs = pd.concat([read_pairs(p, columns) for p in paths], ignore_index=True)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    matcher = Matcher(codebook)
    sides = {}
    for col in (a, b):
        texts = pairs[col].tolist()
        coded = [{m[2] for m in matcher.find(t)} for t in texts]
        words = [{t for t, _, _, _ in terms(text, 2)} for text in texts]
        sides[col] = (texts, coded, words)
    rows = []
    for src, dst in ((a, b), (b, a)):
        _, coded_src, _ = sides[src]
        texts_dst, coded_dst, words_dst = sides[dst]
        n_word = Counter(w for ws in words_dst for w in ws)
        n_ent: Counter = Counter()
        both: dict[str, Counter] = defaultdict(Counter)
        missed: dict[str, Counter] = defaultdict(Counter)
        example: dict[tuple, str] = {}
        for i, ents in enumerate(coded_src):
            for e in ents:
                n_ent[e] += 1
                both[e].update(words_dst[i])
                if e not in coded_dst[i]:
                    missed[e].update(words_dst[i])
                    for w in words_dst[i]:
                        example.setdefault((e, w), texts_dst[i])
        for e, ws in missed.items():
            cands = []
            for w, n_m in ws.items():
                if n_m < min_count or e in {m[2] for m in matcher.find(w)}:
                    continue
                dice = 2 * both[e][w] / (n_ent[e] + n_word[w])
                cands.append((e, codebook[e].label, src, dst, w, round(dice, 4), both[e][w],
                              n_ent[e], n_word[w], n_m, example[(e, w)]))
            cands.sort(key=lambda r: (-r[5], -r[9], r[4]))
            rows += cands[:per_entity]
    df = pd.DataFrame(rows, columns=PARALLEL_COLUMNS)
    return df.sort_values(["entity_id", "coded_in", "dice", "candidate"],
                          ascending=[True, True, False, True], kind="stable").reset_index(drop=True)
