// clusterbook default theme: keyboard shortcut for search, glossary tooltips.
(function () {
  "use strict";

  // "/" focuses the search box from any page (unless typing in a field).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("search-input") || document.getElementById("site-search");
    if (box) { ev.preventDefault(); box.focus(); box.select(); }
  });

  // Glossary links carry the definition in their title; show it as a
  // tooltip that also works by keyboard (focus) and touch (first tap).
  var tip = null;
  function hide() {
    if (!tip) return;
    var owner = document.querySelector('[aria-describedby="term-tip"]');
    if (owner) owner.removeAttribute("aria-describedby");
    tip.remove();
    tip = null;
  }
  function show(a) {
    hide();
    tip = document.createElement("span");
    tip.id = "term-tip";
    tip.className = "term-tip";
    tip.setAttribute("role", "tooltip");
    tip.textContent = a.dataset.definition;
    document.body.appendChild(tip);
    var r = a.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    a.setAttribute("aria-describedby", "term-tip");
  }
  var links = document.querySelectorAll('.body a[title][href*="terms/"], .facet a[title][href*="terms/"]');
  Array.prototype.forEach.call(links, function (a) {
    a.dataset.definition = a.getAttribute("title");
    a.removeAttribute("title");
    a.classList.add("term-link");
    a.addEventListener("mouseenter", function () { show(a); });
    a.addEventListener("mouseleave", hide);
    a.addEventListener("focus", function () { show(a); });
    a.addEventListener("blur", hide);
    a.addEventListener("touchstart", function (ev) {
      if (a.getAttribute("aria-describedby") !== "term-tip") { ev.preventDefault(); show(a); }
    }, { passive: false });
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
})();
