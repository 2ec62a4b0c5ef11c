"""Comparison pages: the builder at /compare/, the canonical /compare/<slug>,<slug>/ and its CSV and JSON twins."""

from django.http import JsonResponse
from django.shortcuts import redirect, render

from ..cache import cache_public_page
from ..charts import geo, maps
from ..charts.comparison import key_questions_comparison_chart, provider_style, standards_comparison_chart
from ..exports.comparison import comparison_csv_response, comparison_document
from ..exports.responses import json_response, plain_text_problem
from ..rounds import ROUND_QUERY, all_rounds, round_from_query
from ..selectors.compare import (
    MAX_COMPARED,
    MIN_COMPARED,
    comparison,
    comparison_url,
    listed_providers,
    providers_and_neighbours,
    read_slug_list,
    split_slug_list,
)
from ..selectors.compare import SlugListProblem as Problem


def _problem_page(request, problem, parts):
    context = {
        "problem": problem,
        "providers": listed_providers(),
        # In the order given, once each: the addresses box shows them as the reader typed them.
        "ticked": list(dict.fromkeys(parts)),
        "min_compared": MIN_COMPARED,
        "max_compared": MAX_COMPARED,
    }
    return render(request, "dashboard/compare_problem.html", context, status=problem.status)


def _builder_page(request, ticked, status=200):
    context = {
        "providers": listed_providers(),
        "ticked": ticked,
        "too_many_ticked": len(ticked) - MAX_COMPARED if len(ticked) > MAX_COMPARED else 0,
        "min_compared": MIN_COMPARED,
        "max_compared": MAX_COMPARED,
    }
    return render(request, "dashboard/compare_builder.html", context, status=status)


def _too_long():
    return Problem(status=400, messages=["This address is too long to be a list of two to six providers."], nearest=[])


def compare_builder(request):
    """GET /compare/?providers=a&providers=b[&current=a,b][&add=c]: redirect to the canonical comparison."""
    parts = []
    current = request.GET.get("current", "")
    if current:
        parts += split_slug_list(current) or []
    parts += [value.strip() for value in request.GET.getlist("providers")]
    parts += [value.strip() for value in request.GET.getlist("add") if value.strip()]
    if not request.GET:
        return _builder_page(request, ticked=[])
    ticked = list(dict.fromkeys(value.strip() for value in request.GET.getlist("providers") if value.strip()))
    if len(ticked) > MAX_COMPARED and not current:
        # Too many ticks is a slip on the form, not a broken address: the form again, ticks kept, saying so.
        return _builder_page(request, ticked=ticked, status=400)
    if len(parts) > 50:
        return _problem_page(request, _too_long(), [])
    chosen, problem = read_slug_list(parts, providers_and_neighbours(parts))
    if problem:
        return _problem_page(request, problem, parts)
    inspection_round, _ = _round(request, chosen)  # an unknown round is dropped: the comparison still stands
    query = f"?round={inspection_round.slug}" if inspection_round else ""
    return redirect(comparison_url([provider.slug for provider in chosen]) + query)


def _round(request, chosen):
    """(round or None, problem or None) from `?round=`."""
    inspection_round, message = round_from_query(request.GET)
    return inspection_round, (Problem(status=400, messages=[message], nearest=chosen) if message else None)


def _read(slugs):
    """(chosen, providers, parts, problem) for the address's slug list."""
    parts = split_slug_list(slugs)
    if parts is None:
        return None, [], parts, _too_long()
    providers = providers_and_neighbours(parts)
    chosen, problem = read_slug_list(parts, providers)
    return chosen, providers, parts, problem


@cache_public_page(query=ROUND_QUERY)
def compare_page(request, slugs):
    chosen, providers, parts, problem = _read(slugs)
    if problem:
        return _problem_page(request, problem, parts or [])
    canonical = [provider.slug for provider in chosen]
    inspection_round, round_problem = _round(request, chosen)
    if round_problem:
        return _problem_page(request, round_problem, canonical)
    if ",".join(canonical) != slugs:
        query = f"?round={inspection_round.slug}" if inspection_round else ""
        return redirect(comparison_url(canonical) + query, permanent=True)
    result = comparison(chosen, providers, inspection_round)
    names = result.names
    thresholds = next(
        (entry.latest.scale.band_thresholds() for entry in result.compared if entry.latest is not None), []
    )
    # A section with fewer than two providers' values is one sentence on the page, with no chart.
    figures = {}
    if len(result.with_standard_ratings) > 1:
        figures["standards"] = standards_comparison_chart(names, result.standard_rows)
    if len(result.with_key_question_results) > 1:
        figures["key_questions"] = key_questions_comparison_chart(names, result.key_question_rows, thresholds)
    context = {
        "comparison": result,
        "charts": figures,
        "thresholds": thresholds,
        "last_changed": result.last_changed,
        "page_url": request.build_absolute_uri(result.url),
        "preview_image_url": request.build_absolute_uri(f"{result.path}preview.png"),
        "rounds": all_rounds(),
        "max_compared": MAX_COMPARED,
        # Map: where the compared providers work, each in its colour and pattern from the key.
        "locator_map": maps.locator_map(
            [entry.provider for entry in result.compared],
            fills=[provider_style(entry.colour_index) for entry in result.compared],
        ),
        "compared_areas": [(entry, geo.provider_areas().get(entry.provider.slug)) for entry in result.compared],
    }
    return render(request, "dashboard/compare.html", context)


@cache_public_page(query=ROUND_QUERY)
def compare_export(request, slugs, fmt):
    chosen, providers, _parts, problem = _read(slugs)
    inspection_round = None
    if not problem:
        inspection_round, problem = _round(request, chosen)
    if problem:
        if fmt == "json":
            body = {"errors": problem.messages, "nearest_valid_comparison": problem.nearest_url}
            response = JsonResponse(body, status=problem.status)
            response["Access-Control-Allow-Origin"] = "*"
            return response
        return plain_text_problem(problem.messages, problem.nearest_url, problem.status)
    result = comparison(chosen, providers, inspection_round)
    if fmt == "csv":
        return comparison_csv_response(result)
    return json_response(comparison_document(request, result))
