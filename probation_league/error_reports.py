"""Error reports that never hold what a reader searched for.

Django's report of an unhandled exception (the technical 500 page with DEBUG on, and the e-mail
AdminEmailHandler sends to ADMINS) lists the request's GET, its META (QUERY_STRING, the raw URI,
the Referer), its URL, the exception's message and every frame's local variables: wherever the
search's `q=` (perhaps a reader's postcode) could appear. Named in settings as
DEFAULT_EXCEPTION_REPORTER_FILTER and DEFAULT_EXCEPTION_REPORTER, these mask it, whether DEBUG is
on or off:

- the value of `q` in GET, in every META value that holds a query string or URL, and in the URL;
- the searched text itself, in any spacing and case ("BN1 1AA", "bn11aa", "BN1+1AA", "BN1%201AA"),
  wherever else the report would write it: the exception's message and notes, frame variables.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .log_filters import MASKED, SEARCH_PARAMETER, mask_searched, searched_text_pattern


class SearchMaskingFilter(SafeExceptionReporterFilter):
    """Django's filter (settings and cookies with secret-sounding names, sensitive POST parameters), and
    the search masked in META."""

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        pattern = searched_text_pattern(request)
        return {name: mask_searched(value, pattern) for name, value in meta.items()}


class SearchMaskingReporter(ExceptionReporter):
    """Django's report, with the search masked in GET, the URL, the exception's text and the frames."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        pattern = searched_text_pattern(self.request)
        if "request_GET_items" in data:
            data["request_GET_items"] = [
                (name, MASKED if name == SEARCH_PARAMETER else value)
                for name, values in self.request.GET.lists()
                for value in values
            ]
        if "request_insecure_uri" in data:
            data["request_insecure_uri"] = mask_searched(data["request_insecure_uri"], pattern)
        for name in ("exception_value", "exception_notes", "unicode_hint"):
            if name in data:
                data[name] = mask_searched(data[name], pattern)
        for frame in data["frames"]:  # "lastframe" is the last of these
            if "vars" in frame:
                frame["vars"] = [(name, mask_searched(value, pattern)) for name, value in frame["vars"]]
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = mask_searched(str(frame["exc_cause"]), pattern)
        return data
