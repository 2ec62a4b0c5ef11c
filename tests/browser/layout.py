"""What the browser tests measure of a page's layout."""

OVERFLOW = """(skipScrollingTables) => {
    const width = document.documentElement.clientWidth;
    let widest = null;
    for (const element of document.querySelectorAll("body *")) {
        if (skipScrollingTables && element.closest(".table-scroll")) continue;  // a table scrolls in its own region
        const right = element.getBoundingClientRect().right;
        if (right > width + 1 && (!widest || right > widest.right)) {
            widest = {right, name: element.tagName + "." + element.className};
        }
    }
    return {by: document.documentElement.scrollWidth - width, widest};
}"""


def overflow(page, skip_scrolling_tables=False):
    """How far the document is wider than the viewport (`by`), and the element that sticks out furthest
    (`widest`); with `skip_scrolling_tables`, elements inside a table's own scrolling region do not count."""
    return page.evaluate(OVERFLOW, skip_scrolling_tables)
