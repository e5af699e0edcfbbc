"""Pages: find the saved pages in a folder and read each one as text.

Owns the walk over the corpus (which files are pages, which links are followed), the
reading of plain and gzip-compressed files, and the decoding of bytes into text
(byte-order marks, UTF-16 without a mark, HTML charset declarations, UTF-8, then the
Korean and Western legacy encodings; UTF-8 that was decoded twice is repaired). A page that
cannot be read raises `PageError` with a message that names what is wrong; the caller
reports it and goes on.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import PageError

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
HTML_SUFFIXES = (".html", ".htm")
MAX_PAGE_BYTES = 16 * 1024 * 1024  # far above any real page; keeps one bad file from eating memory
MAX_JSONL_BYTES = 1024 * 1024 * 1024  # a JSON Lines file holds many records

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")
_HANGUL_RUN_RE = re.compile(r"[\uac00-\ud7a3]{2,}")
# UTF-8 bytes read as Latin-1 or cp1252, one character a byte ("’" shows as "â\x80\x99" or
# "â€™"): a lead byte character and its continuation byte characters.
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_CONTINUATION = "[\x80-\xbf" + _CP1252_HIGH + "]"
_MOJIBAKE_RE = re.compile(f"[\xc2-\xdf]{_CONTINUATION}|[\xe0-\xef]{_CONTINUATION}{{2}}|[\xf0-\xf4]{_CONTINUATION}{{3}}")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_SINGLE_BYTE = {"cp1252", "latin-1", "iso-8859-1", "iso8859-1", "iso-8859-15", "latin1", "windows-1252", "ascii"}

ErrorCallback = Callable[[str, str], None]  # (path, message)


@dataclass(frozen=True)
class Page:
    """The text of one saved page and how it was saved (`html` or `text`)."""

    path: str
    kind: str
    text: str


@dataclass(frozen=True)
class PageFile:
    """A file found in the corpus, with what a re-index compares: size and mtime."""

    path: str
    size: int
    mtime_ns: int


def is_page_name(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(PAGE_SUFFIXES)


def iter_page_files(
    roots: Iterable[str | os.PathLike[str]],
    follow_links: bool = False,
    on_error: ErrorCallback | None = None,
) -> Iterator[PageFile]:
    """Yield every page file (and JSON Lines file) under the given files and folders, sorted, once each.

    Symbolic links are followed only when they stay inside the root they were found
    under, unless `follow_links` is set; link loops are never walked twice.
    """
    found = sorted(_walk(roots, follow_links, on_error), key=lambda f: f.path)
    seen: set[str] = set()
    for page_file in found:
        if page_file.path not in seen:
            seen.add(page_file.path)
            yield page_file


def _walk(
    roots: Iterable[str | os.PathLike[str]], follow_links: bool, on_error: ErrorCallback | None
) -> Iterator[PageFile]:
    for root in roots:
        root_path = Path(root)
        if not root_path.exists():
            raise PageError(f"{root}: no such file or folder", "Check the path and try again.")
        if root_path.is_file():
            single = _page_file(str(root_path), on_error)
            if single:
                yield single
            continue
        real_root = os.path.realpath(root_path)
        visited_dirs: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(root_path, followlinks=True, onerror=None):
            real_dir = os.path.realpath(dirpath)
            if real_dir in visited_dirs:
                dirnames[:] = []
                continue
            visited_dirs.add(real_dir)
            kept = []
            for name in sorted(dirnames):
                full = os.path.join(dirpath, name)
                if os.path.islink(full) and not _link_allowed(full, real_root, follow_links):
                    continue
                kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                if not is_page_name(name):
                    continue
                full = os.path.join(dirpath, name)
                if os.path.islink(full) and not _link_allowed(full, real_root, follow_links):
                    if on_error:
                        on_error(full, "symbolic link leads outside the folder; not followed")
                    continue
                page_file = _page_file(full, on_error)
                if page_file:
                    yield page_file


def _link_allowed(path: str, real_root: str, follow_links: bool) -> bool:
    if follow_links:
        return True
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root + os.sep)


def _page_file(path: str, on_error: ErrorCallback | None) -> PageFile | None:
    try:
        st = os.stat(path)
    except OSError as exc:
        if on_error:
            on_error(path, _os_reason(exc))
        return None
    return PageFile(path=path, size=st.st_size, mtime_ns=st.st_mtime_ns)


def read_page(path: str) -> Page:
    """Read and decode one page file."""
    name = path.lower().removesuffix(".gz")
    kind = "html" if name.endswith(HTML_SUFFIXES) else "jsonl" if name.endswith(".jsonl") else None
    limit = MAX_JSONL_BYTES if kind == "jsonl" else MAX_PAGE_BYTES
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise PageError(_os_reason(exc)) from None
    if path.lower().endswith(".gz"):
        raw = _gunzip(raw, limit)
    return decode_page(path, raw, kind=kind, limit=limit)


def decode_page(path: str, raw: bytes, kind: str | None = None, limit: int | None = None) -> Page:
    """Turn a page's bytes into a `Page`, sniffing HTML when `kind` is not given."""
    limit = limit or MAX_PAGE_BYTES
    if len(raw) > limit:
        raise PageError(f"file is larger than {limit // (1024 * 1024)} MB; not a saved column page")
    text = decode_bytes(raw)
    if not text.strip():
        raise PageError("empty page (no text)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind is None:
        head = text[:2048].lstrip().lower()
        kind = "html" if head.startswith(("<!doctype html", "<html", "<?xml", "<head")) else "text"
    return Page(path=path, kind=kind, text=text)


def decode_bytes(raw: bytes) -> str:
    """Decode page bytes: BOMs, UTF-16, declared charset, UTF-8, cp949, then cp1252.

    Valid UTF-8 beats a declared Western single-byte charset, and UTF-8 that was read as
    Latin-1 or cp1252 before the page was saved ("Investorâ€™s") is repaired.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise PageError(f"text marked as {encoding.upper()} does not decode") from None
    sample = raw[:4096]
    if 0 in sample:  # UTF-16 without a mark has NULs in ASCII text (spaces, newlines)
        guess = _utf16_without_bom(raw)
        if guess is not None:
            return guess
        raise PageError("binary file, not a text or HTML page")
    declared = _declared_charset(sample)
    text = None
    if declared and not (declared in _SINGLE_BYTE and _is_utf8(raw)):
        # A page saved as UTF-8 keeps its old Western declaration often enough, and
        # Western text that happens to be valid UTF-8 is all but unknown: UTF-8 wins.
        with contextlib.suppress(UnicodeError, LookupError):  # a lying declaration: detect instead
            text = raw.decode(declared)
    if text is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _legacy_decode(raw)
    if _looks_binary(text):
        raise PageError("binary file, not a text or HTML page")
    return _undo_double_utf8(text)


def _is_utf8(raw: bytes) -> bool:
    """Whether bytes with some non-ASCII in them decode as UTF-8."""
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _undo_double_utf8(text: str) -> str:
    """Repair a page whose UTF-8 was read as Latin-1 or cp1252 once before it was saved.

    Only when such sequences are most of the page's non-ASCII text, so real "Ã©" in a page
    of French stays; each sequence is repaired only if its bytes are UTF-8.
    """
    if text.isascii():
        return text
    runs = _NON_ASCII_RE.findall(text)  # scanning these, not the whole page, keeps it fast
    found = _MOJIBAKE_RE.findall("\n".join(runs))
    if len(found) < 2:
        return text
    other = sum(map(len, runs)) - sum(map(len, found))
    if other > len(found):
        return text
    return _MOJIBAKE_RE.sub(_repair, text)


def _repair(match: re.Match[str]) -> str:
    chars = match.group(0)
    try:
        return bytes(ord(ch) if ord(ch) < 0x100 else ch.encode("cp1252")[0] for ch in chars).decode("utf-8")
    except UnicodeError:
        return chars


def _utf16_without_bom(raw: bytes) -> str | None:
    even_zeros = raw[0:4096:2].count(0)
    odd_zeros = raw[1:4096:2].count(0)
    encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
    try:
        text = raw[: len(raw) - len(raw) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _plausible(text) else None


def _plausible(text: str) -> bool:
    """Mostly letters, digits, spaces and punctuation: text, not bytes read as text."""
    sample = text[:4096]
    good = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in ".,;:!?'\"()-<>/=&%#@*[]{}|_+~`$^")
    return bool(sample) and good >= 0.95 * len(sample) and not _looks_binary(sample)


def _declared_charset(sample: bytes) -> str | None:
    match = _CHARSET_RE.search(sample)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    aliases = {"euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "iso-8859-1": "cp1252"}
    name = aliases.get(name, name)
    if name.startswith(("utf-16", "utf-32", "utf16", "utf32")):
        return None  # bytes that carry an ASCII declaration are not UTF-16 (the HTML rule)
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _legacy_decode(raw: bytes) -> str:
    """Korean cp949 when the bytes read as Korean words, else Western cp1252.

    Western text misread as cp949 also shows Hangul, but as single syllables wedged
    between Latin letters ("don뭪"); real Korean has runs of syllables.
    """
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError:
        text = ""
    syllables = _HANGUL_RE.findall(text)
    if syllables:
        in_runs = sum(len(run) for run in _HANGUL_RUN_RE.findall(text))
        if in_runs >= 0.6 * len(syllables):
            return text
    if len(raw) % 2 == 0:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                guess = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _plausible(guess):
                return guess
    return raw.decode("cp1252", errors="replace")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    return "\x00" in sample or len(_CONTROL_RE.findall(sample)) > len(sample) // 20


def _gunzip(raw: bytes, limit: int) -> bytes:
    if not raw:
        raise PageError("gzip file is truncated (it is empty)")
    try:
        data = b""
        rest = raw
        while rest and len(data) <= limit:  # a gzip file may hold several members
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data += decompressor.decompress(rest, limit + 1 - len(data))
            if not decompressor.eof:
                break
            rest = decompressor.unused_data
        if not decompressor.eof and len(data) <= limit:
            raise PageError("gzip file is truncated")
        return data
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise PageError(f"corrupt gzip file ({exc})") from None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied (cannot read the file)"
    if isinstance(exc, FileNotFoundError):
        return "file vanished before it could be read"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a page"
    return exc.strerror or str(exc)
