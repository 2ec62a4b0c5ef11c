"""Every public page makes as many SQL queries with 1,000 more providers and 1,000 more units as with the
real data of both eras and the councils.

The real data and the councils are loaded once for the module and every page requested uncached; then 1,000
synthetic providers of the CRC era and 1,000 synthetic PDUs (each covering a council) are added
(inspections/synthetic.py) and every page requested again. All of it happens in one transaction that is
rolled back, so no other test sees the rows.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dashboard.response_cache import recent_answers
from inspections.models import Inspection
from inspections.synthetic import seed_synthetic_providers, seed_synthetic_units
from places.sync import store_places

# The tests themselves only compare numbers; the mark makes pytest-django create the test database.
pytestmark = pytest.mark.django_db

SYNTHETIC_PROVIDERS = 1_000

# Every public address of dashboard/urls.py; {inspection} is KSS CRC's latest inspection.
PUBLIC_PAGES = [
    "/",
    "/?sort=-score",
    "/?owner=seetec&round=2018-19",
    "/league.csv",
    "/league.json",
    "/providers/kss-crc/",
    "/providers/kss-crc.csv",
    "/providers/kss-crc.json",
    "/providers/kss-crc/preview.png",
    "/providers/kss-crc/badge.svg",
    "/inspections/{inspection}/",
    "/compare/",
    "/compare/kss-crc,bgsw-crc/",
    "/compare/kss-crc,bgsw-crc.csv",
    "/compare/kss-crc,bgsw-crc.json",
    "/compare/kss-crc,bgsw-crc/preview.png",
    "/standards/2.3/",
    "/standards/2.3.csv",
    "/standards/2.3.json",
    "/owners/seetec/",
    "/owners/seetec.csv",
    "/owners/seetec.json",
    "/map/",
    "/data/",
    "/data/probation-league.json",
    "/data/inspections.csv",
    "/data/key-questions.csv",
    "/data/facts.csv",
    "/data/sources.csv",
    "/data/SOURCES.md",
    "/data/open-data.md",
    "/changes/",
    "/methodology/",
    "/glossary/",
    "/report-a-mistake/",
    "/feeds/inspections.atom",
    "/embed/",
    "/embed/league/",
    "/probation-service/",
    "/probation-service/?region=kent-surrey-and-sussex-region&standards=pdu-2023&sort=-standard4",
    "/probation-service/?round=2021-23&type=pdu",
    "/probation-service.csv",
    "/probation-service.json",
    "/providers/kent-surrey-and-sussex-region/",
    "/providers/gateshead-and-south-tyneside-pdu/",
    "/providers/tameside-pdu/",
    "/providers/kent-surrey-and-sussex-region.json",
    "/providers/gateshead-and-south-tyneside-pdu.csv",
    "/map/?type=region",
    "/compare/kss-crc,gateshead-and-south-tyneside-pdu/",
    "/compare/kss-crc,gateshead-and-south-tyneside-pdu/preview.png",
    "/embed/probation-service/",
    "/providers/gateshead-and-south-tyneside-pdu/badge.svg",
    "/providers/gateshead-and-south-tyneside-pdu/preview.png",
    "/providers/north-east-region/preview.png",
    "/standards/pdu-2021/court-work/",
    "/eras/",
    "/eras.json",
    # Places: the synthetic units are spread over the councils, so each council's page meets about three.
    "/areas/",
    "/areas/brighton-and-hove/",
    "/areas/birmingham/",
    "/areas/brighton-and-hove.json",
    "/areas/birmingham.csv",
    "/areas/brighton-and-hove/preview.png",
    "/find/",
    "/find/?q=Brighton",
    "/find/?q=BN1",
    "/find/?q=pdu",
    "/find/suggest.json?q=synth",
]


def uncached_status_and_queries(client, path):
    cache.clear()
    # The log keeps a bounded number of queries: empty it so a long page's count is not cut short.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        # Reading a streamed body to its end closes the response, as the client does for any other;
        # closing it again would close the database connection inside this module's transaction.
        if response.streaming:
            for _ in response.streaming_content:
                pass
    return response.status_code, len(queries)


def every_page(client, inspection):
    return {page: uncached_status_and_queries(client, page.format(inspection=inspection)) for page in PUBLIC_PAGES}


@pytest.fixture(scope="module")
def status_and_queries(django_db_setup, django_db_blocker, built_places):
    """{page: ((status, queries) with the real data, (status, queries) with 1,000 synthetic providers more)}."""
    # A page that fails answers 500 and fails its own test, not every test of the module.
    client = Client(raise_request_exception=False)
    # The whole-dataset downloads read their rows a chunk at a time, each chunk in the same few queries;
    # a chunk larger than both datasets here compares the queries of one chunk with one chunk.
    chunks = pytest.MonkeyPatch()
    chunks.setattr("dashboard.selectors.dataset.CHUNK_SIZE", 20_000)
    with django_db_blocker.unblock(), transaction.atomic():
        store_places(built_places)
        call_command("load_real_data_if_empty", verbosity=0)
        inspection = Inspection.objects.filter(provider__slug="kss-crc").latest("published_on").pk
        with_real_data = every_page(client, inspection)
        seed_synthetic_providers(SYNTHETIC_PROVIDERS)
        seed_synthetic_units(SYNTHETIC_PROVIDERS)
        at_scale = every_page(client, inspection)
        transaction.set_rollback(True)
    chunks.undo()
    cache.clear()
    # Nor this process's copies of stored answers: a preview image's bytes may spell anything, a postcode
    # included, and later tests look for postcodes in them.
    recent_answers.clear()
    return {page: (with_real_data[page], at_scale[page]) for page in PUBLIC_PAGES}


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_queries_do_not_grow_with_the_number_of_providers(status_and_queries, page):
    (real_status, real_queries), (scale_status, scale_queries) = status_and_queries[page]
    assert (real_status, scale_status) == (200, 200)
    assert scale_queries == real_queries, (
        f"{page}: {real_queries} queries with the real data, {scale_queries} with {SYNTHETIC_PROVIDERS:,} "
        "synthetic providers more"
    )
