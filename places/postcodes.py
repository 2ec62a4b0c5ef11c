"""Postcodes: reading what a reader typed, and answering which council a postcode lies in.

The answer comes from the lookup file `manage.py build_places` writes (places/directory.py):

    postcodes-<version>.bin   b"PCLOOKUP1\\n", the count N (4 bytes, little-endian), then N postcodes
                              of 7 bytes each, sorted (the directory's `pcd7` form: the outward code
                              padded to 4, then the inward code), then N 2-byte indexes into `areas`
    places-<version>.json     `areas` (council codes, or "scotland", "northern-ireland", "channel-islands",
                              "isle-of-man", "none"), the councils, and each outward code's areas (most postcodes first)

Each process keeps in memory only every BLOCK-th postcode (about 5,300 of them, a few hundred KB); a
search finds its block there, then reads that block (3.5 KB) and the answer's index (2 bytes) from the
file with two positioned reads. The file stays in the page cache, shared by every worker, and a worker's
own memory grows by well under a megabyte. Nothing here logs or keeps a postcode.
"""

import bisect
import functools
import json
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAGIC = b"PCLOOKUP1\n"
RECORD = 7
BLOCK = 512  # postcodes per block: one positioned read of 3.5 KB
COUNT = struct.Struct("<I")

# The places outside England and Wales the directory covers, as `areas` names them.
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"
CHANNEL_ISLANDS = "channel-islands"
ISLE_OF_MAN = "isle-of-man"
NO_COUNCIL = "none"
ELSEWHERE = {
    SCOTLAND: "Scotland",
    NORTHERN_IRELAND: "Northern Ireland",
    CHANNEL_ISLANDS: "the Channel Islands",
    ISLE_OF_MAN: "the Isle of Man",
}

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
INWARD = r"[0-9][A-Z]{2}"
FULL_POSTCODE = re.compile(rf"({OUTWARD})({INWARD})")
OUTWARD_CODE = re.compile(OUTWARD)
LONGEST_QUERY = 100


class MalformedQuery(ValueError):
    """What was typed cannot be searched; the message says why, in a reader's words."""


@dataclass(frozen=True)
class Query:
    """What a search box's text is: a full postcode, an outward code, or words to match names with."""

    kind: str  # "postcode", "outward" or "name"
    text: str  # the postcode as "BN1 1AA", the outward code as "BN1", or the words as typed (trimmed)

    @property
    def outward(self):
        return self.text.split(" ")[0] if self.kind != "name" else ""

    @property
    def key(self):
        """The lookup file's form of a full postcode: 'BN1 1AA', 'B1  1AA', 'SW1A1AA'."""
        outward, inward = self.text.split(" ")
        return f"{outward:<4}{inward}".encode("ascii")


def read_query(text):
    """The `Query` in `text`, or MalformedQuery. Words with a digit are taken as a postcode attempt."""
    text = " ".join((text or "").split())
    if not text:
        raise MalformedQuery("Type a postcode, a council's name or a provider's name.")
    if len(text) > LONGEST_QUERY:
        raise MalformedQuery(f"That is longer than any name or postcode ({LONGEST_QUERY} characters at most).")
    if not any(character.isdigit() for character in text):
        return Query("name", text)
    compact = text.replace(" ", "").upper()
    if full := FULL_POSTCODE.fullmatch(compact):
        return Query("postcode", f"{full[1]} {full[2]}")
    if OUTWARD_CODE.fullmatch(compact):
        return Query("outward", compact)
    if re.search(r"[A-Za-z]{3,}", text):
        return Query("name", text)  # "Gloucester 2" or "Area 51": words with a number in them
    raise MalformedQuery(
        "That is not a postcode: a postcode is one or two letters and a number, then a space, a number and "
        "two letters (BN1 1AA). Its first half alone (BN1) finds its council too."
    )


@dataclass(frozen=True)
class Answer:
    """Where a postcode or an outward code lies: council codes, or one of ELSEWHERE's keys, or nothing."""

    areas: tuple[str, ...] = ()

    @property
    def found(self):
        return bool(self.areas)

    @property
    def councils(self):
        return tuple(area for area in self.areas if area not in ELSEWHERE and area != NO_COUNCIL)

    @property
    def elsewhere(self):
        """'Scotland' where the place lies wholly outside England and Wales, else ''."""
        names = {ELSEWHERE[area] for area in self.areas if area in ELSEWHERE}
        return names.pop() if len(names) == 1 and not self.councils else ""


class LookupMissing(RuntimeError):
    """The lookup file has not been built: `manage.py build_places`."""


class PostcodeLookup:
    def __init__(self, directory, version):
        self.directory = Path(directory)
        self.version = version
        with open(self.directory / f"places-{version}.json", encoding="utf-8") as handle:
            document = json.load(handle)
        self.areas = document["areas"]
        self.outward_areas = document["outward"]
        path = self.directory / f"postcodes-{version}.bin"
        # Kept open for the life of the process: positioned reads need no lock between threads.
        self._file = os.open(path, os.O_RDONLY)
        header = os.pread(self._file, len(MAGIC) + COUNT.size, 0)
        if header[: len(MAGIC)] != MAGIC:
            os.close(self._file)
            raise LookupMissing(f"{path} is not a postcode lookup file.")
        (self.count,) = COUNT.unpack_from(header, len(MAGIC))
        self._keys = len(MAGIC) + COUNT.size
        self._indexes = self._keys + self.count * RECORD
        self._block_firsts = [
            os.pread(self._file, RECORD, self._keys + start * RECORD) for start in range(0, self.count, BLOCK)
        ]

    def postcode(self, query):
        """The `Answer` for a full postcode's `Query` (empty when the directory has no such postcode)."""
        key = query.key
        block = bisect.bisect_right(self._block_firsts, key) - 1
        if block < 0:
            return Answer()
        start = block * BLOCK
        size = min(BLOCK, self.count - start)
        keys = os.pread(self._file, size * RECORD, self._keys + start * RECORD)
        position = bisect.bisect_left(_Records(keys, size), key)
        if position == size or keys[position * RECORD : (position + 1) * RECORD] != key:
            return Answer()
        (index,) = struct.unpack("<H", os.pread(self._file, 2, self._indexes + 2 * (start + position)))
        return Answer((self.areas[index],))

    def postcode_at(self, position):
        """The `position`-th postcode of the directory, as 'BN1 1AA' (to sample real postcodes, as the bench does)."""
        record = os.pread(self._file, RECORD, self._keys + position * RECORD).decode("ascii")
        return f"{record[:4].strip()} {record[4:]}"

    def outward(self, outward):
        """The `Answer` for an outward code: every area any of its postcodes lies in, the one with most first."""
        return Answer(tuple(self.outward_areas.get(outward.upper(), ())))


class _Records:
    """A block of sorted postcodes as a sequence `bisect` can search without splitting it first."""

    def __init__(self, data, count):
        self.data, self.count = data, count

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        return self.data[index * RECORD : (index + 1) * RECORD]


def lookup_directory():
    return Path(settings.DATA_DIR) / "places"


@functools.lru_cache(maxsize=4)
def _lookup(directory, version):
    return PostcodeLookup(directory, version)


def lookup():
    """The lookup built for the directory version the database records; LookupMissing if there is none."""
    from .models import DirectoryVersion

    version = DirectoryVersion.objects.order_by("-built_at").values_list("postcodes_version", flat=True).first()
    directory = lookup_directory()
    if version is None or not (directory / f"postcodes-{version}.bin").exists():
        raise LookupMissing("The postcode lookup has not been built: run `manage.py build_places`.")
    return _lookup(str(directory), version)
