"""The open-data page at /data/, the whole dataset as CSV and JSON, its sources, and the feed of inspections."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ..cache import cache_public_page
from ..feeds import InspectionsFeed
from ..open_data import (
    dataset_document,
    dataset_facts_csv,
    dataset_inspections_csv,
    dataset_key_questions_csv,
    dataset_sources_csv,
    json_response,
)
from ..selectors.dataset import dataset
from ..selectors.league import last_changed

OPEN_DATA_DOC = Path(settings.BASE_DIR) / "docs" / "open-data.md"

DATASET_CSVS = {
    "inspections": dataset_inspections_csv,
    "key-questions": dataset_key_questions_csv,
    "facts": dataset_facts_csv,
    "sources": dataset_sources_csv,
}


@cache_public_page
def data_page(request):
    from inspections.models import Inspection
    from providers.models import Provider

    context = {
        "inspection_count": Inspection.objects.count(),
        "provider_count": Provider.objects.count(),
        "last_changed": last_changed(),
    }
    return render(request, "dashboard/data.html", context)


@cache_public_page
def dataset_json(request):
    return json_response(dataset_document(request, dataset()))


@cache_public_page
def dataset_csv(request, name):
    writer = DATASET_CSVS.get(name)
    if writer is None:
        raise Http404("No table of the dataset has that name.")
    return writer(dataset())


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
