"""The slice-to-vis conversion and the standalone HTML export, without a browser (tests/test_web_explorer.py opens the file)."""

from __future__ import annotations

import re

from web.network import standalone_html, vis_data

# Two edges of different kinds between the same two nodes (made up: the conversion does not read their meaning).
SLICE = {
    "nodes": [
        {"id": "dblp:A", "kind": "RESEARCHER", "label": "Ada", "weight": 2},
        {"id": "dblp:B", "kind": "RESEARCHER", "label": "Bo", "weight": 1},
        {"id": "doi:10.1/x", "kind": "PAPER", "label": "A paper </script><script>alert(1)</script>", "weight": 1},
    ],
    "edges": [
        {"source": "dblp:A", "target": "dblp:B", "kind": "COLLABORATES_WITH", "weight": 3},
        {"source": "dblp:A", "target": "doi:10.1/x", "kind": "AUTHORED", "weight": 1},
        {"source": "dblp:A", "target": "doi:10.1/x", "kind": "AFFILIATED_WITH", "weight": 1},
    ],
}


def test_every_edge_is_kept_even_two_of_different_kinds_between_the_same_nodes() -> None:
    data = vis_data(SLICE)
    assert [e["id"] for e in data["edges"]] == [
        "dblp:A|dblp:B|COLLABORATES_WITH", "dblp:A|doi:10.1/x|AUTHORED", "dblp:A|doi:10.1/x|AFFILIATED_WITH"]
    assert [n["id"] for n in data["nodes"]] == ["dblp:A", "dblp:B", "doi:10.1/x"]
    assert data["edges"][0]["value"] == 3 and data["edges"][0]["title"] == "3 joint paper(s)"


def test_the_standalone_page_holds_vis_network_inline_and_asks_for_nothing_outside() -> None:
    page = standalone_html(SLICE, title="Ada & Bo")
    assert "<title>Ada &amp; Bo</title>" in page
    assert "vis.Network" in page and "new vis.DataSet" in page
    assert re.findall(r"""(?:src|href)\s*=\s*["']?https?:""", page) == []  # no CDN: opens offline
    assert page.count('"AFFILIATED_WITH"') == 1 and page.count('"AUTHORED"') == 1
    assert "</script><script>alert(1)" not in page  # a title cannot close the page's script
