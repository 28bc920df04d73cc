// claimgraph article view: show a highlighted span's records on hover or keyboard focus.
// Reads the notes from a <script type="application/json"> block and writes them with
// textContent only, so nothing from an article is ever parsed as HTML.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var block = document.getElementById("notes");
    var tip = document.getElementById("tip");
    if (!block || !tip) { return; }
    var notes = {};
    try { notes = JSON.parse(block.textContent); } catch (e) { return; }
    var current = null;
    function show(el) {
      if (current) { current.classList.remove("active"); }
      current = el;
      el.classList.add("active");
      tip.textContent = "";
      var ids = (el.getAttribute("data-r") || "").split(" ").slice(0, 3);
      ids.forEach(function (id) {
        var note = notes[id];
        if (!note) { return; }
        var box = document.createElement("dl");
        box.className = "note";
        Object.keys(note).forEach(function (key) {
          var dt = document.createElement("dt");
          dt.textContent = key;
          var dd = document.createElement("dd");
          dd.textContent = String(note[key]);
          box.appendChild(dt);
          box.appendChild(dd);
        });
        tip.appendChild(box);
      });
    }
    var spans = document.querySelectorAll(".text .hl");
    Array.prototype.forEach.call(spans, function (el) {
      el.addEventListener("mouseenter", function () { show(el); });
      el.addEventListener("focus", function () { show(el); });
    });
  });
})();
