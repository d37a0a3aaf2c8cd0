"""The sentences that state a plan's findings, in English or Chinese, from :mod:`zonekit.measures`.

Every chart title and every briefing finding that names a leading value is written here, from
the tables :mod:`zonekit.measures` computes, so a chart and the briefing can never disagree. A
tie is said as a tie ("Hong Kong and Macao tie ..."), and when nothing leads the sentence says
so instead of naming a winner.

``lang`` is ``"en"``, ``"zh"`` or ``"auto"`` (the documents' language, see
:func:`zonekit.measures.plan_language`). Chinese sentences use ``label_zh`` for entities and
Chinese words for kinds, modalities and tool types.

Examples
--------
>>> from zonekit import Source, load_plan
>>> plan = load_plan(Source.from_text(
...     "We will support Hong Kong banks.\\nWe will support Macao trade.", doc_id="demo"))
>>> ranked(plan, "partner").headline
'Hong Kong and Macao tie as the partners named in the most tasks: 1 of 2 each; 2 partners in all.'
>>> ranked(plan, "partner", lang="zh").headline
'香港和澳门并列为涉及任务最多的合作方：各1项（共2项任务）；共2个合作方。'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from . import measures as M
from .schema import MODALITIES

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["Finding", "LANGUAGES", "KIND_ZH", "resolve_lang", "count", "join_names", "kind_name",
           "tool_name", "modality_name", "TOOL_CAPTION", "scope", "ranked", "reach",
           "tool_types", "top_pair", "findings", "heatmap_title", "tool_matrix_title",
           "sunburst_title", "sector_instruments_title", "modality_title"]

#: Languages findings are written in.
LANGUAGES = ("en", "zh")

_NOUNS = {  # English singular, plural; Chinese measure word + noun
    "task": ("task", "tasks", "项任务"), "section": ("section", "sections", "个部分"),
    "document": ("document", "documents", "份文件"), "sector": ("sector", "sectors", "个领域"),
    "partner": ("partner", "partners", "个合作方"),
    "instrument": ("instrument", "instruments", "项政策工具"),
    "agency": ("agency", "agencies", "个部门"), "entity": ("entity", "entities", "个实体"),
    "link": ("link", "links", "条关联"), "pairing": ("pairing", "pairings", "次配对"),
    "coding": ("instrument coding", "instrument codings", "次工具编码"),
    "pair": ("other pair", "other pairs", "组"),
    "mention": ("mention", "mentions", "处提及"), "row": ("row", "rows", "行"),
    "finding": ("finding", "findings", "项发现"), "chart": ("chart", "charts", "张图表"),
    "measure": ("measure", "measures", "项措施"),
}
#: The Chinese word for each entity kind (charts, legends, the explorer and the findings).
KIND_ZH = {"sector": "领域", "partner": "合作方", "instrument": "政策工具", "agency": "部门"}
_MODALITY = {"en": {m: m for m in MODALITIES},
             "zh": {"binding": "约束性", "exploratory": "探索性", "supportive": "支持性"}}
_TOOL = {"en": {"supply": "supply", "demand": "demand", "environment": "framework",
                M.UNCLASSIFIED: "unclassified"},
         "zh": {"supply": "供给型", "demand": "需求型", "environment": "环境型",
                M.UNCLASSIFIED: "未分类"}}
#: The one explanation of the tool types, for a caption under tool charts.
TOOL_CAPTION = {
    "en": ("Tool types (Rothwell & Zegveld): supply tools push (talent, funds, infrastructure, "
           "information, public services); demand tools pull (procurement, outsourcing, trade, "
           "overseas institutions); framework tools, R&Z's 'environmental' type, set the "
           "conditions (planning, finance, tax, regulation, strategy)."),
    "zh": ("政策工具类型（Rothwell & Zegveld）：供给型工具直接推动（人才、资金、基础设施、信息、公共服务）；"
           "需求型工具拉动（政府采购、服务外包、贸易管制、海外机构）；环境型工具营造条件（目标规划、金融支持、"
           "税收优惠、法规管制、策略性措施）。"),
}


@dataclass(frozen=True)
class Finding:
    """One finding: a sentence computed from a table, and that table.

    Attributes
    ----------
    key : str
        Stable name (``scope``, ``sectors``, ``partners``, ``instrument_reach``, ``tool_types``,
        ``pairs``, or a chart's name).
    headline : str
        The finding in one sentence (plain text, not HTML).
    table : DataFrame
        The rows the sentence summarises.
    leaders : tuple of str
        The ids (or names) the sentence names as leading: one, several for a tie, none when
        nothing leads.

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text(
    ...     "We must support Hong Kong finance through a pilot.", doc_id="demo"))
    >>> s = scope(plan)
    >>> s.key, s.headline
    ('scope', '1 task in 1 section of 1 document: 1 binding, 0 exploratory, 0 supportive.')
    """

    key: str
    headline: str
    table: pd.DataFrame = field(repr=False)
    leaders: tuple = ()


def resolve_lang(plan: Plan, lang: str = "auto") -> str:
    """``lang`` itself, or the plan's language for ``"auto"``.

    Raises
    ------
    ValueError
        A language other than ``auto``, ``en`` or ``zh``.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> resolve_lang(load_plan()), resolve_lang(load_plan(), "zh")
    ('en', 'zh')
    """
    if lang == "auto":
        return M.plan_language(plan)
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use auto, en or zh")
    return lang


def count(n: int, noun: str, lang: str = "en") -> str:
    """``"3 tasks"`` / ``"3项任务"``.

    Examples
    --------
    >>> count(1, "task"), count(2, "entity"), count(2, "task", "zh")
    ('1 task', '2 entities', '2项任务')
    """
    one, many, zh = _NOUNS[noun]
    if lang == "zh":
        return f"{n}{zh}"
    return f"{n} {one if n == 1 else many}"


def join_names(names, lang: str = "en", limit: int = 4) -> str:
    """``"A, B and C"`` / ``"A、B和C"``; past ``limit`` names, the count of the rest.

    Examples
    --------
    >>> join_names(["Health", "Finance"]), join_names(["a", "b", "c", "d", "e"], limit=3)
    ('Health and Finance', 'a, b, c and 2 more')
    >>> join_names(["Health and medicine", "Trade and investment"])
    'Health and medicine; Trade and investment'

    >>> join_names(["香港", "澳门", "台湾"], "zh")
    '香港、澳门和台湾'
    """
    names = list(names)
    rest = len(names) - limit if len(names) > limit else 0
    if rest:
        names = names[:limit]
    if lang == "zh":
        if rest:
            return "、".join(names) + f"等{len(names) + rest}个"
        return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]
    # labels that hold "and" or a comma themselves ("Health and medicine") are set apart by ";"
    sep = "; " if any(" and " in n or "," in n for n in names) else ", "
    last = "; " if sep == "; " else " and "
    if rest:
        return sep.join(names) + f"{last}{rest} more"
    return names[0] if len(names) == 1 else sep.join(names[:-1]) + last + names[-1]


def kind_name(kind: str, lang: str = "en", n: int = 1) -> str:
    """The word for an entity kind ("partners", "合作方").

    Examples
    --------
    >>> kind_name("agency", n=2), kind_name("partner", "zh")
    ('agencies', '合作方')
    """
    if lang == "zh":
        return KIND_ZH.get(kind, kind)
    one, many, _ = _NOUNS.get(kind, (kind, kind + "s", ""))
    return one if n == 1 else many


def tool_name(tool: str, lang: str = "en") -> str:
    """The plain word for a tool type: ``supply``, ``demand``, ``framework`` / 供给型....

    Rothwell and Zegveld's "environmental" tools are called *framework* tools in English
    output, so that they are not read as the Environment sector (see :data:`TOOL_CAPTION`).

    Examples
    --------
    >>> tool_name("environment"), tool_name("environment", "zh")
    ('framework', '环境型')
    """
    return _TOOL[lang].get(tool, tool)


def modality_name(modality: str, lang: str = "en") -> str:
    """The word for a modality (``binding`` / 约束性).

    Examples
    --------
    >>> modality_name("exploratory", "zh")
    '探索性'
    """
    return _MODALITY[lang].get(modality, modality)


def _label(row, lang: str) -> str:
    if lang == "zh" and row.get("label_zh"):
        return str(row["label_zh"])
    return str(row.get("label") or row.get("entity_id"))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# -------------------------------------------------------------------------- briefing findings

def scope(plan: Plan, lang: str = "auto") -> Finding:
    """How many tasks, sections and documents, and the modality mix.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> scope(load_plan()).headline
    '14 tasks in 3 sections of 1 document: 7 binding, 2 exploratory, 5 supportive.'
    """
    lang = resolve_lang(plan, lang)
    table = M.section_profile(plan)
    n, n_docs = len(plan.tasks), len(plan.sources)
    mix = M.modality_counts(plan)
    if lang == "zh":
        if n == 0:
            return Finding("scope", f"{count(n_docs, 'document', lang)}中未发现任务：正文没有句子带有指令性用语。",
                           table)
        parts = "，".join(f"{modality_name(m, lang)}{k}项" for m, k in
                         zip(mix["modality"], mix["n_tasks"], strict=True))
        return Finding("scope", f"{count(n_docs, 'document', lang)}、{count(len(table), 'section', lang)}"
                                f"中共{count(n, 'task', lang)}：{parts}。", table)
    if n == 0:
        return Finding("scope", f"No tasks were found in {count(n_docs, 'document')}: no sentence "
                                "of the plan body carries a directive cue.", table)
    parts = ", ".join(f"{k} {m}" for m, k in zip(mix["modality"], mix["n_tasks"], strict=True))
    return Finding("scope", f"{count(n, 'task')} in {count(len(table), 'section')} of "
                            f"{count(n_docs, 'document')}: {parts}.", table)


def ranked(plan: Plan, kind: str, lang: str = "auto") -> Finding:
    """The entity (or entities, in a tie) of one kind named in the most tasks.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> ranked(load_plan(), "partner").headline
    'Belt and Road is the partner named in the most tasks (3 of 14); 5 partners in all.'
    """
    lang = resolve_lang(plan, lang)
    table = M.entity_tasks(plan, kind)
    n = len(plan.tasks)
    key = kind_name(kind, "en", 2)
    if table.empty:
        text = (f"{count(n, 'task', lang)}中没有提及任何{kind_name(kind, lang)}。" if lang == "zh"
                else f"No {kind_name(kind)} is named in any of the {count(n, 'task')}.")
        return Finding(key, text, table)
    lead = M.leaders(table, "n_tasks")
    k = int(lead["n_tasks"].iloc[0])
    names = [_label(r, lang) for _, r in lead.iterrows()]
    total = len(table)
    if lang == "zh":
        if len(lead) == 1:
            text = (f"{names[0]}是涉及任务最多的{kind_name(kind, lang)}（共{n}项任务中的{k}项）；"
                    f"共{count(total, kind, lang)}。")
        else:
            text = (f"{join_names(names, lang)}并列为涉及任务最多的{kind_name(kind, lang)}："
                    f"各{k}项（共{n}项任务）；共{count(total, kind, lang)}。")
    elif len(lead) == 1:
        text = (f"{names[0]} is the {kind_name(kind)} named in the most tasks ({k} of {n}); "
                f"{count(total, kind)} in all.")
    else:
        text = (f"{join_names(names)} tie as the {kind_name(kind, n=2)} named in the most tasks: "
                f"{k} of {n} each; {count(total, kind)} in all.")
    return Finding(key, text, table, tuple(lead["entity_id"]))


def reach(plan: Plan, lang: str = "auto") -> Finding:
    """The instrument(s) reaching the most distinct sectors.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> reach(load_plan()).key
    'instrument_reach'
    """
    lang = resolve_lang(plan, lang)
    table = M.instrument_reach(plan)
    lead = M.leaders(table, "n_sectors")
    if lead.empty:
        text = ("没有任何任务提及政策工具及其领域。" if lang == "zh"
                else "No policy instrument is named on a task with a sector.")
        return Finding("instrument_reach", text, table)
    labels = M.entity_labels(plan, lang)
    k = int(lead["n_sectors"].iloc[0])
    names = [_label(r, lang) for _, r in lead.iterrows()]
    if len(lead) == 1:
        row = lead.iloc[0]
        secs = join_names([labels.get(s, s) for s in row["sectors"]], lang, limit=6)
        text = (f"{names[0]}覆盖的领域最多：{k}个（{secs}），涉及{count(int(row['n_tasks']), 'task', lang)}。"
                if lang == "zh" else
                f"{names[0]} reaches the most sectors: {k} ({secs}), on "
                f"{count(int(row['n_tasks']), 'task')}.")
    else:
        text = (f"{join_names(names, lang)}并列覆盖领域最多，各{k}个；共{count(len(table), 'instrument', lang)}。"
                if lang == "zh" else
                f"{join_names(names)} tie as the instruments reaching the most sectors, {k} each; "
                f"{count(len(table), 'instrument')} in all.")
    return Finding("instrument_reach", text, table, tuple(lead["entity_id"]))


def tool_types(plan: Plan, lang: str = "auto") -> Finding:
    """The policy-tool mix: which tool type is coded most often (instrument codings).

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will build a platform for banks in a pilot zone."))
    >>> tool_types(plan).headline
    'Supply and framework tools tie as the most coded: 1 of 2 instrument codings each (supply 1, demand 0, framework 1).'
    """
    lang = resolve_lang(plan, lang)
    table = M.tool_mix(plan)
    total = int(table["n_codings"].sum())
    lead = M.leaders(table, "n_codings")
    if lead.empty:
        text = ("未编码任何政策工具，因此没有工具结构。" if lang == "zh"
                else "No policy instrument is coded, so there is no tool mix.")
        return Finding("tool_types", text, table)
    k = int(lead["n_codings"].iloc[0])
    names = [tool_name(t, lang) for t in lead["tool_type"]]
    if lang == "zh":
        mix = "，".join(f"{tool_name(r.tool_type, lang)}{r.n_codings}" for r in table.itertuples())
        head = (f"{names[0]}工具编码最多" if len(names) == 1
                else f"{join_names(names, lang)}工具并列编码最多")
        text = f"{head}：{'各' if len(names) > 1 else ''}{k}次，共{count(total, 'coding', lang)}（{mix}）。"
    else:
        mix = ", ".join(f"{tool_name(r.tool_type)} {r.n_codings}" for r in table.itertuples())
        if len(names) == 1:
            text = (f"{_cap(names[0])} tools are coded most often: {k} of "
                    f"{count(total, 'coding')} ({mix}).")
        else:
            text = (f"{_cap(join_names(names))} tools tie as the most coded: {k} of "
                    f"{count(total, 'coding')} each ({mix}).")
    return Finding("tool_types", text, table, tuple(lead["tool_type"]))


def top_pair(plan: Plan, lang: str = "auto", top: int = 10) -> Finding:
    """The pair(s) of entities coded together on the most tasks.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> top_pair(load_plan()).key
    'pairs'
    """
    lang = resolve_lang(plan, lang)
    table = M.pairs(plan)
    lead = M.leaders(table, "n_tasks")
    labels = M.entity_labels(plan, lang)
    shown = table.head(max(top, len(lead))).reset_index(drop=True)
    if lead.empty:
        text = ("没有两个实体被编码在同一项任务上。" if lang == "zh"
                else "No two entities are coded on the same task.")
        return Finding("pairs", text, shown)
    k = int(lead["n_tasks"].iloc[0])
    if len(lead) > 3:  # many pairs at the top: saying one would overstate
        text = (f"{len(lead)}组实体并列最常共同出现，各{count(k, 'task', lang)}。" if lang == "zh"
                else f"{len(lead)} pairs of entities tie as coded together most often, on "
                     f"{count(k, 'task')} each.")
        return Finding("pairs", text, shown, tuple(zip(lead["entity_a"], lead["entity_b"],
                                                       strict=True)))
    names = [f"{labels.get(a, a)}{'与' if lang == 'zh' else ' and '}{labels.get(b, b)}"
             for a, b in zip(lead["entity_a"], lead["entity_b"], strict=True)]
    if lang == "zh":
        text = (f"{names[0]}最常共同出现：{count(k, 'task', lang)}。" if len(names) == 1 else
                f"{'；'.join(names)}并列最常共同出现：各{count(k, 'task', lang)}。")
    else:
        text = (f"{names[0]} are coded together most often: on {count(k, 'task')}."
                if len(names) == 1 else
                f"{'; '.join(names)} tie as the pairs coded together most often: on "
                f"{count(k, 'task')} each.")
    return Finding("pairs", text, shown, tuple(zip(lead["entity_a"], lead["entity_b"],
                                                   strict=True)))


def findings(plan: Plan, lang: str = "auto") -> list[Finding]:
    """The briefing's key findings, each a sentence computed from a table.

    Returns
    -------
    list of Finding
        ``scope``, ``sectors``, ``partners`` (and ``agencies`` when the plan codes agencies),
        ``instrument_reach``, ``tool_types`` and ``pairs``.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> [f.key for f in findings(load_plan())]
    ['scope', 'sectors', 'partners', 'instrument_reach', 'tool_types', 'pairs']
    """
    lang = resolve_lang(plan, lang)
    out = [scope(plan, lang), ranked(plan, "sector", lang), ranked(plan, "partner", lang)]
    if "agencies" in plan.tasks.columns and any(len(a) for a in plan.tasks["agencies"]):
        out.append(ranked(plan, "agency", lang))
    return [*out, reach(plan, lang), tool_types(plan, lang), top_pair(plan, lang)]


# ------------------------------------------------------------------------------- chart titles

def _dim_names(plan, dim: str, values, lang: str) -> list[str]:
    if dim == "modality":
        return [modality_name(v, lang) for v in values]
    if dim == "section":
        return [f"“{v}”" if v else ("（无标题）" if lang == "zh" else "(no heading)") for v in values]
    labels = M.entity_labels(plan, lang)
    return [labels.get(v, v) for v in values]


def heatmap_title(plan: Plan, rows: str = "sector", cols: str = "partner",
                  lang: str = "auto") -> Finding:
    """The busiest cell(s) of a two-dimension heatmap.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> heatmap_title(load_plan(), "sector", "partner").headline
    '2 cells tie with 2 tasks each: Health and medicine × Belt and Road; Science and technology × Belt and Road'
    """
    lang = resolve_lang(plan, lang)
    cells = M.co_coded(plan, rows, cols)
    lead = M.leaders(cells, "n_tasks")
    if lead.empty:
        text = ("没有任务同时编码这两个维度" if lang == "zh"
                else f"No task is coded with both a {rows} and a {cols}")
        return Finding("heatmap", text, cells)
    k = int(lead["n_tasks"].iloc[0])
    rn = _dim_names(plan, rows, lead["row"], lang)
    cn = _dim_names(plan, cols, lead["col"], lang)
    both = [f"{a} × {b}" for a, b in zip(rn, cn, strict=True)]
    if lang == "zh":
        text = (f"任务最多的组合：{both[0]}（{count(k, 'task', lang)}）" if len(both) == 1 else
                f"{len(both)}个组合并列任务最多，各{count(k, 'task', lang)}：{join_names(both, lang, 3)}")
    else:
        text = (f"Most tasks: {both[0]} ({count(k, 'task')})" if len(both) == 1 else
                f"{len(both)} cells tie with {count(k, 'task')} each: {join_names(both, lang, 3)}")
    return Finding("heatmap", text, cells, tuple(zip(lead["row"], lead["col"], strict=True)))


def tool_matrix_title(plan: Plan, lang: str = "auto") -> Finding:
    """The busiest tool type x sector cell(s) of the policy-tool matrix (pairings).

    Examples
    --------
    >>> from zonekit import Source, load_plan
    >>> plan = load_plan(Source.from_text("We will build a platform for banks."))
    >>> tool_matrix_title(plan).headline
    'Most instrument-sector pairings: supply tools in Finance (1 of 1)'
    """
    lang = resolve_lang(plan, lang)
    m = M.policy_tool_matrix(plan)
    cells = m.stack().rename("n_pairings").reset_index()
    cells.columns = ["tool_type", "sector", "n_pairings"]
    total = int(cells["n_pairings"].sum())
    lead = M.leaders(cells, "n_pairings")
    if lead.empty:
        text = ("没有任务同时编码政策工具和领域" if lang == "zh"
                else "No task is coded with both an instrument and a sector")
        return Finding("tool_matrix", text, cells)
    labels = M.entity_labels(plan, lang)
    k = int(lead["n_pairings"].iloc[0])
    sec = [("（无领域）" if lang == "zh" else "no sector") if s == M.NO_SECTOR
           else labels.get(s, s) for s in lead["sector"]]
    if lang == "zh":
        both = [f"{tool_name(t, lang)}工具 × {s}" for t, s in
                zip(lead["tool_type"], sec, strict=True)]
        text = (f"配对最多：{both[0]}（共{total}次中的{k}次）" if len(both) == 1 else
                f"{len(both)}个单元格并列配对最多，各{k}次（共{total}次）：{join_names(both, lang, 3)}")
    else:
        both = [f"{tool_name(t)} tools in {s}" for t, s in zip(lead["tool_type"], sec, strict=True)]
        text = (f"Most instrument-sector pairings: {both[0]} ({k} of {total})" if len(both) == 1
                else f"{len(both)} cells tie with the most instrument-sector pairings, {k} of "
                     f"{total} each: {join_names(both, lang, 3)}")
    return Finding("tool_matrix", text, cells, tuple(zip(lead["tool_type"], lead["sector"],
                                                         strict=True)))


def sunburst_title(plan: Plan, lang: str = "auto") -> Finding:
    """The section(s) naming the most distinct instruments.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> sunburst_title(load_plan()).key
    'sunburst'
    """
    lang = resolve_lang(plan, lang)
    prof = M.section_profile(plan)
    lead = M.leaders(prof, "n_instruments")
    if lead.empty:
        text = (f"{count(len(prof), 'section', lang)}均未提及政策工具" if lang == "zh"
                else f"No instrument is named in {count(len(prof), 'section')}")
        return Finding("sunburst", text, prof)
    k = int(lead["n_instruments"].iloc[0])
    names = _dim_names(plan, "section", lead["section"], lang)
    if lang == "zh":
        text = (f"{names[0]}提及的政策工具最多：{k}项" if len(names) == 1 else
                f"{len(names)}个部分并列提及政策工具最多，各{k}项：{join_names(names, lang, 3)}")
    else:
        text = (f"Section {names[0]} names the most instruments: {k}" if len(names) == 1 else
                f"{len(names)} sections tie with {count(k, 'instrument')} each: "
                f"{join_names(names, lang, 3)}")
    return Finding("sunburst", text, prof, tuple(lead["section"]))


def sector_instruments_title(plan: Plan, lang: str = "auto") -> Finding:
    """The sector(s) drawing on the most distinct instruments.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> sector_instruments_title(load_plan()).key
    'instruments_per_sector'
    """
    lang = resolve_lang(plan, lang)
    si = M.sector_instruments(plan)
    totals = pd.DataFrame(list(si.attrs.get("totals", {}).items()),
                          columns=["sector", "n_instruments"])
    lead = M.leaders(totals, "n_instruments")
    if lead.empty:
        text = ("没有任务同时编码政策工具和领域" if lang == "zh"
                else "No task is coded with both an instrument and a sector")
        return Finding("instruments_per_sector", text, si)
    labels = M.entity_labels(plan, lang)
    k = int(lead["n_instruments"].iloc[0])
    names = [labels.get(s, s) for s in lead["sector"]]
    if lang == "zh":
        text = (f"{names[0]}运用的政策工具最多：{k}项" if len(names) == 1 else
                f"{join_names(names, lang)}并列运用政策工具最多：各{k}项")
    else:
        text = (f"{names[0]} draws on the most instruments: {k} distinct" if len(names) == 1 else
                f"{join_names(names)} tie with the most instruments: {k} distinct each")
    return Finding("instruments_per_sector", text, si, tuple(lead["sector"]))


def modality_title(plan: Plan, lang: str = "auto") -> Finding:
    """Which modality most tasks have, or that none dominates.

    Examples
    --------
    >>> from zonekit import load_plan
    >>> modality_title(load_plan()).key
    'modality'
    """
    lang = resolve_lang(plan, lang)
    mc = M.modality_counts(plan)
    n = len(plan.tasks)
    lead = M.leaders(mc, "n_tasks")
    if lead.empty:
        return Finding("modality", "未发现任务" if lang == "zh" else "No tasks found", mc)
    k = int(lead["n_tasks"].iloc[0])
    names = [modality_name(m, lang) for m in lead["modality"]]
    if len(names) > 1:
        parts = (", " if lang == "en" else "，").join(
            f"{r.n_tasks} {modality_name(r.modality, lang)}" for r in mc.itertuples())
        text = (f"{join_names(names, lang)}任务并列最多，各{k}项（{parts}）" if lang == "zh" else
                f"{_cap(join_names(names))} tasks tie, {k} each ({parts} of {n})")
    elif lang == "zh":
        text = f"{'多数' if 2 * k > n else '最多的'}任务为{names[0]}：共{n}项中的{k}项"
    else:
        text = (f"{'Most tasks are' if 2 * k > n else 'The largest group of tasks is'} "
                f"{names[0]}: {k} of {n}")
    return Finding("modality", text, mc, tuple(lead["modality"]))
