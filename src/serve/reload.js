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
  // This script's element: kept through swaps, so the script never runs twice.
  var self = document.currentScript;
  var SIGNATURE = "esite serve: live reload";
  // The latest swap under way; an older one that finishes later is dropped.
  var swapping = null;
  function fullReload() {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  }
  // A full reload has Chromium start the page from nothing, some 60 ms more than a swap even
  // for a small page, so the new page is fetched and swapped in place whenever the result is
  // exactly the DOM a reload would show.
  function reload() {
    if (swapping) { swapping.abort(); }
    var mine = swapping = new AbortController();
    fetch(location.href, { cache: "no-store", signal: mine.signal }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (response.status !== 200 || response.redirected || type.indexOf("text/html") !== 0) {
        throw new Error("not a page");
      }
      return response.text();
    }).then(function (text) {
      if (swapping !== mine) { return; }
      swapping = null;
      var doc = new DOMParser().parseFromString(text, "text/html");
      if (!swap(doc)) { fullReload(); }
    }).catch(function () {
      if (!mine.signal.aborted) { fullReload(); }
    });
  }
  function isReloadScript(el) {
    return el.textContent.indexOf(SIGNATURE) !== -1;
  }
  // Scripts a swap would not run: data blocks such as JSON-LD.
  function isData(script) {
    var type = (script.getAttribute("type") || "").trim().toLowerCase();
    return type === "application/ld+json" || type === "application/json";
  }
  // Whether the document runs code of its own besides the reload script, or holds what
  // the DOMParser reads differently from a page load (noscript, with scripting off).
  function ownCode(doc, mine) {
    var scripts = doc.querySelectorAll("script");
    for (var i = 0; i < scripts.length; i++) {
      if (scripts[i] !== mine && !isData(scripts[i])) { return true; }
    }
    return doc.querySelector("noscript") !== null;
  }
  // Head elements a swap keeps in place (replacing a stylesheet link would load it again and
  // show the page unstyled meanwhile); both pages must have the same ones, in the same order.
  // Titles, meta names, other links, style and data blocks are replaced.
  function isFixed(el) {
    var tag = el.localName;
    if (tag === "link") {
      return /(^|\s)(stylesheet|preload|modulepreload)(\s|$)/i.test(el.getAttribute("rel") || "");
    }
    if (tag === "meta") { return el.hasAttribute("http-equiv"); }
    return ["title", "style", "script"].indexOf(tag) === -1;
  }
  function fixedIn(head) {
    return Array.prototype.filter.call(head.children, isFixed);
  }
  // An element's place under the body, as child indices, to find its counterpart after a swap.
  function placeOf(el) {
    var path = [];
    while (el && el !== document.body) {
      var parent = el.parentElement;
      if (!parent) { return null; }
      path.unshift(Array.prototype.indexOf.call(parent.children, el));
      el = parent;
    }
    return el ? path : null;
  }
  function atPlace(path, tag) {
    var el = document.body;
    for (var i = 0; el && path && i < path.length; i++) { el = el.children[path[i]]; }
    return el && path && el.localName === tag ? el : null;
  }
  function remember(el) {
    return { id: el.id, place: placeOf(el), tag: el.localName };
  }
  function find(mark) {
    var el = mark.id ? document.getElementById(mark.id) : null;
    return el && el.localName === mark.tag ? el : atPlace(mark.place, mark.tag);
  }
  function copyAttributes(from, to) {
    Array.prototype.slice.call(to.attributes).forEach(function (a) {
      if (!from.hasAttribute(a.name)) { to.removeAttribute(a.name); }
    });
    Array.prototype.forEach.call(from.attributes, function (a) {
      if (to.getAttribute(a.name) !== a.value) { to.setAttribute(a.name, a.value); }
    });
  }
  // Puts the new document's head and body in place; false (nothing changed) when the result
  // could differ from a reload.
  function swap(doc) {
    if (!doc.head || !doc.body || !self || self.parentNode !== document.body) { return false; }
    var scripts = Array.prototype.filter.call(doc.body.children, function (el) {
      return el.localName === "script" && isReloadScript(el);
    });
    var theirs = scripts.length === 1 ? scripts[0] : null;
    if (!theirs || ownCode(document, self) || ownCode(doc, theirs)) { return false; }
    var build = /var pageBuild = (\d+|null);/.exec(theirs.textContent);
    var keep = fixedIn(document.head);
    var fresh = fixedIn(doc.head);
    if (!build || keep.length !== fresh.length) { return false; }
    for (var i = 0; i < keep.length; i++) {
      if (!keep[i].isEqualNode(fresh[i])) { return false; }
    }
    var x = window.scrollX;
    var y = window.scrollY;
    var active = document.activeElement;
    // A failure reported while the page was being fetched stays on top, focused as it was.
    var shown = overlay;
    var inOverlay = shown && shown.contains(active);
    if (shown) { shown.remove(); }
    var focus = active && active !== document.body && document.body.contains(active) ? remember(active) : null;
    var open = Array.prototype.map.call(document.querySelectorAll("details[open]"), remember);

    Array.prototype.slice.call(document.head.childNodes).forEach(function (node) {
      if (keep.indexOf(node) === -1) { node.remove(); }
    });
    var next = 0;
    Array.prototype.slice.call(doc.head.childNodes).forEach(function (node) {
      if (node === fresh[next]) { next++; return; }
      document.head.insertBefore(document.adoptNode(node), keep[next] || null);
    });
    copyAttributes(doc.documentElement, document.documentElement);
    copyAttributes(doc.body, document.body);
    var nodes = Array.prototype.slice.call(doc.body.childNodes).map(function (node) {
      return node === theirs ? self : document.adoptNode(node);
    });
    document.body.replaceChildren.apply(document.body, nodes);

    pageBuild = build[1] === "null" ? null : parseInt(build[1], 10);
    open.forEach(function (mark) {
      var el = find(mark);
      if (el) { el.open = true; }
    });
    var target = inOverlay ? active : focus && find(focus);
    if (shown) { document.body.appendChild(shown); }
    if (target) { target.focus({ preventScroll: true }); }
    window.scrollTo(x, y);
    return true;
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
