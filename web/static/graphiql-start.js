// GraphiQL at /graphql, started from this file rather than an inline script (the pages' CSP allows no inline code).
// The query and variables live in the address (?query=…&variables=…) so a link shares them.
"use strict";
(function () {
  const root = document.getElementById("graphiql");
  const params = new URLSearchParams(window.location.search);
  const url = window.location.origin + window.location.pathname;

  function remember(key, value) {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value); else next.delete(key);
    history.replaceState(null, "", "?" + next.toString());
  }

  const app = React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url }),
    defaultQuery: root.dataset.example,
    query: params.get("query") || undefined,
    variables: params.get("variables") || undefined,
    onEditQuery: (q) => remember("query", q),
    onEditVariables: (v) => remember("variables", v),
    defaultEditorToolsVisibility: true,
    inputValueDeprecation: true,
  });
  ReactDOM.createRoot(root).render(app);
})();
