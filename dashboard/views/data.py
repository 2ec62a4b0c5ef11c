"""The open-data page at /data/, the whole dataset as CSV and JSON, its sources, and the feed of inspections."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ..cache import cache_public_page
from ..exports.dataset import DATASET_TABLES, dataset_csv_response, dataset_json_response
from ..feeds import InspectionsFeed
from ..selectors.dataset import dataset, era_counts
from ..selectors.league import last_changed
from ..selectors.places import places_data

OPEN_DATA_DOC = Path(settings.BASE_DIR) / "docs" / "open-data.md"


@cache_public_page
def data_page(request):
    context = {"eras": era_counts(), "last_changed": last_changed(), "places": places_data()}
    return render(request, "dashboard/data.html", context)


@cache_public_page
def dataset_json(request):
    return dataset_json_response(request, dataset())


@cache_public_page
def dataset_csv(request, name):
    if name not in DATASET_TABLES:
        raise Http404("No table of the dataset has that name.")
    return dataset_csv_response(name, dataset())


def _text_file(path, content_type):
    if not path.is_file():
        raise Http404("This document is not available on this site.")
    response = HttpResponse(path.read_text(encoding="utf-8"), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_public_page
def data_sources(request):
    """fixtures/source/SOURCES.md (or SHARED_DATA_DIR's): the quoted passage behind every value."""
    return _text_file(Path(settings.SHARED_DATA_DIR) / "SOURCES.md", "text/markdown; charset=utf-8")


@cache_public_page
def open_data_doc(request):
    return _text_file(OPEN_DATA_DOC, "text/markdown; charset=utf-8")


inspections_feed = cache_public_page(InspectionsFeed())
