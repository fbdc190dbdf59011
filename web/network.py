"""A GraphQL slice as vis-network data through pyvis: one place decides how each kind of node and edge looks.

The browser gets the same style table (`styles()`), so nodes it fetches later look like those drawn first.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from pyvis.network import Network

from web.words import topic_name

# Colour and shape per node kind; shapes differ too, so the legend reads without colour vision.
NODE_STYLES: dict[str, dict[str, str]] = {
    "RESEARCHER": {"color": "#2f6db5", "shape": "dot", "name": "Researcher"},
    "PAPER": {"color": "#e08a1e", "shape": "square", "name": "Paper"},
    "TOPIC": {"color": "#3a9a5b", "shape": "triangle", "name": "Topic"},
    "INSTITUTION": {"color": "#8b4fa8", "shape": "diamond", "name": "Institution"},
}
EDGE_COLORS: dict[str, str] = {
    "COLLABORATES_WITH": "#5a7fa8",
    "AUTHORED": "#d9b27c",
    "ABOUT": "#8cc29d",
    "AFFILIATED_WITH": "#b99bc9",
    "CITES": "#aaaaaa",
}
HIGHLIGHT = "#d62728"  # path hops
# One colour per path (k is at most 10), the first the old highlight; none is a node kind's colour.
PATH_COLORS = [
    "#d62728", "#1f77b4", "#ff7f0e", "#9467bd", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f", "#000000"
]


def node(n: dict[str, Any]) -> dict[str, Any]:
    """vis options of one GraphNode: styled by kind, sized by weight (vis scales `value`), topics by name not code."""
    style = NODE_STYLES.get(n["kind"], NODE_STYLES["RESEARCHER"])
    full = topic_name({"id": n["id"], "name": n["label"]}) if n["kind"] == "TOPIC" else n["label"]
    label = full if len(full) <= 40 else full[:38] + "…"
    return {
        "label": label, "title": f"{style['name']}: {full}", "shape": style["shape"],
        "color": style["color"], "value": n["weight"], "weight": n["weight"], "kind": n["kind"], "fullLabel": full,
    }


def edge(e: dict[str, Any]) -> dict[str, Any]:
    """vis options of one GraphEdge: width from the weight (joint papers for co-authorship)."""
    joint = e["kind"] == "COLLABORATES_WITH"
    title = f"{int(e['weight'])} joint paper(s)" if joint else e["kind"].replace("_", " ").lower()
    color = EDGE_COLORS.get(e["kind"], "#999999")
    return {"value": e["weight"] if joint else 1, "color": color, "title": title, "kind": e["kind"]}


def options() -> dict[str, Any]:
    """Network options: pyvis's defaults plus scaling, a settling layout and keyboard navigation."""
    net = Network()
    net.barnes_hut(gravity=-8000, spring_length=120, overlap=0.2)
    opts: dict[str, Any] = json.loads(net.options.to_json())
    opts["physics"]["stabilization"] = {"enabled": True, "iterations": 300, "fit": True}
    font = {"size": 14, "color": "#1d2733", "strokeWidth": 3, "strokeColor": "#ffffff"}
    opts["nodes"] = {"scaling": {"min": 8, "max": 40}, "font": font}
    opts["edges"] = {"scaling": {"min": 1, "max": 8}, "smooth": False, "color": {"inherit": False}}
    opts["interaction"] = {
        **opts.get("interaction", {}), "hover": True, "keyboard": {"enabled": True, "bindToWindow": False},
        "navigationButtons": True, "tooltipDelay": 150,
    }
    return opts


def vis_data(graph_slice: dict[str, Any]) -> dict[str, Any]:
    """{nodes, edges, truncated} ready for vis DataSets, in one pass over the slice.

    Every edge is kept, with an id of its ends and kind, so two edges of different kinds between the same
    two nodes stay two (pyvis's add_edge merges them, and scans every edge on each call).
    """
    nodes = [{"id": n["id"], **node(n)} for n in graph_slice["nodes"]]
    edges = [{"id": f"{e['source']}|{e['target']}|{e['kind']}", "from": e["source"], "to": e["target"], **edge(e)}
             for e in graph_slice["edges"]]
    return {"nodes": nodes, "edges": edges, "truncated": graph_slice.get("truncated", False)}


# pyvis's page template links Bootstrap from a CDN whatever cdn_resources says; the graph does not use it.
_CDN_TAGS = re.compile(r"<link[^>]*cdn\.jsdelivr\.net[^>]*/?>|<script[^>]*cdn\.jsdelivr\.net[^>]*>\s*</script>", re.S)


def standalone_html(graph_slice: dict[str, Any], title: str = "Collab Explorer graph") -> str:
    """One self-contained HTML page of a slice, written by pyvis with vis-network inline: opens offline.

    The node and edge lists are handed to pyvis whole (linear in the slice) rather than through add_edge.
    """
    data = vis_data(graph_slice)
    net = Network(height="100vh", width="100%", heading="", cdn_resources="in_line")
    net.nodes = data["nodes"]
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.edges = data["edges"]
    opts = options()
    opts["interaction"]["navigationButtons"] = False  # their images are not inlined
    net.options = opts
    page = _CDN_TAGS.sub("", net.generate_html())
    return page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)


def styles() -> dict[str, Any]:
    return {"nodes": NODE_STYLES, "edges": EDGE_COLORS, "highlight": HIGHLIGHT, "paths": PATH_COLORS}
