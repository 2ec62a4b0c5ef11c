"""The Content-Security-Policy and Permissions-Policy every response carries, and who may frame what."""

import pytest


def directives(response):
    """The enforced policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


STRICT_PATHS = [
    "/",
    "/providers/kss-crc/",
    "/compare/kss-crc,bgsw-crc/",
    "/map/",
    "/league.json",
    "/league.csv",
    "/data/",
    "/feeds/inspections.atom",
    "/no-such-page/",
    "/admin/login/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", STRICT_PATHS)
def test_every_response_carries_the_strict_policy_and_refuses_framing(client, first_round, path):
    response = client.get(path)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'"
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy-Report-Only" not in response.headers


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/embed/league/", "/embed/league/?type=crc", "/providers/kss-crc/badge.svg"])
def test_embeddable_responses_may_be_framed_by_any_site(client, first_round, path):
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(path)
        assert response.status_code == 200
        policy = directives(response)
        assert policy["frame-ancestors"] == ["*"]
        assert policy["script-src"] == ["'self'"]
        if path.startswith("/embed/"):
            assert "X-Frame-Options" not in response.headers


@pytest.mark.django_db
def test_embed_help_page_itself_is_not_framed(client, first_round):
    assert directives(client.get("/embed/"))["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/providers/kss-crc/", "/embed/league/", "/league.json", "/admin/login/"])
def test_permissions_policy_turns_off_device_features(client, first_round, path):
    header = client.get(path).headers.get("Permissions-Policy", "")
    features = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features.get(feature) == "()", f"{feature} is not turned off on {path}: {header}"
    assert features["clipboard-write"] == "(self)"


# The policy features Chromium 156 recognises (document.featurePolicy.features(), less the client
# hints "ch-*"); a browser warns on its console, on every page, of any feature it does not know.
CHROMIUM_POLICY_FEATURES = frozenset(
    """
    accelerometer aria-notify autoplay browsing-topics camera captured-surface-control clipboard-read
    clipboard-write compute-pressure cross-origin-isolated deferred-fetch deferred-fetch-minimal
    digital-credentials-create digital-credentials-get display-capture encrypted-media fullscreen gamepad
    geolocation gyroscope hid identity-credentials-get idle-detection interest-cohort keyboard-map
    language-detector language-model local-fonts local-network local-network-access loopback-network
    magnetometer media-playback-while-not-visible microphone midi on-device-speech-recognition
    otp-credentials payment picture-in-picture private-state-token-issuance private-state-token-redemption
    publickey-credentials-create publickey-credentials-get screen-wake-lock serial speaker-selection
    storage-access summarizer sync-xhr translator unload usb window-management xr-spatial-tracking
    """.split()
)


@pytest.mark.django_db
def test_permissions_policy_names_only_features_browsers_know(client, first_round):
    header = client.get("/").headers["Permissions-Policy"]
    features = {part.strip().split("=", 1)[0] for part in header.split(",")}
    assert features - CHROMIUM_POLICY_FEATURES == set(), header
