"""Directive cues and modality: which sentences of a plan are tasks.

:func:`task_columns` keeps the sentences that commit to an action: they hold a directive cue, and
the strongest cue sets the ``modality``: ``binding`` (must, shall, it is necessary, 必须...),
then ``exploratory`` (explore, pilot, 探索, 试点...), then ``supportive`` (support, promote, will,
支持, 推动...). A sentence that only reports a plan being issued ("The State Council has approved
a plan to ...", 国务院印发……方案) is not a task, and neither is a question.

A sentence in a section that reviews work done (a heading on its outline path such as
"一、过去五年工作回顾", "I. Review of the Work in 2008": see :func:`review_section`) reports what was
done: Chinese has no tense, so 推进 or 加强 there tell of done work, as the translation's past
tense shows ("we promoted"). There only a modal cue makes a task (必须, 要, 应, "must", "will",
"need to": the lessons a review draws), not an action verb.
"""

from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd

from .codebook import Codebook
from .match import Hits, build_automaton, scan_ints
from .normalize import to_simplified, to_simplified_all
from .schema import KINDS, MODALITIES, as_list, list_column
from .segment import PATH_SEP, measure_columns, note_roles

__all__ = ["task_columns", "directive_cue", "review_section", "MODALITIES", "INHERITED"]

#: Kinds a task takes from the headings of its outline path when its sentence names none.
INHERITED = ("sector", "instrument")


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
    "binding": ["must", "shall", "imperative", "necessary", "the need",
                "required to", "is required", "are required", "mandatory", "have to", "has to",
                "should", "strictly"],
    "exploratory": ["explore", "to pilot", "piloting", "experiment", "try out", "trial basis",
                    "pilot basis",
                    # as 试点 is: the noun too ("expand pilot projects", "trials of reform"),
                    # but not a "pilot zone" (a place)
                    "pilot project", "pilot projects", "pilot program", "pilot programs",
                    "pilot programme", "pilot programmes", "trial"],
    "supportive": ["support", "encourage", "promote", "help", "facilitate", "allow", "enable",
                   "strengthen", "improve", "establish", "build", "develop", "provide", "set up",
                   "optimize", "optimise", "expand", "deepen", "advance", "accelerate", "boost",
                   "foster", "enhance", "upgrade", "implement", "carry out", "launch", "create",
                   "introduce", "attract", "urge", "urged", "call for", "called for", "ensure",
                   "step up", "push forward",
                   "will", "aim to", "seek to", "work to", "strive to",
                   "authorised to", "authorized to",
                   # the usual translation of 要 (a directive, not 必须 "must")
                   "need to", "needs to"],
}
_ZH_CUES = {
    "binding": ["必须", "务必", "应当", "要求", "严格", "不得", "禁止",
                # 应/要/请 are directives only before what they govern (not 供应, 重要, 申请)
                "应按照", "应依法", "应严格", "应及时", "应符合", "应根据", "应遵循", "应由",
                "应在", "应将", "应予", "应加强", "应建立",
                "要严格",
                "要紧紧", "要结合", "要始终",
                "要牢牢", "要抓紧", "要及时", "要主动", "要落实", "要将",
                "请你们", "请你省", "请你区", "请你市", "请有关", "请各", "请认真", "请按照",
                "请结合", "请抓紧", "请商",
                "不再", "一律"],
    "exploratory": ["探索", "试点", "先行先试", "试行", "尝试", "研究制定", "研究提出"],
    "supportive": ["支持", "鼓励", "推动", "推进", "促进", "加强", "建立", "建设", "完善", "优化",
                   "提升", "打造", "允许", "引导", "深化", "扩大", "开展", "实施", "提供", "加快",
                   "构建", "健全", "培育", "设立", "搭建", "吸引", "便利",
                   "同意", "可以", "可按", "可根据", "可采取", "可参照", "可适当", "下放",
                   "放宽", "简化", "授权",
                   # goal and implementing verbs, not obligations (as "must" is): 确保 is
                   # "ensure", 实行 "implement", 取消 "abolish"
                   "确保", "实行", "取消",

                   # verbs and adverbs of commitment of work reports (translated "we will ..."),
                   # checked on the aligned Government Work Reports 2008-2012
                   "继续", "坚持", "加大", "落实", "做好", "抓好", "大力", "切实", "着力", "进一步",
                   "努力", "积极", "巩固", "强化", "增强", "改善", "保障", "维护", "规范", "调整",
                   "推行", "抓紧", "力争", "稳步",
                   # 要 + verb: a directive (要 alone is also 重要, 主要, 需要)
                   "我们要", "也要", "都要", "还要", "更要", "就要", "一要", "二要", "三要", "四要",
                   "五要", "六要", "七要", "八要", "九要", "十要", "要坚持", "要继续", "要加强",
                   "要进一步", "要大力", "要着力", "要切实", "要认真", "要积极", "要努力", "要加快",
                   "要把", "要以", "要在", "要全面", "要深入", "要做好", "要抓好", "要保持", "要提高",
                   "要增加", "要完善", "要推进", "要按照", "要围绕", "要高度", "要坚决", "要充分",
                   "要统筹", "要更加"],
}
# A Chinese directive has no subject: a clause that starts with an action verb or an adverb of
# manner gives an instruction (提高扶贫标准, 一是稳定发展粮食生产, 逐步解决……), while the same verb
# after its subject reports a change (劳动力素质提高). These are cues at the start of a clause only
# (after 。，；：、, an opening quote, or 一是/二是...). Verbs that are as often nouns at the head of
# a clause (发展, 改革, 稳定: 改革开放是……) are not among them.
_ZH_CLAUSE_VERBS = ["提高", "增加", "保持", "搞好", "拓展", "拓宽", "争取", "防止", "制定", "重视",
                    "保证", "帮助", "采取", "统一", "发挥", "创造", "削减", "控制", "开发", "节约",
                    "督促", "处理", "减少", "降低", "推广", "坚决", "依法", "充分", "尽快", "适当",
                    "逐步", "不断", "合理", "认真", "全面", "深入", "重点", "优先", "及时",
                    "大幅度", "适度", "稳妥",
                    "繁荣", "创建", "部署", "打好", "营造", "广开", "整顿", "清理", "严厉", "全力",
                    "扩展"]
_CLAUSE_START = r"(?:(?<![^，；：。、\s“])|(?<=[一二三四五六七八九十]是))"
#: Chinese cue rules beyond literal words: (anchor words, pattern). The pattern matches only
#: where one of its anchor words starts (so the document cue finder can anchor it).
_ZH_RULES = {
    "binding": [],
    "exploratory": [],
    "supportive": [
        (_ZH_CLAUSE_VERBS, _CLAUSE_START + "(?:" + "|".join(_ZH_CLAUSE_VERBS) + ")"),
        # the modal 要 ("must", "will": 政府立法工作要广泛听取意见, 特别要解决……), that is 要 that is
        # not part of a word: 重要, 主要, 需要, 只要, 首要, 必要, 纲要, 摘要, 简要, 紧要, 显要, 政要,
        # 机要; 要求, 要素, 要点, 要闻, 要件, 要领, 要害, 要塞, 要员, 要地, 要务, 要职, 要案
        (["要"], "(?<![重主需只首必纲摘简紧显政机提扼概])要(?![求素点闻件领害塞员地务职案])"),
        # the future and intention markers, as "will" is in English: 将 (not 将近 nearly, 将来 the
        # future, 将军/将领/将士 generals), 拟 "is to" (not 模拟, 虚拟, 草拟)
        (["将"], "将(?![近来军领士])"),
        (["拟"], "(?<![模虚草比])拟"),
    ],
}
_PASSIVE = r"(?:is|are|be|been|being)\s+(?:\w+ly\s+)?"
_NOT_VERBS = {"must", "shall", "should", "will", "necessary", "imperative", "mandatory",
              "strictly", "the need", "need to", "needs to", "have to", "has to", "required to",
              "is required", "are required", "aim to", "seek to", "work to", "strive to"}
_MODAL_EN = {"must", "shall", "should", "will", "necessary", "imperative", "mandatory", "the need",
             "need to", "needs to", "have to", "has to", "required to", "is required",
             "are required", "aim to", "seek to", "strive to"}


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
    alts += [pattern for _, pattern in _ZH_RULES[kind]]
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
# the frame reports a plan issued ("has approved", "unveils"): "we will adopt measures to" or
# "to issue guidelines on" commit to an action, so the verb is past or third person only
# thanks and greetings commit to nothing, whatever they name ("I express our thanks to ... friends
# that support China"; "向……表示诚挚的感谢！")
_COURTESY_EN = ("express", "extend", "thank")
_COURTESY_ZH = ("表示", "致以")
_FRAME = re.compile(
    r"\b(?:" + "|".join(_FRAME_EN) + r")(?:ed|e?s)\s+(?:\w+\s+){0,5}?"
    r"(?:plan|guideline|measure|document|opinion|programme|program|scheme|policy|policies)s?"
    r"\s+(?:to|for|on|that)\b"
    r"|(?:" + "|".join(_FRAME_ZH) + r")[^。！？]{0,30}?(?:方案|意见|规划|通知|措施|计划)"
    r"|\b(?:express|extend)(?:es|ed|ing)?\s+(?:\w+\s+){0,3}?"
    r"(?:thanks|gratitude|appreciation|respects|greetings)\b"
    r"|^(?:\W*\w+\W+){0,6}?(?:I|we)\s+(?:\w+\s+){0,2}?thank\b"
    r"|(?:表示|致以)[^。！？，]{0,8}(?:感谢|谢意|敬意|问候)",
    re.I,
)


# Modal cues (obligation, intention: must, will, need to, 必须, 应, 要...) as opposed to action
# verbs (support, 推进): in a review of work done only these make a task. 要求 ("requirement")
# and 要 in 重要/主要 are not modal (every Chinese 要 cue is 要 + what it governs).
_ZH_MODAL = re.compile(r"^(?:必须|务必|应|不得|禁止|请)|要(?!求)")


def _modal_regex(kind: str) -> re.Pattern:
    en = sorted((w for w in _EN_CUES[kind] if w in _MODAL_EN), key=len, reverse=True)
    alts = [r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in en) + r")\b"] if en else []
    alts += [w for w in _ZH_CUES[kind] if _ZH_MODAL.search(w)]
    alts += [pattern for anchors, pattern in _ZH_RULES[kind] if anchors == ["要"]]
    return re.compile("|".join(alts) or r"(?!)", re.I)


_MODAL = {k: _modal_regex(k) for k in MODALITIES}
#: Headings that announce a review of work done (工作回顾, "Review of the Work in 2008").
_REVIEW = re.compile(r"回顾|工作总结|\breview(?:ing)?\s+(?:of\s+)?(?:the\s+)?(?:work|our work)\b"
                     r"|^\W*(?:[IVX]+\.\s*)?(?:a\s+)?review\s+of\b", re.I)


def review_section(path: str) -> bool:
    """Whether a sentence of this outline path is in a review of work done.

    Parameters
    ----------
    path : str
        The outline path (headings joined by ``" > "``, as :func:`zonekit.segment.segment` gives).

    Returns
    -------
    bool
        True when a heading on the path announces a review (回顾, 工作总结, "Review of ...").

    Examples
    --------
    >>> review_section("一、过去五年工作回顾 > （一）加强宏观调控")
    True
    >>> review_section("I. A Review of the Work in 2014")
    True
    >>> review_section("二、2008年主要任务"), review_section("Reviewing procedures")
    (False, False)
    """
    return any(_REVIEW.search(h) for h in path.split(PATH_SEP)) if path else False


_QUESTION_TAIL = frozenset(" \t\r\n\"'”’)）?？")


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().rstrip("\"'”’)）").endswith(("?", "？"))


def directive_cue(sentence: str, review: bool = False) -> tuple[str, str] | None:
    """The modality and cue that make a sentence a task, or None.

    Parameters
    ----------
    sentence : str
    review : bool
        The sentence is in a review of work done (:func:`review_section`): only a modal cue
        (must, will, need to, 必须, 要...) makes it a task, not an action verb.

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
    >>> directive_cue("I express our thanks to the friends that support China.") is None
    True
    >>> directive_cue("向关心和支持中国现代化建设的各国朋友，表示诚挚的感谢！") is None
    True
    >>> directive_cue("大力推进金融体制改革。", review=True) is None
    True
    >>> directive_cue("我们要加强宏观调控。", review=True)
    ('supportive', '我们要')
    """
    if _is_question(sentence):
        return None  # a question commits to nothing
    raw, sentence = sentence, to_simplified(sentence)  # Traditional cues too; same length
    low = sentence.lower()
    fast = len(low) == len(sentence) and not _FOLDED.search(low)
    for k in MODALITIES:  # strongest first; a binding cue overrides the report frame
        cue = _CUES_LOWER[k] if fast and k in _CUES_LOWER else _CUES[k]
        hit = _MODAL[k].search(sentence) if review else cue.search(
            low if cue is not _CUES[k] else sentence)
        if hit:
            if k != "binding" and _FRAME.search(sentence):
                return None
            return k, sys.intern(" ".join(raw[hit.start():hit.end()].split()))
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
        # words a match may have before the anchor it holds somewhere inside (see cues): the
        # passive's two ("is (strongly) supported"), a phrase's before its longest
        self._words_before = 2
        for i, k in enumerate(MODALITIES):
            for form in _en_forms(k):
                words = form.split()
                word, role = (words[0], _START) if len(words) == 1 else (max(words, key=len), _SEARCH)
                roles.setdefault(word, set()).add(2 * i + role)
                self._words_before = max(self._words_before, words.index(word))
            for word in _participles(k):
                roles.setdefault(word, set()).add(2 * i + _SEARCH)
            for word in (*_ZH_CUES[k], *(w for anchors, _ in _ZH_RULES[k] for w in anchors)):
                roles.setdefault(word, set()).add(2 * i + _START)
        frame = 2 * len(MODALITIES) + _SEARCH
        for word in (*_FRAME_EN, *_FRAME_ZH, *_COURTESY_EN, *_COURTESY_ZH):
            roles.setdefault(word, set()).add(frame)
        # a hit is kept as one int, (start << _N_CHANNELS) | its channels' bits: a word's value
        # is what to add to last << _N_CHANNELS (last = start + len(word) - 1) to get it
        self._automaton, self._prepare = build_automaton(
            (word, sum(1 << c for c in channels) - ((len(word) - 1) << _N_CHANNELS))
            for word, channels in roles.items())
        self._max_len = max(map(len, roles)) + 1
        self._usable = set(_CUES_LOWER) == set(MODALITIES)

    def cues(self, sentences: list[str]) -> list[tuple[str, str] | None]:
        """``[directive_cue(s) for s in sentences]`` (the sentences of a document).

        The sentences are made Simplified (one OpenCC call) and lower-cased as
        :func:`directive_cue` makes each; the anchors are found on all of them at once, joined
        by line breaks. Sentences with İ (whose lower case is two characters) and a sentence
        with ı or ſ (which ``re.I`` matches to i and s) take :func:`directive_cue` itself.
        """
        simplified = to_simplified_all(sentences) if self._usable else []
        joined = "\n".join(simplified)
        if not self._usable or "\u0130" in joined:
            return [directive_cue(s) for s in sentences]  # İ lower-cases to two characters
        # a line break is neither cased nor case-ignorable: each sentence lower-cased as alone
        joined = joined.lower()
        lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        ends = np.cumsum(lengths + 1) - 1  # where each sentence ends in joined
        starts = ends - lengths
        # each hit packed as (start << _N_CHANNELS) | its channels' bits, sorted by start
        packed = scan_ints(self._automaton, joined, self._max_len, self._prepare)
        packed = np.sort((packed[:, 0] << _N_CHANNELS) + packed[:, 1])
        hit_starts = packed >> _N_CHANNELS
        # per sentence, one bit per channel with a hit starting inside it (no anchor holds a
        # line break), and one for ı or ſ (re.I matches them to i and s, so no anchor shows
        # them: directive_cue decides)
        flags = np.zeros(len(starts), dtype=np.int64)
        hit_bits = packed & ((1 << _N_CHANNELS) - 1)
        np.bitwise_or.at(flags, np.searchsorted(starts, hit_starts, side="right") - 1, hit_bits)
        del packed
        if "\u0131" in joined or "\u017f" in joined:  # (a plain search first: much faster)
            folded = np.array([m.start() for m in _FOLDED.finditer(joined)], dtype=np.int64)
            flags[np.searchsorted(folded, ends) > np.searchsorted(folded, starts)] |= _FOLDS
        # a start channel's hits, each sentence's range of them, to try each start; a search
        # channel's hits, each sentence's first
        patterns = []
        for m, k in enumerate(MODALITIES):
            where = hit_starts[(hit_bits >> (2 * m + _START)) & 1 == 1]
            inside = hit_starts[(hit_bits >> (2 * m + _SEARCH)) & 1 == 1]
            patterns.append((m, k, _CUES_LOWER[k], 1 << (2 * m + _SEARCH), 1 << (2 * m + _START),
                             np.searchsorted(where, starts).tolist(),
                             np.searchsorted(where, ends).tolist(), where.tolist(),
                             inside[np.searchsorted(inside, starts).clip(0, len(inside) - 1)]
                             .tolist() if len(inside) else []))
        del hit_starts, hit_bits
        first, last = starts.tolist(), ends.tolist()
        frame = 1 << (2 * len(MODALITIES) + _SEARCH)
        out: list[tuple[str, str] | None] = [None] * len(sentences)
        candidates = np.flatnonzero(flags & ~frame)
        for i, flag in zip(candidates.tolist(), flags[candidates].tolist(), strict=True):
            raw = sentences[i]
            if raw[-1] in _QUESTION_TAIL and _is_question(raw):
                continue
            if flag & _FOLDS:
                out[i] = directive_cue(raw)
                continue
            base, sentence = first[i], simplified[i]
            low = joined[base:last[i]]
            for m, k, cue, search, start, a_lo, a_hi, at, inner in patterns:
                hit = None
                # a match holding a search anchor starts at most a few words before it: the
                # first match is one at a start anchor before those words, or the first after
                bound = self._before(low, inner[i] - base) if flag & search else len(low)
                if flag & start:
                    for p in at[a_lo[i]:a_hi[i]]:
                        if p - base >= bound:
                            break
                        hit = cue.match(low, p - base)
                        if hit:
                            break
                if flag & search and not hit:
                    hit = cue.search(low, bound)
                if hit:
                    if not (m and flag & frame and _FRAME.search(sentence)):
                        out[i] = k, sys.intern(" ".join(raw[hit.start():hit.end()].split()))
                    break
        return out

    def _before(self, low: str, at: int) -> int:
        """Where the words a match may have before position ``at`` start, or before."""
        head = low[:at].rsplit(None, self._words_before)
        return len(head[0]) if len(head) > self._words_before else 0


_CUE_FINDER = _CueFinder()


def task_columns(segments: pd.DataFrame, hits: Hits, text: str, codebook: Codebook):
    """The tasks and mentions of one document as columns, tasks numbered from 0.

    The work of :func:`zonekit.tables.find_tasks` without ids or frames, so that :func:`zonekit.load_plan`
    numbers a whole corpus and builds each table once (see :func:`zonekit.tables.build_tables`).

    Parameters
    ----------
    segments : DataFrame or dict
        Output of :func:`zonekit.segment.segment` (spans in text order, not overlapping), or
        its columns (:func:`zonekit.segment.segment_columns`).
    hits : Hits
        :meth:`~zonekit.match.Matcher.hits` of the text.
    text : str
        The raw text.
    codebook : Codebook
        For labels.

    Returns
    -------
    (tasks, mentions, measures) : tuple of dict
        Task columns (``measure``, the task's measure in the document or -1, ``section, path,
        text, start, end, modality, cue, sectors, partners, instruments, agencies``), mention
        columns (``task``, the task's number, then ``entity_id, kind, label, surface, start,
        end, via, role``) and measure columns (those of
        :func:`zonekit.segment.measure_columns`, then ``lead`` and ``support``, agency ids, and
        ``tasks``, the numbers of the measure's tasks).

    A task naming no sector (or no instrument) takes those of the nearest heading on its
    outline path that names one (``via == "section"``, the mention points into that heading).
    The agencies of its measure's responsibility notes are the task's too (``via == "note"``,
    ``role`` lead or support): the note is the measure's, never a task of its own.

    Examples
    --------
    >>> from zonekit.match import Matcher
    >>> from zonekit.codebook import load_codebook
    >>> from zonekit.segment import segment
    >>> raw = "Finance\\n\\nWe will support banks."
    >>> tasks, mentions, _ = task_columns(segment(raw), Matcher().hits(raw), raw, load_codebook())
    >>> tasks["cue"], tasks["sectors"], mentions["task"].tolist(), mentions["surface"]
    (['will'], [['finance']], [0], ['banks'])
    >>> raw = "（一）开放金融。支持外资银行发展。（商务部、人民银行负责）"
    >>> tasks, mentions, measures = task_columns(segment(raw), Matcher().hits(raw), raw,
    ...                                          load_codebook())
    >>> tasks["agencies"], mentions["role"], measures["lead"], measures["support"]
    ([['mofcom', 'pboc']], ['', '', 'lead', 'support'], [['mofcom']], [['pboc']])
    """
    kind = np.asarray(segments["kind"], dtype=object)
    seg_start = np.asarray(segments["start"], dtype=np.int64)
    seg_end = np.asarray(segments["end"], dtype=np.int64)
    texts, sections = as_list(segments["text"]), as_list(segments["section"])
    if len(seg_start) > 1 and (np.any(seg_start[1:] < seg_end[:-1]) or np.any(seg_end < seg_start)):
        raise ValueError("segments must be in text order and must not overlap")
    sentence = np.flatnonzero(kind == "sentence")
    cues = _CUE_FINDER.cues([texts[i] for i in sentence.tolist()])
    # in a review of work done only a modal cue makes a task (see review_section)
    paths = as_list(segments["path"])
    review = {p: review_section(p) for p in set(paths)}
    cues = [directive_cue(texts[i], review=True) if cue is not None and review[paths[i]]
            else cue for i, cue in zip(sentence.tolist(), cues, strict=True)]
    task_seg = [i for i, cue in zip(sentence.tolist(), cues, strict=True) if cue is not None]
    cues = [cue for cue in cues if cue is not None]
    n_tasks = len(task_seg)
    t_start, t_end = seg_start[task_seg], seg_end[task_seg]

    measure = np.asarray(segments["measure"], dtype=np.int64)

    # the matches inside each task, each heading and each responsibility note
    def inside(starts, ends, keep):
        if not len(starts) or not len(keep):  # (many documents have no headings or no notes)
            return keep[:0], keep[:0]
        at = np.searchsorted(starts, hits.start[keep], side="right") - 1
        ok = at >= 0
        ok[ok] = hits.end[keep][ok] <= ends[at[ok]]
        return keep[ok], at[ok]

    def grouped(which, owner, n):
        if not len(which):
            return [[] for _ in range(n)]
        lo = np.searchsorted(owner, np.arange(n)).tolist()
        hi = np.searchsorted(owner, np.arange(n), side="right").tolist()
        which = which.tolist()
        return [which[a:b] for a, b in zip(lo, hi, strict=True)]

    own_hits, own_task = inside(t_start, t_end, np.arange(len(hits.start)))
    heading = np.flatnonzero(kind == "heading")
    inherit = np.flatnonzero(np.isin(hits.kind, INHERITED))
    head_hits = grouped(*inside(seg_start[heading], seg_end[heading], inherit), len(heading))
    note = np.flatnonzero(kind == "note")
    agency = np.flatnonzero(hits.kind == "agency")
    note_hits = grouped(*inside(seg_start[note], seg_end[note], agency), len(note))

    # each measure's agencies with their roles, from its notes
    roles: dict[int, list[tuple[int, str]]] = {}
    for j, i in enumerate(note.tolist()):
        roles.setdefault(int(measure[i]), []).extend(
            _note_agencies(texts[i], int(seg_start[i]), note_hits[j], hits))

    # a task's mentions: the hits in its sentence (group 0), then for each inherited kind it
    # names none of (groups 1, 2...) those of the nearest heading on its outline path that
    # names some (its measure's run-in title, then the headings above it), then its measure's
    # agencies (last group); the loop runs only over the tasks that take some
    task_measure = measure[task_seg]
    hit_kind = hits.kind.tolist()  # one look-up a hit, not an array's
    names = np.zeros((len(INHERITED), n_tasks), dtype=bool)  # the task names some of kind k
    for g, k in enumerate(INHERITED):
        names[g, own_task[hits.kind[own_hits] == k]] = True
    noted = (np.isin(task_measure, list(roles)) if roles else np.zeros(n_tasks, dtype=bool)) \
        & (task_measure >= 0)
    takes = np.flatnonzero(~names.all(axis=0) | noted).tolist()
    names, noted, measures_of = names.T.tolist(), noted.tolist(), task_measure.tolist()
    heading_at: dict[str, int] = {}
    heads = heading.tolist()
    h = 0
    which, task, group, role = [], [], [], []  # mentions after their sentence's own hits
    last_group = len(INHERITED) + 1
    inherited: dict[tuple[str, str], list[int]] = {}  # (path, kind): hits, until a heading
    for t in takes:
        i = task_seg[t]
        while h < len(heads) and heads[h] < i:
            heading_at[paths[heads[h]]] = h
            h += 1
            inherited.clear()
        for g, (k, named) in enumerate(zip(INHERITED, names[t], strict=True), 1):
            if named:
                continue
            got = inherited.get((paths[i], k))
            if got is None:
                got = inherited[paths[i], k] = _from_headings(paths[i], k, heading_at,
                                                              head_hits, hit_kind)
            if got:
                which += got
                task += [t] * len(got)
                group += [g] * len(got)
                role += [""] * len(got)
        for x, r in roles[measures_of[t]] if noted[t] else ():
            which.append(x)
            task.append(t)
            group.append(last_group)
            role.append(r)
    # in task order, each task's groups in order (a stable sort keeps each group's order)
    order = np.argsort(np.concatenate([own_task * (last_group + 1),
                                       np.asarray(task, dtype=np.int64) * (last_group + 1)
                                       + np.asarray(group, dtype=np.int64)]), kind="stable")
    which = np.concatenate([own_hits, np.asarray(which, dtype=np.int64)])[order]
    task = np.concatenate([own_task, np.asarray(task, dtype=np.int64)])[order]
    via = np.concatenate([hits.via[own_hits], np.array(
        ["section" if g < last_group else "note" for g in group], dtype=object)])[order]
    role = np.array([""] * len(own_hits) + role, dtype=object)[order].tolist()
    entity_id = hits.entity_id[which]
    m_kind = hits.kind[which]
    m_start, m_end = hits.start[which], hits.end[which]

    # each task's entities of each kind, in order of first mention (lists of their exact size)
    coded = {k: [[] for _ in range(n_tasks)] for k in KINDS}
    seen = set()
    for t, k, e in zip(task.tolist(), m_kind.tolist(), entity_id.tolist(), strict=True):
        if (t, e) not in seen and k in coded:
            seen.add((t, e))
            coded[k][t].append(e)
    labels = {eid: codebook[eid].label for eid in set(entity_id.tolist())}
    tasks = {
        "measure": task_measure,
        "section": [sections[i] for i in task_seg], "path": [paths[i] for i in task_seg],
        "text": [texts[i] for i in task_seg],
        "start": t_start, "end": t_end,
        "modality": [c[0] for c in cues], "cue": [c[1] for c in cues],
        **{list_column(k): coded[k] for k in KINDS},
    }
    mentions = {
        "task": task, "entity_id": entity_id, "kind": m_kind,
        "label": [labels[e] for e in entity_id.tolist()],
        # the same few surfaces come back again and again ("banks"): one string each
        "surface": [sys.intern(text[s:e])
                    for s, e in zip(m_start.tolist(), m_end.tolist(), strict=True)],
        "start": m_start, "end": m_end, "via": np.asarray(via, dtype=object),
        "role": role,
    }
    measures = measure_columns(segments)
    tasks_of: dict[int, list[int]] = {}
    for t, m in enumerate(task_measure.tolist()):
        if m >= 0:
            tasks_of.setdefault(m, []).append(t)
    measures["lead"], measures["support"], measures["tasks"] = [], [], []
    for m in measures["measure"]:
        lead, support = [], []
        if m in roles:  # (most measures have no responsibility note)
            got = roles[m]
            lead = list(dict.fromkeys(hits.entity_id[x] for x, r in got if r == "lead"))
            support = [e for e in dict.fromkeys(hits.entity_id[x] for x, r in got
                                                if r == "support") if e not in lead]
        measures["lead"].append(lead)
        measures["support"].append(support)
        measures["tasks"].append(tasks_of.get(m, []))
    return tasks, mentions, measures


def _from_headings(path: str, kind: str, heading_at: dict, head_hits: list,
                   hit_kind: list) -> list[int]:
    """The hits of ``kind`` in the nearest heading on ``path`` that names some (``heading_at``:
    a heading's path -> its number; ``head_hits``: the hits of each heading)."""
    parts = path.split(PATH_SEP) if path else []
    for depth in range(len(parts), 0, -1):
        at = heading_at.get(PATH_SEP.join(parts[:depth]))
        got = [x for x in head_hits[at] if hit_kind[x] == kind] if at is not None else []
        if got:
            return got
    return []


def _note_agencies(note: str, base: int, found: list[int], hits: Hits) -> list[tuple[int, str]]:
    """``(hit, role)`` of the agencies named in a responsibility note (see
    :func:`zonekit.segment.note_roles`): where the note does not say, the first body named leads
    when it is the first thing named in its part, and the others support."""
    out = []
    for role, lo, hi in note_roles(note):
        inside = [x for x in found if lo <= hits.start[x] - base < hi]
        for n, x in enumerate(inside):
            if role in ("lead", "support"):
                out.append((x, role))
            elif role == "each":
                out.append((x, "lead"))
            else:
                first = n == 0 and not note[lo:hits.start[x] - base].strip(" \u3000由")
                out.append((x, "lead" if first else "support"))
    return out
