// clusterbook default theme: what every page does with JavaScript on —
// the colour-scheme toggle, the header box's typeahead (its code and the
// index are loaded only when the reader focuses the box or types), the
// "/" shortcut, glossary tooltips, keyboard access to wide tables and the
// print button. Everything else works without it.
(function () {
  "use strict";
  var root = document.documentElement;

  // ---------------------------------------------------------------------
  // Arrived from the language switcher on a page that is not translated
  // into this language: say so (the switcher adds ?from=untranslated).
  if (/[?&]from=untranslated(&|$)/.test(location.search)) {
    var note = document.getElementById("untranslated-note");
    if (note) note.removeAttribute("hidden");
  }

  // ---------------------------------------------------------------------
  // Light and dark: the choice is remembered; scheme.js applies it before
  // the first paint.
  var toggle = document.querySelector(".scheme-toggle");
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function isDark() {
    var s = root.getAttribute("data-scheme");
    return s ? s === "dark" : !!(system && system.matches);
  }
  function showScheme() {
    if (toggle) toggle.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }
  if (toggle) {
    showScheme();
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-scheme", next);
      try { localStorage.setItem("cb-scheme", next); } catch (e) { /* not remembered, still applied */ }
      showScheme();
    });
    if (system && system.addEventListener) system.addEventListener("change", showScheme);
  }

  // ---------------------------------------------------------------------
  // The header box: search.js (the index code the search page uses) is
  // loaded on first focus or keystroke and shows the first results.
  var box = document.getElementById("site-search");
  var form = box && box.form;
  var requested = false;
  function loadSearch() {
    if (requested || !form || window.cbSearch) return;
    requested = true;
    [form.getAttribute("data-inflate-js"), form.getAttribute("data-search-js")].forEach(function (src) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false; // in order: search.js uses inflate.js
      s.setAttribute("data-root", form.getAttribute("data-root") || "");
      document.head.appendChild(s);
    });
  }
  if (box) {
    box.addEventListener("focus", loadSearch);
    box.addEventListener("input", loadSearch);
  }

  // "/" focuses the search box from any page (unless typing in a field).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var target = document.getElementById("search-input") || box;
    if (target) { ev.preventDefault(); target.focus(); target.select(); }
  });

  // ---------------------------------------------------------------------
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
    tip.style.left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + root.clientWidth - tip.offsetWidth - 8)) + "px";
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

  // ---------------------------------------------------------------------
  // A table wider than the text scrolls in its own box; one without links
  // is made focusable so that the keyboard can scroll it too.
  function wideTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".body table, .body pre, .table-wrap"), function (t) {
      var wide = t.scrollWidth > t.clientWidth + 1;
      if (wide && !t.querySelector("a, button, input") && !t.hasAttribute("tabindex")) {
        t.setAttribute("tabindex", "0");
      } else if (!wide && t.getAttribute("tabindex") === "0") {
        t.removeAttribute("tabindex");
      }
    });
  }
  wideTables();
  window.addEventListener("resize", wideTables);

  // The print page's button.
  Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
