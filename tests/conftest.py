import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frameworks(db):
    """The 2018-19 CRC and NPS frameworks, as shipped."""
    call_command("loaddata", "fixtures/frameworks.json", verbosity=0)


@pytest.fixture
def first_round(db):
    """The real published data: frameworks plus all 28 first-round inspections."""
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/first_round.json", verbosity=0)
