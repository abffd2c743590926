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

  // Removing a feed asks first.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
})();
