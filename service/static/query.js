// The SPARQL editor: Yasqe (editor) and Yasr (results) from the locally served YASGUI
// bundle, pointed at this server's /sparql. Nothing here talks to another site: the
// autocompleters that call prefix.cc or Linked Open Vocabularies are not enabled.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("query-data").textContent);
  const byName = Object.fromEntries(data.examples.map((e) => [e.name, e]));
  const pick = (text) => (data.lang === "en" ? text.en || text.zh : text.zh || text.en);

  const yasqe = new Yasqe(document.getElementById("yasqe"), {
    requestConfig: { endpoint: data.endpoint, method: "POST" },
    autocompleters: ["variables"], // local only: no prefix.cc, no LOV
    prefixCcApi: null,
    persistenceId: null,
    editorHeight: "320px",
    resizeable: true,
    showQueryButton: true,
    createShareableLink: null,
    consumeShareLink: null,
  });
  const yasr = new Yasr(document.getElementById("yasr"), {
    persistenceId: null,
    prefixes: data.prefixes, // shown compactly in the table (xsd:integer, not the full IRI)
    defaultPlugin: "table",
  });
  yasqe.on("queryResponse", (_editor, response, duration) => yasr.setResponse(response, duration));

  const csv = document.getElementById("csv-link");
  const json = document.getElementById("json-link");
  function links() {
    const query = encodeURIComponent(yasqe.getValue());
    csv.href = `${data.endpoint}?format=csv&query=${query}`;
    json.href = `${data.endpoint}?format=json&query=${query}`;
  }
  yasqe.on("change", links);

  function load(name) {
    const example = byName[name];
    if (!example) return;
    yasqe.setValue(example.query);
    document.getElementById("example-description").textContent = pick(example.description);
    document.querySelectorAll("button.example").forEach((b) => {
      b.setAttribute("aria-pressed", b.dataset.example === name ? "true" : "false");
    });
    links();
  }
  document.querySelectorAll("button.example").forEach((button) => {
    button.addEventListener("click", () => load(button.dataset.example));
  });
  load(data.initial);
  window.parkstarQuery = { yasqe, yasr, load };
})();
