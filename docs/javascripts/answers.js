// Reading and judging a typed answer: the JavaScript twin of
// lesson_src/lessonkit/answers.py (tests/lessonkit/test_answers.py runs both
// on the same cases under Node). Pure functions, no DOM: the page script
// (problems.js) uses them as window.LLAnswers.

(() => {
  const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  const SEPARATOR = /\s*[,;]\s*|\s+/;
  const BRACKETS = { "(": ")", "[": "]" };
  const MINUS_SIGNS = /[\u2212\u2013]/g; // minus sign, en dash
  const FUZZ = 1e-9;
  const NEAR = 5;
  const SCALES = [10, 100, 0.1, 0.01];

  // { values, error: null | "empty" | "number" | "count", bad }
  function parse(input, count) {
    let text = String(input).trim().replace(MINUS_SIGNS, "-");
    const close = BRACKETS[text[0]];
    if (close && text.endsWith(close)) text = text.slice(1, -1).trim();
    if (!text) return { values: [], error: "empty", bad: null };
    const values = [];
    for (const token of text.split(SEPARATOR)) {
      const value = NUMBER.test(token) ? Number(token) : NaN;
      if (!Number.isFinite(value)) return { values: [], error: "number", bad: token };
      values.push(value);
    }
    if (values.length !== count) return { values, error: "count", bad: null };
    return { values, error: null, bad: null };
  }

  function within(value, expected, tol) {
    return Math.abs(value - expected) <= tol * (1 + FUZZ);
  }

  function judge(value, expected, tol) {
    if (within(value, expected, tol)) return "correct";
    if (expected !== 0 && within(-value, expected, tol)) return "sign";
    if (value !== 0 && SCALES.some((s) => within(value * s, expected, tol))) return "scale";
    if (within(value, expected, NEAR * tol)) return "near";
    return "wrong";
  }

  function judgeAll(values, expected, tols) {
    return values.map((v, i) => judge(v, expected[i], tols[i]));
  }

  function judgeChoices(selected, correct) {
    const chosen = new Set(selected);
    const right = new Set(correct);
    const same = chosen.size === right.size && [...chosen].every((c) => right.has(c));
    if (same) return "correct";
    if (chosen.size > 0 && [...chosen].every((c) => right.has(c))) return "near";
    return "wrong";
  }

  const api = { parse, judge, judgeAll, judgeChoices };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof window === "object") window.LLAnswers = api;
})();
