// Practice problems that check themselves, in the browser, without a server.
//
// Contract (lesson_src/lessonkit/problem_html.py): <div class="ll-problem"
// data-problem=ID data-kind="numeric"|"choice"> holding the statement, an
// <ol class="ll-choices"> (choice), a hidden <form class="ll-problem__form">
// with inputs carrying data-expect / data-tol / data-names (numeric), hints as
// <details class="ll-hint"> and the solution as <details class="ll-solution">.
// Answers are read and judged by window.LLAnswers (answers.js). Progress lives
// in localStorage under STORE; a <div class="ll-progress"> shows it per page.
// Runs after every instant navigation (Material's document$).

(() => {
  const STORE = "ll-problems:v1";
  const VERDICT_TEXT = {
    correct: "Correct.",
    sign: "Close: check the sign.",
    scale: "Close: check the decimal point (off by a factor of 10 or 100).",
    near: "Close, but not within the tolerance: check your rounding and arithmetic.",
    wrong: "Not yet. Try again, or take a hint.",
  };
  const EXAMPLES = "Write numbers like 0.105, .105, 1.05e-1 or -0.5.";

  // Progress ---------------------------------------------------------------

  function load() {
    try {
      const data = JSON.parse(localStorage.getItem(STORE) || "{}");
      return data && typeof data === "object" ? data : {};
    } catch {
      return {}; // storage blocked or corrupt: start afresh, never break the page
    }
  }

  function save(data) {
    try {
      localStorage.setItem(STORE, JSON.stringify(data));
    } catch {
      // private mode or full: the page still works, progress is not kept
    }
  }

  function record(id, correct, answer) {
    const data = load();
    const entry = data[id] || { tries: 0, solved: false };
    entry.tries += 1;
    entry.solved = entry.solved || correct;
    entry.last = answer;
    data[id] = entry;
    save(data);
  }

  // Feedback ---------------------------------------------------------------

  function show(problem, verdict, lines) {
    const box = problem.querySelector(".ll-problem__feedback");
    box.className = `ll-problem__feedback ll-problem__feedback--${verdict}`;
    box.replaceChildren(
      ...lines.map((line) => {
        const p = document.createElement("p");
        if (typeof line === "string") p.textContent = line;
        else p.append(...line);
        return p;
      }),
    );
  }

  function overall(verdicts) {
    if (verdicts.every((v) => v === "correct")) return "correct";
    if (verdicts.every((v) => v !== "wrong")) return "close";
    return "wrong";
  }

  // Numeric answers ----------------------------------------------------------

  function readError(parsed, count, names) {
    if (parsed.error === "empty") {
      return count === 1 ? "Type a number first." : `Type ${count} numbers first.`;
    }
    if (parsed.error === "number") {
      const what = parsed.bad ? `"${parsed.bad}" is not a number.` : "Two separators in a row.";
      return `${what} ${EXAMPLES}`;
    }
    if (count === 1) {
      return "Give one number; write decimals with a point, as in 0.105.";
    }
    return (
      `Give ${count} numbers (${names.join(", ")}) separated by a comma or a space; ` +
      `found ${parsed.values.length}.`
    );
  }

  function checkNumeric(problem, inputs, { remember = true } = {}) {
    const answers = inputs.map((input) => ({
      input,
      label: problem.querySelector(`label[for="${input.id}"]`).textContent,
      expect: JSON.parse(input.dataset.expect),
      tol: JSON.parse(input.dataset.tol),
      names: JSON.parse(input.dataset.names),
    }));
    const lines = [];
    let unreadable = false;
    let right = 0; // answers with every component correct
    let missing = 0; // answers left empty
    const verdicts = [];
    for (const a of answers) {
      const parsed = LLAnswers.parse(a.input.value, a.expect.length);
      const prefix = answers.length > 1 ? `${a.label}: ` : "";
      if (parsed.error === "empty" && answers.length > 1) {
        missing += 1; // several answers may be checked one at a time
        lines.push(`${prefix}not answered yet.`);
        continue;
      }
      if (parsed.error) {
        unreadable = true;
        a.input.setAttribute("aria-invalid", "true");
        lines.push(prefix + readError(parsed, a.expect.length, a.names));
        continue;
      }
      a.input.removeAttribute("aria-invalid");
      const each = LLAnswers.judgeAll(parsed.values, a.expect, a.tol);
      verdicts.push(...each);
      if (each.every((v) => v === "correct")) right += 1;
      if (each.length === 1 || each.every((v) => v === "correct")) {
        lines.push(prefix + VERDICT_TEXT[each[0] === "correct" ? "correct" : each[0]]);
      } else {
        const lower = (text) => text[0].toLowerCase() + text.slice(1).replace(/\.$/, "");
        const parts = each.map((v, i) => `${a.names[i]}: ${lower(VERDICT_TEXT[v])}`);
        lines.push(`${prefix}${parts.join("; ")}.`);
      }
    }
    if (unreadable || missing === answers.length) {
      show(problem, "error", missing === answers.length ? ["Type a number first."] : lines);
      return;
    }
    let verdict = overall(verdicts);
    if (missing && verdict === "correct") verdict = "close";
    if (answers.length > 1) {
      lines.unshift(
        verdict === "correct"
          ? "Correct."
          : `${right} of ${answers.length} answers are right so far.`,
      );
    }
    show(problem, verdict, lines);
    if (remember) {
      record(problem.dataset.problem, verdict === "correct", answers.map((a) => a.input.value));
    }
  }

  // Multiple choice ----------------------------------------------------------

  // The text of `node` with each KaTeX formula as its TeX source (KaTeX's
  // MathML annotation), e.g. "The step w_{t+1} = w_t - \eta g".
  function spokenText(node) {
    const copy = node.cloneNode(true);
    copy.querySelectorAll(".katex").forEach((math) => {
      const tex = math.querySelector('annotation[encoding="application/x-tex"]');
      math.replaceWith(tex ? tex.textContent.trim() : math.textContent);
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function setupChoices(problem, id) {
    const list = problem.querySelector("ol.ll-choices");
    const several = list.dataset.several === "true";
    const prompt = problem.querySelector(".ll-choices__prompt");
    prompt.id = `${id}-prompt`;
    // The group wraps the list, so the items stay items of a list.
    const group = document.createElement("div");
    group.setAttribute("role", several ? "group" : "radiogroup");
    group.setAttribute("aria-labelledby", prompt.id);
    list.replaceWith(group);
    group.append(list);
    const inputs = [...list.children].map((item, i) => {
      const input = document.createElement("input");
      input.type = several ? "checkbox" : "radio";
      input.name = `${id}-choice`;
      input.id = `${id}-choice-${i}`;
      input.value = String(i);
      const label = document.createElement("label");
      label.htmlFor = input.id;
      label.append(...item.childNodes);
      item.replaceChildren(input, label);
      // Typeset math has no text a browser names a control by (KaTeX's HTML
      // is aria-hidden): such a choice is named with the formula's TeX.
      if (label.querySelector(".katex")) input.setAttribute("aria-label", spokenText(label));
      item.classList.add("ll-choice");
      return input;
    });
    return inputs;
  }

  function checkChoices(problem, inputs, { remember = true } = {}) {
    const selected = inputs.filter((i) => i.checked).map((i) => Number(i.value));
    if (!selected.length) {
      show(problem, "error", ["Choose an answer first."]);
      return;
    }
    const correct = JSON.parse(problem.dataset.correct);
    const verdict = LLAnswers.judgeChoices(selected, correct);
    const lines = [
      {
        correct: "Correct.",
        near: "Close: some correct answers are missing.",
        wrong: "Not yet.",
      }[verdict],
    ];
    for (const i of selected) {
      const note = problem.querySelector(`.ll-choice-notes [data-choice="${i}"]`);
      const why = note.querySelector(".ll-choice-notes__why");
      const right = note.dataset.right === "true" ? "right" : "not right";
      const head = document.createElement("strong");
      head.textContent = `${String.fromCharCode(65 + i)} is ${right}: `;
      lines.push([head, ...[...why.childNodes].map((n) => n.cloneNode(true))]);
    }
    show(problem, verdict === "near" ? "close" : verdict, lines);
    if (remember) record(problem.dataset.problem, verdict === "correct", selected);
  }

  // Hints and solution -------------------------------------------------------

  function setupHints(problem, button) {
    const hints = [...problem.querySelectorAll("details.ll-hint")];
    hints.forEach((hint) => {
      hint.hidden = true;
    });
    if (!button) return;
    let shown = 0;
    button.addEventListener("click", () => {
      const hint = hints[shown];
      hint.hidden = false;
      hint.open = true;
      shown += 1;
      hint.querySelector("summary").focus();
      if (shown === hints.length) {
        button.disabled = true;
        button.textContent = "No more hints";
      } else {
        button.textContent = `Hint ${shown + 1} of ${hints.length}`;
      }
    });
  }

  function showSolution(problem) {
    const solution = problem.querySelector("details.ll-solution");
    solution.open = true;
    const summary = solution.querySelector("summary");
    summary.focus();
    summary.scrollIntoView({ block: "nearest" });
  }

  // One problem --------------------------------------------------------------

  function setup(problem) {
    const id = problem.dataset.problem;
    const form = problem.querySelector(".ll-problem__form");
    const choice = problem.dataset.kind === "choice";
    const inputs = choice
      ? setupChoices(problem, id)
      : [...form.querySelectorAll(".ll-answer__input")];
    const check = choice ? checkChoices : checkNumeric;
    setupHints(problem, form.querySelector('[data-action="hint"]'));
    form.querySelector('[data-action="solution"]').addEventListener("click", () => {
      showSolution(problem);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      check(problem, inputs);
    });
    if (choice) {
      inputs.forEach((input) =>
        input.addEventListener("keydown", (event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            check(problem, inputs);
          }
        }),
      );
    }
    form.hidden = false;
    // Come back to where the reader left it: the last answer and its feedback.
    const last = (load()[id] || {}).last;
    if (Array.isArray(last) && last.length) {
      if (choice) {
        inputs.forEach((input, i) => {
          input.checked = last.includes(i);
        });
      } else {
        inputs.forEach((input, i) => {
          input.value = typeof last[i] === "string" ? last[i] : "";
        });
      }
      check(problem, inputs, { remember: false });
    }
  }

  // Course progress ----------------------------------------------------------

  function count(ids, test) {
    const data = load();
    return ids.split(/\s+/).filter((id) => id && data[id] && test(data[id])).length;
  }

  function fillProgress(root) {
    let tried = 0;
    let solved = 0;
    root.querySelectorAll("[data-attempted]").forEach((cell) => {
      const n = count(cell.dataset.attempted, (e) => e.tries > 0);
      cell.textContent = String(n);
      tried += n;
    });
    root.querySelectorAll("[data-solved]").forEach((cell) => {
      const n = count(cell.dataset.solved, (e) => e.solved);
      cell.textContent = String(n);
      solved += n;
    });
    const total = root.querySelector(".ll-progress__total");
    total.textContent =
      `You have tried ${tried} of the course's ${total.dataset.total} problems ` +
      `and solved ${solved}. Progress is kept in this browser only.`;
  }

  function setupProgress(root) {
    root.querySelector(".ll-progress__total").setAttribute("role", "status");
    fillProgress(root);
    const reset = root.querySelector('[data-action="reset-progress"]');
    reset.hidden = false;
    reset.addEventListener("click", () => {
      if (!window.confirm("Forget every answer and all progress in this browser?")) return;
      try {
        localStorage.removeItem(STORE);
      } catch {
        // nothing stored, nothing to forget
      }
      fillProgress(root);
    });
  }

  // Set up within the task that starts the page, on purpose: each problem in
  // a task of its own (setTimeout) made that task about 20 ms shorter (CPU,
  // optimizers lesson, phone size), yet Lighthouse's mobile simulation gave
  // the lesson 1.5 times the blocking time (12 interleaved runs each).
  document$.subscribe(({ body }) => {
    if (!window.LLAnswers) return; // answers.js failed to load: the text still reads
    body.querySelectorAll(".ll-problem").forEach(setup);
    body.querySelectorAll(".ll-progress").forEach(setupProgress);
  });
})();
