"""A standard addressed by its framework and name: the Probation Service's standards have no published numbers."""

from django.http import Http404
from django.shortcuts import render

from ..cache import cache_public_page
from ..selectors.framework_standards import framework_standard_page


@cache_public_page
def framework_standard(request, framework, standard):
    page = framework_standard_page(framework, standard)
    if page is None:
        raise Http404("No standard of a framework has that address.")
    return render(request, "dashboard/framework_standard.html", {"page": page, "last_changed": page.last_changed})
