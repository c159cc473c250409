"""Practice problems in a real browser: typed answers (right, wrong, near,
malformed) get the right feedback, hints come one at a time, the solution opens
on request, progress survives instant navigation and a reload and can be
reset, everything works by keyboard and passes axe; without JavaScript and on
paper the problems still read. Every problem of the site accepts its own
answer."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .browsing import (
    REPO,
    axe_violations,
    horizontal_overflow,
    screenshot,
    toggle_palette,
)
from .conftest import PHONE

pytestmark = pytest.mark.e2e

GUIDE = "instructors/"  # its examples are real, built problems
PROGRESS = "lessons/"  # holds the course progress table
KEY = "instructors/answer-key/"
NUMBER = "#problem-guide-bce-confident"  # expects 0.10536 (3 decimals shown)
VECTOR = "#problem-guide-booth-step"  # expects (3.4, 3.8)
CHOICE = "#problem-guide-predict-valley"  # B is right
BLANK = re.compile(r"^\s*$")


def check(page: Page, problem: str, typed: str) -> tuple[str, str]:
    """Type into the problem's (first) box, press Enter; (feedback, its class)."""
    box = page.locator(f"{problem} .ll-answer__input").first
    box.fill(typed)
    box.press("Enter")
    feedback = page.locator(f"{problem} .ll-problem__feedback")
    return shown_text(feedback), feedback.get_attribute("class")


def shown_text(element) -> str:
    """The element's text as the reader sees it, once scrolled to: a block far
    from the screen is rendered (and has an innerText) only when near."""
    element.scroll_into_view_if_needed()
    expect(element).not_to_have_text(BLANK, use_inner_text=True)
    return element.inner_text().strip()


# Feedback -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "says", "state"),
    [
        ("0.105", "Correct.", "correct"),
        (".105", "Correct.", "correct"),
        ("1.05e-1", "Correct.", "correct"),
        ("0.1054", "Correct.", "correct"),
        (" 0.105 ", "Correct.", "correct"),
        ("-0.105", "Close: check the sign.", "close"),
        ("\u22120.105", "Close: check the sign.", "close"),
        ("10.5", "Close: check the decimal point", "close"),
        ("0.11", "Close, but not within the tolerance", "close"),
        ("0.5", "Not yet.", "wrong"),
        ("abc", '"abc" is not a number.', "error"),
        ("0,105", "write decimals with a point", "error"),
        ("", "Type a number first.", "error"),
    ],
)
def test_a_typed_number_gets_feedback_at_once(open_visit, typed, says, state):
    page = open_visit().goto(GUIDE)
    text, classes = check(page, NUMBER, typed)
    assert says in text, f"{typed!r}: feedback {text!r}"
    assert f"ll-problem__feedback--{state}" in classes, f"{typed!r}: {classes}"
    invalid = page.locator(f"{NUMBER} .ll-answer__input").get_attribute("aria-invalid")
    assert (invalid == "true") == (state == "error")


def test_a_vector_is_judged_component_by_component(open_visit):
    page = open_visit().goto(GUIDE)
    assert check(page, VECTOR, "3.4, 3.8")[0] == "Correct."
    assert check(page, VECTOR, "(3.4 3.8)")[0] == "Correct."
    text, _ = check(page, VECTOR, "3.4 -3.8")
    assert text == "x: correct; y: close: check the sign."
    text, _ = check(page, VECTOR, "3.4")
    assert "Give 2 numbers (x, y) separated by a comma or a space; found 1." in text


def test_multiple_choice_explains_the_choice(open_visit):
    page = open_visit().goto(GUIDE)
    choices = page.locator(f"{CHOICE} .ll-choices input[type=radio]")
    assert choices.count() == 3
    group = page.locator(CHOICE).get_by_role("radiogroup", name="Choose one answer.")
    expect(group).to_be_visible()
    page.locator(f"{CHOICE} button[type=submit]").click()
    feedback = page.locator(f"{CHOICE} .ll-problem__feedback")
    assert feedback.inner_text().strip() == "Choose an answer first."
    page.get_by_label("The nearest one, at").check()
    page.locator(f"{CHOICE} button[type=submit]").click()
    text = feedback.inner_text()
    assert text.startswith("Not yet.") and "A is not right:" in text
    assert "momentum carries the run past it" in text
    page.locator(f"{CHOICE} .ll-choices label").nth(1).click()
    page.locator(f"{CHOICE} button[type=submit]").click()
    assert feedback.inner_text().startswith("Correct.")
    assert "B is right:" in feedback.inner_text()


# Hints and solution -------------------------------------------------------------


def test_hints_come_one_at_a_time_and_the_solution_on_request(open_visit):
    page = open_visit().goto(GUIDE)
    hints = page.locator(f"{NUMBER} details.ll-hint")
    button = page.locator(f'{NUMBER} [data-action="hint"]')
    assert hints.count() == 2
    assert not hints.nth(0).is_visible() and not hints.nth(1).is_visible()
    assert shown_text(button) == "Hint 1 of 2"
    button.click()
    assert hints.nth(0).is_visible() and not hints.nth(1).is_visible()
    assert "second term" in hints.nth(0).inner_text()
    assert button.inner_text() == "Hint 2 of 2"
    button.click()
    assert hints.nth(1).is_visible() and button.is_disabled()
    solution = page.locator(f"{NUMBER} details.ll-solution")
    assert solution.get_attribute("open") is None
    page.locator(f'{NUMBER} [data-action="solution"]').click()
    assert solution.get_attribute("open") is not None
    assert "0.105" in solution.inner_text()


def test_everything_works_by_keyboard(open_visit):
    page = open_visit().goto(GUIDE)
    box = page.locator(f"{NUMBER} .ll-answer__input")
    box.focus()
    page.keyboard.type("0.105")
    page.keyboard.press("Enter")
    assert shown_text(page.locator(f"{NUMBER} .ll-problem__feedback")) == "Correct."
    page.keyboard.press("Tab")  # Check
    page.keyboard.press("Tab")  # Hint 1 of 2
    assert page.evaluate("document.activeElement.dataset.action") == "hint"
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.closest('details')?.className")
    assert "ll-hint" in focused, "the revealed hint takes the focus"
    # a choice: focus the group, arrow to B, Enter checks
    page.locator(f"{CHOICE} .ll-choices input").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    feedback = page.locator(f"{CHOICE} .ll-problem__feedback")
    assert shown_text(feedback).startswith("Correct.")


# Progress ------------------------------------------------------------------------


def _counts(page: Page, title: str) -> tuple[str, str]:
    row = page.locator(".ll-progress tr", has_text=title)
    return (
        shown_text(row.locator("[data-attempted]")),
        shown_text(row.locator("[data-solved]")),
    )


def test_progress_survives_navigation_and_reload_and_resets(open_visit):
    visit = open_visit()
    page = visit.goto(GUIDE)
    check(page, NUMBER, "0.105")
    check(page, VECTOR, "1, 1")
    page.wait_for_load_state("networkidle")  # Material reads sitemap.xml first
    page.evaluate("() => { window.__e2eNoReload = true; }")
    page.locator(".md-content a[href$='lessons/']").first.click()
    page.wait_for_selector(".ll-progress [data-attempted]")
    assert page.evaluate("() => window.__e2eNoReload === true"), "not instant"
    expect(page.locator(".ll-progress tr", has_text="Instructor guide")).to_be_visible()
    assert _counts(page, "Instructor guide") == ("2", "1")
    total = shown_text(page.locator(".ll-progress__total"))
    assert "You have tried 2 of the course's" in total and "solved 1" in total
    page.reload()
    assert _counts(page, "Instructor guide") == ("2", "1")
    # back on the problem page the last answers and their feedback are there
    page.goto(visit.url(GUIDE))
    assert page.locator(f"{NUMBER} .ll-answer__input").input_value() == "0.105"
    assert shown_text(page.locator(f"{NUMBER} .ll-problem__feedback")) == "Correct."
    assert page.locator(f"{VECTOR} .ll-answer__input").input_value() == "1, 1"
    # reset
    page = visit.goto(PROGRESS)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset my progress").click()
    assert _counts(page, "Instructor guide") == ("0", "0")
    page.goto(visit.url(GUIDE))
    assert page.locator(f"{NUMBER} .ll-answer__input").input_value() == ""


def test_a_dismissed_reset_keeps_progress(open_visit):
    visit = open_visit()
    page = visit.goto(GUIDE)
    check(page, NUMBER, "0.105")
    page = visit.goto(PROGRESS)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset my progress").click()
    assert _counts(page, "Instructor guide") == ("1", "1")


# Every real problem accepts its own answer ----------------------------------------


def test_every_problem_accepts_its_answer(problem_page, open_visit):
    page = open_visit().goto(problem_page.path)
    problems = page.locator(".ll-problem")
    assert problems.count() == len(problem_page.problems)
    for i in range(problems.count()):
        problem = problems.nth(i)
        where = f"{problem_page.id} #{problem.get_attribute('id')}"
        if problem.get_attribute("data-kind") == "choice":
            for k in json.loads(problem.get_attribute("data-correct")):
                problem.locator(".ll-choices input").nth(k).check()
        else:
            boxes = problem.locator(".ll-answer__input")
            for k in range(boxes.count()):
                values = json.loads(boxes.nth(k).get_attribute("data-expect"))
                boxes.nth(k).fill(", ".join(repr(v) for v in values))
        # Enter on the focused button, not a click at its coordinates: figures
        # drawn lazily nearby may still move it while a loaded machine clicks.
        problem.locator("button[type=submit]").press("Enter")
        feedback = problem.locator(".ll-problem__feedback")
        expect(feedback, where).to_have_text(re.compile(r"^Correct\."))


# Accessibility, phones, dark mode, no JavaScript, print ----------------------------


def _interact(page: Page) -> None:
    check(page, NUMBER, "-0.105")
    page.locator(f'{NUMBER} [data-action="hint"]').click()
    check(page, VECTOR, "3.4 -3.8")
    page.locator(f"{CHOICE} .ll-choices input").first.check()
    page.locator(f"{CHOICE} button[type=submit]").click()


def test_axe_after_answering_in_light_and_dark(open_visit):
    page = open_visit().goto(GUIDE)
    _interact(page)
    found = [f"light: {line}" for line in axe_violations(page)]
    toggle_palette(page, "guide")
    found += [f"dark: {line}" for line in axe_violations(page)]
    page.locator(NUMBER).scroll_into_view_if_needed()
    screenshot(page, "problems", "desktop-dark")
    assert not found, "\n  ".join(found)


def test_problems_fit_a_phone(open_visit):
    page = open_visit(**PHONE).goto(GUIDE)
    _interact(page)
    scroll, client, wide = horizontal_overflow(page)
    assert scroll <= client, f"sideways scroll at 390 px: {wide}"
    box = page.locator(f"{NUMBER} .ll-answer__input").bounding_box()
    assert box["width"] >= 150, "the answer box is too small to type in"
    page.locator(NUMBER).scroll_into_view_if_needed()
    screenshot(page, "problems", "phone-light")


def test_without_javascript_problem_and_solution_read(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + GUIDE)
        problem = page.locator(NUMBER)
        assert "What is the binary cross-entropy" in shown_text(problem)
        assert not page.locator(f"{NUMBER} .ll-problem__form").is_visible()
        choices = page.locator(f"{CHOICE} .ll-choices li")
        assert choices.count() == 3 and choices.first.is_visible()
        solution = page.locator(f"{NUMBER} details.ll-solution")
        solution.locator("summary").click()
        assert "0.105" in solution.inner_text()
        hints = page.locator(f"{NUMBER} details.ll-hint")
        assert hints.count() == 2 and hints.first.is_visible()
    finally:
        context.close()


def test_print_leaves_space_to_work_and_no_answers(open_visit):
    page = open_visit().goto(GUIDE)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for part in (".ll-problem__form", "details.ll-hint", "details.ll-solution"):
        shown = page.locator(f"{NUMBER} {part}")
        for i in range(shown.count()):
            assert not shown.nth(i).is_visible(), f"{part} shows in print"
    work = page.locator(f"{NUMBER} .ll-problem__work").bounding_box()
    assert work and work["height"] > 150, "no space to work under the problem"


def test_the_answer_key_prints_every_solution(open_visit, built_site):
    page = open_visit().goto(KEY)
    page.emulate_media(media="print")
    everywhere = {i for p in built_site.pages for i in p.problems}
    listed = page.eval_on_selector_all(
        ".ll-answer-key h3[id^=key-]", "hs => hs.map(h => h.id.slice(4))"
    )
    assert set(listed) == everywhere and len(listed) == len(everywhere)
    text = page.locator(".ll-answer-key").inner_text()
    assert text.count("Solution.") == len(everywhere)
    assert "0.105" in text


def test_several_answers_can_be_checked_one_at_a_time(open_visit):
    page = open_visit().goto("lessons/loss-landscape/")
    problem = "#problem-bce-which-network"
    text, classes = check(page, problem, "0.511")
    lines = text.split("\n")
    assert lines[0] == "1 of 3 answers are right so far."
    assert "Loss of network A: Correct." in text
    assert "Loss of network B: not answered yet." in text
    assert "ll-problem__feedback--close" in classes
    boxes = page.locator(f"{problem} .ll-answer__input")
    boxes.nth(0).fill("")
    boxes.nth(0).press("Enter")
    feedback = page.locator(f"{problem} .ll-problem__feedback")
    assert shown_text(feedback) == "Type a number first."


# A choice that is only a formula ----------------------------------------------

FORMULAS = "#problem-guide-formula-choice"


def formula_choices() -> list[str]:
    """The TeX of each choice of the guide's formula-only problem, read from
    the guide's Markdown (what a screen reader should say)."""
    source = (REPO / "docs" / "instructors" / "index.md").read_text("utf-8")
    block = source.split("id: guide-formula-choice")[-1].split("solution:")[0]
    return re.findall(r"^  - text: \$(.+)\$$", block, re.MULTILINE)


def test_a_formula_choice_is_named_by_its_tex(open_visit):
    page = open_visit().goto(GUIDE)
    problem = page.locator(FORMULAS)
    problem.scroll_into_view_if_needed()
    texs = formula_choices()
    assert len(texs) == 3
    assert problem.locator(".ll-choices label .katex").count() == 3  # typeset
    for tex in texs:  # Playwright's own accessible-name computation
        radio = problem.get_by_role("radio", name=tex, exact=True)
        assert radio.count() == 1, f"no radio button named {tex!r}"
    radio = problem.get_by_role("radio", name=texs[0], exact=True)
    radio.check()
    problem.locator("button[type=submit]").click()
    assert shown_text(problem.locator(".ll-problem__feedback")).startswith("Correct")
    every = ("minor", "moderate", "serious", "critical")
    found = axe_violations(page, impacts=every, within=FORMULAS)
    assert not found, "\n  ".join(found)
