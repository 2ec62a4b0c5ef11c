from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from inspections import league_fields
from inspections.management.commands.load_real_data_if_empty import CRC_ERA_FIXTURES


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def canonical_host(request, empty_cache, settings):
    """Absolute addresses name the host the test's requests go to: the live server's, else the test client's.
    (After `empty_cache`, so that a test's own CACHES is undone before the cache is emptied.)"""
    if "live_server" in request.fixturenames:
        settings.CANONICAL_HOST = urlsplit(request.getfixturevalue("live_server").url).netloc
    else:
        settings.CANONICAL_HOST = "testserver"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache: the shared one, and this process's copies of its answers."""
    from django.core.cache import cache

    from dashboard.response_cache import recent_answers

    cache.clear()
    recent_answers.clear()
    yield
    cache.clear()
    recent_answers.clear()


@pytest.fixture
def streamed_exports(settings):
    """Every export streams, whatever its size: none is small enough to be stored like a page."""
    settings.PUBLIC_CACHE_MAX_BYTES = 0


@pytest.fixture
def frameworks(db):
    """The 2018-19 CRC and NPS frameworks, as shipped."""
    call_command("loaddata", "fixtures/frameworks.json", verbosity=0)


@pytest.fixture
def real_data(db):
    """The real published data of both rounds: 28 first-round and 10 second-round inspections."""
    call_command("loaddata", *CRC_ERA_FIXTURES, verbosity=0)
    league_fields.refresh_all()


@pytest.fixture
def first_round(db):
    """The real published data: frameworks plus all 28 first-round inspections."""
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/first_round.json", verbosity=0)
    league_fields.refresh_all()


@pytest.fixture(autouse=True, scope="session")
def own_data_dir(tmp_path_factory):
    """This run's own DATA_DIR, so that the data epoch a migrate or flush writes there
    (dashboard/cache.py) reaches no other run, nor a server working from the same checkout."""
    from django.test.utils import override_settings

    overridden = override_settings(DATA_DIR=tmp_path_factory.mktemp("var"))
    overridden.enable()
    yield
    overridden.disable()


@pytest.fixture(autouse=True, scope="session")
def static_files_from_source():
    """Serve and reference static files straight from the source folders, as in development.

    Production uses WhiteNoise's manifest storage, which needs `collectstatic` to have run; tests
    (and the live server of the browser tests) use plain storage and WhiteNoise's finders instead,
    so a fresh clone needs no build step. The manifest path is covered by tests/test_deploy_check.py.
    """
    from django.test.utils import override_settings

    overridden = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=True,
    )
    overridden.enable()
    yield
    overridden.disable()


@pytest.fixture
def both_eras(db):
    """The real data of both eras, loaded as `make run` loads it: the CRC era's rounds, then the
    Probation Service era's frameworks, units and 91 inspections."""
    call_command("load_real_data_if_empty", verbosity=0)


@pytest.fixture(scope="session")
def built_places(own_data_dir):
    """The postcode lookup and the places document, built once per run from the installed ONS packages
    into this run's DATA_DIR (a few seconds), as `make run` builds them."""
    from places import directory

    return directory.built_document() or directory.build()


@pytest.fixture
def places(db, built_places):
    """The 318 councils and 43 police force areas in the database, and the lookup they were built with."""
    from places.sync import store_places

    store_places(built_places)
    return built_places


@pytest.fixture
def both_eras_with_places(places):
    """Both eras' real data with every provider linked to its councils and police force areas, as `make run` has
    it, but without the baseline revision `load_real_data_if_empty` keeps (tests/inspections/test_load_real_data.py
    covers it): most of the load's time, and nothing a reader sees."""
    from inspections.management.commands.load_real_data_if_empty import FIXTURES
    from providers.place_links import link_providers_to_places

    call_command("loaddata", *FIXTURES, verbosity=0)
    league_fields.refresh_all()
    link_providers_to_places()
