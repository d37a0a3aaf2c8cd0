"""Label placement for network charts: which nodes get a label, and where it goes.

Computing only (no plotly); :mod:`zonekit.figures.networks` draws what this module places.

The rule, in order:

1. Nodes that must be labelled (the partners, every node the title names, the selection) are
   placed first, by priority; then the others, by importance (tasks in the selection, then
   links), while space allows. Every node keeps its label on hover whatever happens here.
2. A label is a box measured in the figure's own pixels: its width from the font size and the
   characters (:func:`text_width`; CJK characters are square, Latin letters about half as
   wide), its height from the font size. Data units are turned into pixels from the axis
   ranges and the plot area's size (:class:`Canvas`).
3. A box is put beside its node (above, below, right, left, then the corners); when none of
   those is free it moves outwards on rings and gets a leader line back to its node (labels
   that must be shown search the whole plot; the others only close by). A place is free when
   the box stays inside the plot area and overlaps no other label and no node marker (every
   node drawn, labelled or not, with a small gap).
4. A label that must be shown and finds no place is shortened (``…``) and tried again.
5. Large graphs: above :data:`LARGE_LABELS` nodes drawn, at most :data:`MAX_LARGE_LABELS`
   labels are tried (must-label nodes first, by priority): every node is still an obstacle,
   so the labels that are shown still overlap nothing; the rest are on hover only.

Boxes placed for a plot area ``width`` px wide stay apart at any wider drawing (horizontal gaps
in pixels only grow), so responsive figures are placed for their narrowest expected width
(:data:`MIN_WIDTH`).

Examples
--------
>>> canvas = Canvas(width=400, height=300)
>>> placed = place_labels([0, 0.05], [0, 0], ["Hong Kong", "Macao"], marker_px=[20, 20],
...                       must=[True, True], canvas=canvas)
>>> placed["placed"].tolist(), overlaps(placed)
([True, True], False)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

__all__ = ["Canvas", "text_width", "label_size", "place_labels", "overlaps", "covers_marker",
           "MIN_WIDTH", "LARGE_LABELS", "MAX_LARGE_LABELS", "LABEL_PAD", "MARKER_GAP"]

#: Figure width (px) responsive network figures are placed for: JupyterLab at 800 px.
MIN_WIDTH = 800
#: Above this many nodes drawn, only :data:`MAX_LARGE_LABELS` labels are tried.
LARGE_LABELS = 400
#: Labels tried at most on a large graph.
MAX_LARGE_LABELS = 40
#: Padding (px) around a label's text inside its box.
LABEL_PAD = 3.0
#: Gap (px) kept between a label box and a node marker.
MARKER_GAP = 2.0

_CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
                  r"\uff00-\uff60\uffe0-\uffe6]")
_NARROW = set("iljtfrI.,:;'!|()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """Rendered width of one line of text in px, from its characters and the font size.

    A CJK character is a square ``size`` wide; Latin characters are measured by class
    (narrow ``i l j t f r`` and punctuation 0.32, capitals 0.68, ``m w M W`` 0.86, others 0.56 of
    ``size``): a slight over-estimate of Noto Sans and Arial, so boxes are never too small.

    Parameters
    ----------
    text : str
        Plain text (HTML tags and entities are not interpreted; pass the text as shown).
    size : float
        Font size in px.

    Returns
    -------
    float

    Examples
    --------
    >>> text_width("香港", 10), round(text_width("Macao", 10), 1)
    (20.0, 31.0)
    """
    w = 0.0
    for ch in str(text):
        if _CJK.match(ch):
            w += size
        elif ch in _WIDE:
            w += 0.86 * size
        elif ch in _NARROW:
            w += 0.32 * size
        elif ch.isupper():
            w += 0.68 * size
        else:
            w += 0.56 * size
    return w


def label_size(text: str, size: float) -> tuple[float, float]:
    """Width and height in px of a label's box (text plus :data:`LABEL_PAD` on each side).

    Lines are split on ``<br>`` or newlines.

    Examples
    --------
    >>> label_size("Macao", 10)
    (37.0, 19.0)
    """
    lines = re.split(r"<br\s*/?>|\n", str(text)) or [""]
    w = max(text_width(line, size) for line in lines)
    h = 1.3 * size * len(lines)
    return round(w + 2 * LABEL_PAD, 2), round(h + 2 * LABEL_PAD, 2)


@dataclass(frozen=True)
class Canvas:
    """The pixel geometry of a plot area: figure size, margins and axis ranges.

    Parameters
    ----------
    width, height : float
        Figure size in px.
    margin : dict
        ``l, r, t, b`` margins in px.
    x_range, y_range : tuple of float
        Axis ranges in data units.

    Examples
    --------
    >>> c = Canvas(width=300, height=200, margin={"l": 0, "r": 0, "t": 0, "b": 0},
    ...            x_range=(0, 3), y_range=(0, 2))
    >>> c.plot_size, c.to_px([1.5], [1.0])
    ((300.0, 200.0), (array([150.]), array([100.])))
    """

    width: float = MIN_WIDTH
    height: float = 620
    margin: dict = field(default_factory=lambda: {"l": 20, "r": 20, "t": 120, "b": 90})
    x_range: tuple = (-1.22, 1.22)
    y_range: tuple = (-1.14, 1.3)

    @property
    def plot_size(self) -> tuple[float, float]:
        """Width and height of the plot area in px."""
        m = self.margin
        return (float(self.width - m["l"] - m["r"]), float(self.height - m["t"] - m["b"]))

    def scale(self) -> tuple[float, float]:
        """Pixels per data unit along x and y."""
        w, h = self.plot_size
        return (w / (self.x_range[1] - self.x_range[0]), h / (self.y_range[1] - self.y_range[0]))

    def to_px(self, x, y):
        """Data coordinates to plot-area pixels (y upwards, origin bottom-left)."""
        sx, sy = self.scale()
        return ((np.asarray(x, float) - self.x_range[0]) * sx,
                (np.asarray(y, float) - self.y_range[0]) * sy)

    def to_data(self, px, py):
        """Plot-area pixels to data coordinates."""
        sx, sy = self.scale()
        return (np.asarray(px, float) / sx + self.x_range[0],
                np.asarray(py, float) / sy + self.y_range[0])

    def with_ranges(self, x_range, y_range) -> Canvas:
        """The same canvas with other axis ranges."""
        return replace(self, x_range=tuple(map(float, x_range)),
                       y_range=tuple(map(float, y_range)))


class _Grid:
    """Boxes ``(x0, y0, x1, y1)`` in a uniform grid, for fast overlap queries."""

    def __init__(self, cell: float = 40.0):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.boxes: list[tuple[float, float, float, float]] = []

    def _keys(self, b):
        c = self.cell
        for i in range(int(math.floor(b[0] / c)), int(math.floor(b[2] / c)) + 1):
            for j in range(int(math.floor(b[1] / c)), int(math.floor(b[3] / c)) + 1):
                yield i, j

    def add(self, b) -> None:
        k = len(self.boxes)
        self.boxes.append(b)
        for key in self._keys(b):
            self.cells.setdefault(key, []).append(k)

    def hits(self, b) -> bool:
        seen = set()
        for key in self._keys(b):
            for k in self.cells.get(key, ()):
                if k in seen:
                    continue
                seen.add(k)
                o = self.boxes[k]
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                    return True
        return False


def _candidates(r: float, w: float, h: float, far: float, angles: int, rot: float):
    """Offsets (dx, dy, leader) of a label centre from its node, nearest first."""
    g = 1.0
    yield 0.0, r + h / 2 + g, False                      # above
    yield 0.0, -(r + h / 2 + g), False                   # below
    yield r + w / 2 + g, 0.0, False                      # right
    yield -(r + w / 2 + g), 0.0, False                   # left
    d = r * 0.72 + g
    for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):  # corners
        yield sx * (d + w / 2), sy * (d + h / 2), False
    step = max(h, 12.0)
    dist = r + step
    while dist <= far:
        for k in range(angles):
            a = rot + 2 * math.pi * k / angles
            ca, sa = math.cos(a), math.sin(a)
            yield ca * (dist + w / 2), sa * (dist + h / 2), True
        dist += step


def _candidate_array(r: float, w: float, h: float, far: float, angles: int, rot: float):
    """:func:`_candidates` as arrays ``(dx, dy, leader)``, in the same order."""
    g = 1.0
    d = r * 0.72 + g
    dx = [0.0, 0.0, r + w / 2 + g, -(r + w / 2 + g)]
    dy = [r + h / 2 + g, -(r + h / 2 + g), 0.0, 0.0]
    for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
        dx.append(sx * (d + w / 2))
        dy.append(sy * (d + h / 2))
    step = max(h, 12.0)
    n_rings = int(math.floor((far - r - step) / step + 1e-9)) + 1 if far >= r + step else 0
    dist = r + step * (1 + np.arange(n_rings))
    a = rot + 2 * math.pi * np.arange(angles) / angles
    ring_x = (np.cos(a)[None, :] * (dist[:, None] + w / 2)).ravel()
    ring_y = (np.sin(a)[None, :] * (dist[:, None] + h / 2)).ravel()
    leader = np.concatenate([np.zeros(len(dx), bool), np.ones(len(ring_x), bool)])
    return (np.concatenate([dx, ring_x]), np.concatenate([dy, ring_y]), leader)


class _Raster:
    """Free space of a large plot: node markers rasterised on a grid of ``cell`` px (a cell
    any marker touches is taken: never too lenient), placed labels kept as exact boxes; every
    candidate place of a label is tested at once (numpy)."""

    def __init__(self, px, py, radius, width: float, height: float, cell: float = 2.0):
        self.W, self.H, self.c = float(width), float(height), cell
        self.nx, self.ny = max(1, math.ceil(self.W / cell)), max(1, math.ceil(self.H / cell))
        x0, x1 = self._cells(px - radius, px + radius, self.nx)
        y0, y1 = self._cells(py - radius, py + radius, self.ny)
        inside = (px + radius >= 0) & (px - radius <= self.W) & (py + radius >= 0) \
            & (py - radius <= self.H)
        x0, x1, y0, y1 = x0[inside], x1[inside], y0[inside], y1[inside]
        diff = np.zeros((self.ny + 1, self.nx + 1), dtype=np.int32)
        np.add.at(diff, (y0, x0), 1)
        np.add.at(diff, (y0, x1 + 1), -1)
        np.add.at(diff, (y1 + 1, x0), -1)
        np.add.at(diff, (y1 + 1, x1 + 1), 1)
        taken = diff.cumsum(0).cumsum(1)[:self.ny, :self.nx] > 0
        self.sum = np.zeros((self.ny + 1, self.nx + 1), dtype=np.int32)
        self.sum[1:, 1:] = taken.cumsum(0).cumsum(1)
        self.labels = np.zeros((0, 4))

    def _cells(self, lo, hi, n):
        a = np.clip(np.floor(np.asarray(lo, float) / self.c), 0, n - 1).astype(np.int64)
        b = np.clip(np.floor(np.asarray(hi, float) / self.c), 0, n - 1).astype(np.int64)
        return a, b

    def first(self, x, y, r, w, h, far, rot, text):
        """The first free place (nearest first, as :func:`_candidates`) or None."""
        dx, dy, leader = _candidate_array(r, w, h, far, 16, rot)
        cx, cy = x + dx, y + dy
        bx0, by0, bx1, by1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
        ok = (bx0 >= 0) & (by0 >= 0) & (bx1 <= self.W) & (by1 <= self.H)
        i0, i1 = self._cells(bx0, bx1, self.nx)
        j0, j1 = self._cells(by0, by1, self.ny)
        S = self.sum
        ok &= (S[j1 + 1, i1 + 1] - S[j0, i1 + 1] - S[j1 + 1, i0] + S[j0, i0]) == 0
        if len(self.labels):
            L = self.labels
            hit = ((bx0[:, None] < L[None, :, 2]) & (L[None, :, 0] < bx1[:, None])
                   & (by0[:, None] < L[None, :, 3]) & (L[None, :, 1] < by1[:, None]))
            ok &= ~hit.any(axis=1)
        k = np.flatnonzero(ok)
        if not len(k):
            return None
        k = int(k[0])
        box = (float(bx0[k]), float(by0[k]), float(bx1[k]), float(by1[k]))
        return text, float(cx[k]), float(cy[k]), box, bool(leader[k])

    def add(self, box) -> None:
        self.labels = np.vstack([self.labels, np.asarray(box, float)[None, :]])


def place_labels(x, y, texts, *, marker_px, canvas: Canvas, must=None, priority=None,
                 font_size: float = 13, limit: int | None = None, near: float = 36.0,
                 wide: int = 8, seed: int = 0) -> pd.DataFrame:
    """Place node labels so that no two overlap and none covers a node marker.

    Parameters
    ----------
    x, y : array-like
        Node positions in data units (every node drawn: all are obstacles).
    texts : sequence of str
        Label of each node, as shown (plain text).
    marker_px : array-like
        Marker diameter of each node in px (plotly ``marker.size`` plus its line).
    canvas : Canvas
        Pixel geometry of the plot area the labels are placed in.
    must : array-like of bool, optional
        Nodes that must be labelled (searched over the whole plot, shortened if need be).
    priority : array-like of float, optional
        Larger first (default: all equal, node order).
    font_size : float
        Label font size in px.
    limit : int, optional
        Label at most this many nodes that are not ``must`` (default: as space allows).
    near : float
        How far (px beyond the marker) an optional label may move from its node.
    wide : int
        The ``wide`` most important optional labels may move as far as needed (with a leader
        line), like those that must be shown.
    seed : int
        Turns the ring of far candidate places (same seed, same placement).

    Returns
    -------
    DataFrame
        One row per node, in input order: ``placed`` (bool), ``text`` (possibly shortened),
        ``lx, ly`` (label centre, data units), ``x0, x1, y0, y1`` (label box, data units),
        ``leader`` (bool: the label moved away from its node and needs a line back), ``must``.

    Examples
    --------
    >>> c = Canvas(width=300, height=200, margin={"l": 0, "r": 0, "t": 0, "b": 0},
    ...            x_range=(-1, 1), y_range=(-1, 1))
    >>> out = place_labels([0], [0], ["Hub"], marker_px=[30], canvas=c)
    >>> out.loc[0, ["placed", "leader"]].tolist(), bool(out.loc[0, "y0"] > 0)  # above the node
    ([True, False], True)
    >>> covers_marker(out, [0], [0], [30], c)
    False
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    texts = [str(t) for t in texts]
    marker = np.broadcast_to(np.asarray(marker_px, dtype=float), (n,))
    must = np.zeros(n, bool) if must is None else np.asarray(must, dtype=bool)
    priority = np.zeros(n) if priority is None else np.asarray(priority, dtype=float)
    W, H = canvas.plot_size
    px, py = canvas.to_px(x, y) if n else (np.zeros(0), np.zeros(0))
    order = sorted(range(n), key=lambda i: (not must[i], -priority[i], i))
    large = n > LARGE_LABELS
    if large:
        order = order[:MAX_LARGE_LABELS]
        free = _Raster(px, py, marker / 2 + MARKER_GAP, W, H)
    else:
        grid = _Grid(cell=max(24.0, font_size * 3))
        for i in range(n):
            r = marker[i] / 2 + MARKER_GAP
            grid.add((px[i] - r, py[i] - r, px[i] + r, py[i] + r))
    rot = (seed * 0.6180339887) % 1.0 * (2 * math.pi / 16)
    far_all = math.hypot(W, H)
    out = {"placed": np.zeros(n, bool), "text": list(texts), "lx": np.full(n, np.nan),
           "ly": np.full(n, np.nan), "px0": np.full(n, np.nan), "px1": np.full(n, np.nan),
           "py0": np.full(n, np.nan), "py1": np.full(n, np.nan), "leader": np.zeros(n, bool)}
    optional = 0
    far_reach = set([i for i in order if not must[i]][:wide])
    for i in order:
        if not must[i] and limit is not None and optional >= limit:
            continue
        if not (0 <= px[i] <= W and 0 <= py[i] <= H):
            continue   # node outside the plot area (zoomed away)
        r = marker[i] / 2 + MARKER_GAP
        tries = [texts[i]]
        if must[i]:
            tries += [_shorten(texts[i], k) for k in (16, 10, 6)
                      if len(texts[i]) > k]
        found = None
        for text in tries:
            w, h = label_size(text, font_size)
            far = far_all if must[i] or i in far_reach else r + near
            if large:
                found = free.first(px[i], py[i], r, w, h, far, rot, text)
            else:
                for dx, dy, leader in _candidates(r, w, h, far, 16, rot):
                    cx, cy = px[i] + dx, py[i] + dy
                    box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                    if box[0] < 0 or box[1] < 0 or box[2] > W or box[3] > H:
                        continue
                    if grid.hits(box):
                        continue
                    found = (text, cx, cy, box, leader)
                    break
            if found:
                break
        if not found:
            continue
        text, cx, cy, box, leader = found
        if large:
            free.add(box)
        else:
            grid.add(box)
        out["placed"][i] = True
        out["text"][i] = text
        out["lx"][i], out["ly"][i] = cx, cy
        out["px0"][i], out["py0"][i], out["px1"][i], out["py1"][i] = box
        out["leader"][i] = leader
        if not must[i]:
            optional += 1
    lx, ly = canvas.to_data(out["lx"], out["ly"])
    x0, y0 = canvas.to_data(out["px0"], out["py0"])
    x1, y1 = canvas.to_data(out["px1"], out["py1"])
    return pd.DataFrame({"placed": out["placed"], "text": out["text"], "lx": lx, "ly": ly,
                         "x0": x0, "x1": x1, "y0": y0, "y1": y1, "leader": out["leader"],
                         "must": must})


def _shorten(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def overlaps(placed: pd.DataFrame) -> bool:
    """Whether any two placed label boxes overlap.

    Examples
    --------
    >>> boxes = pd.DataFrame({"placed": [True, True], "x0": [0, 0.5], "x1": [1, 2],
    ...                       "y0": [0, 0.5], "y1": [1, 2]})
    >>> overlaps(boxes), overlaps(boxes.assign(x0=[0, 1.0]))
    (True, False)
    """
    b = placed[placed["placed"]][["x0", "y0", "x1", "y1"]].to_numpy(float)
    if len(b) < 2:
        return False
    ox = (b[:, None, 0] < b[None, :, 2]) & (b[None, :, 0] < b[:, None, 2])
    oy = (b[:, None, 1] < b[None, :, 3]) & (b[None, :, 1] < b[:, None, 3])
    both = ox & oy
    np.fill_diagonal(both, False)
    return bool(both.any())


def covers_marker(placed: pd.DataFrame, x, y, marker_px, canvas: Canvas) -> bool:
    """Whether any placed label box overlaps a node marker (its square, in px).

    Examples
    --------
    >>> c = Canvas(width=100, height=100, margin={"l": 0, "r": 0, "t": 0, "b": 0},
    ...            x_range=(0, 100), y_range=(0, 100))
    >>> box = pd.DataFrame({"placed": [True], "x0": [10], "x1": [20], "y0": [10], "y1": [20]})
    >>> covers_marker(box, [25], [15], [6], c), covers_marker(box, [25], [15], [12], c)
    (False, True)
    """
    b = placed[placed["placed"]]
    if b.empty or len(np.atleast_1d(x)) == 0:
        return False
    bx0, by0 = canvas.to_px(b["x0"], b["y0"])
    bx1, by1 = canvas.to_px(b["x1"], b["y1"])
    px, py = canvas.to_px(x, y)
    r = np.broadcast_to(np.asarray(marker_px, float), px.shape) / 2
    ox = (bx0[:, None] < px[None, :] + r) & (px[None, :] - r < bx1[:, None])
    oy = (by0[:, None] < py[None, :] + r) & (py[None, :] - r < by1[:, None])
    return bool((ox & oy).any())
