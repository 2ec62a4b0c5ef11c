"""Provider, owner and inspection pages."""

from django.shortcuts import get_object_or_404, render

from inspections.models import Inspection
from providers.models import Owner, Provider

from ..cache import cache_public_page


@cache_public_page
def provider_detail(request, slug):
    provider = get_object_or_404(Provider, slug=slug)
    inspections = provider.inspections.with_page_relations().order_by("-published_on")
    return render(request, "dashboard/provider_simple.html", {"provider": provider, "inspections": inspections})


@cache_public_page
def owner_detail(request, slug):
    owner = get_object_or_404(Owner, slug=slug)
    return render(request, "dashboard/owner_simple.html", {"owner": owner})


@cache_public_page
def inspection_detail(request, pk):
    inspection = get_object_or_404(Inspection.objects.with_page_relations(), pk=pk)
    return render(request, "dashboard/provider_simple.html", {"provider": inspection.provider, "inspections": [inspection]})
