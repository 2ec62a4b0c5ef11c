"""Logging filters named in settings.LOGGING."""

import logging
import re
from urllib.parse import unquote_plus

# Enough of a refused Host to recognise it; the rest is whatever the sender chose to make us write.
REFUSED_HOST_MESSAGE_CHARACTERS = 200


class RefusedHostAsOneLine(logging.Filter):
    """A request for a host the site does not serve is a client's mistake (or a scan), not a fault:
    one WARNING line, cut short, without Django's traceback."""

    def filter(self, record):
        message = record.getMessage()
        if len(message) > REFUSED_HOST_MESSAGE_CHARACTERS:
            message = f"{message[:REFUSED_HOST_MESSAGE_CHARACTERS]}… ({len(message):,} characters in all)"
        record.msg, record.args = message, ()
        record.exc_info = record.exc_text = record.stack_info = None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True


# The search's parameter (`/find/?q=`): what a reader typed, perhaps their postcode. Masked on every path.
SEARCH_PARAMETER = "q"
MASKED = "[masked]"
# A parameter of a query string, in a query string itself, a request line, a URL or a repr of one: what
# comes before its name (the start, `?`, `&` or `;`), its name and its value (up to the next parameter,
# fragment, space or quote).
_PARAMETER = re.compile(r"(?P<lead>^|[?&;])(?P<name>[^&;=?#\s\"'<>]+)=(?P<value>[^&#\s\"'<>]*)")
# In a request line as a client sent it, a value may hold spaces: `GET /find/?q=BN1 1AA HTTP/1.1`.
_REQUEST_LINE = re.compile(r"(?P<method>\b[A-Z]+) (?P<target>/\S*?(?: \S+?)*?) (?P<version>HTTP/\d(?:\.\d)?)")
_TARGET_PARAMETER = re.compile(r"(?P<lead>[?&;])(?P<name>[^&;=?#\s\"'<>]+)=(?P<value>[^&#\"'<>]*)")


def _is_search_parameter(name):
    # Django decodes names as it reads them (`%71=` is `q=`); its reading is case-sensitive, ours need not be.
    return unquote_plus(name).lower() == SEARCH_PARAMETER


def _masked_parameter(match):
    if _is_search_parameter(match["name"]):
        return f"{match['lead']}{match['name']}={MASKED}"
    # A value that is not the search's may hide one behind a `;` (`?x=1;q=...`).
    return f"{match['lead']}{match['name']}={mask_search_query(match['value'])}"


def mask_search_query(text):
    """`text` (a query string, a request line, a URL, a log message) with the value of every `q=`
    parameter replaced by [masked]: `GET /find/?q=BN1+1AA HTTP/1.1` → `GET /find/?q=[masked] HTTP/1.1`."""
    if not isinstance(text, str) or "=" not in text:
        return text
    text = _REQUEST_LINE.sub(_masked_request_line, text)
    return _PARAMETER.sub(_masked_parameter, text)


def _masked_request_line(match):
    target = _TARGET_PARAMETER.sub(_masked_parameter, match["target"])
    return f"{match['method']} {target} {match['version']}"


# Shorter searches are words ("a", "of"): masking them would blank a whole report, and they say nothing of anyone.
SHORTEST_MASKED_TEXT = 3
LONGEST_MASKED_TEXT = 200
# Between two characters of the searched text: spaces as typed, or as a URL or form encodes them.
_SEPARATORS = r"(?:\s|\+|%20)*"


def searched_text_pattern(request):
    """A pattern matching what `request` searched for (its `q`) in any spacing and case ("BN1 1AA",
    "bn11aa", "BN1+1AA", "BN1%201AA"); None without a request or a search."""
    if request is None or not hasattr(request, "GET"):
        return None
    alternatives = []
    for value in request.GET.getlist(SEARCH_PARAMETER):
        characters = "".join(value.split())[:LONGEST_MASKED_TEXT]
        if len(characters) >= SHORTEST_MASKED_TEXT:
            alternatives.append(_SEPARATORS.join(re.escape(character) for character in characters))
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


def mask_searched(text, pattern):
    """`text` with every `q=` value masked, and every occurrence of `pattern` (searched_text_pattern's)."""
    if not isinstance(text, str):
        return text
    text = mask_search_query(text)
    return pattern.sub(MASKED, text) if pattern is not None else text


class MaskSearchQuery(logging.Filter):
    """Masks the search's `q=` in every record a handler writes (the development server's request
    lines above all), so no log line holds what a reader searched for. A record about a request
    (django.request's "Internal Server Error: /find/", with its traceback) has the searched text
    masked wherever it appears, the exception's message included."""

    def filter(self, record):
        pattern = searched_text_pattern(getattr(record, "request", None))
        message = record.getMessage()
        masked = mask_searched(message, pattern)
        if masked != message:
            record.msg, record.args = masked, ()
        if pattern is not None and record.exc_info:
            record.exc_text = mask_searched(record.exc_text or _FORMATTER.formatException(record.exc_info), pattern)
        return True


_FORMATTER = logging.Formatter()
