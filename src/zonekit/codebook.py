"""The codebook: which sectors, partners and policy instruments to look for, and their names.

A codebook is one YAML file with a list of ``entities``. It is validated on load: unknown keys,
a missing or unknown kind, duplicate ids, an alias claimed by two entities, an empty alias or
aliases that are not a list are errors naming the file and line. The default codebook ships with
zonekit; a user's file **extends** it (an entry with an existing ``id`` replaces that entry).

Keys of an entry: ``id``, ``kind`` (one of :data:`zonekit.schema.KINDS`), ``label``,
``label_zh``, ``tool_type`` and ``sub_tool`` (instruments only: the Rothwell-Zegveld class,
``supply``, ``demand`` or ``environment``, and its sub-class, one of
:data:`zonekit.schema.SUB_TOOLS`; every instrument of the default codebook has one, a user's
may leave it out: it is then unclassified), ``aliases`` and ``aliases_zh`` (other names), ``cues`` and
``cues_zh`` (words that point to the entity without naming it, for example "clinical" for
health), ``shared`` and ``shared_zh`` (a name that codes several entities at once, like 港澳 for
Hong Kong and Macao: every entity it codes lists it), ``formerly`` (names of the bodies an
agency continues, renamed or merged: 银保监会 for the 国家金融监督管理总局; matched as aliases)
and ``description``. The label and
``label_zh`` are matched too.

Context rules (any kind):

- ``except``: phrases holding one of the entity's names; a match inside one of them does not
  code the entity (``except: [健康发展, 健康有序]``: 健康 there is "sound", not health);
- ``not_followed_by`` / ``not_preceded_by``: words that, right after or before a name (a
  space between, for Latin names), stop it coding (``not_followed_by: [发展]``);
- ``keep_nested``: ids of entities whose matches inside this entity's longer match still count.
  By default a match inside a longer match of another entity is not coded (卫生 inside
  世界卫生组织 is the WHO, not health); ``keep_nested: [science-technology]`` on a joint
  laboratory keeps "laboratory" coding science as well.

The default codebook is two bundled files read together: ``data/codebook.yaml`` (sectors,
partners, instruments) and ``data/agencies.yaml`` (the agencies); an alias claimed in both is an
error like any other.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .errors import CodebookError
from .normalize import normalize
from .schema import KINDS, SUB_TOOLS, TOOL_TYPES, list_column

__all__ = ["Entity", "Codebook", "load_codebook", "default_codebook_path",
           "default_codebook_paths", "is_acronym", "context_phrases", "KINDS", "TOOL_TYPES",
           "SUB_TOOLS"]

_KEYS = {"id", "kind", "label", "label_zh", "tool_type", "sub_tool", "aliases", "aliases_zh",
         "cues", "cues_zh", "shared", "shared_zh", "formerly", "description", "except",
         "not_followed_by", "not_preceded_by", "keep_nested"}
_LIST_KEYS = ("aliases", "aliases_zh", "cues", "cues_zh", "shared", "shared_zh", "formerly")
_RULE_KEYS = ("except", "not_followed_by", "not_preceded_by", "keep_nested")
_FIELD = {"except": "exceptions"}  # YAML key -> Entity field, where they differ
_TOP_KEYS = {"entities", "name", "version", "description"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class Entity:
    """One codebook entry.

    Examples
    --------
    >>> e = Entity("hong-kong", "partner", "Hong Kong", label_zh="香港", aliases=("HK",))
    >>> e.names()
    [('Hong Kong', 'alias'), ('HK', 'alias'), ('香港', 'alias')]
    """

    id: str
    kind: str
    label: str
    label_zh: str = ""
    tool_type: str = ""
    aliases: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    cues_zh: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()
    description: str = ""
    origin: str = field(default="", compare=False)
    sub_tool: str = ""
    shared: tuple[str, ...] = ()
    shared_zh: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()
    keep_nested: tuple[str, ...] = ()

    def names(self) -> list[tuple[str, str]]:
        """Every string to match, with how it codes: ``'alias'`` (a name) or ``'cue'``.

        Returns
        -------
        list of (str, str)
            ``(text, via)`` pairs: the label, aliases, Chinese label and aliases, then cues.

        Examples
        --------
        >>> pilot = Entity("pilot", "instrument", "Pilot zone", tool_type="environment",
        ...                cues=("pilot",), cues_zh=("试点",))
        >>> pilot.names()
        [('Pilot zone', 'alias'), ('pilot', 'cue'), ('试点', 'cue')]
        """
        out = [(self.label, "alias"), *((a, "alias") for a in self.aliases)]
        if self.label_zh:
            out.append((self.label_zh, "alias"))
        out += [(a, "alias") for a in (*self.aliases_zh, *self.formerly)]
        out += [(c, "cue") for c in (*self.cues, *self.cues_zh)]
        return out

    def own_names(self) -> list[tuple[str, str]]:
        """:meth:`names` and the shared names (``shared``, ``shared_zh``), as ``(text, via)``.

        Examples
        --------
        >>> Entity("macao", "partner", "Macao", shared_zh=("港澳",)).own_names()
        [('Macao', 'alias'), ('港澳', 'alias')]
        """
        return [*self.names(), *((a, "alias") for a in (*self.shared, *self.shared_zh))]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: several times faster
    """A safe loader that records each mapping's line and refuses duplicate keys (libyaml's
    parser where PyYAML has it)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise CodebookError(
                    f"{self.name}:{key_node.start_mark.line + 1}: duplicate key {key!r}"
                )
            seen.add(key)
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


class Codebook:
    """A validated set of entities.

    Use :func:`load_codebook` to read one. ``codebook[id]`` gives an :class:`Entity`;
    iterating yields the entities in file order.

    Parameters
    ----------
    entities : iterable of Entity
        The entries; a later one with the same id replaces an earlier one.
    paths : iterable of path
        Where the entries came from (for messages).

    Raises
    ------
    CodebookError
        Two entities share an alias (or cue), or an alias is empty.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb["hong-kong"].label, cb["hong-kong"].kind
    ('Hong Kong', 'partner')
    >>> len(cb.by_kind("instrument")) >= 20
    True
    """

    def __init__(self, entities, paths=()):
        self._entities: dict[str, Entity] = {}
        for e in entities:
            self._entities[e.id] = e
        self.paths = tuple(str(p) for p in paths)
        self._names: dict[str, str] | None = None
        self._check_aliases()

    def __getitem__(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def __contains__(self, entity_id) -> bool:
        return entity_id in self._entities

    def __iter__(self):
        return iter(self._entities.values())

    def __len__(self) -> int:
        return len(self._entities)

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(self.by_kind(k))} {list_column(k)}" for k in KINDS)
        return f"<Codebook {len(self)} entities: {counts}>"

    @classmethod
    def from_yaml(cls, text: str, name: str = "<yaml>") -> Codebook:
        """A codebook from YAML text in the codebook file format, validated like a file.

        Nothing is read or written. The result holds only the entries in ``text``; extend the
        default codebook with it by ``load_codebook(Codebook.from_yaml(text))``. Errors name
        ``name`` and the line.

        Parameters
        ----------
        text : str
            YAML with an ``entities:`` list.
        name : str
            What errors and ``Entity.origin`` call the text.

        Returns
        -------
        Codebook

        Raises
        ------
        CodebookError
            The YAML or an entry is invalid.

        Examples
        --------
        >>> mine = Codebook.from_yaml('''
        ... entities:
        ...   - id: sandbox
        ...     kind: instrument
        ...     label: Regulatory sandbox pilot
        ...     tool_type: environment
        ... ''', name="mine")
        >>> mine["sandbox"].origin, len(load_codebook(mine)) - len(load_codebook())
        ('mine:3', 1)
        >>> Codebook.from_yaml("entities:\\n  - id: x\\n    kind: place\\n    label: X\\n")
        Traceback (most recent call last):
        ...
        zonekit.errors.CodebookError: <yaml>:2: entity 'x': unknown kind 'place' (one of ...)
        """
        return cls(_parse_text(text, name), [name])

    def resolve(self, name: str) -> str | None:
        """The id of the entity an id, label, Chinese label or alias names (any case or spacing).

        The one name -> id look-up of zonekit (hand codings, tutorial answers, the CLI).

        Parameters
        ----------
        name : str

        Returns
        -------
        str or None
            The entity id, or None when no entity has that name.

        Examples
        --------
        >>> cb = load_codebook()
        >>> cb.resolve("hong kong"), cb.resolve("香港"), cb.resolve("HK"), cb.resolve("Atlantis")
        ('hong-kong', 'hong-kong', 'hong-kong', None)
        """
        key = " ".join(str(name).casefold().split())
        if name in self._entities:
            return name
        if self._names is None:
            names: dict[str, str] = {}
            for e in self:
                for n in (e.id, e.label, e.label_zh, *e.aliases, *e.aliases_zh):
                    if n:
                        names.setdefault(" ".join(n.casefold().split()), e.id)
            self._names = names
        return self._names.get(key)

    def by_kind(self, kind: str) -> list[Entity]:
        """Entities of one kind, in codebook order.

        Parameters
        ----------
        kind : {"sector", "partner", "instrument", "agency"}
            The kind wanted.

        Returns
        -------
        list of Entity
            Empty when there is none of that kind.

        Examples
        --------
        >>> cb = Codebook([Entity("hong-kong", "partner", "Hong Kong"),
        ...                Entity("finance", "sector", "Finance"),
        ...                Entity("macao", "partner", "Macao")])
        >>> [e.id for e in cb.by_kind("partner")]
        ['hong-kong', 'macao']
        >>> cb.by_kind("instrument")
        []
        """
        return [e for e in self if e.kind == kind]

    def extend(self, other: Codebook) -> Codebook:
        """A new codebook: this one with ``other``'s entries added (same id replaces).

        Parameters
        ----------
        other : Codebook
            Entries to add or replace.

        Returns
        -------
        Codebook
            A new codebook; neither input is changed.

        Examples
        --------
        >>> base = load_codebook()
        >>> mine = Codebook([Entity("hong-kong", "partner", "Hong Kong", aliases=("Xianggang",))])
        >>> base.extend(mine)["hong-kong"].aliases
        ('Xianggang',)
        """
        merged = dict(self._entities)
        merged.update({e.id: e for e in other})
        return Codebook(merged.values(), (*self.paths, *other.paths))

    def to_frame(self) -> pd.DataFrame:
        """The codebook as a table, one row per entity (list columns joined by ``"; "``).

        Examples
        --------
        >>> load_codebook().to_frame().columns.tolist()[:6]
        ['entity_id', 'kind', 'label', 'label_zh', 'tool_type', 'sub_tool']
        """
        rows = [
            {"entity_id": e.id, "kind": e.kind, "label": e.label, "label_zh": e.label_zh,
             "tool_type": e.tool_type, "sub_tool": e.sub_tool,
             **{k: "; ".join(getattr(e, k)) for k in _LIST_KEYS},
             **{k: "; ".join(getattr(e, _FIELD.get(k, k))) for k in _RULE_KEYS},
             "description": e.description}
            for e in self
        ]
        return pd.DataFrame(rows, columns=["entity_id", "kind", "label", "label_zh", "tool_type",
                                           "sub_tool", *_LIST_KEYS, *_RULE_KEYS, "description"])

    def _check_aliases(self) -> None:
        owner: dict[tuple[str, bool], Entity] = {}
        shared: dict[str, list[Entity]] = {}
        for e in self:
            where = e.origin or e.id
            for name, _ in e.names():
                key = normalize(name, lower=not is_acronym(name))[0].strip()
                if not key:
                    raise CodebookError(f"{where}: entity {e.id!r} has an empty alias")
                other = owner.get((key, True)) or owner.get((key, False))
                if other is not None and other.id != e.id:
                    raise CodebookError(
                        f"{where}: alias {name!r} of {e.id!r} is already claimed by "
                        f"{other.id!r} ({other.origin or 'same file'})"
                    )
                owner[(key, is_acronym(name))] = e
            for name in (*e.shared, *e.shared_zh):
                shared.setdefault(normalize(name, lower=not is_acronym(name))[0].strip(),
                                  []).append(e)
            for other_id in e.keep_nested:
                if other_id not in self._entities:
                    raise CodebookError(f"{where}: entity {e.id!r}: keep_nested names "
                                        f"{other_id!r}, which is not in the codebook")
            names = {normalize(n)[0].strip() for n, _ in e.own_names()}
            for phrase in e.exceptions:
                p = normalize(phrase)[0].strip()
                if not any(n in p for n in names):
                    raise CodebookError(f"{where}: entity {e.id!r}: except phrase {phrase!r} "
                                        f"holds none of its names, so it would never apply")
        for key, ents in shared.items():
            clash = owner.get((key, True)) or owner.get((key, False))
            if clash is not None:
                raise CodebookError(f"{ents[0].origin or ents[0].id}: shared name {key!r} of "
                                    f"{ents[0].id!r} is already an alias of {clash.id!r}")


def is_acronym(name: str) -> bool:
    """An alias with capitals and no lower-case letters (WHO, BRI, HK) matches case-sensitively.

    Examples
    --------
    >>> is_acronym("WHO"), is_acronym("Who"), is_acronym("香港")
    (True, False, False)
    """
    return any(c.isupper() for c in name) and not any(c.islower() for c in name)


def context_phrases(entity: Entity) -> list[str]:
    """The phrases in which a name of ``entity`` does not code it (its context rules).

    ``except`` phrases as written, then each name followed by a ``not_followed_by`` word and
    preceded by a ``not_preceded_by`` word (joined by a space when both sides are Latin).

    Examples
    --------
    >>> e = Entity("health", "sector", "Health", aliases_zh=("健康",),
    ...            exceptions=("健康有序",), not_preceded_by=("sound", "国际"))
    >>> context_phrases(e)
    ['健康有序', 'sound Health', 'sound健康', '国际Health', '国际健康']
    """
    def join(a: str, b: str) -> str:
        latin = a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum()
        return f"{a} {b}" if latin else a + b

    names = [n for n, _ in entity.own_names()]
    out = list(entity.exceptions)
    out += [join(n, w) for w in entity.not_followed_by for n in names]
    out += [join(w, n) for w in entity.not_preceded_by for n in names]
    return list(dict.fromkeys(out))


def default_codebook_path() -> Path:
    """Path of the codebook that ships with zonekit.

    Examples
    --------
    >>> default_codebook_path().name
    'codebook.yaml'
    """
    return Path(str(resources.files("zonekit") / "data" / "codebook.yaml"))


def default_codebook_paths() -> list[Path]:
    """Paths of the bundled codebook files read as the default codebook, in order.

    Examples
    --------
    >>> [p.name for p in default_codebook_paths()]
    ['codebook.yaml', 'agencies.yaml']
    """
    main = default_codebook_path()
    return [main, main.with_name("agencies.yaml")]


def _parse_default() -> list[Entity]:
    return [e for p in default_codebook_paths() for e in _parse_file(p)]


def _parse_file(path: Path) -> list[Entity]:
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is None or path.is_dir():
        return _parse_uncached(path)
    return list(_parse_cached(str(path), st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=32)
def _parse_cached(name: str, _mtime: int, _size: int) -> tuple[Entity, ...]:
    """Parsed entries of an unchanged file (entities are immutable, so sharing is safe)."""
    return tuple(_parse_uncached(Path(name)))


def _parse_uncached(path: Path) -> list[Entity]:
    name = str(path)
    if not path.exists():
        raise CodebookError(f"{name}: no such codebook file")
    if path.is_dir():
        raise CodebookError(f"{name}: is a directory, not a codebook file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise CodebookError(f"{name}: not UTF-8 text (offset {e.start})") from None
    except OSError as e:
        raise CodebookError(f"{name}: cannot be read ({e.strerror or e})") from None
    return _parse_text(text, name)


def _parse_text(text: str, name: str) -> list[Entity]:
    try:
        loader = _LineLoader(text)
        loader.name = name
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise CodebookError(f"{name}{line}: YAML syntax error: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise CodebookError(f"{name}: YAML error: {e}") from None
    return _parse_data(data, name)


def _parse_data(data, name: str) -> list[Entity]:
    if not isinstance(data, dict) or "entities" not in data:
        raise CodebookError(f"{name}: a codebook is a mapping with an 'entities' list")
    unknown = set(data) - _TOP_KEYS - {"__line__"}
    if unknown:
        raise CodebookError(f"{name}:1: unknown top-level key(s) {sorted(unknown)}")
    items = data["entities"]
    if not isinstance(items, list):
        raise CodebookError(f"{name}:{data['__line__']}: 'entities' must be a list")
    out: list[Entity] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise CodebookError(f"{name}: entity #{i + 1} is not a mapping")
        line = item.pop("__line__", "?")
        where = f"{name}:{line}"
        eid = item.get("id")
        label = f"entity {eid!r}" if eid else f"entity #{i + 1}"
        unknown = set(item) - _KEYS
        if unknown:
            raise CodebookError(f"{where}: {label}: unknown key(s) {sorted(unknown)}; "
                                f"allowed: {sorted(_KEYS)}")
        if not isinstance(eid, str) or not _ID.match(eid):
            raise CodebookError(f"{where}: {label}: 'id' must be a word of letters, digits, "
                                f"'-', '_' or '.'")
        if eid in seen:
            raise CodebookError(f"{where}: duplicate id {eid!r} (first at line {seen[eid]})")
        seen[eid] = str(line)
        kind = item.get("kind")
        if kind is None:
            raise CodebookError(f"{where}: {label}: missing 'kind' (one of {', '.join(KINDS)})")
        if kind not in KINDS:
            raise CodebookError(f"{where}: {label}: unknown kind {kind!r} "
                                f"(one of {', '.join(KINDS)})")
        for key in ("label", "label_zh", "tool_type", "sub_tool", "description"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise CodebookError(f"{where}: {label}: {key!r} must be text")
        if not (item.get("label") or "").strip():
            raise CodebookError(f"{where}: {label}: missing 'label'")
        tool = (item.get("tool_type") or "").strip()
        if kind == "instrument" and tool not in TOOL_TYPES:
            raise CodebookError(f"{where}: {label}: an instrument needs 'tool_type', one of "
                                f"{', '.join(TOOL_TYPES)} (got {tool or 'nothing'})")
        if kind != "instrument" and tool:
            raise CodebookError(f"{where}: {label}: 'tool_type' is for instruments only")
        sub = (item.get("sub_tool") or "").strip()
        if kind == "instrument" and sub and sub not in SUB_TOOLS[tool]:
            raise CodebookError(f"{where}: {label}: unknown sub_tool {sub!r}; for a {tool} "
                                f"tool one of {', '.join(SUB_TOOLS[tool])}")
        if kind != "instrument" and sub:
            raise CodebookError(f"{where}: {label}: 'sub_tool' is for instruments only")
        lists = {}
        for key in (*_LIST_KEYS, *_RULE_KEYS):
            value = item.get(key)
            if value is None:
                value = []
            if not isinstance(value, list):
                raise CodebookError(f"{where}: {label}: {key!r} must be a list, like "
                                    f"[{value!r}]")
            for a in value:
                if not isinstance(a, str) or not a.strip():
                    raise CodebookError(f"{where}: {label}: {key!r} holds an empty or non-text "
                                        f"alias ({a!r})")
            lists[_FIELD.get(key, key)] = tuple(a.strip() for a in value)
        out.append(Entity(
            id=eid, kind=kind, label=item["label"].strip(),
            label_zh=(item.get("label_zh") or "").strip(), tool_type=tool, sub_tool=sub,
            description=(item.get("description") or "").strip(), origin=where, **lists,
        ))
    return out


def load_codebook(path=None, extend: bool = True) -> Codebook:
    """Load and validate a codebook.

    Parameters
    ----------
    path : str, path-like, Codebook or None
        A YAML codebook. None gives the default codebook.
    extend : bool
        If True (default) the file extends the default codebook: its entries are added and an
        entry with an existing ``id`` replaces the default one. If False it stands alone.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        With ``FILE:LINE: problem`` for syntax errors, unknown keys or kinds, duplicate ids,
        aliases claimed twice, empty aliases or aliases that are not a list.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "mine.yaml"
    >>> _ = f.write_text('''
    ... entities:
    ...   - id: sandbox
    ...     kind: instrument
    ...     label: Regulatory sandbox pilot
    ...     tool_type: environment
    ...     aliases: [sandbox pilot]
    ... ''')
    >>> cb = load_codebook(f)
    >>> cb["sandbox"].tool_type, "hong-kong" in cb
    ('environment', True)
    >>> _ = f.write_text("entities:\\n  - id: x\\n    kind: place\\n    label: X\\n")
    >>> load_codebook(f)
    Traceback (most recent call last):
    ...
    zonekit.errors.CodebookError: .../mine.yaml:2: entity 'x': unknown kind 'place' (one of sector, partner, instrument, agency)
    """
    if isinstance(path, Codebook):
        return load_codebook().extend(path) if extend else path
    defaults = default_codebook_paths()
    if path is None:
        return Codebook(_parse_default(), defaults)
    path = Path(path)
    user = _parse_file(path)
    if not extend:
        return Codebook(user, [path])
    merged = {e.id: e for e in _parse_default()}
    for e in user:
        merged[e.id] = e
    return Codebook(merged.values(), [*defaults, path])
