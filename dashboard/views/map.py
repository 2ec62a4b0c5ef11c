"""The map page: one shape per provider, coloured by a rating chosen in the query string, drawn as SVG."""

from django.shortcuts import render

from ..cache import cache_public_page, unless
from ..charts import maps
from ..map_form import DEFAULTS, MapForm
from ..selectors.frameworks import frameworks_by_id
from ..selectors.map import map_measures, map_page


@cache_public_page(query={name: unless(default) for name, default in DEFAULTS.items()})
def provider_map(request):
    frameworks = frameworks_by_id(with_key_questions=False)
    form = MapForm(request.GET, measures=map_measures(frameworks))
    context = {"form": form}
    if not form.is_valid():
        context["errors"] = form.error_messages()
        return render(request, "dashboard/map.html", context, status=400)
    page = map_page(
        form.cleaned_data["type"], form.cleaned_data["measure"], frameworks, form.cleaned_data["inspection_round"]
    )
    context.update(
        page=page,
        choropleth=maps.choropleth(page.rows, page.measure.label, in_round=page.round_name is not None),
        last_changed=page.last_changed,
    )
    return render(request, "dashboard/map.html", context)
