"""Label placement: every partner and every node the title names is labelled, no two label
boxes overlap and none covers a node marker, measured on the figure objects themselves."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import zonekit
from zonekit import Source
from zonekit import figures as F
from zonekit.codebook import Codebook
from zonekit.figures.networks import figure_canvas, label_boxes, trace_array
from zonekit.figures.theme import SYMBOL_EXTENT
from zonekit.labels import Canvas, label_size, overlaps, place_labels, text_width

DATA = Path(__file__).resolve().parent / "data"
KINDS4 = ("sector", "partner", "instrument", "agency")


def node_boxes(fig) -> pd.DataFrame:
    """Marker boxes in px of every node drawn (from x, y, marker size, symbol and line)."""
    canvas = figure_canvas(fig)
    rows = []
    for t in fig.data:
        if t.legendgroup not in KINDS4 or t.x is None:
            continue
        px, py = canvas.to_px(trace_array(t.x), trace_array(t.y))
        size = np.broadcast_to(trace_array(t.marker.size).astype(float), px.shape)
        line = np.broadcast_to(trace_array(t.marker.line.width).astype(float), px.shape)
        half = size * SYMBOL_EXTENT[t.marker.symbol] / 2 + line / 2
        for eid, x, y, h in zip(t.customdata, px, py, half, strict=True):
            rows.append((eid, t.legendgroup, x - h, y - h, x + h, y + h))
    return pd.DataFrame(rows, columns=["entity_id", "kind", "x0", "y0", "x1", "y1"])


def px_label_boxes(fig) -> pd.DataFrame:
    canvas = figure_canvas(fig)
    boxes = label_boxes(fig)
    x0, y0 = canvas.to_px(boxes["x0"], boxes["y0"])
    x1, y1 = canvas.to_px(boxes["x1"], boxes["y1"])
    return boxes.assign(x0=x0, y0=y0, x1=x1, y1=y1)


def intersect(a: pd.DataFrame, b: pd.DataFrame) -> list[tuple]:
    """Pairs (row of a, row of b) whose boxes overlap (touching is not overlapping)."""
    A = a[["x0", "y0", "x1", "y1"]].to_numpy(float)
    B = b[["x0", "y0", "x1", "y1"]].to_numpy(float)
    ox = (A[:, None, 0] < B[None, :, 2] - 1e-6) & (B[None, :, 0] < A[:, None, 2] - 1e-6)
    oy = (A[:, None, 1] < B[None, :, 3] - 1e-6) & (B[None, :, 1] < A[:, None, 3] - 1e-6)
    return list(zip(*np.nonzero(ox & oy), strict=True))


def check_readable(fig, must_label: set[str]) -> pd.DataFrame:
    labels = px_label_boxes(fig)
    nodes = node_boxes(fig)
    assert len(labels), "no label at all"
    assert must_label <= set(labels["entity_id"]), must_label - set(labels["entity_id"])
    pairs = [(i, j) for i, j in intersect(labels, labels) if i < j]
    assert pairs == [], [(labels.text[i], labels.text[j]) for i, j in pairs]
    covered = intersect(labels, nodes)
    assert covered == [], [(labels.text[i], nodes.entity_id[j]) for i, j in covered]
    # inside the plot area
    w, h = figure_canvas(fig).plot_size
    assert (labels.x0 >= -1e-6).all() and (labels.x1 <= w + 1e-6).all()
    assert (labels.y0 >= -1e-6).all() and (labels.y1 <= h + 1e-6).all()
    return labels


def partners(fig) -> set[str]:
    return {e for t in fig.data if t.legendgroup == "partner" for e in t.customdata}


def title_names(fig, plan) -> set[str]:
    """Entities whose label appears in the title."""
    title = html.unescape(fig.layout.title.text)
    return {e for e, label, label_zh in plan.entities[["entity_id", "label", "label_zh"]]
            .itertuples(index=False) if label in title or (label_zh and label_zh in title)}


def generated_plan(n: int, partner_share: float = 0.1, seed: int = 0):
    """A plan naming ``n`` entities, every one at least once, a few of them often (like a real
    plan: frequencies fall off as 1/rank), three to five to a sentence."""
    syl = ["ba", "ko", "mi", "ru", "te", "la", "no", "si", "du", "fe", "ga", "hi", "jo", "ke",
           "lu", "ma", "ne", "po", "qui", "ra"]

    def word(i):
        return "".join(syl[(i // 20 ** k) % 20] for k in range(3)).capitalize()

    rng = np.random.default_rng(seed)
    n_partner = int(n * partner_share)
    kinds = ["sector"] * (n // 10) + ["partner"] * n_partner
    kinds += ["instrument"] * (n - len(kinds))
    lines, names = ["name: generated", "entities:"], []
    for i, kind in enumerate(kinds):
        names.append(f"{kind.capitalize()} {word(i)}")
        lines += [f"  - id: e{i}", f"    kind: {kind}", f"    label: {names[-1]}"]
        if kind == "instrument":
            lines.append(f"    tool_type: {('supply', 'demand', 'environment')[i % 3]}")
    weight = 1 / np.arange(1, n + 1)
    weight = weight[rng.permutation(n)]
    weight /= weight.sum()
    order = list(rng.permutation(n))
    text = ["Generated plan", ""]
    while order:
        k = int(rng.integers(3, 6))
        picks = [order.pop() for _ in range(min(2, len(order)))]
        picks += [int(e) for e in rng.choice(n, size=k - len(picks), replace=False, p=weight)
                  if e not in picks]
        ns = [names[e] for e in picks]
        text.append(f"The zone will support {ns[0]} with {', '.join(ns[1:-1])} and {ns[-1]}.")
    src = Source.from_text("\n".join(text), doc_id="generated", title="Generated plan",
                           publisher="zonekit tests", date="2024-01-01")
    return zonekit.load_plan(src, codebook=Codebook.from_yaml("\n".join(lines)))


# ---- the measure itself --------------------------------------------------------------------


def test_text_width_counts_cjk_as_square_and_latin_by_class():
    assert text_width("香港特别行政区", 14) == 7 * 14
    assert text_width("iii", 10) < text_width("mmm", 10)
    assert text_width("Hong Kong", 14) == pytest.approx(
        14 * (0.68 + 0.56 + 0.56 + 0.56 + 0.32 + 0.68 + 0.56 + 0.56 + 0.56))
    w, h = label_size("Macao<br>澳门", 10)
    assert h == pytest.approx(2 * 13 + 6) and w == pytest.approx(text_width("Macao", 10) + 6)


def test_canvas_maps_data_to_pixels():
    c = Canvas(width=840, height=620, margin={"l": 20, "r": 20, "t": 120, "b": 100},
               x_range=(-1, 1), y_range=(0, 4))
    assert c.plot_size == (800, 400)
    px, py = c.to_px([-1, 0, 1], [0, 2, 4])
    assert px.tolist() == [0, 400, 800] and py.tolist() == [0, 200, 400]
    x, y = c.to_data(px, py)
    assert x.tolist() == [-1, 0, 1] and y.tolist() == [0, 2, 4]


def test_crowded_must_labels_move_with_leader_lines_and_never_overlap():
    c = Canvas(width=600, height=400)
    x = np.zeros(6) + np.linspace(0, 0.02, 6)
    y = np.zeros(6)
    out = place_labels(x, y, [f"Partner {i}" for i in range(6)], marker_px=[16] * 6, canvas=c,
                       must=[True] * 6)
    assert out["placed"].all() and not overlaps(out)
    assert out["leader"].sum() >= 2          # six labels cannot all sit beside one spot


def test_optional_labels_respect_the_limit_and_priority():
    c = Canvas(width=600, height=400)
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-1, 1, 30), rng.uniform(-1, 1, 30)
    pri = np.arange(30)
    out = place_labels(x, y, [f"N{i}" for i in range(30)], marker_px=[10] * 30, canvas=c,
                       priority=pri, limit=5)
    assert out["placed"].sum() == 5
    assert set(np.flatnonzero(out["placed"])) <= set(range(20, 30))   # the most important


def test_same_seed_same_placement():
    c = Canvas(width=500, height=400)
    x = np.linspace(-0.1, 0.1, 12)
    args = dict(marker_px=[20] * 12, canvas=c, must=[True] * 12)
    a = place_labels(x, x, [f"L{i}" for i in range(12)], seed=3, **args)
    b = place_labels(x, x, [f"L{i}" for i in range(12)], seed=3, **args)
    pd.testing.assert_frame_equal(a, b)


# ---- on figures -----------------------------------------------------------------------------


def test_bundled_plan_every_partner_and_the_hub_labelled(seed_plan):
    fig = F.network(seed_plan)
    labels = check_readable(fig, partners(fig) | title_names(fig, seed_plan))
    assert len(partners(fig)) == 5
    assert len(labels) >= 20              # the rest by importance, as space allows
    # leaders: one line (two points and a gap) per moved label, starting at its node
    leaders = next(t for t in fig.data if t.name == "leaders")
    assert len(leaders.x) % 3 == 0


@pytest.mark.parametrize("size", [(1280, 720), (1123, 794), (1080, 1080), (800, 620)])
def test_bundled_plan_at_export_sizes(seed_plan, size):
    fig = F.network(seed_plan, width=size[0], height=size[1])
    assert fig.layout.width == size[0] and fig.layout.height == size[1]
    check_readable(fig, partners(fig) | title_names(fig, seed_plan))


@pytest.mark.parametrize("name", ["en_plan.txt", "zh_plan.txt", "compare_en.txt",
                                  "compare_zh.txt"])
def test_test_plans(name):
    plan = zonekit.load_plan(DATA / name)
    fig = F.network(plan)
    check_readable(fig, partners(fig) | title_names(fig, plan))


def test_ego_network_labels_the_ego_and_its_partners(seed_plan):
    fig = F.ego_network(seed_plan, "hong-kong")
    check_readable(fig, {"hong-kong"} | partners(fig))


def test_filtered_and_selected(seed_plan):
    hk = sorted(seed_plan.mentions.loc[seed_plan.mentions.entity_id == "hong-kong", "task_id"]
                .unique())
    fig = F.network(seed_plan, task_ids=hk)
    check_readable(fig, partners(fig) | title_names(fig, seed_plan))


def test_300_node_generated_graph():
    plan = generated_plan(300)
    fig = F.network(plan)
    assert sum(len(t.customdata) for t in fig.data if t.legendgroup in KINDS4) == 300
    labels = check_readable(fig, partners(fig))
    assert len(partners(fig)) == 30 and len(labels) >= 30


def test_chinese_labels_are_measured_wide():
    plan = zonekit.load_plan(DATA / "zh_plan.txt")
    fig = F.network(plan)
    labels = label_boxes(fig)
    cjk = labels[labels.text.str.contains("[\u4e00-\u9fff]")]
    assert len(cjk)
    sx, _ = figure_canvas(fig).scale()
    size = next(t for t in fig.data if t.name == "labels").textfont.size
    for row in cjk.itertuples():
        n_cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in row.text)
        assert (row.x1 - row.x0) * sx >= n_cjk * size     # a CJK character is a square


def test_agency_kind_is_drawn_with_its_own_colour_and_symbol():
    import networkx as nx

    from zonekit.figures.networks import NetworkModel

    G = nx.Graph()
    G.add_node("mofcom", kind="agency", label="Ministry of Commerce", label_zh="商务部")
    assert NetworkModel.kind_order(None, G) == list(KINDS4)
    assert F.KIND_COLORS["agency"] not in {F.KIND_COLORS[k] for k in KINDS4[:3]}
    assert F.KIND_SYMBOLS["agency"] not in {F.KIND_SYMBOLS[k] for k in KINDS4[:3]}


def test_comparison_network_panels():
    from zonekit import compare
    from zonekit.figures.networks import comparison_canvas

    cmp = compare(DATA / "compare_en.txt", DATA / "compare_zh.txt")
    fig = F.comparison_network(cmp, seed=1)
    for panel, col in (("a", 1), ("b", 2)):
        canvas = comparison_canvas(col)
        traces = [t for t in fig.data if t.meta["panel"] == panel]
        (labels,) = [t for t in traces if t.meta["layer"] == "labels"]
        size = labels.textfont.size
        sx, sy = canvas.scale()
        boxes = []
        for text, x, y in zip(labels.text, labels.x, labels.y, strict=True):
            w, h = label_size(html.unescape(text), size)
            px, py = canvas.to_px(x, y)
            boxes.append((float(px) - w / 2, float(py) - h / 2, float(px) + w / 2,
                          float(py) + h / 2))
        boxes = pd.DataFrame(boxes, columns=["x0", "y0", "x1", "y1"])
        assert [(i, j) for i, j in intersect(boxes, boxes) if i < j] == []
        rows = []
        changed = set()
        for t in traces:
            if t.meta["layer"] != "entities":
                continue
            px, py = canvas.to_px(t.x, t.y)
            for eid, x, y, s, sym in zip(t.customdata, px, py, t.marker.size, t.marker.symbol,
                                         strict=True):
                half = s * SYMBOL_EXTENT[sym] / 2 + 0.5
                rows.append((x - half, y - half, x + half, y + half))
                if t.meta["status"] != "shared":
                    changed.add(eid)
        nodes = pd.DataFrame(rows, columns=["x0", "y0", "x1", "y1"])
        assert intersect(boxes, nodes) == []
        assert changed <= set(labels.customdata)         # every change is labelled


# ---- the briefing's images ------------------------------------------------------------------


@pytest.mark.parametrize("size", ["slide", "a4", "square"])
@pytest.mark.parametrize("name", [None, "zh_plan.txt"])
def test_briefing_images_place_labels_for_their_export_size(seed_plan, size, name):
    from zonekit.briefing import SIZES, export_figures, image_jobs

    plan = seed_plan if name is None else zonekit.load_plan(DATA / name)
    figs = export_figures(plan, size)
    nets = {k: f for k, f in figs.items() if k == "network" or k.startswith("ego_")}
    assert "network" in nets and len(nets) >= 2
    for stem, fig in nets.items():
        assert (fig.layout.width, fig.layout.height) == SIZES[size], stem
        # label boxes measured at the export size: none overlaps, none covers a node
        must = partners(fig) | (title_names(fig, plan) if stem == "network" else set())
        check_readable(fig, must)
    for fig, path, opts in image_jobs(nets, ("png", "svg"), size, Path("out")):
        assert (opts["width"], opts["height"]) == (fig.layout.width, fig.layout.height), path


def test_brief_writes_the_export_size_figures(seed_plan, tmp_path, monkeypatch):
    """``zonekit.brief`` hands the image writer the figures placed for the export size."""
    from zonekit import export
    from zonekit.briefing import brief

    jobs = []
    monkeypatch.setattr(export, "write_images", lambda js, on_done=None: jobs.extend(js))
    brief(seed_plan, tmp_path / "b", formats=("png", "html"), size="a4", progress=False)
    network = next(fig for fig, path, _ in jobs if path.name == "network.png")
    assert (network.layout.width, network.layout.height) == (1123, 794)
    check_readable(network, partners(network))
    page = (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
    assert '"width":1123' not in page.split('id="chart-network"', 1)[1][:200_000]
