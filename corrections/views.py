"""Report a mistake: a form any reader may send without an account, and the thanks after it.

Never stored in the public page cache (the form carries a CSRF token) and never cached by browsers.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import throttle
from .forms import MistakeReportForm, page_on_this_site
from .services import record_mistake_report


def _thanks_url(page):
    url = reverse("corrections:thanks")
    return f"{url}?{urlencode({'page': page})}" if page else url


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_mistake(request):
    if request.method != "POST":
        form = MistakeReportForm(initial={"page": page_on_this_site(request.GET.get("page"))})
        return render(request, "corrections/report.html", {"form": form, "page": form.initial["page"]})
    if not throttle.take_post(request):
        context = {"window_minutes": max(settings.MISTAKE_REPORTS_WINDOW_SECONDS // 60, 1)}
        return render(request, "corrections/too_many.html", context, status=429)
    form = MistakeReportForm(request.POST)
    if not form.is_valid():
        page = page_on_this_site(request.POST.get("page"))
        return render(request, "corrections/report.html", {"form": form, "page": page}, status=400)
    page = form.cleaned_data["page"]
    if not form.from_robot:
        record_mistake_report(
            page=page,
            what_is_wrong=form.cleaned_data["what_is_wrong"],
            source=form.cleaned_data["source"],
            reply_email=form.cleaned_data["reply_email"],
        )
    return redirect(_thanks_url(page))


@never_cache
@require_http_methods(["GET", "HEAD"])
def thanks(request):
    return render(request, "corrections/thanks.html", {"page": page_on_this_site(request.GET.get("page"))})
