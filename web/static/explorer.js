// The graph view on the profile page ("slice"), the explorer ("explore") and the path page ("path").
// Data comes from the page (drawn by pyvis on the server) and from /graphql; vis DataSets hold what is
// drawn, so adding, filtering and highlighting are DataSet updates. `window.explorer` exposes them to tests.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const styles = config.styles;
  const container = document.getElementById("graph");
  const statusLine = document.getElementById("graph-status");
  const details = document.getElementById("details");

  const SLICE = `query ($id: ID!, $depth: Int, $limit: Int, $kinds: [NodeKind!], $yearFrom: Int, $yearTo: Int, $min: Int) {
    neighbourhood(id: $id, depth: $depth, limit: $limit, kinds: $kinds, yearFrom: $yearFrom, yearTo: $yearTo, minJointPapers: $min) {
      nodes { id kind label weight } edges { source target kind weight } truncated } }`;
  const PATHS = `query ($from: ID!, $to: ID!, $k: Int, $yearFrom: Int, $yearTo: Int) {
    collaborationPaths(from: $from, to: $to, k: $k, yearFrom: $yearFrom, yearTo: $yearTo) {
      length researchers { id name } hops { from { id } to { id } jointPapers papers { id title year } } } }`;
  const PERSON = `query ($id: ID!) { researcher(id: $id) { id name worksCount firstYear lastYear coauthorCount
      topics { topic { name } count } institutions { name } } }`;
  const PAPER = `query ($id: ID!) { paper(id: $id) { id title year venue kind doi hasCode authors { id name } } }`;
  const JOINT = `query ($a: ID!, $b: ID!) { collaborationPaths(from: $a, to: $b, maxHops: 1) {
      hops { jointPapers papers { id title year } } } }`;

  async function gql(query, variables) {
    const res = await fetch("/graphql", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data;
  }

  // --- styling: the same rules as web/network.py, for nodes fetched in the browser
  function styleNode(n) {
    const st = styles.nodes[n.kind] || styles.nodes.RESEARCHER;
    const label = n.label.length <= 40 ? n.label : n.label.slice(0, 38) + "…";
    return { id: n.id, label, title: `${st.name}: ${n.label}`, shape: st.shape, color: st.color, value: n.weight,
             weight: n.weight, kind: n.kind, fullLabel: n.label };
  }
  function styleEdge(e) {
    const joint = e.kind === "COLLABORATES_WITH";
    return { id: `${e.source}|${e.target}|${e.kind}`, from: e.source, to: e.target, kind: e.kind, weight: e.weight,
             value: joint ? e.weight : 1, color: styles.edges[e.kind] || "#999999",
             title: joint ? `${e.weight} joint paper(s)` : e.kind.replace(/_/g, " ").toLowerCase() };
  }

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network(container, { nodes, edges }, config.options);
  const state = { expanded: [], filters: { kinds: null, yearFrom: null, yearTo: null, min: 1 }, highlighted: [], settled: false };

  // Physics only until the layout settles; re-enabled briefly when nodes are added.
  // settledAt (ms since the page's navigation started) is read by bench/web.py.
  function settle() { network.setOptions({ physics: { enabled: false } }); state.settled = true; state.settledAt = performance.now(); }
  network.on("stabilizationIterationsDone", settle);
  network.on("stabilized", settle);
  function resettle() { state.settled = false; network.setOptions({ physics: { enabled: true } }); network.stabilize(200); }

  function say(text) { if (statusLine) statusLine.textContent = text; }

  // --- node size: works (a researcher's works, a paper's citations) or degree in the current drawing.
  // Topics and institutions have no works of their own: they count what the drawing links to them either way.
  const sizeControl = document.getElementById("size-by");
  const sizeLegend = document.getElementById("legend-size");
  const SIZE_LEGEND = { degree: "Size: connections in this drawing", works: "Size: works (researchers), citations (papers)" };
  const ALIASES_PER_REQUEST = 15;  // the API's limit on aliases in one document
  const works = new Map();  // node id -> works or citations, fetched once
  state.sizeBy = sizeControl ? (sizeControl.querySelector("input:checked") || { value: "degree" }).value : null;

  function degrees() {
    const d = new Map();
    edges.forEach((e) => { d.set(e.from, (d.get(e.from) || 0) + 1); d.set(e.to, (d.get(e.to) || 0) + 1); });
    return d;
  }
  function applySizes() {  // only the nodes whose size changes are updated
    if (!state.sizeBy) return;
    const deg = degrees(), changed = [];
    nodes.forEach((n) => {
      const counted = state.sizeBy === "works" && (n.kind === "RESEARCHER" || n.kind === "PAPER");
      const value = counted ? works.get(n.id) : deg.get(n.id) || 0;
      if (value !== undefined && value !== n.value) changed.push({ id: n.id, value });
    });
    if (changed.length) nodes.update(changed);
  }
  async function fetchWorks() {  // researchers' worksCount and papers' citedByCount, in aliased batches
    const missing = nodes.get({ filter: (n) => (n.kind === "RESEARCHER" || n.kind === "PAPER") && !works.has(n.id) });
    const batches = [];
    for (let i = 0; i < missing.length; i += ALIASES_PER_REQUEST) batches.push(missing.slice(i, i + ALIASES_PER_REQUEST));
    await Promise.all(batches.map(async (batch) => {
      const vars = {}, fields = batch.map((n, i) => {
        vars["v" + i] = n.id;
        return n.kind === "RESEARCHER" ? `n${i}: researcher(id: $v${i}) { worksCount }` : `n${i}: paper(id: $v${i}) { citedByCount }`;
      });
      const data = await gql(`query (${batch.map((_, i) => `$v${i}: ID!`).join(", ")}) { ${fields.join(" ")} }`, vars);
      batch.forEach((n, i) => { const r = data["n" + i]; works.set(n.id, r ? (r.worksCount ?? r.citedByCount ?? 0) : 0); });
    }));
  }
  async function resize() {
    if (!state.sizeBy) return;
    if (sizeLegend) sizeLegend.textContent = SIZE_LEGEND[state.sizeBy];
    if (state.sizeBy === "works") await fetchWorks();
    applySizes();
    state.sized = state.sizeBy;
  }
  if (sizeLegend && state.sizeBy) sizeLegend.textContent = SIZE_LEGEND[state.sizeBy];
  if (sizeControl) sizeControl.addEventListener("change", (ev) => {
    state.sizeBy = ev.target.value;
    state.sized = null;
    resize().catch((e) => say(e.message));
  });

  function add(nodeList, edgeList) {
    const byId = new Map(nodeList.map((n) => [n.id, n]));  // paths repeat people; slices never do
    const fresh = [...byId.values()].filter((n) => !nodes.get(n.id));
    nodes.add(fresh);
    edges.update(edgeList.filter((e) => nodes.get(e.from) && nodes.get(e.to)));
    applySizes();
    if (state.sizeBy === "works") resize().catch((e) => say(e.message));
    return fresh.length;
  }

  async function fetchSlice(id) {
    const f = state.filters;
    // The focus may be drawn wider than later expansions (/explore?focus=…&depth=…&limit=…).
    const [depth, limit] = id === config.focus ? [config.depth || 1, config.limit || 100] : [1, 100];
    const data = await gql(SLICE, { id, depth, limit, kinds: f.kinds, yearFrom: f.yearFrom, yearTo: f.yearTo, min: f.min });
    const s = data.neighbourhood;
    return { nodes: s.nodes.map(styleNode), edges: s.edges.map(styleEdge), truncated: s.truncated };
  }

  async function expand(id) {
    const node = nodes.get(id);
    if (node && node.kind !== "RESEARCHER") { say("Only researchers have a neighbourhood to expand."); return 0; }
    say("Loading…");
    const s = await fetchSlice(id);
    if (!state.expanded.includes(id)) state.expanded.push(id);
    const added = add(s.nodes, s.edges);
    say(`${added} node(s) added${s.truncated ? " (the slice was cut to its best-connected nodes)" : ""}.`);
    if (added) resettle();
    return added;
  }

  async function redraw() {  // after a filter change: every expanded neighbourhood again, under the new filters
    nodes.clear(); edges.clear(); state.highlighted = [];
    for (const id of state.expanded) {
      const s = await fetchSlice(id);
      add(s.nodes, s.edges);
    }
    say(`${nodes.length} node(s), ${edges.length} edge(s) with these filters.`);
    resettle();
  }

  // --- text alternative and the empty state
  function renderTables() {
    const empty = document.getElementById("graph-empty");
    if (empty) {  // a slice of the centre alone is empty too: nothing links to it under these filters
      empty.hidden = edges.length > 0;
      empty.textContent = nodes.length ? "No connections to draw: nothing links to this researcher under these filters."
                                       : "Nothing to draw: this slice of the graph is empty.";
    }
    const label = (id) => (nodes.get(id) || { fullLabel: id }).fullLabel;
    const nodeRows = nodes.get().sort((a, b) => a.kind.localeCompare(b.kind) || a.fullLabel.localeCompare(b.fullLabel))
      .map((n) => [styles.nodes[n.kind].name, n.fullLabel, String(n.weight ?? n.value)]);
    const edgeRows = edges.get().map((e) => [label(e.from), e.kind.replace(/_/g, " ").toLowerCase(), label(e.to), String(e.weight ?? e.value)]);
    fill("node-table", nodeRows);
    fill("edge-table", edgeRows);
  }
  function fill(tableId, rows) {
    const body = document.querySelector(`#${tableId} tbody`);
    if (!body) return;
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement("tr");
      cells.forEach((c) => { const td = document.createElement("td"); td.textContent = c; tr.append(td); });
      return tr;
    }));
  }
  let tableTimer = null;
  const scheduleTables = () => { clearTimeout(tableTimer); tableTimer = setTimeout(renderTables, 50); };
  nodes.on("*", scheduleTables);
  edges.on("*", scheduleTables);

  // --- details panel
  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  }
  const profileUrl = (id) => "/researchers/" + encodeURIComponent(id).replace(/%3A/g, ":");
  const exploreUrl = (id) => "/explore?focus=" + encodeURIComponent(id).replace(/%3A/g, ":");

  async function showNode(id) {
    if (!details) return;
    const n = nodes.get(id);
    details.replaceChildren(el("p", styles.nodes[n.kind].name, { class: "muted" }), el("h2", n.fullLabel));
    if (n.kind === "RESEARCHER") {
      const r = (await gql(PERSON, { id })).researcher;
      if (!r) return;
      const dl = el("dl");
      const facts = [["Works", r.worksCount ?? 0], ["Active", r.firstYear ? `${r.firstYear}–${r.lastYear}` : "—"],
        ["Co-authors", r.coauthorCount], ["Topics", r.topics.map((t) => `${t.topic.name} (${t.count})`).join(", ") || "—"],
        ["Affiliations", r.institutions.map((i) => i.name).join("; ") || "—"]];
      facts.forEach(([k, v]) => { dl.append(el("dt", k), el("dd", String(v))); });
      const expandButton = el("button", "Expand neighbourhood", { type: "button" });
      expandButton.addEventListener("click", () => expand(id));
      const fromButton = el("button", "Path from here", { type: "button" });
      fromButton.addEventListener("click", () => setEnd("from", r));
      const toButton = el("button", "Path to here", { type: "button" });
      toButton.addEventListener("click", () => setEnd("to", r));
      details.append(dl, el("p").appendChild(el("a", "Profile", { href: profileUrl(id) })).parentNode,
        el("p").appendChild(el("a", "Explore from here", { href: exploreUrl(id) })).parentNode, expandButton, fromButton, toButton);
    } else if (n.kind === "PAPER") {
      const p = (await gql(PAPER, { id })).paper;
      if (!p) return;
      details.append(el("p", [p.kind, p.year, p.venue].filter(Boolean).join(" · ")));
      const ul = el("ul");
      p.authors.forEach((a) => { const li = el("li"); li.append(el("a", a.name, { href: profileUrl(a.id) })); ul.append(li); });
      details.append(el("h3", "Authors"), ul);
      if (p.doi) details.append(el("p").appendChild(el("a", "DOI " + p.doi, { href: "https://doi.org/" + p.doi, rel: "external" })).parentNode);
      if (p.hasCode) details.append(el("p", "Code available"));
    } else {
      details.append(el("p", id, { class: "muted small" }));
    }
  }

  async function showEdge(edgeId) {
    if (!details) return;
    const e = edges.get(edgeId);
    const a = nodes.get(e.from), b = nodes.get(e.to);
    details.replaceChildren(el("p", e.kind.replace(/_/g, " ").toLowerCase(), { class: "muted" }),
      el("h2", `${a.fullLabel} — ${b.fullLabel}`));
    if (e.kind !== "COLLABORATES_WITH") return;
    const paths = (await gql(JOINT, { a: e.from, b: e.to })).collaborationPaths;
    if (paths.length) details.append(hopList(paths[0].hops[0]));
  }

  function hopList(hop) {
    const ul = el("ul", null, { class: "papers" });
    hop.papers.forEach((p) => ul.append(el("li", `${p.year ?? ""} ${p.title}`)));
    const wrap = el("div");
    wrap.append(el("p", `${hop.jointPapers} joint paper(s)`), ul);
    return wrap;
  }

  // --- path mode
  const pathForm = document.getElementById("path-form");
  function setEnd(which, r) {
    document.getElementById("path-" + which).value = r.id;
    document.getElementById(`path-${which}-name`).value = r.name;
  }
  async function showPaths(from, to, k) {
    say("Looking for paths…");
    const f = state.filters;
    const paths = (await gql(PATHS, { from, to, k, yearFrom: f.yearFrom, yearTo: f.yearTo })).collaborationPaths;
    // Earlier highlights go back to their kind's colour.
    edges.update(state.highlighted.map((id) => ({ id, color: styles.edges.COLLABORATES_WITH, shadow: false })));
    state.highlighted = [];
    const newNodes = [], newEdges = [];
    paths.forEach((p) => {
      p.researchers.forEach((r) => newNodes.push(styleNode({ id: r.id, kind: "RESEARCHER", label: r.name || r.id, weight: 1 })));
      p.hops.forEach((h) => {
        const [s, t] = h.from.id < h.to.id ? [h.from.id, h.to.id] : [h.to.id, h.from.id];
        const e = styleEdge({ source: s, target: t, kind: "COLLABORATES_WITH", weight: h.jointPapers });
        newEdges.push({ ...e, color: styles.highlight, shadow: { enabled: true, color: styles.highlight, size: 6 } });
        state.highlighted.push(e.id);
      });
    });
    add(newNodes, newEdges);
    edges.update(newEdges);
    nodes.update(paths.flatMap((p) => p.researchers.map((r) => ({ id: r.id, borderWidth: 4, color: { border: styles.highlight, background: (nodes.get(r.id).color.background || nodes.get(r.id).color) } }))));
    state.highlighted = [...new Set(state.highlighted)];
    if (details) details.replaceChildren(...pathSummary(paths));
    say(paths.length ? `${paths.length} path(s) highlighted.` : "These two researchers are not connected within 6 hops.");
    resettle();
    const link = document.getElementById("path-link");
    if (link) {
      const url = `/path?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&k=${k}`;
      link.replaceChildren(el("a", "Link to these paths", { href: url }));
    }
    return paths.length;
  }
  function pathSummary(paths) {
    const out = [el("h2", "Collaboration paths")];
    if (!paths.length) out.push(el("p", "No path found."));
    paths.forEach((p, i) => {
      const sec = el("section", null, { class: "path" });
      sec.append(el("h3", `Path ${i + 1}: ${p.length} hop(s)`));
      const ol = el("ol");
      p.hops.forEach((h, j) => {
        const li = el("li");
        li.append(el("a", p.researchers[j].name, { href: profileUrl(p.researchers[j].id) }), document.createTextNode(" → "),
          el("a", p.researchers[j + 1].name, { href: profileUrl(p.researchers[j + 1].id) }), hopList(h));
        ol.append(li);
      });
      sec.append(ol);
      out.push(sec);
    });
    return out;
  }

  // --- export
  function download(name, type, text) {
    const a = el("a", null, { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a); a.click(); a.remove();
  }
  function plainGraph() {
    return {
      nodes: nodes.get().map((n) => ({ id: n.id, kind: n.kind, label: n.fullLabel, weight: n.weight ?? n.value })),
      edges: edges.get().map((e) => ({ source: e.from, target: e.to, kind: e.kind, weight: e.weight ?? e.value })),
    };
  }
  function graphml(g) {
    const x = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
      '<key id="kind" for="all" attr.name="kind" attr.type="string"/>', '<key id="label" for="node" attr.name="label" attr.type="string"/>',
      '<key id="weight" for="all" attr.name="weight" attr.type="double"/>', '<graph id="slice" edgedefault="undirected">'];
    g.nodes.forEach((n) => lines.push(`<node id="${x(n.id)}"><data key="kind">${x(n.kind)}</data><data key="label">${x(n.label)}</data><data key="weight">${n.weight}</data></node>`));
    g.edges.forEach((e) => lines.push(`<edge source="${x(e.source)}" target="${x(e.target)}"><data key="kind">${x(e.kind)}</data><data key="weight">${e.weight}</data></edge>`));
    lines.push("</graph>", "</graphml>");
    return lines.join("\n");
  }
  const on = (id, fn) => { const b = document.getElementById(id); if (b) b.addEventListener("click", fn); };
  on("export-png", () => {
    const a = el("a", null, { href: container.querySelector("canvas").toDataURL("image/png"), download: "collab-graph.png" });
    document.body.append(a); a.click(); a.remove();
  });
  on("export-json", () => download("collab-graph.json", "application/json", JSON.stringify(plainGraph(), null, 2)));
  on("export-graphml", () => download("collab-graph.graphml", "application/xml", graphml(plainGraph())));

  // --- events
  network.on("click", (p) => {
    if (p.nodes.length) showNode(p.nodes[0]).catch((e) => say(e.message));
    else if (p.edges.length) showEdge(p.edges[0]).catch((e) => say(e.message));
  });
  network.on("doubleClick", (p) => {
    if (!p.nodes.length) return;
    if (config.mode === "slice") { const n = nodes.get(p.nodes[0]); if (n.kind === "RESEARCHER") window.location.href = profileUrl(n.id); return; }
    expand(p.nodes[0]).catch((e) => say(e.message));
  });

  const filters = document.getElementById("filters");
  if (filters) filters.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(filters);
    const num = (k) => (fd.get(k) ? parseInt(fd.get(k), 10) : null);
    const extra = fd.getAll("kind");
    state.filters = { kinds: extra.length ? extra : null, yearFrom: num("yearFrom"), yearTo: num("yearTo"), min: num("minJointPapers") || 1 };
    redraw().catch((e) => say(e.message));
  });
  if (pathForm) pathForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const from = document.getElementById("path-from").value, to = document.getElementById("path-to").value;
    const k = parseInt(new FormData(pathForm).get("k"), 10) || 1;
    if (!from || !to) { say("Choose two researchers from the suggestions first."); return; }
    showPaths(from, to, k).catch((e) => say(e.message));
  });
  document.addEventListener("researcher-pick", (ev) => {
    const which = ev.target.dataset.pick, r = ev.detail;
    if (which === "from" || which === "to") { setEnd(which, r); return; }
    if (nodes.get(r.id)) { network.selectNodes([r.id]); network.focus(r.id, { scale: 1.2, animation: true }); showNode(r.id); return; }
    expand(r.id).then(() => { if (nodes.get(r.id)) network.focus(r.id, { scale: 1.2 }); }).catch((e) => say(e.message));
  });

  window.explorer = { nodes, edges, network, state, expand, showPaths, plainGraph, graphml };

  // --- first drawing
  async function start() {
    if (config.mode === "slice") {
      add(config.nodes, config.edges);
      state.expanded.push(config.focus);
      resettle();
      if (config.truncated) say("Showing the best-connected part of this neighbourhood.");
    } else if (config.mode === "explore" && config.focus) {
      await expand(config.focus);
    } else if (config.mode === "path" && config.from && config.to) {
      const names = await Promise.all([config.from, config.to].map((id) => gql(PERSON, { id }).then((d) => d.researcher)));
      names.forEach((r, i) => { if (r) setEnd(i ? "to" : "from", r); });
      await showPaths(config.from, config.to, config.k);
    }
    renderTables();
    if (!nodes.length && config.mode !== "slice") say(config.mode === "path" ? "Choose two researchers to see the paths between them." : "Search for a researcher to start.");
    state.ready = true;
  }
  start().catch((e) => { say(e.message); state.ready = true; });
})();
