"""Checks on the charts a page has drawn, read from the SVG that plotly.js rendered.

- ``draw_every_chart(page)``  scrolls each chart and map into view (they are drawn only when about to be
  seen) and waits until all are drawn.
- ``scroll_into_view(locator)`` scrolls one element into view even while charts drawn above it still move it.
- ``label_problems(page)``    tick labels, axis titles, annotations and legend entries of every drawn chart whose boxes
  overlap one another or reach outside the chart's SVG (clipped): a list of readable sentences.
- ``assert_charts_readable(page)`` both, failing with the problems found.
"""

DRAWN = ".chart-canvas.chart-drawn, .map-canvas.map-drawn"
CANVASES = "[data-figure], [data-map-figure]"

# Plotly's text for tick labels (.xtick/.ytick), axis titles (.g-xtitle/.g-ytitle), annotations and legends.
_LABEL_PROBLEMS_JS = """
({tolerance}) => {
  const problems = [];
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.opacity !== "0"
      && element.textContent.trim() !== "";
  };
  const overlaps = (a, b) =>
    a.left < b.right - tolerance && b.left < a.right - tolerance &&
    a.top < b.bottom - tolerance && b.top < a.bottom - tolerance;
  document.querySelectorAll(".js-plotly-plot").forEach((plot) => {
    const name = plot.id || plot.getAttribute("data-figure") || "a chart";
    const svg = plot.querySelector("svg.main-svg");
    if (!svg) { return; }
    const frame = svg.getBoundingClientRect();
    const labels = [];
    const groups = [
      ["tick label", ".xtick text, .ytick text"],
      ["axis title", ".g-xtitle text, .g-ytitle text"],
      ["annotation", ".annotation-text"],
      ["legend entry", ".legendtext"],
    ];
    groups.forEach(([kind, selector]) => {
      plot.querySelectorAll(selector).forEach((element) => {
        if (visible(element)) {
          labels.push({ kind, text: element.textContent.trim(), box: element.getBoundingClientRect() });
        }
      });
    });
    labels.forEach((label) => {
      const box = label.box;
      if (box.left < frame.left - tolerance || box.right > frame.right + tolerance ||
          box.top < frame.top - tolerance || box.bottom > frame.bottom + tolerance) {
        problems.push(`${name}: ${label.kind} "${label.text}" is clipped by the chart's edge`);
      }
    });
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        if (overlaps(labels[i].box, labels[j].box)) {
          const [a, b] = [labels[i], labels[j]];
          problems.push(`${name}: ${a.kind} "${a.text}" overlaps ${b.kind} "${b.text}"`);
        }
      }
    }
  });
  return problems;
}
"""

_SCROLL_INTO_VIEW_JS = """
(element) => new Promise((resolve) => {
  element.scrollIntoView({ block: "center" });
  requestAnimationFrame(() => requestAnimationFrame(resolve));
})
"""


def scroll_into_view(locator):
    """Scroll an element to the middle of the viewport, without waiting for it to stop moving."""
    locator.evaluate(_SCROLL_INTO_VIEW_JS)


def draw_every_chart(page, timeout=20_000):
    """Bring each chart and map near the viewport so it is drawn, then wait for all of them."""
    count = page.locator(CANVASES).count()
    for index in range(count):
        # Scrolled by script: a chart drawn above grows the page, so the canvas below it need not be "stable" to
        # be brought into view; two animation frames let the observer see it before the next one is scrolled to.
        scroll_into_view(page.locator(CANVASES).nth(index))
    page.wait_for_function(
        "([all, drawn]) => document.querySelectorAll(all).length === document.querySelectorAll(drawn).length",
        arg=[CANVASES, DRAWN],
        timeout=timeout,
    )
    return count


def label_problems(page, tolerance=1):
    return page.evaluate(_LABEL_PROBLEMS_JS, {"tolerance": tolerance})


def assert_charts_readable(page):
    draw_every_chart(page)
    problems = label_problems(page)
    assert not problems, f"{page.url} at {page.viewport_size['width']} px:\n" + "\n".join(problems)
