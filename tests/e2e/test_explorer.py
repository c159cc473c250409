"""Explorers in the built site, driven as a reader would: a click or tap sets the
start, a slider changes the path, the URL restores the state, the keyboard
alone does all of it, and every number shown equals the core's run. Also:
after instant navigation, on a phone, in dark mode, with reduced motion, in
print, without console errors, axe-clean; the code loads only where needed."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import numpy as np
import pytest

from losslandscape import optim, surfaces

from .browsing import (
    SCREENSHOTS,
    axe_violations,
    horizontal_overflow,
    mark_nav_link,
    toggle_palette,
    wait_for_page,
)
from .conftest import PHONE

pytestmark = pytest.mark.e2e

PAGE = "lessons/optimizers/"
ID = "optimizer-playground"
FIGURE = f"#fig-{ID}"


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    return json.loads((built_site.root / "figures" / f"{ID}.json").read_text())


def live(page, figure: str = FIGURE):
    """The explorer, scrolled into view and started."""
    page.locator(figure).scroll_into_view_if_needed()
    page.wait_for_selector(f"{figure}.ll-explorer--live")
    return page.locator(figure)


def statuses(figure) -> list[str]:
    return figure.locator(".ll-explorer__status").all_text_contents()


def url_state(page) -> dict[str, list[float]]:
    """The explorer's state in the URL: {'s': [x, y], 'o0': [...], ...}."""
    page.wait_for_selector(f"{FIGURE}:not([data-url-pending])", state="attached")
    # location.search, not page.url: Playwright learns of replaceState late.
    query = page.evaluate("() => location.search").removeprefix("?")
    value = parse_qs(query).get(ID, [""])[0]
    parts = [p.split("_") for p in value.split("~") if p]
    return {key: [float(v) for v in values] for key, *values in parts}


def fmt(v: float) -> str:
    """The explorer's three significant digits, with a real minus sign."""
    a = abs(v)
    if a and (a < 1e-3 or a >= 1e5):
        mantissa, exponent = f"{v:.2e}".split("e")
        text = f"{mantissa}e{int(exponent):+d}"
    else:
        x = float(f"{v:.3g}")
        text = str(int(x)) if x.is_integer() else repr(x)
    return text.replace("-", "−")


def core_status(data: dict, k: int, start, steps: int, **changes) -> str:
    """What optimizer k's status line must say, computed by the core."""
    o = data["optimizers"][k]
    s = surfaces.get(data["surface"]["name"])
    hyper = {**o["hyper"], **changes}
    if "betas" in hyper:
        hyper["betas"] = tuple(hyper["betas"])
    t = optim.run_detailed(
        optim.get(o["name"], **hyper),
        lambda p: s.grad(p[0], p[1]),
        np.array(start, dtype=float),
        steps,
        loss_fn=lambda p: s.f(p[0], p[1]),
    )
    if t.diverged:
        return f"diverged at step {t.stopped_at}"
    x, y = t.path[-1]
    return (
        f"after {len(t.path) - 1} steps at ({fmt(x)}, {fmt(y)}), "
        f"loss {fmt(t.losses[-1])}"
    )


def test_the_starting_state_is_the_cores(open_visit, data):
    page = open_visit().goto(PAGE)
    figure = live(page)
    shown = statuses(figure)
    for k, o in enumerate(data["optimizers"]):
        expected = (
            core_status(data, k, data["start"], data["steps"])
            if o["visible"]
            else "hidden"
        )
        assert shown[k] == expected, f"optimizer {k} ({o['label']})"
    assert url_state(page) == {}  # nothing changed, nothing written


def test_a_click_on_the_map_sets_the_start(open_visit, data):
    page = open_visit().goto(PAGE)
    figure = live(page)
    canvas = figure.locator(".ll-explorer__canvas")
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.3})
    start = url_state(page)["s"]
    (x0, x1), (y0, y1) = data["window"]["x"], data["window"]["y"]
    assert x0 < start[0] < (x0 + x1) / 2 and (y0 + y1) / 2 < start[1] < y1
    text = figure.locator(".ll-explorer__start").text_content()
    assert text == f"Start ({fmt(start[0])}, {fmt(start[1])})"
    assert statuses(figure)[0] == core_status(data, 0, start, data["steps"])
    assert statuses(figure)[1] == core_status(data, 1, start, data["steps"])


def test_a_slider_changes_the_path_and_the_url(open_visit, data):
    page = open_visit().goto(PAGE)
    figure = live(page)
    before = statuses(figure)[0]
    lr = figure.locator("fieldset").first.locator("input[type=range]").first
    lr.fill("900")  # towards the top of the log-scaled range
    state = url_state(page)["o0"]
    visible, new_lr, momentum = state
    assert visible == 1 and new_lr > data["optimizers"][0]["hyper"]["lr"]
    after = statuses(figure)[0]
    assert after != before
    assert after == core_status(
        data, 0, data["start"], data["steps"], lr=new_lr, momentum=momentum
    )
    output = figure.locator("fieldset").first.locator("output").first
    assert output.text_content() == fmt(new_lr)


def test_the_url_restores_the_state(open_visit, data):
    query = f"?{ID}=s_-2_1~n_50~o0_1_0.2_0.5~o3_0_0.1_0.9_0.999~o4_1_2"
    page = open_visit().goto(PAGE + query)
    figure = live(page)
    assert figure.locator(".ll-explorer__start").text_content() == "Start (−2, 1)"
    shown = statuses(figure)
    assert shown[0] == core_status(data, 0, [-2, 1], 50, lr=0.2, momentum=0.5)
    assert shown[1] == core_status(data, 1, [-2, 1], 50)  # unchanged settings
    assert shown[3] == "hidden"  # Adam switched off
    # Adagrad switched on; its lr 2 lies outside the slider's range: ignored.
    assert shown[4] == core_status(data, 4, [-2, 1], 50)
    boxes = figure.locator("legend input[type=checkbox]")
    assert [boxes.nth(k).is_checked() for k in range(5)] == [1, 1, 0, 0, 1]
    # The same link opened again shows the same thing.
    url_state(page)
    again = open_visit().goto(PAGE + page.evaluate("() => location.search"))
    assert statuses(live(again)) == shown


def test_a_divergent_run_says_where_it_stopped(open_visit, data):
    page = open_visit().goto(PAGE + f"?{ID}=o0_1_1_0.9")
    figure = live(page)
    expected = core_status(data, 0, data["start"], data["steps"], lr=1.0, momentum=0.9)
    assert expected.startswith("diverged at step ")
    assert statuses(figure)[0] == expected
    live_region = figure.locator(".ll-explorer__live")
    assert live_region.get_attribute("aria-live") == "polite"
    page.wait_for_function(
        "el => el.textContent.includes('diverged at step')",
        arg=live_region.element_handle(),
    )


def test_the_keyboard_alone_does_all_of_it(open_visit, data):
    page = open_visit().goto(PAGE)
    live(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    for _ in range(400):  # Tab from the top of the page to the map
        page.keyboard.press("Tab")
        focused = f"document.activeElement.closest('{FIGURE} .ll-explorer__map')"
        if page.evaluate(f"() => {focused} !== null"):
            break
    else:
        pytest.fail("Tab never reached the explorer's map")
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    x, y = url_state(page)["s"]
    width = data["window"]["x"][1] - data["window"]["x"][0]
    height = data["window"]["y"][1] - data["window"]["y"][0]
    assert x == pytest.approx(data["start"][0] - 5 * 0.02 * width, abs=0.01)
    assert y == pytest.approx(data["start"][1] + 0.02 * height, abs=0.01)
    figure = page.locator(FIGURE)
    assert statuses(figure)[0] == core_status(data, 0, [x, y], data["steps"])
    page.keyboard.press("Tab")  # the steps slider
    page.keyboard.press("ArrowRight")
    assert url_state(page)["n"] == [data["steps"] + 1]
    page.keyboard.press("Tab")  # Reset
    page.keyboard.press("Tab")  # gradient descent's checkbox
    page.keyboard.press("Space")
    assert statuses(figure)[0] == "hidden"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # its learning rate
    page.keyboard.press("ArrowRight")
    assert url_state(page)["o0"][1] > data["optimizers"][0]["hyper"]["lr"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Reset
    assert url_state(page) == {}
    assert statuses(figure)[0] == core_status(data, 0, data["start"], data["steps"])


def test_explorers_are_axe_clean_in_light_and_dark(open_visit):
    page = open_visit().goto(PAGE)
    live(page)
    live(page, "#fig-optimizers-ill-conditioned")
    found = axe_violations(page)
    scheme = toggle_palette(page, PAGE)
    found += [f"{scheme}: {line}" for line in axe_violations(page)]
    assert not found, "\n  ".join(["axe-core violations:", *found])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(FIGURE).screenshot(path=str(SCREENSHOTS / f"explorer--{scheme}.png"))


def test_on_a_phone_a_tap_sets_the_start_and_nothing_sticks_out(open_visit, data):
    page = open_visit(**PHONE).goto(PAGE)
    figure = live(page)
    canvas = figure.locator(".ll-explorer__canvas")
    box = canvas.bounding_box()
    canvas.tap(position={"x": box["width"] * 0.7, "y": box["height"] * 0.5})
    start = url_state(page)["s"]
    assert statuses(figure)[1] == core_status(data, 1, start, data["steps"])
    scroll, client, wide = horizontal_overflow(page)
    assert scroll <= client, f"the page scrolls sideways on a phone: {wide}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(SCREENSHOTS / "explorer--phone.png"))


def test_after_instant_navigation_with_reduced_motion(open_visit, built_site, data):
    visit = open_visit(reduced_motion="reduce", viewport={"width": 1280, "height": 900})
    page = visit.goto("lessons/loss-landscape/")
    live(page, "#fig-ch13-own-walk")
    page.wait_for_load_state("networkidle")
    assert mark_nav_link(page, visit.url(PAGE)), "no navigation link to the lesson"
    page.evaluate("() => { window.__e2eNoReload = true; }")
    page.locator("[data-e2e-target]").first.click()
    wait_for_page(page, visit.url(PAGE), built_site.page(PAGE).title, PAGE)
    assert page.evaluate("() => window.__e2eNoReload === true")
    figure = live(page)
    canvas = figure.locator(".ll-explorer__canvas")
    canvas.click(position={"x": 80, "y": 60})
    start = url_state(page)["s"]
    assert statuses(figure)[1] == core_status(data, 1, start, data["steps"])


def test_print_and_no_javascript_show_the_static_picture(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGE)
    # The <noscript> copy of the picture (the other waits for a script).
    assert page.locator(f"{FIGURE} img.ll-figure__static[src]").is_visible()
    assert not page.locator(f"{FIGURE} img.ll-figure__static[data-src]").is_visible()
    assert not page.locator(f"{FIGURE} .ll-explorer__app").is_visible()
    context.close()


def test_printing_a_live_explorer_shows_its_picture(open_visit):
    page = open_visit().goto(PAGE)
    figure = live(page)
    page.emulate_media(media="print")
    assert figure.locator("img.ll-figure__static").is_visible()
    assert not figure.locator(".ll-explorer__app").is_visible()


def test_the_explorer_code_loads_only_where_an_explorer_is(open_visit):
    visit = open_visit()
    requested: list[str] = []
    visit.page.on("request", lambda r: requested.append(r.url))
    page = visit.goto("glossary/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/javascripts/explorer/" in u]
    page = visit.goto(PAGE)
    live(page)
    assert any(u.endswith("/javascripts/explorer/explorer.js") for u in requested)
