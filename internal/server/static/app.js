// Parallax news desk: small conveniences on top of pages that work
// without JavaScript. No framework, no third-party code.
(function () {
  "use strict";

  // Escape closes the open source panel that holds the focus and puts the
  // focus back on its markers.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var open = document.activeElement && document.activeElement.closest("details[open]");
    if (!open) return;
    open.open = false;
    var s = open.querySelector("summary");
    if (s) s.focus();
  });

  // A button to open or close the sources of every summary sentence.
  var sentences = document.querySelector(".sentences");
  if (sentences) {
    var all = sentences.querySelectorAll("details.sources");
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "toggle-all";
    btn.setAttribute("aria-pressed", "false");
    btn.textContent = "Show all sources";
    btn.addEventListener("click", function () {
      var open = btn.getAttribute("aria-pressed") !== "true";
      all.forEach(function (d) { d.open = open; });
      btn.setAttribute("aria-pressed", String(open));
      btn.textContent = open ? "Hide all sources" : "Show all sources";
    });
    sentences.parentNode.insertBefore(btn, sentences);
  }

  // Following a marker to an article briefly highlights it, and a click
  // on a marker inside an open panel does not close the panel.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#source-"]');
    if (!a) return;
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) return;
    target.classList.add("flash");
    setTimeout(function () { target.classList.remove("flash"); }, 2000);
  });

  // Stories change as articles arrive. A page that shows them asks the
  // API now and then (the ETag makes an unchanged answer cheap) and, when
  // its stories have changed, says so at the top of the page: it does not
  // reload by itself under the reader's eyes.
  var watched = document.querySelector("[data-watch]");
  if (watched && window.fetch) {
    var url = watched.getAttribute("data-watch");
    var seen = null;
    var signature = function (v) {
      var list = v.stories || (v.story ? [v.story] : []);
      return list.map(function (s) { return s.id + ":" + s.version; }).join(",");
    };
    var check = function () {
      fetch(url, { headers: { Accept: "application/json" }, cache: "no-cache" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (v) {
          if (!v) return;
          var sig = signature(v);
          if (seen === null) {
            seen = sig;
            watched.setAttribute("data-watch-ready", "");
            return;
          }
          if (sig === seen || document.querySelector(".live-note")) return;
          var note = document.createElement("p");
          note.className = "notice live-note";
          note.setAttribute("role", "status");
          var a = document.createElement("a");
          a.href = window.location.href;
          a.textContent = "New reports have come in: reload to see them.";
          note.appendChild(a);
          var main = document.getElementById("main");
          main.insertBefore(note, main.firstChild);
        })
        .catch(function () {});
    };
    check();
    setInterval(check, 30000);
    // A reader coming back to the tab is told at once.
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) check();
    });
  }

  // Removing a feed asks first.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
})();
