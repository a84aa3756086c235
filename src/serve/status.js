// esite serve: the translation status page follows every rebuild. It listens to the same
// event stream as the pages' reload script, and on any rebuild fetches itself again and swaps
// in the new content: no reload, so the scroll position, the focused link and a screen
// reader's place stay; the live region says that it changed. Without JavaScript the page
// shows the state when it was loaded.
(function () {
  "use strict";
  // The rebuild this page shows, written in by the server; a rebuild missed before the stream
  // connects is noticed from the stream's hello.
  var generation = __ESITE_GENERATION__;
  var busy = false;
  var again = false;
  function refresh() {
    // One fetch at a time, and one more if rebuilds came meanwhile: answers cannot overtake.
    if (busy) { again = true; return; }
    busy = true;
    again = false;
    fetch(location.pathname, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, "text/html").getElementById("esite-status");
        var here = document.getElementById("esite-status");
        if (!next || !here) { return; }
        var active = document.activeElement;
        var focused = active && here.contains(active) ? active.getAttribute("href") : null;
        here.replaceWith(next);
        generation = Number(next.getAttribute("data-generation"));
        if (focused) {
          var links = next.querySelectorAll("a[href]");
          for (var i = 0; i < links.length; i++) {
            if (links[i].getAttribute("href") === focused) { links[i].focus(); break; }
          }
        }
        document.getElementById("esite-status-live").textContent =
          next.getAttribute("data-said") + " (" + new Date().toLocaleTimeString("en-GB") + ")";
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { refresh(); }
      });
  }
  var source = new EventSource("/__esite/events");
  source.addEventListener("hello", function (e) {
    if (JSON.parse(e.data).generation !== generation) { refresh(); }
  });
  ["reload", "css", "failed"].forEach(function (name) {
    source.addEventListener(name, refresh);
  });
})();
