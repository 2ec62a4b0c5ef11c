"""Streamed JSON and CSV: the same bytes as the whole responses, sent as the rows are read."""

import csv
import datetime
import io
from decimal import Decimal

from dashboard.exports.responses import json_response, streaming_csv_response, streaming_json_response

ROWS = [
    {"name": "Kent, Surrey & Sussex", "nested": {"list": [1, [2, {"deep": "x\ny"}]], "empty": []}, "none": None},
    {"name": "Gwent — Cymru", "when": datetime.date(2019, 6, 1), "amount": Decimal("8652.50")},
    {},
]


def document(rows, more_rows):
    return {"schema": "test", "rows": rows, "between": {"a": [1, 2]}, "more": more_rows, "end": "done"}


def test_lazy_arrays_stream_as_the_whole_document_is_written():
    whole = json_response(document(ROWS, ROWS[:1])).content
    streamed = streaming_json_response(document(iter(ROWS), (row for row in ROWS[:1])))
    assert streamed.getvalue() == whole


def test_an_empty_lazy_array_is_written_as_json_writes_an_empty_list():
    whole = json_response(document([], [])).content
    assert streaming_json_response(document(iter([]), iter([]))).getvalue() == whole


def test_streamed_json_is_open_to_other_sites():
    response = streaming_json_response(document(iter(ROWS), iter([])))
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_streamed_csv_sends_its_header_at_once_and_neutralises_formulas():
    read = []

    def rows():
        yield ["name", "value"]
        for number in range(3):
            read.append(number)
            yield [f"=HYPERLINK({number})", -number]

    response = streaming_csv_response("things.csv", rows())
    pieces = iter(response.streaming_content)
    assert next(pieces) == b"name,value\r\n"
    assert read == []
    text = b"".join(pieces).decode()
    assert list(csv.reader(io.StringIO(text))) == [[f"'=HYPERLINK({number})", str(-number)] for number in range(3)]
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
