"""Path converters of the public URLs."""


class DownloadFormat:
    """The suffix of a page's data twin: `/providers/kss-crc.csv`, `/compare/kss-crc,bgsw-crc.json`."""

    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class StandardCode:
    """A standard's number as the reports print it: `2.3`, `4.1`. Anything else is no page, before any query."""

    regex = r"[0-9]{1,2}(?:\.[0-9]{1,2}){1,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
