"""The visible text of a saved web page (a press release or a report page), as an editor would copy it.

The standard library's tolerant parser reads any markup, broken or hostile, without fetching anything: scripts,
styles and other invisible parts are dropped, each block starts a new line, and the text is bounded as it grows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_HTML_BYTES = 5 * 1024 * 1024
MAX_HTML_TEXT = 500_000

_INVISIBLE = {"script", "style", "template", "noscript", "svg", "math", "iframe", "object", "canvas"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "title", "tr", "ul",
}  # fmt: skip
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_LINE_SPACE = re.compile(r"[ \t\f\v\u00a0]+")


class UnreadableHtml(ValueError):
    """Why a file's markup gave no text to read, in words for an editor."""


class _VisibleText(HTMLParser):
    def __init__(self, limit):
        super().__init__(convert_charrefs=True)
        self.limit = limit
        self.parts: list[str] = []
        self.length = 0
        self.hidden: list[str] = []  # the invisible elements open around the current point

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if tag in _BLOCKS:
                self._add("\n")
            return
        if tag in _INVISIBLE:
            self.hidden.append(tag)
        if tag in _BLOCKS:
            self._add("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self._add("\n")

    def handle_endtag(self, tag):
        if tag in self.hidden:
            # Close it and whatever was left open inside it (broken markup closes them implicitly).
            while self.hidden and self.hidden.pop() != tag:
                pass
        if tag in _BLOCKS:
            self._add("\n")

    def handle_data(self, data):
        if not self.hidden:
            self._add(data)

    def _add(self, text):
        self.length += len(text)
        if self.length > self.limit:
            raise UnreadableHtml(
                f"The page holds more than {self.limit:,} characters of text, more than any report page."
            )
        self.parts.append(text)

    def text(self):
        lines = (_LINE_SPACE.sub(" ", line).strip() for line in "".join(self.parts).splitlines())
        paragraphs, blank = [], False
        for line in lines:
            if line:
                paragraphs.append(line)
                blank = False
            elif not blank and paragraphs:
                paragraphs.append("")
                blank = True
        return "\n".join(paragraphs).strip()


def _decoded(data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    encodings = ["utf-8-sig"]
    if declared:
        encodings.insert(0, declared.group(1).decode("ascii").lower())
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise UnreadableHtml("The file is not text in a known encoding; save the page again, or paste its text.")


def text_from_html(data: bytes, *, limit: int = MAX_HTML_TEXT) -> str:
    """The page's visible text, one block a line; UnreadableHtml says why there is none."""
    if len(data) > MAX_HTML_BYTES:
        raise UnreadableHtml(f"The page is larger than {MAX_HTML_BYTES // (1024 * 1024)} MB.")
    if b"\x00" in data:
        raise UnreadableHtml("The file holds binary data, not a web page; save the page as HTML, or paste its text.")
    markup = _decoded(data)
    parser = _VisibleText(limit)
    try:
        parser.feed(markup)
        parser.close()
    except UnreadableHtml:
        raise
    except Exception:  # the parser's own faults on hostile markup: a message, never a server error
        raise UnreadableHtml("The page's markup could not be read; paste its text instead.") from None
    text = parser.text()
    if not text:
        raise UnreadableHtml("The page shows no text to read.")
    return text


def looks_like_html(name: str, head: bytes) -> bool:
    """Whether an upload is a web page: by its name, or by markup at its start."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--"))
