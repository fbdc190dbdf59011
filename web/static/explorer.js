// The graph view on the profile page ("slice"), the explorer ("explore") and the path page ("path").
// Data comes from the page (drawn on the server) and from /graphql; vis DataSets hold what is drawn, so adding,
// filtering and highlighting are DataSet updates. `window.explorer` exposes them to tests.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const styles = config.styles;
  const kinds = (config.words && config.words.kinds) || {};
  const arxiv = (config.words && config.words.arxiv) || {};
  const container = document.getElementById("graph");
  const statusLine = document.getElementById("graph-status");
  const details = document.getElementById("details");

  const SLICE = `query ($id: ID!, $depth: Int, $limit: Int, $kinds: [NodeKind!], $yearFrom: Int, $yearTo: Int, $min: Int) {
    neighbourhood(id: $id, depth: $depth, limit: $limit, kinds: $kinds, yearFrom: $yearFrom, yearTo: $yearTo, minJointPapers: $min) {
      nodes { id kind label weight } edges { source target kind weight } truncated } }`;
  const PATHS = `query ($from: ID!, $to: ID!, $k: Int, $maxHops: Int, $yearFrom: Int, $yearTo: Int) {
    collaborationPaths(from: $from, to: $to, k: $k, maxHops: $maxHops, yearFrom: $yearFrom, yearTo: $yearTo) {
      length researchers { id name } hops { from { id } to { id } jointPapers papers { id title year } } } }`;
  const PERSON = `query ($id: ID!) { researcher(id: $id) { id name worksCount firstYear lastYear coauthorCount
      topics { topic { id name } count } institutions { name } } }`;
  const PAPER = `query ($id: ID!) { paper(id: $id) { id title year venue kind doi arxivId hasCode authors { id name } } }`;
  const JOINT = `query ($a: ID!, $b: ID!) { collaborationPaths(from: $a, to: $b, maxHops: 1) {
      hops { jointPapers papers { id title year } } } }`;

  const INK = "#1d2733";
  const MIN_LABEL_PX = 12, MAX_LABEL_PX = 18;  // on-screen label size at any zoom
  const FOCUS_RING = "#1d2733", START_RING = "#1b7f3b", END_RING = "#7a1f6b", FRESH_RING = "#0aa3a3";
  const FRESH_MS = 2500;  // how long newly expanded nodes stay marked
  const PATH_WIDTH = 5;  // path edges, whatever their joint papers: the path is what is asked about

  class ApiError extends Error {
    constructor(errors) {
      super(errors.map((e) => e.message).join("; "));
      this.codes = errors.map((e) => (e.extensions || {}).code);
      this.timeoutMs = (errors.find((e) => e.extensions && e.extensions.timeoutMs) || { extensions: {} }).extensions.timeoutMs;
    }
  }
  async function gql(query, variables) {
    let res;
    try {
      res = await fetch("/graphql", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      throw new Error("The server did not answer (is it still running?). What is drawn stays as it was.");
    }
    let body;
    try { body = await res.json(); } catch (e) { throw new Error(`The server answered ${res.status} without data. What is drawn stays as it was.`); }
    if (body.errors) throw new ApiError(body.errors);
    return body.data;
  }
  // What went wrong, in words, for the status line: the drawing itself is never cleared by a failure.
  function describe(e, doing) {
    if (e instanceof ApiError && e.codes.includes("QUERY_TIMEOUT")) {
      const secs = e.timeoutMs ? ` (${Math.round(e.timeoutMs / 100) / 10} s)` : "";
      return `The database took longer than its time limit${secs} to ${doing}, so that step was stopped. `
        + "What is drawn stays; try fewer kinds, a narrower year range or a higher minimum of joint papers.";
    }
    if (e instanceof ApiError) return `The server could not ${doing}: ${e.message}. What is drawn stays as it was.`;
    return e.message;
  }

  // --- styling: the same rules as web/network.py, for nodes fetched in the browser
  function topicName(id, name) {  // as web/words.py topic_name: an arXiv code reads as its category's name
    const code = id.startsWith("arxiv:") ? id.slice(6) : null;
    if (code && (!name || name === code || code.endsWith("." + name))) return arxiv[code] || name || code;
    return name || id.split(":").pop();
  }
  function styleNode(n) {
    const st = styles.nodes[n.kind] || styles.nodes.RESEARCHER;
    const full = n.kind === "TOPIC" ? topicName(n.id, n.label) : n.label;
    const label = full.length <= 40 ? full : full.slice(0, 38) + "…";
    return { id: n.id, label, title: `${st.name}: ${full}`, shape: st.shape, color: st.color, value: n.weight,
             weight: n.weight, kind: n.kind, fullLabel: full };
  }
  function styleEdge(e) {
    const joint = e.kind === "COLLABORATES_WITH";
    return { id: `${e.source}|${e.target}|${e.kind}`, from: e.source, to: e.target, kind: e.kind, weight: e.weight,
             value: joint ? e.weight : 1, color: styles.edges[e.kind] || "#999999",
             title: joint ? `${e.weight} joint paper(s)` : e.kind.replace(/_/g, " ").toLowerCase() };
  }
  const kindName = (k) => kinds[(k || "").toLowerCase()] || (k ? k.replace(/[-_]/g, " ").toLowerCase() : "work");

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const options = { ...config.options, interaction: { ...config.options.interaction, navigationButtons: false } };
  const network = new vis.Network(container, { nodes, edges }, options);
  const state = {
    expanded: [], filters: { kinds: null, yearFrom: null, yearTo: null, min: 1 }, settled: false,
    fresh: new Set(), pinned: [], ends: {}, paths: [], recoloured: new Map(), labelsHidden: new Set(), panelFor: null,
  };

  // Physics only until the layout settles. After an expansion the nodes already drawn are pinned, so only the new
  // ones move; they are let go once the layout settles. settledAt (ms since navigation) is read by bench/web.py.
  function settle() {
    network.setOptions({ physics: { enabled: false } });
    if (state.pinned.length) { nodes.update(state.pinned.filter((id) => nodes.get(id)).map((id) => ({ id, fixed: false }))); state.pinned = []; }
    state.settled = true; state.settledAt = performance.now();
    scheduleLabels();
  }
  network.on("stabilizationIterationsDone", settle);
  network.on("stabilized", settle);
  function resettle(iterations) { state.settled = false; network.setOptions({ physics: { enabled: true } }); network.stabilize(iterations || 200); }

  function say(text) { if (statusLine) statusLine.textContent = text; }

  // --- one look per node, from what it is and the marks it carries (focus, path ends, newly added)
  function look(n) {
    const st = styles.nodes[n.kind] || styles.nodes.RESEARCHER;
    const ring = n.id === state.ends.from ? START_RING : n.id === state.ends.to ? END_RING
      : state.fresh.has(n.id) ? FRESH_RING : n.id === config.focus ? FOCUS_RING : null;
    const prefix = n.id === state.ends.from ? "Start · " : n.id === state.ends.to ? "End · " : "";
    const label = prefix + (n.fullLabel.length <= 40 ? n.fullLabel : n.fullLabel.slice(0, 38) + "…");
    return {
      id: n.id, label,
      color: ring ? { background: st.color, border: ring, highlight: { background: st.color, border: ring } } : st.color,
      borderWidth: ring ? 5 : 1, borderWidthSelected: ring ? 6 : 2,
      shadow: state.fresh.has(n.id) ? { enabled: true, color: FRESH_RING, size: 14, x: 0, y: 0 } : false,
      font: state.labelsHidden.has(n.id) ? { color: "rgba(0,0,0,0)", strokeWidth: 0 } : { color: INK, strokeWidth: 3 },
    };
  }
  function restyle(ids) { nodes.update(ids.filter((id) => nodes.get(id)).map((id) => look(nodes.get(id)))); }

  // --- labels: a minimum on-screen size at every zoom, hidden only where they would overlap a more important one
  let labelSize = 0;
  function sizeLabels() {
    const scale = network.getScale() || 1;
    const size = Math.min(Math.max(14, MIN_LABEL_PX / scale), MAX_LABEL_PX / scale);
    if (Math.abs(size - labelSize) > 0.01) { labelSize = size; network.setOptions({ nodes: { font: { size } } }); }
  }
  function rank(n) {  // the focus, path ends, then the biggest nodes keep their labels first
    if (n.id === config.focus || n.id === state.ends.from || n.id === state.ends.to) return Infinity;
    return (n.kind === "RESEARCHER" ? 1e6 : 0) + (Number(n.value) || 0);
  }
  function labelBox(id) {
    const body = network.body.nodes[id];
    if (!body || !body.labelModule || !body.labelModule.size || !body.labelModule.size.width) return null;
    const s = body.labelModule.size;
    return { left: s.left, top: s.top, right: s.left + s.width, bottom: s.top + s.height };
  }
  function cullLabels() {
    sizeLabels();
    network.redraw();  // label boxes are measured while drawing
    const pad = 2 / (network.getScale() || 1), kept = [], hidden = new Set();
    const overlaps = (a, b) => a.left < b.right + pad && b.left < a.right + pad && a.top < b.bottom + pad && b.top < a.bottom + pad;
    nodes.get().sort((a, b) => rank(b) - rank(a)).forEach((n) => {
      const box = labelBox(n.id);
      if (!box) return;
      if (kept.some((k) => overlaps(k, box))) hidden.add(n.id); else kept.push(box);
    });
    const changed = nodes.getIds().filter((id) => hidden.has(id) !== state.labelsHidden.has(id));
    state.labelsHidden = hidden;
    if (changed.length) restyle(changed);
    state.labelled = true;
  }
  let labelTimer = null;
  function scheduleLabels() { state.labelled = false; clearTimeout(labelTimer); labelTimer = setTimeout(cullLabels, 60); }
  network.on("zoom", () => { sizeLabels(); scheduleLabels(); });
  network.on("dragEnd", scheduleLabels);
  function labelPixels(id) {  // the on-screen size of a node's label, for tests and the curious
    const body = network.body.nodes[id];
    return body ? body.options.font.size * network.getScale() : null;
  }

  // --- zoom buttons styled like the page (vis-network's own are turned off)
  document.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => {
    const how = b.dataset.zoom;
    if (how === "fit") network.fit({ animation: { duration: 300 } });
    else network.moveTo({ scale: network.getScale() * (how === "in" ? 1.4 : 1 / 1.4), animation: { duration: 200 } });
    setTimeout(() => { sizeLabels(); scheduleLabels(); }, 320);
  }));

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
    edges.forEach((e) => { if (e.overlay) return; d.set(e.from, (d.get(e.from) || 0) + 1); d.set(e.to, (d.get(e.to) || 0) + 1); });
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
    scheduleLabels();
  }
  if (sizeLegend && state.sizeBy) sizeLegend.textContent = SIZE_LEGEND[state.sizeBy];
  if (sizeControl) sizeControl.addEventListener("change", (ev) => {
    state.sizeBy = ev.target.value;
    state.sized = null;
    resize().catch((e) => say(describe(e, "count works")));
  });

  // New nodes start beside `anchor`: on arcs facing away from the drawing's centre, so they land next to it.
  function placeBeside(anchor, fresh) {
    const at = network.getPositions([anchor])[anchor];
    if (!at || !fresh.length) return fresh;
    const all = Object.values(network.getPositions());
    const cx = all.reduce((s, p) => s + p.x, 0) / all.length, cy = all.reduce((s, p) => s + p.y, 0) / all.length;
    const away = Math.hypot(at.x - cx, at.y - cy) > 1 ? Math.atan2(at.y - cy, at.x - cx) : 0;
    const perRing = 14;
    return fresh.map((n, i) => {
      const ring = Math.floor(i / perRing), inRing = Math.min(perRing, fresh.length - ring * perRing), j = i % perRing;
      const spread = Math.min(Math.PI * 1.2, inRing * 0.35);
      const angle = away - spread / 2 + (inRing > 1 ? (spread * j) / (inRing - 1) : spread / 2);
      const r = 140 + ring * 90;
      return { ...n, x: at.x + r * Math.cos(angle), y: at.y + r * Math.sin(angle) };
    });
  }

  function add(nodeList, edgeList, anchor) {
    const byId = new Map(nodeList.map((n) => [n.id, n]));  // paths repeat people; slices never do
    let fresh = [...byId.values()].filter((n) => !nodes.get(n.id));
    if (anchor && nodes.length) fresh = placeBeside(anchor, fresh);
    nodes.add(fresh.map((n) => ({ ...n, ...look(n) })));
    edges.update(edgeList.filter((e) => nodes.get(e.from) && nodes.get(e.to)));
    applySizes();
    if (state.sizeBy === "works") resize().catch((e) => say(describe(e, "count works")));
    return fresh.map((n) => n.id);
  }

  async function fetchSlice(id) {
    const f = state.filters;
    // The focus may be drawn wider than later expansions (/explore?focus=…&depth=…&limit=…).
    const [depth, limit] = id === config.focus ? [config.depth || 1, config.limit || 100] : [1, 100];
    const data = await gql(SLICE, { id, depth, limit, kinds: f.kinds, yearFrom: f.yearFrom, yearTo: f.yearTo, min: f.min });
    const s = data.neighbourhood;
    return { nodes: s.nodes.map(styleNode), edges: s.edges.map(styleEdge), truncated: s.truncated };
  }

  function markFresh(ids) {
    ids.forEach((id) => state.fresh.add(id));
    restyle(ids);
    setTimeout(() => { ids.forEach((id) => state.fresh.delete(id)); restyle(ids); }, FRESH_MS);
  }

  async function expand(id) {
    const node = nodes.get(id);
    if (node && node.kind !== "RESEARCHER") { say("Only researchers have a neighbourhood to expand."); return 0; }
    say("Loading…");
    const s = await fetchSlice(id);
    if (!state.expanded.includes(id)) state.expanded.push(id);
    const first = nodes.length === 0;
    const before = nodes.getIds();
    const added = add(s.nodes, s.edges, first ? null : id);
    const ringed = added.length && !first ? ", ringed in teal for a moment" : "";
    say(`${added.length} node(s) added${ringed}${s.truncated ? " (the slice was cut to its best-connected nodes)" : ""}.`);
    if (added.length) {
      if (!first) {  // what was drawn stays where it is; only the new nodes find their places
        state.pinned = before;
        nodes.update(before.map((b) => ({ id: b, fixed: true })));
        markFresh(added);
        resettle(120);
      } else resettle();
    }
    return added.length;
  }

  async function redraw() {  // after a filter change: every expanded neighbourhood again, fetched before anything is cleared
    const slices = [];
    for (const id of state.expanded) slices.push(await fetchSlice(id));
    nodes.clear(); edges.clear(); state.recoloured.clear(); state.paths = []; renderPathLegend();
    slices.forEach((s) => add(s.nodes, s.edges));
    say(`${nodes.length} node(s), ${edges.length} edge(s) with these filters.`);
    resettle();
  }

  // --- text alternative and the empty state
  function renderTables() {
    const empty = document.getElementById("graph-empty");
    if (empty) {  // a slice of the centre alone is empty too: nothing links to it under these filters
      empty.hidden = edges.length > 0 || (config.mode === "path" && nodes.length > 0);
      empty.textContent = nodes.length ? "No connections to draw: nothing links to this researcher under these filters."
                                       : "Nothing to draw: this slice of the graph is empty.";
    }
    const label = (id) => (nodes.get(id) || { fullLabel: id }).fullLabel;
    const nodeRows = nodes.get().sort((a, b) => a.kind.localeCompare(b.kind) || a.fullLabel.localeCompare(b.fullLabel))
      .map((n) => [styles.nodes[n.kind].name, n.fullLabel, String(n.weight ?? n.value)]);
    const edgeRows = edges.get({ filter: (e) => !e.overlay })
      .map((e) => [label(e.from), e.kind.replace(/_/g, " ").toLowerCase(), label(e.to), String(e.weight ?? e.value)]);
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
  nodes.on("add", scheduleTables); nodes.on("remove", scheduleTables);
  edges.on("*", scheduleTables);
  nodes.on("add", scheduleLabels); nodes.on("remove", scheduleLabels);

  // --- details panel: built off-page and shown in one go, and only for the latest click
  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  }
  function para(...children) { const p = el("p"); p.append(...children); return p; }
  const profileUrl = (id) => "/researchers/" + encodeURIComponent(id).replace(/%3A/g, ":");
  const exploreUrl = (id) => "/explore?focus=" + encodeURIComponent(id).replace(/%3A/g, ":");
  const paperUrl = (id) => "/papers/" + encodeURIComponent(id).replace(/%3A/g, ":");
  let panelSeq = 0;
  function showPanel(key, build) {  // a second click (or a double-click) makes answers to earlier ones stale
    if (!details) return Promise.resolve();
    const mine = ++panelSeq;
    return build().then((parts) => {
      if (mine !== panelSeq) return;
      state.panelFor = key;
      details.replaceChildren(...parts);
    });
  }

  function showNode(id) {
    const n = nodes.get(id);
    if (!n) return Promise.resolve();
    return showPanel(id, async () => {
      const head = [el("p", styles.nodes[n.kind].name, { class: "muted" }), el("h2", n.fullLabel)];
      if (n.kind === "RESEARCHER") {
        const r = (await gql(PERSON, { id })).researcher;
        if (!r) return head;
        const dl = el("dl");
        const facts = [["Works", r.worksCount ?? 0], ["Active", r.firstYear ? `${r.firstYear}–${r.lastYear}` : null],
          ["Co-authors", r.coauthorCount], ["Topics", r.topics.map((t) => `${topicName(t.topic.id, t.topic.name)} (${t.count})`).join(", ")],
          ["Affiliations", r.institutions.map((i) => i.name).filter(Boolean).join("; ")]];
        facts.filter(([, v]) => v !== null && v !== "").forEach(([k, v]) => { dl.append(el("dt", k), el("dd", String(v))); });
        const buttons = el("p", null, { class: "actions" });
        const button = (text, fn) => { const b = el("button", text, { type: "button" }); b.addEventListener("click", fn); buttons.append(b); };
        if (config.mode !== "slice") button("Expand neighbourhood", () => expand(id).catch((e) => say(describe(e, "fetch the neighbourhood"))));
        if (document.getElementById("path-form")) {
          button("Path from here", () => setEnd("from", r));
          button("Path to here", () => setEnd("to", r));
        }
        return [...head, dl, para(el("a", "Profile", { href: profileUrl(id) })), para(el("a", "Explore from here", { href: exploreUrl(id) })), buttons];
      }
      if (n.kind === "PAPER") {
        const p = (await gql(PAPER, { id })).paper;
        if (!p) return head;
        const out = [...head, el("p", [kindName(p.kind), p.year, p.venue].filter(Boolean).join(" · "))];
        const ul = el("ul");
        p.authors.forEach((a) => { const li = el("li"); li.append(el("a", a.name, { href: profileUrl(a.id) })); ul.append(li); });
        out.push(para(el("a", "Paper page", { href: paperUrl(p.id) })), el("h3", "Authors"), ul);
        if (p.doi) out.push(para(el("a", "DOI " + p.doi, { href: "https://doi.org/" + p.doi, rel: "external" })));
        if (p.arxivId) out.push(para(el("a", "arXiv " + p.arxivId, { href: "https://arxiv.org/abs/" + p.arxivId, rel: "external" })));
        if (p.hasCode) out.push(el("p", "Code available"));
        return out;
      }
      const linked = edges.get({ filter: (e) => !e.overlay && (e.from === id || e.to === id) }).length;
      return [...head, el("p", `${linked} drawn ${n.kind === "TOPIC" ? "paper(s) are about it" : "researcher(s) are affiliated with it"}.`, { class: "muted" })];
    });
  }

  function showEdge(edgeId) {
    const e = edges.get(edgeId);
    if (!e) return Promise.resolve();
    const a = nodes.get(e.from), b = nodes.get(e.to);
    return showPanel(edgeId, async () => {
      const head = [el("p", e.kind.replace(/_/g, " ").toLowerCase(), { class: "muted" }), el("h2", `${a.fullLabel} — ${b.fullLabel}`)];
      if (e.kind !== "COLLABORATES_WITH") return head;
      const paths = (await gql(JOINT, { a: e.from, b: e.to })).collaborationPaths;
      return paths.length ? [...head, hopList(paths[0].hops[0])] : head;
    });
  }

  function hopList(hop) {
    const ul = el("ul", null, { class: "papers" });
    hop.papers.forEach((p) => {
      const li = el("li");
      li.append(el("a", p.title || "Untitled work", { href: paperUrl(p.id) }));
      if (p.year) li.append(" ", el("span", String(p.year), { class: "muted" }));
      ul.append(li);
    });
    const wrap = el("div");
    wrap.append(el("p", `${hop.jointPapers} joint paper${hop.jointPapers === 1 ? "" : "s"}`), ul);
    return wrap;
  }

  // --- path mode: start and end marked, every path its own colour, number and legend entry
  const pathForm = document.getElementById("path-form");
  const pathLegend = document.getElementById("path-legend");
  function setEnd(which, r) {
    const id = document.getElementById("path-" + which), name = document.getElementById(`path-${which}-name`);
    if (id) id.value = r.id;
    if (name) name.value = r.name;
  }
  function clearPaths() {
    edges.remove(edges.getIds({ filter: (e) => e.overlay || e.pathOnly }));
    edges.update([...state.recoloured].map(([id, was]) => ({ id, color: was.color, value: was.value, width: null, shadow: false })));
    state.recoloured.clear();
    const ends = [state.ends.from, state.ends.to];
    state.ends = {}; state.paths = [];
    restyle(ends.filter(Boolean));
  }
  function renderPathLegend() {
    if (!pathLegend) return;
    pathLegend.replaceChildren(...state.paths.map((p, i) => {
      const li = el("li", null, { "data-path": String(i + 1) });
      li.append(el("span", null, { class: "path-swatch", "data-color": p.color }),
        `Path ${i + 1}: ${p.length} hop${p.length === 1 ? "" : "s"}, ${p.length === 1 ? "direct co-authors" : "via " + p.names.slice(1, -1).join(", ")}`);
      li.firstChild.style.background = p.color;
      return li;
    }));
    pathLegend.hidden = state.paths.length === 0;
  }
  async function showPaths(from, to, k) {
    say("Looking for paths…");
    const f = state.filters, maxHops = config.maxHops || 6;
    const paths = (await gql(PATHS, { from, to, k, maxHops, yearFrom: f.yearFrom, yearTo: f.yearTo })).collaborationPaths;
    const names = paths.length ? [] : await Promise.all([from, to].map((id) => gql(PERSON, { id }).then((d) => d.researcher)));
    clearPaths();
    const palette = styles.paths;
    const newNodes = [], newEdges = [], used = new Set();
    paths.forEach((p, i) => {
      const color = palette[i % palette.length], ids = [];
      p.researchers.forEach((r) => newNodes.push(styleNode({ id: r.id, kind: "RESEARCHER", label: r.name || r.id, weight: 1 })));
      p.hops.forEach((h) => {
        const [s, t] = h.from.id < h.to.id ? [h.from.id, h.to.id] : [h.to.id, h.from.id];
        const base = styleEdge({ source: s, target: t, kind: "COLLABORATES_WITH", weight: h.jointPapers });
        const shadow = { enabled: true, color, size: 6, x: 0, y: 0 };
        if (!used.has(base.id)) {  // the co-authorship edge itself, in this path's colour
          used.add(base.id);
          const drawn = edges.get(base.id);
          if (drawn) state.recoloured.set(base.id, { color: drawn.color, value: drawn.value });
          newEdges.push({ ...base, color, shadow, value: null, width: PATH_WIDTH, pathOnly: !drawn, path: i + 1 });
          ids.push(base.id);
        } else {  // a hop an earlier path took too: a curved twin, so every path shows whole
          const id = `${base.id}|path${i + 1}`;
          newEdges.push({ ...base, id, color, shadow, value: null, width: PATH_WIDTH, overlay: true, path: i + 1, smooth: { enabled: true, type: "curvedCW", roundness: 0.12 * i } });
          ids.push(id);
        }
      });
      state.paths.push({ color, length: p.length, edges: ids, names: p.researchers.map((r) => r.name) });
    });
    if (!paths.length) names.forEach((r) => { if (r) newNodes.push(styleNode({ id: r.id, kind: "RESEARCHER", label: r.name || r.id, weight: 1 })); });
    state.ends = { from, to };
    add(newNodes, []);
    edges.update(newEdges);
    restyle([from, to]);
    renderPathLegend();
    const [a, b] = paths.length ? [paths[0].researchers[0].name, paths[0].researchers.at(-1).name]
                                : names.map((r, i) => (r ? r.name : [from, to][i]));
    const message = paths.length ? `${paths.length} path(s) from ${a} to ${b}, shortest first.`
                                 : `${a} and ${b} are not connected within ${maxHops} hop${maxHops === 1 ? "" : "s"}${f.yearFrom || f.yearTo ? " in these years" : ""}.`;
    if (details) { panelSeq++; details.replaceChildren(...pathSummary(paths, message)); }
    say(message);
    state.pathMessage = message;
    resettle();
    const link = document.getElementById("path-link");
    if (link) {
      const url = `/path?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&k=${k}${maxHops !== 6 ? "&maxHops=" + maxHops : ""}`;
      link.replaceChildren(el("a", "Link to these paths", { href: url }));
    }
    return paths.length;
  }
  function pathSummary(paths, message) {
    const out = [el("h2", "Collaboration paths"), el("p", message, { class: paths.length ? "muted" : "no-path" })];
    paths.forEach((p, i) => {
      const sec = el("section", null, { class: "path", "data-path": String(i + 1) });
      sec.style.borderLeftColor = state.paths[i].color;
      sec.append(el("h3", `Path ${i + 1}: ${p.length} hop${p.length === 1 ? "" : "s"}`));
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
  function download(name, type, data) {
    const a = el("a", null, { href: URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type })), download: name });
    document.body.append(a); a.click(); a.remove();
  }
  function plainGraph() {
    return {
      nodes: nodes.get().map((n) => ({ id: n.id, kind: n.kind, label: n.fullLabel, weight: n.weight ?? n.value })),
      edges: edges.get({ filter: (e) => !e.overlay }).map((e) => ({ source: e.from, target: e.to, kind: e.kind, weight: e.weight ?? e.value })),
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
  async function exportHtml() {  // the server writes the page with pyvis: vis-network inline, opens offline
    const res = await fetch("/export/graph.html", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...plainGraph(), title: document.title }),
    });
    if (!res.ok) throw new Error(`The server could not write the page (${res.status}).`);
    download("collab-graph.html", "text/html", await res.blob());
  }
  const on = (id, fn) => { const b = document.getElementById(id); if (b) b.addEventListener("click", fn); };
  on("export-png", () => {
    const a = el("a", null, { href: container.querySelector("canvas").toDataURL("image/png"), download: "collab-graph.png" });
    document.body.append(a); a.click(); a.remove();
  });
  on("export-json", () => download("collab-graph.json", "application/json", JSON.stringify(plainGraph(), null, 2)));
  on("export-graphml", () => download("collab-graph.graphml", "application/xml", graphml(plainGraph())));
  on("export-html", () => exportHtml().catch((e) => say(e.message)));

  // --- the controls drawer on small screens
  const drawerToggle = document.getElementById("controls-toggle");
  function drawer(open) {
    drawerToggle.setAttribute("aria-expanded", String(open));
    document.getElementById(drawerToggle.getAttribute("aria-controls")).classList.toggle("open", open);
    if (!open) drawerToggle.focus();
  }
  function closeDrawer() {  // on a phone the drawer covers the graph: out of the way once a form is sent
    if (drawerToggle && drawerToggle.getAttribute("aria-expanded") === "true") drawer(false);
  }
  if (drawerToggle) {
    drawerToggle.addEventListener("click", () => drawer(drawerToggle.getAttribute("aria-expanded") !== "true"));
    document.querySelectorAll("[data-drawer-close]").forEach((b) => b.addEventListener("click", () => drawer(false)));
  }

  // --- events
  network.on("click", (p) => {
    if (p.nodes.length) showNode(p.nodes[0]).catch((e) => say(describe(e, "fetch the details")));
    else if (p.edges.length) showEdge(p.edges[0]).catch((e) => say(describe(e, "fetch the joint papers")));
  });
  network.on("doubleClick", (p) => {
    if (!p.nodes.length) return;
    if (config.mode === "slice") { const n = nodes.get(p.nodes[0]); if (n.kind === "RESEARCHER") window.location.href = profileUrl(n.id); return; }
    expand(p.nodes[0]).catch((e) => say(describe(e, "fetch the neighbourhood")));
  });

  const filters = document.getElementById("filters");
  if (filters) filters.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(filters);
    const num = (k) => (fd.get(k) ? parseInt(fd.get(k), 10) : null);
    const extra = fd.getAll("kind");
    state.filters = { kinds: extra.length ? extra : null, yearFrom: num("yearFrom"), yearTo: num("yearTo"), min: num("minJointPapers") || 1 };
    say("Loading…");
    closeDrawer();
    redraw().catch((e) => say(describe(e, "apply these filters")));
  });
  if (pathForm) pathForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const from = document.getElementById("path-from").value, to = document.getElementById("path-to").value;
    const k = parseInt(new FormData(pathForm).get("k"), 10) || 1;
    if (!from && !to) { say("Choose two researchers from the suggestions first."); return; }
    if (!from || !to) { say(`Choose the ${from ? "second" : "first"} researcher from the suggestions.`); return; }
    closeDrawer();
    showPaths(from, to, k).catch((e) => say(describe(e, "find paths")));
  });
  document.addEventListener("researcher-pick", (ev) => {
    const which = ev.target.dataset.pick, r = ev.detail;
    if (which === "from" || which === "to") { setEnd(which, r); return; }
    if (nodes.get(r.id)) { network.selectNodes([r.id]); network.focus(r.id, { scale: 1.2, animation: true }); showNode(r.id); return; }
    expand(r.id).then(() => { if (nodes.get(r.id)) network.focus(r.id, { scale: 1.2 }); }).catch((e) => say(describe(e, "fetch the neighbourhood")));
  });

  window.explorer = { nodes, edges, network, state, expand, showPaths, plainGraph, graphml, labelPixels, cullLabels };

  // --- first drawing
  async function start() {
    if (config.mode === "slice") {
      add(config.nodes, config.edges);
      state.expanded.push(config.focus);
      resettle();
      if (config.truncated) say("Showing the best-connected part of this neighbourhood.");
    } else if (config.mode === "explore" && config.focus) {
      if (config.focusName) setEnd("from", { id: config.focus, name: config.focusName });
      await expand(config.focus);
    } else if (config.mode === "path" && config.from && config.to) {
      const people = await Promise.all([config.from, config.to].map((id) => gql(PERSON, { id }).then((d) => d.researcher)));
      people.forEach((r, i) => { if (r) setEnd(i ? "to" : "from", r); });
      await showPaths(config.from, config.to, config.k);
    }
    renderTables();
    if (!nodes.length && config.mode === "path") say(config.from || config.to ? "Choose the second researcher to see the paths between the two." : "Choose two researchers to see the paths between them.");
    else if (!nodes.length && config.mode === "explore") say("Search for a researcher to start.");
    if (!nodes.length) state.settled = true;
    state.ready = true;
  }
  start().catch((e) => { say(describe(e, "draw the graph")); state.ready = true; state.settled = true; });
})();
