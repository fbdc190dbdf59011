"""A GraphQL slice as vis-network data through pyvis: one place decides how each kind of node and edge looks.

The browser gets the same style table (`styles()`), so nodes it fetches later look like those drawn first.
"""

from __future__ import annotations

import json
from typing import Any

from pyvis.network import Network

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


def node(n: dict[str, Any]) -> dict[str, Any]:
    """vis options of one GraphNode: styled by kind, sized by weight (vis scales `value`)."""
    style = NODE_STYLES.get(n["kind"], NODE_STYLES["RESEARCHER"])
    label = n["label"] if len(n["label"]) <= 40 else n["label"][:38] + "…"
    return {
        "label": label, "title": f"{style['name']}: {n['label']}", "shape": style["shape"],
        "color": style["color"], "value": n["weight"], "weight": n["weight"], "kind": n["kind"], "fullLabel": n["label"],
    }


def edge(e: dict[str, Any]) -> dict[str, Any]:
    """vis options of one GraphEdge: width from the weight (joint papers for co-authorship)."""
    joint = e["kind"] == "COLLABORATES_WITH"
    title = f"{int(e['weight'])} joint paper(s)" if joint else e["kind"].replace("_", " ").lower()
    return {"value": e["weight"] if joint else 1, "color": EDGE_COLORS.get(e["kind"], "#999999"), "title": title, "kind": e["kind"]}


def options() -> dict[str, Any]:
    """Network options: pyvis's defaults plus scaling, a settling layout and keyboard navigation."""
    net = Network()
    net.barnes_hut(gravity=-8000, spring_length=120, overlap=0.2)
    opts: dict[str, Any] = json.loads(net.options.to_json())
    opts["physics"]["stabilization"] = {"enabled": True, "iterations": 300, "fit": True}
    opts["nodes"] = {"scaling": {"min": 8, "max": 40}, "font": {"size": 14}}
    opts["edges"] = {"scaling": {"min": 1, "max": 8}, "smooth": False, "color": {"inherit": False}}
    opts["interaction"] = {**opts.get("interaction", {}), "hover": True, "keyboard": {"enabled": True, "bindToWindow": False},
                           "navigationButtons": True, "tooltipDelay": 150}
    return opts


def vis_data(graph_slice: dict[str, Any]) -> dict[str, Any]:
    """{nodes, edges, truncated} ready for vis DataSets, built through a pyvis Network."""
    net = Network()
    for n in graph_slice["nodes"]:
        net.add_node(n["id"], **node(n))
    for e in graph_slice["edges"]:
        net.add_edge(e["source"], e["target"], **edge(e))
    nodes, edges, *_ = net.get_network_data()
    for e in edges:  # stable ids, so the browser can update one edge (path highlighting) and dedupe
        e["id"] = f"{e['from']}|{e['to']}|{e['kind']}"
    return {"nodes": nodes, "edges": edges, "truncated": graph_slice.get("truncated", False)}


def styles() -> dict[str, Any]:
    return {"nodes": NODE_STYLES, "edges": EDGE_COLORS, "highlight": HIGHLIGHT}
