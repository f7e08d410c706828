// clusterbook default theme: the colour scheme, before the page is drawn.
// Loaded in <head> without defer, so the remembered choice is applied
// before the first paint (no flash of the other scheme). Without a choice
// the page follows the system setting (prefers-color-scheme in style.css).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var s = localStorage.getItem("cb-scheme");
    if (s === "light" || s === "dark") root.setAttribute("data-scheme", s);
  } catch (e) {
    // Storage may be off (private modes, some file:// setups): follow the system.
  }
})();
