// esite serve: live reload. Injected by the preview server only; `esite build` never has it.
(function () {
  "use strict";
  var KEY = "esite-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  // The server writes the number of the build this page came from in place of the marker,
  // so a rebuild that finishes before the event stream connects is not missed.
  var pageBuild = __ESITE_BUILD__;
  var generation = null;
  var overlay = null;
  function reload() {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  }
  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showOverlay(report) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "esite-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", "esite-overlay-title");
    overlay.setAttribute("aria-describedby", "esite-overlay-text");
    overlay.setAttribute("tabindex", "-1");
    // The overlay's words are English whatever the page's language.
    overlay.setAttribute("lang", "en");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#fff;color:#1a1a1a;" +
      "padding:1.5rem;font:1rem/1.5 system-ui,sans-serif;border:6px solid #b00020";
    var h = document.createElement("h2");
    h.id = "esite-overlay-title";
    h.textContent = report.title;
    var p = document.createElement("p");
    p.textContent = report.help;
    var pre = document.createElement("pre");
    pre.id = "esite-overlay-text";
    pre.style.cssText = "white-space:pre-wrap;font:0.95rem/1.4 ui-monospace,monospace;background:#f4f4f4;padding:1rem";
    pre.textContent = report.text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = report.close;
    close.style.cssText = "font:inherit;padding:0.5rem 1rem;min-height:44px";
    close.addEventListener("click", hideOverlay);
    overlay.addEventListener("keydown", function (e) { if (e.key === "Escape") { hideOverlay(); } });
    overlay.append(h, p, pre);
    if (report.status) {
      var more = document.createElement("p");
      var link = document.createElement("a");
      link.href = report.status;
      link.textContent = report.statusText;
      more.appendChild(link);
      overlay.appendChild(more);
    }
    overlay.appendChild(close);
    document.body.appendChild(overlay);
    close.focus();
  }
  // The server makes the page a tab shows first when it rebuilds.
  var source = new EventSource("/__esite/events?path=" + encodeURIComponent(location.pathname));
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    // A rebuild we missed, before connecting or while reconnecting: the page is stale.
    if (pageBuild !== null && data.build !== null && data.build !== pageBuild) { reload(); return; }
    if (generation !== null && data.generation !== generation && !data.report) { reload(); return; }
    generation = data.generation;
    if (data.report) { showOverlay(data.report); } else { hideOverlay(); }
  });
  // Reload only when this page changed (or when the server cannot tell).
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    generation = data.generation;
    hideOverlay();
    var here = decodeURIComponent(location.pathname).replace(/index\.html$/, "");
    var listed = data.paths === null ? (data.except || []).indexOf(here) === -1 : data.paths.indexOf(here) !== -1;
    if (listed) { reload(); }
  });
  source.addEventListener("css", function (e) {
    var data = JSON.parse(e.data);
    generation = data.generation;
    hideOverlay();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      if (link.getAttribute("href") === data.old) { link.setAttribute("href", data.new); }
    });
  });
  source.addEventListener("failed", function (e) {
    showOverlay(JSON.parse(e.data).report);
  });
})();
