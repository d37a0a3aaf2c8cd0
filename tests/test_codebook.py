import pytest

from zonekit import CodebookError, load_codebook
from zonekit.codebook import KINDS, TOOL_TYPES


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


def test_default_codebook_covers_the_plan_domain(cb):
    sectors = {e.id for e in cb.by_kind("sector")}
    assert {"health", "tcm", "finance", "professional-services", "digital", "trade",
            "science-technology", "environment"} <= sectors
    partners = {e.id for e in cb.by_kind("partner")}
    assert {"hong-kong", "macao", "belt-and-road", "who", "major-trading-partners"} <= partners
    instruments = cb.by_kind("instrument")
    assert len(instruments) >= 20
    assert all(e.tool_type in TOOL_TYPES for e in instruments)
    assert {e.tool_type for e in instruments} == set(TOOL_TYPES)
    assert all(e.label_zh for e in cb)
    assert all(e.kind in KINDS for e in cb)


def test_spelling_variants(cb):
    assert "Macau" in cb["macao"].aliases
    assert "World Health Organisation" in cb["who"].aliases and "WHO" in cb["who"].aliases
    assert {"Belt and Road Initiative", "BRI"} <= set(cb["belt-and-road"].aliases)
    assert {"HK", "Hong Kong SAR"} <= set(cb["hong-kong"].aliases)
    assert "香港特别行政区" in cb["hong-kong"].aliases_zh


def write(tmp_path, text, name="mine.yaml"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


GOOD = """\
entities:
  - id: hong-kong
    kind: partner
    label: Hong Kong
    aliases: [Xianggang]
  - id: sandbox
    kind: instrument
    label: Regulatory sandbox pilot
    tool_type: environment
    aliases: [sandbox pilot]
"""


def test_user_codebook_extends_and_overrides(tmp_path, cb):
    mine = load_codebook(write(tmp_path, GOOD))
    assert mine["hong-kong"].aliases == ("Xianggang",)
    assert mine["sandbox"].tool_type == "environment"
    assert len(mine) == len(cb) + 1
    alone = load_codebook(write(tmp_path, GOOD), extend=False)
    assert [e.id for e in alone] == ["hong-kong", "sandbox"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("entities:\n  - id: x\n    kind: [unclosed\n", r"mine.yaml:\d+: YAML syntax error"),
        ("entities:\n  - id: x\n    kind: place\n    label: X\n",
         r"mine.yaml:2: entity 'x': unknown kind 'place'"),
        ("entities:\n  - id: x\n    label: X\n", r"mine.yaml:2: entity 'x': missing 'kind'"),
        ("entities:\n  - id: x\n    kind: sector\n    label: X\n    colour: red\n",
         r"mine.yaml:2: entity 'x': unknown key\(s\) \['colour'\]"),
        ("entities:\n  - id: x\n    kind: sector\n    label: X\n  - id: x\n    kind: sector\n"
         "    label: Y\n", r"mine.yaml:5: duplicate id 'x' \(first at line 2\)"),
        ("entities:\n  - id: x\n    kind: sector\n    label: X\n    aliases: [abc]\n"
         "  - id: y\n    kind: sector\n    label: Y\n    aliases: [ABC Thing, abc]\n",
         r"mine.yaml:6: alias 'abc' of 'y' is already claimed by 'x' \(.*mine.yaml:2\)"),
        ("entities:\n  - id: x\n    kind: sector\n    label: X\n    aliases: ['']\n",
         r"mine.yaml:2: entity 'x': 'aliases' holds an empty"),
        ("entities:\n  - id: x\n    kind: sector\n    label: X\n    aliases: abc\n",
         r"mine.yaml:2: entity 'x': 'aliases' must be a list"),
        ("entities:\n  - id: x\n    kind: instrument\n    label: X\n",
         r"mine.yaml:2: entity 'x': an instrument needs 'tool_type'"),
        ("entities:\n  - id: x\n    kind: sector\n    label: X\n    tool_type: supply\n",
         r"'tool_type' is for instruments only"),
        ("entities:\n  - id: x\n    kind: sector\n    kind: partner\n    label: X\n",
         r"mine.yaml:4: duplicate key 'kind'"),
        ("- just a list\n", r"mine.yaml: a codebook is a mapping with an 'entities' list"),
    ],
)
def test_bad_codebooks_name_file_and_line(tmp_path, text, message):
    with pytest.raises(CodebookError, match=message):
        load_codebook(write(tmp_path, text), extend=False)


def test_user_alias_clashing_with_default_names_both(tmp_path):
    text = "entities:\n  - id: hk2\n    kind: partner\n    label: HK two\n    aliases: [Hong Kong]\n"
    with pytest.raises(CodebookError, match=r"mine.yaml:2: alias 'Hong Kong' of 'hk2' is already "
                                            r"claimed by 'hong-kong' \(.*codebook.yaml:\d+\)"):
        load_codebook(write(tmp_path, text))


def test_missing_codebook_file(tmp_path):
    with pytest.raises(CodebookError, match="nope.yaml: no such codebook file"):
        load_codebook(tmp_path / "nope.yaml")


def test_to_frame(cb):
    df = cb.to_frame()
    assert len(df) == len(cb)
    row = df.set_index("entity_id").loc["who"]
    assert row["label_zh"] == "世界卫生组织"
    assert "WHO" in row["aliases"].split("; ")
