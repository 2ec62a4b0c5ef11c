"""The provider admin shows a unit's other names and the providers before and after it, and still saves."""

import pytest

from providers.models import Provider

pytestmark = pytest.mark.django_db


def test_a_pdu_s_admin_page_lists_its_other_names_and_predecessors(admin_client, both_eras):
    unit = Provider.objects.get(slug="gateshead-and-south-tyneside-pdu")
    page = admin_client.get(f"/admin/providers/provider/{unit.pk}/change/").content.decode()

    assert "South Tyneside and Gateshead" in page
    assert "Northumbria CRC" in page and "NPS North East" in page
    assert "by area" in page.lower()


def test_a_crc_s_admin_page_lists_the_units_after_it(admin_client, both_eras):
    crc = Provider.objects.get(slug="kss-crc")
    page = admin_client.get(f"/admin/providers/provider/{crc.pk}/change/").content.decode()

    assert "Kent, Surrey and Sussex region" in page


def test_saving_a_unit_in_the_admin_keeps_its_other_names_and_links(admin_client, both_eras):
    unit = Provider.objects.get(slug="gateshead-and-south-tyneside-pdu")
    url = f"/admin/providers/provider/{unit.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data["ceased"] = "on" if data["ceased"] else ""
    if not data["ceased"]:
        del data["ceased"]
    for inline in admin_client.get(url).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    data["area"] = "Gateshead and South Tyneside"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.area == "Gateshead and South Tyneside"
    assert list(unit.aliases.values_list("name", flat=True)) == ["South Tyneside and Gateshead"]
    assert unit.predecessions.count() == 2
