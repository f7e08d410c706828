// clusterbook serve: reloads the page when the site is rebuilt, keeping the
// reader's place, and shows the problems of a failed rebuild over the page.
// Served as a file of its own, so that it runs under the pages'
// Content-Security-Policy (script-src 'self'); it uses no eval and no
// inline style.
(() => {
  "use strict";
  const me = document.currentScript;
  const loaded = Number(me && me.dataset.generation);
  const key = "clusterbook-scroll:" + location.pathname + location.search;

  // Back at the place the reader was before the reload.
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const [x, y] = saved.split(",").map(Number);
    const restore = () => window.scrollTo(x, y);
    if (document.readyState === "complete") restore();
    else addEventListener("load", restore, { once: true });
    restore();
  }

  let overlay = null;
  function show(errors) {
    if (!errors) {
      if (overlay) overlay.remove();
      overlay = null;
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "clusterbook-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Rebuild failed");
      const head = document.createElement("p");
      head.className = "clusterbook-overlay-head";
      head.textContent =
        "The handbook has problems; this is the last good version. Fix them and save: this goes away.";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.addEventListener("click", () => { if (overlay) overlay.hidden = true; });
      head.append(" ", close);
      const pre = document.createElement("pre");
      overlay.append(head, pre);
      document.body.append(overlay);
    }
    overlay.hidden = false;
    overlay.querySelector("pre").textContent = errors;
  }

  let reloading = false;
  const events = new EventSource("/__clusterbook/events");
  events.addEventListener("state", (ev) => {
    const state = JSON.parse(ev.data);
    if (state.generation !== loaded && !reloading) {
      reloading = true;
      // A save is served in two steps (the edited page, then the pages
      // that list it): a page reloaded for the first may hear of the
      // second while its images and scripts still load. Reloading only
      // once they are in aborts nothing.
      const reload = () => {
        sessionStorage.setItem(key, `${window.scrollX},${window.scrollY}`);
        location.reload();
      };
      if (document.readyState === "complete") reload();
      else addEventListener("load", reload, { once: true });
      return;
    }
    show(state.errors);
  });
})();
