// Figure pictures (img.ll-figure__static[data-src], lessonkit/snippet.py) are
// fetched when they come within half a screen of the viewport, or before the
// page is printed. The browser's own loading="lazy" starts two or three
// screens ahead on a phone, which puts a long lesson's first pictures into its
// first load. The <img> keeps width and height, so nothing moves when the
// picture arrives. Runs after every instant navigation (Material's document$).

(() => {
  const AHEAD = "50% 0px"; // how far below (and above) the screen to start
  let observer = null;

  function show(img) {
    if (!img.dataset.src) return;
    img.src = img.dataset.src;
    img.removeAttribute("data-src");
  }

  function showAll() {
    document.querySelectorAll("img[data-src]").forEach(show);
  }

  function setup(body) {
    observer?.disconnect();
    const images = body.querySelectorAll("img[data-src]");
    if (!("IntersectionObserver" in window)) return images.forEach(show);
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          show(entry.target);
        }
      },
      { rootMargin: AHEAD },
    );
    images.forEach((img) => observer.observe(img));
  }

  window.addEventListener("beforeprint", showAll);
  document$.subscribe(({ body }) => setup(body));
})();
