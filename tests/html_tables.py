"""Read the tables of a rendered page as a reader sees them: caption, header texts, row texts."""

from html.parser import HTMLParser


class _TableParser(HTMLParser):
    HIDDEN = "visually-hidden"

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self._table = None
        self._cell = None
        self._row = None
        self._in_caption = False
        self._hidden_depth = 0
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._depth += 1
        if self._hidden_depth:
            self._hidden_depth += 1
        elif self.HIDDEN in (attrs.get("class") or "").split():
            self._hidden_depth = 1
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        if tag == "table":
            self._table = {"caption": "", "rows": []}
        elif tag == "caption" and self._table is not None:
            self._in_caption = True
        elif tag == "tr" and self._table is not None:
            # A band's heading row ("Good — 8 providers") heads a group of rows; it is no row of its own.
            self._row = None if "band-row" in (attrs.get("class") or "").split() else []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if self._hidden_depth:
            self._hidden_depth -= 1
        if tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self._table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._hidden_depth:
            return
        if self._in_caption:
            self._table["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(html):
    """Every table of the page as {"caption": text, "rows": [[cell text, …], …]}; visually hidden text and band
    heading rows left out."""
    parser = _TableParser()
    parser.feed(html)
    return [{"caption": " ".join(t["caption"].split()), "rows": t["rows"]} for t in parser.tables]


def table(html, caption_start):
    """The rows of the one table whose caption starts with `caption_start`."""
    found = [t for t in tables(html) if t["caption"].startswith(caption_start)]
    assert len(found) == 1, f"{len(found)} tables captioned {caption_start!r}: {[t['caption'] for t in tables(html)]}"
    return found[0]["rows"]


def rows_by_header(rows):
    """{first cell: remaining cells} for the body rows of a table whose first row is its header."""
    return {row[0]: row[1:] for row in rows[1:]}
