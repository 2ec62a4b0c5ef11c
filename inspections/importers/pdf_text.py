"""
The text layer of an uploaded PDF, read in a child process that a hostile file cannot take down.

`text_from_pdf(data)` starts a fresh Python (this file run as a script, so it imports neither
Django nor the project), hands it the PDF on stdin and reads the text on stdout. The child limits
itself before it touches the file: its address space (RLIMIT_AS) bounds everything it decodes in
total, its CPU time (RLIMIT_CPU) bounds the work; the parent kills it at a wall-clock deadline or
when it writes more than the text allowed. Inside, pypdf's own per-stream limits are lowered and
the child stops early once the pages' decoded content or their text passes its bound. Whatever goes
wrong comes back as `UnreadablePdf` with a message an editor can act on.

A fresh interpreter rather than fork: gunicorn's workers and the test server hold threads, locks and
a database connection that a forked child would inherit.
"""

from __future__ import annotations

import dataclasses
import io
import json
import signal
import subprocess
import sys
import tempfile
import threading

# A report runs to about a hundred pages, a few megabytes of page content and a few hundred
# kilobytes of text; these bounds are far above that and far below what a hostile PDF (a
# decompression bomb, 20,000 pages) would cost a server with a few gigabytes shared by its workers.
MAX_PDF_PAGES = 400
MAX_PDF_SECONDS = 20  # wall clock, starting the interpreter included
MAX_PDF_CPU_SECONDS = 20
MAX_PDF_MEMORY = 512 * 1024 * 1024  # the child's whole address space: interpreter, pypdf, the file, what it decodes
MAX_PDF_DECODED = 100_000_000  # bytes of page content decoded, all pages together
MAX_PDF_TEXT = 2_000_000  # characters, as for pasted text
PYPDF_LIMITS = {
    # Bytes one stream may decompress to, and the work one content stream may take.
    "zlib_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "image_maximum_buffer_size": 20_000_000,
    "stream_decoding_work_maximum_length": 100_000_000,
    "page_tree_maximum_page_entries": 100_000,
}
PASTE_INSTEAD = "paste the report's text instead."


class UnreadablePdf(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class PdfLimits:
    pages: int = MAX_PDF_PAGES
    seconds: float = MAX_PDF_SECONDS
    cpu_seconds: int = MAX_PDF_CPU_SECONDS
    memory: int = MAX_PDF_MEMORY
    decoded: int = MAX_PDF_DECODED
    text: int = MAX_PDF_TEXT

    @property
    def output_bytes(self):
        """The most a child within its limits writes: a status line and the text, 4 bytes a character."""
        return 4 * self.text + 4096


# --------------------------------------------------------------------------
# The parent: start the child, hold it to its limits, read its answer
# --------------------------------------------------------------------------


def text_from_pdf(data: bytes, *, limits: PdfLimits = PdfLimits(), command=None) -> str:
    """The text layer of a PDF, page after page. Raises UnreadablePdf with a readable message.

    `command` is the child to run (this file, by default); it receives `limits` as JSON.
    """
    command = command or [sys.executable, "-I", __file__]
    killed = threading.Event()  # set when the parent ended the child

    def kill(child):
        killed.set()
        child.kill()

    with tempfile.TemporaryFile() as source:
        source.write(data)
        source.seek(0)
        child = subprocess.Popen(
            [*command, json.dumps(dataclasses.asdict(limits))],
            stdin=source,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        deadline = threading.Timer(limits.seconds, kill, args=[child])
        deadline.start()
        try:
            output, too_long = _bounded_read(child.stdout, limits.output_bytes)
            if too_long:
                kill(child)
            child.stdout.close()
            returncode = child.wait()
        finally:
            deadline.cancel()
            if child.poll() is None:
                child.kill()
                child.wait()
    if too_long:
        raise UnreadablePdf(_too_much_text(limits))
    if killed.is_set():
        raise UnreadablePdf(f"Reading the PDF took more than {limits.seconds:g} seconds; {PASTE_INSTEAD}")
    return _answer(output, returncode, limits)


def _bounded_read(stream, most):
    """Up to `most` bytes of `stream` until it ends, and whether it held more."""
    chunks, size = [], 0
    while chunk := stream.read(min(65536, most + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > most:
            return b"", True
    return b"".join(chunks), False


def _answer(output, returncode, limits):
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise UnreadablePdf(
            f"Reading the PDF took more than its {limits.cpu_seconds} s of processor time; {PASTE_INSTEAD}"
        )
    status, _, body = output.partition(b"\n")
    if returncode != 0 or status not in (b"text", b"refused"):
        raise UnreadablePdf(f"The file cannot be read as a PDF (the reader stopped, exit status {returncode}).")
    body = body.decode("utf-8", "replace")
    if status == b"refused":
        raise UnreadablePdf(body)
    return body


def _too_much_text(limits):
    return f"The PDF holds more than {limits.text:,} characters of text, more than any report; {PASTE_INSTEAD}"


# --------------------------------------------------------------------------
# The child: limit itself, read the PDF from stdin, write "text\n..." or "refused\n..." to stdout
# --------------------------------------------------------------------------


def _limit_child(limits):
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU would otherwise dump core
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    # The soft limit sends SIGXCPU; the hard one, a second later, SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))


def _extract(data, limits):
    from pypdf import PdfReader, apply_configuration

    with apply_configuration(**PYPDF_LIMITS):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadablePdf("The PDF is encrypted; save it without a password or paste its text.")
        page_count = len(reader.pages)
        if page_count > limits.pages:
            raise UnreadablePdf(
                f"The PDF has {page_count:,} pages; the importer reads at most {limits.pages}. "
                f"{PASTE_INSTEAD.capitalize()}"
            )
        pages, decoded, length = [], 0, 0
        for page in reader.pages:
            # pypdf bounds each stream; this bounds them all, before the page's text is worked out.
            contents = page.get_contents()
            decoded += len(contents.get_data()) if contents is not None else 0
            if decoded > limits.decoded:
                raise UnreadablePdf(
                    f"The PDF's pages decompress to more than {limits.decoded // 1_000_000} MB, "
                    f"more than any report; {PASTE_INSTEAD}"
                )
            text = page.extract_text() or ""
            length += len(text)
            if length > limits.text:
                raise UnreadablePdf(_too_much_text(limits))
            pages.append(text)
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadablePdf(f"The PDF has no text layer (a scan?); {PASTE_INSTEAD}")
    return text


def _child_answer(data, limits):
    try:
        return b"text\n" + _extract(data, limits).encode("utf-8", "replace")
    except UnreadablePdf as error:
        message = str(error)
    except MemoryError:
        message = f"Reading the PDF needs more than {limits.memory // (1024 * 1024)} MB of memory; {PASTE_INSTEAD}"
    except Exception as error:  # noqa: BLE001 - a hostile file may trip any error inside pypdf
        reason = str(error).strip() or type(error).__name__
        message = f"The file cannot be read as a PDF ({reason[:200]})."
    return b"refused\n" + message.encode("utf-8")


def main():
    limits = PdfLimits(**json.loads(sys.argv[1]))
    _limit_child(limits)
    data = sys.stdin.buffer.read()
    sys.stdout.buffer.write(_child_answer(data, limits))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
