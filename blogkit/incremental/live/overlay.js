// blogkit's live preview: the last build's problems over the page. Served by `make live` only.
(() => {
  "use strict";
  const ID = "blogkit-live-overlay";

  function element(tag, text, style) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.setAttribute("style", style);
    return node;
  }

  function render(status) {
    const old = document.getElementById(ID);
    if (old) old.remove();
    if (status.ok) return;
    const labels = status.labels || {};
    const panel = element(
      "section",
      "",
      "position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;" +
        "margin:0;padding:1rem 1.5rem;background:#fff4f4;color:#5c0000;" +
        "border-bottom:4px solid #b00020;box-shadow:0 4px 16px rgba(0,0,0,.3);" +
        "font:15px/1.5 system-ui,sans-serif;text-align:left",
    );
    panel.id = ID;
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", ID + "-title");
    const title = element("h2", labels.title, "margin:0 0 .25rem;font-size:1.2rem;color:#5c0000");
    title.id = ID + "-title";
    panel.append(title, element("p", labels.under, "margin:0 0 .5rem"));
    const list = element("ul", "", "margin:0;padding-left:1.25rem");
    for (const problem of status.problems) {
      const item = element("li", "", "margin:.25rem 0");
      if (problem.file) {
        let where = problem.file;
        if (problem.line) where += `, ${labels.line} ${problem.line}`;
        if (problem.field) where += `, ${labels.field} '${problem.field}'`;
        item.append(element("strong", where, "font-family:ui-monospace,monospace"), ": ");
      }
      item.append(document.createTextNode(problem.message));
      list.append(item);
    }
    panel.append(list);
    const hide = element(
      "button",
      labels.close,
      "position:absolute;top:.75rem;right:1rem;font:inherit;padding:.1rem .6rem;" +
        "color:#5c0000;background:#fff;border:1px solid #5c0000;border-radius:4px;cursor:pointer",
    );
    hide.type = "button";
    hide.addEventListener("click", () => panel.remove());
    panel.append(hide);
    document.body.append(panel);
  }

  // Read when the page loads (sphinx-autobuild's WebSocket reloads the page after each
  // build), and every second while it is open: the overlay comes and goes with the builds.
  let shown = null;
  function check() {
    fetch("/_blogkit-live/status.json", { cache: "no-store" })
      .then((response) => response.json())
      .then((status) => {
        if (status.build !== shown) {
          shown = status.build;
          render(status);
        }
      })
      .catch(() => {});
  }
  check();
  setInterval(check, 1000);
})();
