"""The responses every export is served in: CSV and JSON, whole or streamed, open to other sites."""

import json
from collections.abc import Iterator
from uuid import uuid4

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

from . import safe_csv

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_INDENT = 1
JSON_DUMPS_PARAMS = {"indent": JSON_INDENT, "ensure_ascii": False}
# A streamed body goes out in pieces of about this many characters: few writes, little held at once.
PIECE_SIZE = 64 * 1024


def _open_to_other_sites(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_response(document, status=200):
    """A JSON document other sites may fetch from their own pages (CORS open to all)."""
    return _open_to_other_sites(JsonResponse(document, status=status, json_dumps_params=JSON_DUMPS_PARAMS))


def csv_response(filename):
    """An empty CSV download to write rows into."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _open_to_other_sites(response)


def streaming_csv_response(filename, rows):
    """A CSV download of `rows` (lists of cells, the header first), written as they are read."""
    response = StreamingHttpResponse(_in_pieces(safe_csv.lines(rows)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _open_to_other_sites(response)


def streaming_json_response(document):
    """`document` byte for byte as `json_response` writes it, sent piece by piece.

    Top-level values that are iterators (generators of rows) become JSON arrays read as they
    are sent; everything else is written as it is.
    """
    response = StreamingHttpResponse(_in_pieces(json_pieces(document)), content_type="application/json")
    return _open_to_other_sites(response)


def plain_text_problem(messages, nearest_url, status):
    lines = ["This address is not a comparison the site can show:"]
    lines += [f"- {message}" for message in messages]
    if nearest_url:
        lines.append(f"The nearest valid comparison: {nearest_url}")
    return HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8")


def _dumps(value):
    return json.dumps(value, cls=DjangoJSONEncoder, **JSON_DUMPS_PARAMS)


def json_pieces(document):
    """The text of `document` as `_dumps` would write it whole, its iterator values read lazily."""
    placeholders = {key: f"\x00{uuid4().hex}\x00" for key, value in document.items() if isinstance(value, Iterator)}
    text = _dumps({key: placeholders.get(key, value) for key, value in document.items()})
    for key, placeholder in placeholders.items():
        before, text = text.split(_dumps(placeholder), 1)
        yield before
        yield from _json_array(document[key])
    yield text


_ITEM_INDENT = " " * (2 * JSON_INDENT)  # the items of a top-level array
_CLOSING_INDENT = " " * JSON_INDENT
_NOTHING = object()


def _json_array(items):
    items = iter(items)
    first = next(items, _NOTHING)
    if first is _NOTHING:
        yield "[]"
        return
    yield "[\n" + _indented(_dumps(first))
    for item in items:
        yield ",\n" + _indented(_dumps(item))
    yield "\n" + _CLOSING_INDENT + "]"


def _indented(text):
    # json.dumps escapes newlines inside strings, so every newline here starts a line of the layout.
    return _ITEM_INDENT + text.replace("\n", "\n" + _ITEM_INDENT)


def _in_pieces(texts):
    """Join small texts into pieces of about PIECE_SIZE characters; the first goes out at once."""
    texts = iter(texts)
    first = next(texts, None)
    if first is not None:
        yield first
    pending, size = [], 0
    for text in texts:
        pending.append(text)
        size += len(text)
        if size >= PIECE_SIZE:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)
