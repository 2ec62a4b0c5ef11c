"""Social-preview images, canonical links and Open Graph / Twitter card metadata."""

import io
import itertools
import re
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from PIL import Image

from dashboard.charts import social_images
from inspections.models import Inspection

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def meta(html, key):
    """The content of <meta property|name="key">, or None."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def decoded(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(response.content))
    image.load()  # decodes every pixel, so a truncated file fails here
    return image


@pytest.mark.django_db
class TestPreviewImages:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    @pytest.mark.parametrize(
        "page", ["/providers/kss-crc/", "/providers/merseyside-crc/", "/compare/kss-crc,bgsw-crc/",
                 "/compare/kss-crc,bgsw-crc,hiow-crc,ddc-crc,warwickshire-west-mercia-crc,nps-south-east-eastern/"]
    )  # fmt: skip
    def test_each_page_declares_an_image_that_decodes_at_the_declared_size(self, client, page):
        html = client.get(page).content.decode()
        image_url = meta(html, "og:image")
        assert image_url.startswith("http://testserver/") and image_url.endswith("/preview.png")
        width, height = int(meta(html, "og:image:width")), int(meta(html, "og:image:height"))
        assert meta(html, "og:image:type") == "image/png"
        assert meta(html, "og:image:alt")
        assert meta(html, "twitter:card") == "summary_large_image"
        image = decoded(client.get(image_url.removeprefix("http://testserver")))
        assert image.size == (width, height) == (1200, 630)
        assert image.mode == "RGB"

    def test_the_rating_colour_is_drawn(self, client):
        image = decoded(client.get("/providers/hiow-crc/preview.png"))
        colours = {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}
        assert (0x2E, 0x70, 0x31) in colours  # Good's green, as on the page
        inadequate = decoded(client.get("/providers/ddc-crc/preview.png"))
        assert (0xA4, 0x22, 0x1B) in {colour for _count, colour in inadequate.getcolors(maxcolors=1_000_000)}

    def test_cached_until_the_data_changes(self, client, django_assert_num_queries, django_capture_on_commit_callbacks):
        first = client.get("/providers/kss-crc/preview.png").content
        with django_assert_num_queries(0):
            assert client.get("/providers/kss-crc/preview.png").content == first
        with django_capture_on_commit_callbacks(execute=True):
            inspection = Inspection.objects.get(provider__slug="kss-crc")
            inspection.overall_rating = "Good"
            inspection.save()
        redrawn = decoded(client.get("/providers/kss-crc/preview.png"))
        assert (0x2E, 0x70, 0x31) in {colour for _count, colour in redrawn.getcolors(maxcolors=1_000_000)}
        assert client.get("/providers/kss-crc/preview.png").content != first

    def test_unknown_providers_have_no_image(self, client):
        assert client.get("/providers/no-such-crc/preview.png").status_code == 404


@pytest.mark.django_db
class TestMetadataOnEveryPage:
    @pytest.mark.parametrize(
        "page", ["/", "/?type=crc", "/methodology/", "/standards/2.3/", "/owners/seetec/", "/compare/", "/data/",
                 "/embed/", "/providers/kss-crc/", "/compare/kss-crc,bgsw-crc/"]
    )  # fmt: skip
    def test_title_description_canonical_open_graph_and_twitter(self, client, first_round, page):
        html = client.get(page).content.decode()
        assert re.search(r"<title>[^<]+</title>", html)
        assert meta(html, "description")
        assert re.search(r'<link rel="canonical" href="http://testserver/[^"]*">', html)
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert meta(html, key), key
        assert meta(html, "og:url").startswith("http://testserver/")
        assert meta(html, "twitter:card") in ("summary", "summary_large_image")

    def test_provider_pages_describe_the_provider(self, client, first_round):
        html = client.get("/providers/kss-crc/").content.decode()
        assert meta(html, "og:title") == "KSS CRC: HM Inspectorate of Probation ratings"
        assert "rated Requires improvement, 19 June 2019; score 15 of 30" in meta(html, "og:description")
        assert meta(html, "og:url") == "http://testserver/providers/kss-crc/"
        assert meta(html, "og:type") == "article"

    def test_pages_without_an_image_use_the_small_card(self, client, first_round):
        html = client.get("/methodology/").content.decode()
        assert meta(html, "og:image") is None
        assert meta(html, "twitter:card") == "summary"


@pytest.mark.django_db
def test_a_page_asked_for_at_another_allowed_host_names_the_canonical_one(client, first_round, settings):
    settings.ALLOWED_HOSTS = ["league.example.org", "127.0.0.1"]
    settings.CANONICAL_HOST = "league.example.org"
    for host in ("league.example.org", "127.0.0.1", "127.0.0.1:8080"):
        html = client.get("/compare/kss-crc,bgsw-crc/", HTTP_HOST=host).content.decode()
        assert meta(html, "og:url") == "http://league.example.org/compare/kss-crc,bgsw-crc/"
        assert meta(html, "og:image") == "http://league.example.org/compare/kss-crc,bgsw-crc/preview.png"


@pytest.mark.django_db
class TestComparisonPreviewBudget:
    def test_every_order_of_the_same_providers_has_one_image_drawn_once(self, client, first_round):
        images = {
            decoded(client.get(f"/compare/{slugs}/preview.png")).tobytes()
            for slugs in ("kss-crc,bgsw-crc", "bgsw-crc,kss-crc", "kss-crc,%20bgsw-crc")
        }
        assert len(images) == 1
        assert len([key for key in cache._cache if ":social:" in key]) == 1

    def test_reorderings_and_junk_spend_none_of_the_budget(self, client, first_round, monkeypatch):
        monkeypatch.setattr(social_images, "COMPARISON_PREVIEWS_PER_GENERATION", 1)
        slugs = ["kss-crc", "bgsw-crc", "hiow-crc", "ddc-crc"]
        for order in itertools.permutations(slugs):
            assert client.get(f"/compare/{','.join(order)}/preview.png").status_code == 200
        for junk in ("kss-crc,no-such-crc", "kss-crc,kss-crc", "kss-crc,bgsw-crc,%00"):
            assert client.get(f"/compare/{junk}/preview.png").status_code in (400, 404)
        # Another case is sent to the canonical address, never drawn under its own.
        assert client.get("/compare/KSS-CRC,bgsw-crc/preview.png").status_code in (301, 302)
        own = decoded(client.get("/compare/bgsw-crc,ddc-crc,hiow-crc,kss-crc/preview.png"))
        general = decoded(client.get("/compare/bgsw-crc,kss-crc/preview.png"))  # the second: over a budget of one
        assert own.tobytes() != general.tobytes()


@pytest.mark.django_db(transaction=True)
def test_previews_never_wait_long_for_a_renderer_nor_hold_up_pages(first_round, monkeypatch):
    """While every renderer is busy, preview requests are answered at once with a 503 (never stored) and pages
    are served; once one is free, the images are drawn."""
    monkeypatch.setattr(social_images, "RENDERER_WAIT_SECONDS", 0.3)
    slugs = ["kss-crc", "hiow-crc", "ddc-crc", "bgsw-crc", "merseyside-crc", "cgm-crc"]
    answers = {}

    def ask(slug):
        try:
            started = time.perf_counter()
            response = Client().get(f"/providers/{slug}/preview.png")
            answers[slug] = (response.status_code, response.get("Retry-After"), time.perf_counter() - started)
        finally:
            connections.close_all()

    with social_images.renderer():  # a long drawing holds the process's only renderer
        threads = [threading.Thread(target=ask, args=(slug,)) for slug in slugs]
        for thread in threads:
            thread.start()
        page = Client().get("/")
        deadline = time.monotonic() + 10
        for thread in threads:
            thread.join(timeout=max(0, deadline - time.monotonic()))
    assert page.status_code == 200
    assert {slug: answer[:2] for slug, answer in answers.items()} == {slug: (503, "5") for slug in slugs}
    assert max(seconds for _, _, seconds in answers.values()) < 2
    for slug in slugs[:2]:
        decoded(Client().get(f"/providers/{slug}/preview.png"))
