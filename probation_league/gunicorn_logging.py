"""Gunicorn's logger, with the search's `q=` masked: a reader's postcode never reaches a log line.

Named in docker/entrypoint.sh (`--logger-class probation_league.gunicorn_logging.MaskedSearchLogger`).
Every value the access log format can name is masked: the query string (`%(q)s`), the request line
(`%(r)s`), and any header or environ variable (`%({referer}i)s`, `%({raw_uri}e)s`, ...). The error log
is masked too: gunicorn writes the URI of a request it could not handle ("Error handling request
GET /find/?q=...", "Invalid request from ip=...: ...").
"""

from gunicorn.glogging import Logger

from .log_filters import MaskSearchQuery, mask_search_query


class MaskedSearchLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(existing, MaskSearchQuery) for existing in self.error_log.filters):
            self.error_log.addFilter(MaskSearchQuery())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask_search_query(value) for name, value in atoms.items()}
