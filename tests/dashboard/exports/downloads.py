"""Reading downloads as a client does, and counting the queries it costs to write them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.models import Provider
from tests.factories import ALL_TEN_KSS, make_inspection, make_provider


def queries_to_download(client, address):
    """The queries run to serve `address` and write all of it: a streamed body reads as it is sent."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        assert response.status_code == 200
        response.getvalue()
    return len(queries)


def add_inspections(batch, count=5):
    """`count` new providers with an inspection each, and an older inspection for as many existing ones."""
    for number in range(count):
        make_inspection(make_provider(f"Extra {batch}-{number} CRC"), ratings=ALL_TEN_KSS)
    for provider in Provider.objects.filter(provider_type="crc").order_by("slug")[:count]:
        make_inspection(provider, ratings=ALL_TEN_KSS, published_on=datetime.date(2016, 6, batch))
