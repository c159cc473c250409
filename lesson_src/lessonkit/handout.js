// Turns the open page of the built site into a printable handout (run by
// lessonkit/pdf.py in headless Chromium): a cover (the course's metadata, passed
// in from mkdocs.yml by lessonkit/pdf.py), a contents list, the
// lessons' articles with each figure as its static picture and each problem
// with space to work, and every solution in an appendix.
async ({ pages, base, siteUrl, site, title, kind, authors, licence, repository, date }) => {
  // Links to the site point at the published site (mkdocs.yml's site_url),
  // not at the temporary local server the handout is printed from.
  const published = (href) => (href.startsWith(base) ? siteUrl + href.slice(base.length) : href);
  const fetched = await Promise.all(pages.map(async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const html = new DOMParser().parseFromString(await response.text(), "text/html");
    return { url, html };
  }));

  const styles = new Set([...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href));

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children);
    return node;
  };

  const main = el("div", { className: "md-typeset ll-handout" });
  const cover = el("section", { className: "ll-handout__cover" },
    el("p", { className: "ll-handout__site", textContent: site }),
    el("h1", { textContent: title }),
    el("p", { className: "ll-handout__kind", textContent: kind }),
    el("p", { className: "ll-handout__authors", textContent: authors }),
    el("p", { textContent: `Version of ${date}` }),
    el("p", { className: "ll-handout__licence", textContent: licence }),
    el("p", { className: "ll-handout__url", textContent: repository ? `Source: ${repository}` : "" }),
    el("p", { className: "ll-handout__url", textContent: fetched.map(({ url, html }) =>
      html.querySelector('link[rel="canonical"]')?.href || url).join("\n") }));
  const contents = el("nav", { className: "ll-handout__contents" }, el("h2", { textContent: "Contents" }));
  // Unnumbered: each lesson's heading carries its chapter ("13. Loss Landscape").
  const list = el("ul");
  contents.append(list);
  const appendix = el("section", { className: "ll-handout__appendix" },
    el("h1", { id: "solutions", textContent: "Solutions" }));
  main.append(cover, contents);

  fetched.forEach(({ url, html }, i) => {
    html.querySelectorAll('link[rel="stylesheet"]').forEach((l) => styles.add(new URL(l.getAttribute("href"), url).href));
    const article = html.querySelector("article.md-content__inner");
    const lessonId = `lesson-${i + 1}`;
    // Pictures the site fetches near the screen (lazy-images.js) all load
    // here; the parsed page ran no script, so its <noscript> copies are markup.
    article.querySelectorAll("noscript").forEach((n) => n.remove());
    article.querySelectorAll("img[data-src]").forEach((n) => {
      n.setAttribute("src", n.dataset.src);
      n.removeAttribute("data-src");
    });
    // Relative URLs resolved against the page they came from.
    article.querySelectorAll("[src]").forEach((n) => { n.src = new URL(n.getAttribute("src"), url).href; });
    article.querySelectorAll("a[href]").forEach((a) => {
      const href = a.getAttribute("href");
      if (!href.startsWith("#")) a.href = published(new URL(href, url).href);
    });
    // Ids must stay unique across lessons: prefix them.
    article.querySelectorAll("[id]").forEach((n) => { n.id = `${lessonId}-${n.id}`; });
    article.querySelectorAll('a[href^="#"]').forEach((a) => { a.setAttribute("href", `#${lessonId}-${a.getAttribute("href").slice(1)}`); });
    // Screen-only parts.
    article.querySelectorAll(".headerlink, .md-content__button, .ll-figure__plot, details.ll-figure__description, form, details.ll-hint, .ll-term-tip, .md-source-file").forEach((n) => n.remove());
    article.querySelectorAll(".ll-figure figcaption a").forEach((a) => {
      const prev = a.previousSibling;
      if (prev && prev.nodeType === Node.TEXT_NODE) prev.textContent = prev.textContent.replace(/\s*·\s*$/, "");
      a.remove();
    });
    article.querySelectorAll("img").forEach((img) => { img.loading = "eager"; img.removeAttribute("loading"); });
    // Solutions to the appendix, each under its problem's number.
    const heading = article.querySelector("h1");
    heading.id = lessonId;
    const part = el("section", { className: "ll-handout__solutions" }, el("h2", { textContent: heading.textContent }));
    let problemName = "";
    article.querySelectorAll(".admonition.question > .admonition-title, details.success, details.ll-solution").forEach((n) => {
      if (n.classList.contains("admonition-title")) {
        problemName = n.textContent.trim();
        const work = n.parentElement.querySelector(".ll-problem__work");
        if (!work) n.parentElement.append(el("div", { className: "ll-problem__work" }));
        return;
      }
      const body = el("div", { className: "ll-handout__solution" },
        el("h3", { textContent: `Solution to ${problemName.split(":")[0] || "the problem above"}` }));
      [...n.childNodes].filter((c) => !(c.tagName === "SUMMARY")).forEach((c) => body.append(c));
      part.append(body);
      n.remove();
    });
    if (part.children.length > 1) appendix.append(part);
    const item = el("li", {}, el("a", { href: `#${lessonId}`, textContent: heading.textContent }));
    const sections = [...article.querySelectorAll("h2")].filter((h) => h.textContent.trim() !== "References");
    if (sections.length) {
      item.append(el("ol", {}, ...sections.map((h) => el("li", {}, el("a", { href: `#${h.id}`, textContent: h.textContent })))));
    }
    list.append(item);
    main.append(el("section", { className: "ll-handout__lesson" }, ...article.childNodes));
  });
  list.append(el("li", {}, el("a", { href: "#solutions", textContent: "Solutions" })));
  main.append(appendix);

  const have = new Set([...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href));
  await Promise.all([...styles].filter((href) => !have.has(href)).map((href) => new Promise((done) => {
    document.head.append(el("link", { rel: "stylesheet", href, onload: done, onerror: done }));
  })));
  document.body.replaceChildren(main);
  document.body.className = "ll-handout-body";
  await Promise.all([...document.images].map((img) => img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; })));
  await document.fonts.ready;
  return { images: document.images.length, lessons: fetched.length };
}
