// Suggestions as you type for every input.researcher-search (searchResearchers over /graphql).
// Without data-pick a suggestion is a link to the profile; with data-pick, choosing one fires a
// "researcher-pick" event ({id, name}) that the explorer handles.
"use strict";
(function () {
  const QUERY = "query ($q: String!) { searchResearchers(query: $q, first: 8) { edges { node { id name worksCount } } } }";

  async function suggest(q) {
    const res = await fetch("/graphql", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: QUERY, variables: { q } }),
    });
    const body = await res.json();
    if (body.errors) return [];
    return body.data.searchResearchers.edges.map((e) => e.node);
  }

  function profileUrl(id) { return "/researchers/" + encodeURIComponent(id).replace(/%3A/g, ":"); }

  function attach(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    let timer = null, seq = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function pick(node) {
      if (input.dataset.pick) {
        input.value = node.name;
        close();
        input.dispatchEvent(new CustomEvent("researcher-pick", { bubbles: true, detail: node }));
      } else {
        window.location.href = profileUrl(node.id);
      }
    }
    function show(nodes) {
      list.replaceChildren();
      nodes.forEach((node, i) => {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        const a = document.createElement("a");
        a.href = profileUrl(node.id);
        a.textContent = node.name;
        const n = document.createElement("span");
        n.className = "muted"; n.textContent = " " + (node.worksCount || 0) + " works";
        a.append(n);
        a.addEventListener("click", (ev) => { ev.preventDefault(); pick(node); });
        a.addEventListener("keydown", (ev) => keys(ev, i));
        li.append(a);
        list.append(li);
      });
      list.hidden = nodes.length === 0;
      input.setAttribute("aria-expanded", String(nodes.length > 0));
      list._nodes = nodes;
    }
    function links() { return Array.from(list.querySelectorAll("a")); }
    function keys(ev, i) {
      const all = links();
      if (ev.key === "ArrowDown") { ev.preventDefault(); (all[i + 1] || all[0]).focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); i <= 0 ? input.focus() : all[i - 1].focus(); }
      else if (ev.key === "Escape") { close(); input.focus(); }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) { close(); return; }
      const mine = ++seq;
      timer = setTimeout(async () => {
        const nodes = await suggest(q).catch(() => []);
        if (mine === seq) show(nodes);  // drop answers to older keystrokes
      }, 150);
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" && !list.hidden) { ev.preventDefault(); links()[0].focus(); }
      else if (ev.key === "Escape") close();
      else if (ev.key === "Enter" && input.dataset.pick) {
        ev.preventDefault();  // picking inputs never submit their form on Enter: take the first suggestion
        if (list._nodes && list._nodes.length) pick(list._nodes[0]);
      }
    });
    document.addEventListener("click", (ev) => { if (!list.contains(ev.target) && ev.target !== input) close(); });
  }

  document.querySelectorAll("input.researcher-search").forEach(attach);
})();
