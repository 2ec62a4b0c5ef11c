"""Path converters of the public URLs."""


class DownloadFormat:
    """The suffix of a page's data twin: `/providers/kss-crc.csv`, `/compare/kss-crc,bgsw-crc.json`."""

    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
