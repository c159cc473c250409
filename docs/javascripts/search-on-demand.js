// The search index (about 90 KB compressed) is fetched when the reader first
// opens search, not with every page. Material 9.x requests
// search/search_index.json with XMLHttpRequest as soon as its bundle starts;
// this script, loaded just before the bundle (overrides/main.html), holds that
// one request back until the search toggle opens or the search box gets focus
// (a click, a tap on the phone's search icon, the "/" or "s" key), or at once
// when the URL asks for search (?q=) or for highlighting (?h=). Opened from
// disk (file://) Material loads search_index.js by a <script> tag instead, on
// demand already: nothing here applies.

(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const params = new URLSearchParams(location.search);
  let wanted = params.has("q") || params.has("h");
  const held = []; // sends waiting for the reader

  const { open, send } = XMLHttpRequest.prototype;
  const isIndex = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (INDEX.test(new URL(url, document.baseURI).pathname)) isIndex.add(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!wanted && isIndex.has(this)) {
      held.push(() => send.apply(this, args));
      return;
    }
    return send.apply(this, args);
  };

  function release() {
    wanted = true;
    held.splice(0).forEach((resume) => resume());
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches?.("[data-md-toggle=search]") && event.target.checked) {
      release();
    }
  });
  document.addEventListener("focusin", (event) => {
    if (event.target.matches?.("[data-md-component=search-query]")) release();
  });
})();
