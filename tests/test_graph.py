from zonekit.graph import build_graph


def test_graph_nodes_and_edges(seed_plan):
    G = seed_plan.graph()
    assert set(G.nodes) == set(seed_plan.entities["entity_id"])
    hk = G.nodes["hong-kong"]
    assert hk == {"kind": "partner", "label": "Hong Kong", "label_zh": "香港", "tool_type": "",
                  "sub_tool": "", "n_tasks": 1}
    assert G.nodes["green-channel"]["tool_type"] == "environment"
    assert G.nodes["green-channel"]["sub_tool"] == "regulation and control"
    # an edge for every pair of entities coded on the same task, weighted by the tasks
    tasks = seed_plan.tasks
    bri = tasks[tasks.partners.map(lambda p: "belt-and-road" in p)]
    for (a, b) in [("belt-and-road", "international-cooperation")]:
        shared = [t.task_id for t in bri.itertuples()
                  if b in t.sectors + t.partners + t.instruments]
        assert G[a][b]["tasks"] == shared
        assert G[a][b]["weight"] == len(shared)


def test_graph_from_tables_ignores_unknown_ids(seed_plan):
    tasks = seed_plan.tasks.head(1).copy()
    tasks.at[0, "partners"] = ["not-an-entity"]
    G = build_graph(tasks, seed_plan.entities)
    assert "not-an-entity" not in G
