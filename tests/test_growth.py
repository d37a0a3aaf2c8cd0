"""Context rules, nested matches, shared names, sub-tools, Traditional Chinese, suggest and
agreement (issue 13)."""

import csv
import re

import pandas as pd
import pytest

from zonekit import Codebook, CodebookError, Matcher, Source, load_codebook, load_plan
from zonekit.agreement import agreement, read_pairs
from zonekit.schema import SUB_TOOLS
from zonekit.suggest import suggest, suggest_parallel

from .conftest import DATA, run_cli


@pytest.fixture(scope="module")
def m():
    return Matcher()


def coded(m, text):
    return [(text[s:e], eid) for s, e, eid, kind, via in m.find(text)]


def test_every_alias_and_cue_has_an_example_where_it_fires(m):
    cb = load_codebook()
    with open(DATA / "codebook_examples.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    listed = {(r["entity_id"], r["name"]) for r in rows}
    names = {(e.id, n) for e in cb for n, _ in e.own_names()}
    # agencies are named in responsibility notes: each name is tried in a note of its language
    agencies = {(e.id, n) for e in cb.by_kind("agency") for n, _ in e.own_names()} - listed
    rows += [{"entity_id": eid, "name": n,
              "example": f"（{n}负责）" if re.search(r"[\u4e00-\u9fff]", n) else f"(Lead: {n})"}
             for eid, n in sorted(agencies)]
    listed |= agencies
    assert names <= listed, sorted(names - listed)[:5]
    for r in rows:
        if (r["entity_id"], r["name"]) in names:
            ids = {eid for _, eid in coded(m, r["example"])}
            assert r["entity_id"] in ids, r


def test_context_rules_health_in_sound_development(m):
    assert coded(m, "促进房地产市场平稳健康发展。") == []
    assert coded(m, "提高全民健康水平。") == [("健康", "health")]
    raw = "优化营商环境，保护生态环境。"
    assert [(raw[s:e], eid, s) for s, e, eid, *_ in m.find(raw)] == [
        ("生态环境", "environment", 9)]
    # not_preceded_by: 两岸 of a river is not cross-Strait
    assert coded(m, "绿化长江两岸。") == []
    assert coded(m, "深化两岸经济合作。") == [("两岸", "taiwan")]


def test_context_rules_in_a_user_codebook_and_validation():
    mine = Codebook.from_yaml(
        "entities:\n  - id: sound\n    kind: sector\n    label: Sound\n"
        "    aliases: [sound]\n    not_followed_by: [development]\n")
    mm = Matcher(mine)
    assert [h[2] for h in mm.find("sound development")] == []
    assert [h[2] for h in mm.find("sound recording")] == ["sound"]
    with pytest.raises(CodebookError, match="except phrase 'abc' holds none of its names"):
        Codebook.from_yaml("entities:\n  - id: x\n    kind: sector\n    label: Xylo\n"
                           "    except: [abc]\n")
    with pytest.raises(CodebookError, match="keep_nested names 'nope'"):
        Codebook.from_yaml("entities:\n  - id: x\n    kind: sector\n    label: Xylo\n"
                           "    keep_nested: [nope]\n")
    with pytest.raises(CodebookError, match="unknown sub_tool 'talent'; for a demand tool"):
        Codebook.from_yaml("entities:\n  - id: x\n    kind: instrument\n    label: Xylo\n"
                           "    tool_type: demand\n    sub_tool: talent\n")


def test_nested_match_not_coded_unless_kept(m):
    raw = "加强与世界卫生组织合作。"
    assert coded(m, raw) == [("世界卫生组织", "who")]
    s, e, *_ = m.find(raw)[0]
    assert (s, e) == (3, 9)
    # the joint laboratory keeps "laboratory" as science (keep_nested)
    assert coded(m, "Build joint laboratories.") == [
        ("joint laboratories", "joint-laboratory"), ("laboratories", "science-technology")]
    # the Greater Bay Area is its own partner: Hong Kong and 港澳 inside it are not coded
    assert coded(m, "建设粤港澳大湾区。") == [("粤港澳大湾区", "greater-bay-area")]
    assert coded(m, "the Guangdong-Hong Kong-Macao Greater Bay Area") == [
        ("Guangdong-Hong Kong-Macao Greater Bay Area", "greater-bay-area")]


def test_shared_name_codes_two_entities(m):
    raw = "加强内地与港澳台交流，支持港澳发展。"
    assert coded(m, raw) == [("港澳台", "hong-kong"), ("港澳台", "macao"), ("港澳台", "taiwan"),
                             ("港澳", "hong-kong"), ("港澳", "macao")]
    plan = load_plan(Source.from_text("支持港澳发展金融。"))
    assert plan.tasks.loc[0, "partners"] == ["hong-kong", "macao"]


def test_every_default_instrument_has_a_sub_tool_of_its_type():
    cb = load_codebook()
    for e in cb.by_kind("instrument"):
        assert e.sub_tool in SUB_TOOLS[e.tool_type], e.id
    used = {e.sub_tool for e in cb.by_kind("instrument")}
    assert used == {s for subs in SUB_TOOLS.values() for s in subs}
    plan = load_plan()
    assert "sub_tool" in plan.entities.columns
    gc = plan.entities.set_index("entity_id").loc["green-channel"]
    assert gc["sub_tool"] == "regulation and control"


def test_traditional_chinese_offsets_into_raw_text(m):
    raw = "支持澳門與香港特別行政區合作，共建一帶一路，與世界衛生組織交流，促進經濟健康發展。"
    got = m.find(raw)
    assert [(raw[s:e], eid) for s, e, eid, *_ in got] == [
        ("澳門", "macao"), ("香港特別行政區", "hong-kong"), ("共建一帶一路", "belt-and-road"),
        ("世界衛生組織", "who")]
    assert [(s, e) for s, e, *_ in got] == [(2, 4), (5, 12), (15, 21), (23, 29)]


def test_traditional_chinese_real_policy_address(shared_dir, m):
    path = shared_dir / "formats" / "zh-Hant" / "hk_policy_address_1997_tc_pa1997.txt"
    raw = path.read_text(encoding="utf-8")
    hits = m.find(raw)
    assert {"hong-kong", "education", "health"} <= {h[2] for h in hits}
    for s, e, *_ in hits:
        assert raw[s:e]  # offsets into the raw Traditional text
    assert any(raw[s:e] == "醫療" for s, e, eid, *_ in hits if eid == "health")


def test_suggest_frequent_uncovered_term_not_covered_one(tmp_path):
    plan = load_plan(Source.from_text(
        "We will support offshore tokenization in Hong Kong.\n\n"
        "We will promote offshore tokenization of trade.\n\n"
        "We will expand offshore tokenization pilots with Hong Kong.\n"))
    s = suggest(plan, min_count=2)
    terms = s["term"].tolist()
    assert "tokenization" in terms
    row = s[s.term == "tokenization"].iloc[0]
    assert (row.n, row.n_tasks) == (3, 3)
    assert plan.raw(row.doc_id)[row.start:row.end] == "tokenization"
    assert "[tokenization]" in row.example
    assert "hong kong" not in terms and "hong" not in terms  # covered by an entity
    assert "offshore" not in terms  # a trade cue: covered


PAIRS = ("zh\ten\n"
         "支持香港发展金融。\tWe will support Hong Kong.\n"
         "必须扩大开放。\tWe will expand opening up.\n"
         "去年经济增长。\tWe must act.\n"
         "今年天气很好。\tThe weather is fine.\n")


def test_agreement_figures_by_hand(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text(PAIRS, encoding="utf-8")
    a = agreement(f)
    # tasks: pairs 1, 2 on both sides, pair 3 on the English side only -> 2 / 3
    # modality: pair 1 supportive/supportive, pair 2 binding/supportive -> 1 / 2
    # entities on pairs 1-2: pair 1 zh {finance, hong-kong}, en {hong-kong}; pair 2 none -> 1 / 2
    assert a.summary[["measure", "numerator", "denominator"]].values.tolist() == [
        ["task", 2, 3], ["modality", 1, 2], ["entities", 1, 2]]
    assert a.value("task") == pytest.approx(2 / 3)
    d = a.disagreements
    assert d["row"].tolist() == [2, 3, 4]
    assert d["problem"].tolist() == ["entities", "modality", "task"]
    assert d.loc[0, "only_zh"] == ["finance"] and d.loc[0, "only_en"] == []
    cols = tmp_path / "cols.tsv"
    cols.write_text(PAIRS.replace("zh\ten", "chinese\tenglish"), encoding="utf-8")
    b = agreement(cols, columns=("chinese", "english"))
    assert b.summary["value"].tolist() == a.summary["value"].tolist()
    with pytest.raises(Exception, match="no column 'zh'"):
        read_pairs(cols)


REVIEWED = ("zh\ten\n"
            "一、2008年工作回顾\tI. Review of the Work in 2008\n"
            "大力推进金融改革。\tWe vigorously promoted financial reform.\n"
            "我们必须坚持改革开放。\tWe must continue reform and opening up.\n"
            "二、2009年主要任务\tII. Major Tasks for 2009\n"
            "提高农民收入，\tWe will raise rural incomes,\n"
            "增加粮食补贴。\tand increase grain subsidies.\n"
            '扩大“走出去”。\t"We will expand the ""going global"" strategy."\n')


def test_agreement_rows_keep_their_section_and_sentence(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text(REVIEWED, encoding="utf-8")
    a = agreement(f)
    p = a.pairs
    assert p["path_zh"].tolist()[:3] == ["一、2008年工作回顾"] * 3
    assert p["path_en"].tolist()[4] == "II. Major Tasks for 2009"
    assert p["text_en"].tolist()[-1] == 'We will expand the "going global" strategy.'
    # the review's action verbs (推进, promoted) make no task; its must/必须 does
    assert p["task_zh"].tolist() == [False, False, True, False, True, True, True]
    assert p["task_en"].tolist() == [False, False, True, False, True, True, True]
    # "and increase grain subsidies." goes on with "We will raise rural incomes,": its cue
    assert p["cue_en"].tolist()[5] == "will" and p["cue_zh"].tolist()[4] == "提高"
    # 4 tasks on both sides of 4; modality: binding/binding, then supportive x3
    assert a.summary[["measure", "numerator", "denominator"]].values.tolist()[:2] == [
        ["task", 4, 4], ["modality", 4, 4]]


def test_agreement_and_suggest_cli(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text(PAIRS, encoding="utf-8")
    r = run_cli("agreement", f, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "task      0.667  (2 / 3" in r.stdout
    assert (tmp_path / "out" / "disagreements.csv").is_file()
    r = run_cli("agreement", f, "--columns", "zh,fr")
    assert r.returncode == 2 and r.stderr.strip().startswith("zonekit: error:")
    assert len(r.stderr.strip().splitlines()) == 1
    r = run_cli("suggest", "--parallel", f, "--out", tmp_path / "s.csv")
    assert r.returncode == 0, r.stderr
    r = run_cli("suggest", DATA / "en_plan.txt", "--out", tmp_path / "t.csv")
    assert r.returncode == 0, r.stderr
    head = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()[0]
    assert head == "term,language,n,n_tasks,n_docs,example,doc_id,task_id,start,end"
    r = run_cli("suggest", DATA / "en_plan.txt", "--out", tmp_path / "t.csv")
    assert r.returncode == 2 and "exists" in r.stderr


def test_suggest_parallel_proposes_missing_alias():
    pairs = pd.DataFrame({"zh": ["深化两岸合作。", "推动两岸交流。", "支持两岸往来。"],
                          "en": ["We will deepen cooperation across the Strait.",
                                 "We will promote exchanges across the Strait.",
                                 "We will support visits across the Strait."]})
    s = suggest_parallel(pairs)
    top = s[(s.entity_id == "taiwan") & (s.coded_in == "zh")].iloc[0]
    assert top.candidate == "strait"
    assert top.n_missed == 3


def test_traditional_chinese_plan_is_coded_with_raw_offsets():
    raw = "一、開放合作\n鼓勵香港與澳門的專業服務機構推動醫療合作。\n"
    plan = load_plan(Source.from_text(raw))
    t = plan.tasks.iloc[0]
    assert (t.modality, t.cue) == ("supportive", "鼓勵")
    assert t.partners == ["hong-kong", "macao"] and "health" in t.sectors
    for m in plan.mentions.itertuples():
        assert plan.raw(m.doc_id)[m.start:m.end] == m.surface
    assert "醫療" in plan.mentions["surface"].tolist()


def test_traditional_sentences_converted_at_once_as_one_by_one(shared_dir):
    from zonekit.normalize import to_simplified, to_simplified_all
    from zonekit.segment import segment_columns

    path = shared_dir / "formats" / "zh-Hant" / "hk_policy_address_1997_tc_pa1997.txt"
    sentences = segment_columns(path.read_text(encoding="utf-8"))["text"]
    # with a line break inside, Latin text, and an empty string among them
    sentences = [*sentences, "與香港\n合作發展", "Hong Kong", "", "乾隆年間，發展經濟"]
    assert to_simplified_all(sentences) == [to_simplified(s) for s in sentences]
    assert to_simplified_all(["與香港\n合作發展"]) == ["与香港\n合作发展"]
