"""Logging filters named in settings.LOGGING."""

import logging

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
