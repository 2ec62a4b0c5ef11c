"""The real data's league exports, byte for byte as published before ranking moved into SQL.

Files in real_data_exports/ were captured from the site as it ranked in Python; a
change to them is a change to published data and must come with a documented
shape change (docs/open-data.md).
"""

from pathlib import Path

import pytest

EXPECTED = Path(__file__).parent / "real_data_exports"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/league.csv", "league.csv"),
        ("/league.json", "league.json"),
        ("/league.csv?sort=-standard3", "league-sort-standard3-descending.csv"),
        ("/league.csv?round=2019-20", "league-round-2019-20.csv"),
        ("/league.csv?owner=seetec", "league-owner-seetec.csv"),
    ],
)
def test_exports_of_the_real_data_are_unchanged(client, real_data, url, filename):
    assert body(client.get(url)) == (EXPECTED / filename).read_bytes()
