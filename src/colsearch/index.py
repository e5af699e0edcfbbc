"""Index: build, update and open the Whoosh index ("which columns do we know?").

An index folder holds one live generation of a Whoosh index (`columns-NNNNNN`) named by
the file `CURRENT`, and beside it a manifest (`files-NNNNNN.sqlite`) of every page file
seen: size, mtime and the id of the column it holds. A run stats every file, reads only
new and changed ones, and commits in batches, saving the manifest after each commit, so
a killed run loses at most one batch and the next run carries on. `--rebuild` writes a
new generation beside the live one and switches `CURRENT` only when it is complete, so
searches always see a whole index. One writer at a time: an flock on `colsearch.lock`,
which the kernel releases when a process dies, so no stale lock can remain.
"""

from __future__ import annotations

import errno
import fcntl
import json
import math
import os
import re
import shutil
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import whoosh.index
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.index import EmptyIndexError, FileIndex

from .errors import (
    ColsearchError,
    IndexDamagedError,
    IndexLockedError,
    IndexMissingError,
    NotFoundError,
    PageError,
)
from .records import Column, IndexReport
from .schema import build_schema
from .segments import NO_COLUMN, FieldEntry, SegmentBuilder, merge_segments, prepare_document
from .vocabulary import Vocabulary, words_of

if TYPE_CHECKING:  # loaded only by an index run, so that searching starts faster
    from concurrent.futures import Future

    from .pages import PageFile


def _cache_missing_length_columns() -> None:
    """Make whoosh remember that a field has no length column.

    Whoosh 2.7's per-document reader looks a field's length column up for every posting
    it writes, and when the field has none (ID, KEYWORD and spelling fields) it asks the
    file system again each time: about a quarter of all indexing time in our profile.
    A segment's columns never change once written, so the answer can be kept.
    """

    def cached_reader(self: Any, fieldname: str, column: Any) -> Any:
        try:
            return self._readers[fieldname]
        except KeyError:
            reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
            self._readers[fieldname] = reader
            return reader

    W3PerDocReader._cached_reader = cached_reader


_cache_missing_length_columns()

DEFAULT_INDEX = "index"
BATCH_PAGES = 2000  # pages extracted between commits: the most a killed run can lose
PARALLEL_MIN_PAGES = 64  # below this, worker processes cost more than they save

ProgressCallback = Callable[[int, int], None]  # (pages done, pages to read)
ErrorCallback = Callable[[str, str], None]  # (path, message)
NoticeCallback = Callable[[str], None]


def default_index_dir() -> str:
    return os.environ.get("COLSEARCH_INDEX") or DEFAULT_INDEX


# --- the lock ---------------------------------------------------------------------------


@contextmanager
def writer_lock(index_dir: str, wait: float = 0.0, notice: NoticeCallback | None = None) -> Iterator[None]:
    """Hold the index's write lock; wait up to `wait` seconds for another run to finish."""
    os.makedirs(index_dir, exist_ok=True)
    path = os.path.join(index_dir, "colsearch.lock")
    handle = open(path, "a+")  # noqa: SIM115 (held until the lock is released)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"{index_dir}: another colsearch index run ({holder}) is writing this index",
                        "Wait for it to finish, or pass --wait SECONDS to queue behind it.",
                    ) from None
                if notice and not told:
                    notice(f"waiting for another index run ({holder}) to finish…")
                    told = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the flock


# --- the manifest -----------------------------------------------------------------------


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int
    column_ids: tuple[str, ...]  # empty: the page is not a column


class Manifest:
    """The page files an index generation has seen, in a small SQLite file."""

    VERSION = 2  # a manifest of another version is ignored: every page is read again

    def __init__(self, path: str) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != self.VERSION:
            with self.db:
                self.db.execute("DROP TABLE IF EXISTS files")
                self.db.execute(f"PRAGMA user_version = {self.VERSION}")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, column_ids TEXT)"
        )

    def load(self) -> dict[str, FileState]:
        rows = self.db.execute("SELECT path, size, mtime_ns, column_ids FROM files")
        return {path: FileState(size, mtime, tuple(ids.split())) for path, size, mtime, ids in rows}

    def save(self, changed: dict[str, FileState], removed: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in removed])
            self.db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                [(p, s.size, s.mtime_ns, " ".join(s.column_ids)) for p, s in changed.items()],
            )

    def close(self) -> None:
        self.db.close()


# --- generations ------------------------------------------------------------------------


def _current_generation(index_dir: str) -> str | None:
    try:
        with open(os.path.join(index_dir, "CURRENT"), encoding="utf-8") as handle:
            name = handle.read().strip()
    except FileNotFoundError:
        return None
    return name or None


def _switch_generation(index_dir: str, name: str) -> None:
    tmp = os.path.join(index_dir, "CURRENT.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, os.path.join(index_dir, "CURRENT"))


def _next_generation(index_dir: str) -> str:
    numbers = [0]
    for entry in os.listdir(index_dir):
        if entry.startswith("_columns-") and entry.endswith(".toc"):
            with suppress(ValueError):
                numbers.append(int(entry[len("_columns-") :].split("_")[0]))
    current = _current_generation(index_dir)
    if current:
        numbers.append(int(current.split("-")[1]))
    return f"columns-{max(numbers) + 1:06d}"


_GENERATION_FILE_RE = re.compile(r"^_?(?:columns|files|words)-(\d{6})(?:[_.]|$)")


def _remove_generations(index_dir: str, keep: str | None) -> None:
    """Delete the files of every generation but `keep`: replaced ones, and any left
    half-built by a rebuild that was killed. Only called while holding the lock."""
    kept = keep.split("-")[1] if keep else None
    for entry in os.listdir(index_dir):
        match = _GENERATION_FILE_RE.match(entry)
        if match and match.group(1) != kept:
            with suppress(OSError):  # already gone; nothing to do
                os.remove(os.path.join(index_dir, entry))


def _manifest_name(generation: str) -> str:
    return generation.replace("columns-", "files-") + ".sqlite"


def _vocabulary_name(generation: str) -> str:
    return generation.replace("columns-", "words-") + ".sqlite"


def open_vocabulary(index_dir: str | None = None) -> Vocabulary | None:
    """The live generation's vocabulary, read-only, or None when there is none."""
    index_dir = index_dir or default_index_dir()
    generation = _current_generation(index_dir)
    path = os.path.join(index_dir, _vocabulary_name(generation)) if generation else None
    if path is None or not os.path.exists(path):
        return None
    try:
        return Vocabulary(path, readonly=True)
    except sqlite3.Error:
        return None


# --- writing ----------------------------------------------------------------------------


def update_index(
    paths: Sequence[str],
    index_dir: str | None = None,
    rebuild: bool = False,
    wait: float = 0.0,
    workers: int | None = None,
    follow_links: bool = False,
    progress: ProgressCallback | None = None,
    on_error: ErrorCallback | None = None,
    notice: NoticeCallback | None = None,
) -> IndexReport:
    """Bring the index up to date with the pages under `paths`; return what was done.

    Only new and changed pages are read; pages gone from the folders leave the index.
    """
    index_dir = index_dir or default_index_dir()
    started = time.monotonic()
    report = IndexReport()

    def failed(path: str, message: str) -> None:
        report.failed += 1
        report.failures.append((path, message))
        if on_error:
            on_error(path, message)

    roots = [os.path.abspath(p) for p in paths]
    with writer_lock(index_dir, wait, notice):
        generation = _current_generation(index_dir)
        _remove_generations(index_dir, keep=generation)
        fresh = rebuild or generation is None or not whoosh.index.exists_in(index_dir, generation)
        if not fresh and not _schema_current(_open_generation(index_dir, generation or "")):
            fresh = True
            if notice:
                notice("the index was made by an older colsearch; rebuilding it")
        if fresh:
            generation = _next_generation(index_dir)
            ix = whoosh.index.create_in(index_dir, build_schema(), indexname=generation)
            for name in (_manifest_name(generation), _vocabulary_name(generation)):
                with suppress(FileNotFoundError):  # left by a rebuild that was killed
                    os.remove(os.path.join(index_dir, name))
        else:
            assert generation is not None
            ix = _open_generation(index_dir, generation)
        manifest = Manifest(os.path.join(index_dir, _manifest_name(generation)))
        vocabulary = Vocabulary(os.path.join(index_dir, _vocabulary_name(generation)))
        try:
            known = manifest.load()
            from .pages import iter_page_files

            files = list(iter_page_files(roots, follow_links=follow_links, on_error=failed))
            seen = {f.path for f in files}
            to_read: list[PageFile] = []
            for f in files:
                state = known.get(f.path)
                if state is not None and state.size == f.size and state.mtime_ns == f.mtime_ns:
                    report.unchanged += 1
                    if not state.column_ids:
                        report.not_columns += 1
                else:
                    to_read.append(f)
            gone = [p for p in known if p not in seen and _under(p, roots)]
            report.removed = len(gone)
            staging = _staging_dir(index_dir)
            pool = _pool(len(to_read), workers)
            try:
                saved = _apply(ix, manifest, vocabulary, known, to_read, gone, report, failed, progress, pool, staging)
                _merge_small_segments(ix, pool)
            finally:
                if pool:
                    pool.executor.shutdown(cancel_futures=True)
                shutil.rmtree(staging, ignore_errors=True)
            with ix.searcher() as searcher:
                report.columns = searcher.doc_count()
            report.duplicates = max(0, saved - report.columns)
        finally:
            manifest.close()
            vocabulary.close()
        if fresh:
            _switch_generation(index_dir, generation)
            _remove_generations(index_dir, keep=generation)
    report.seconds = time.monotonic() - started
    return report


def _under(path: str, roots: Sequence[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _apply(
    ix: FileIndex,
    manifest: Manifest,
    vocabulary: Vocabulary,
    known: dict[str, FileState],
    to_read: list[PageFile],
    gone: list[str],
    report: IndexReport,
    failed: ErrorCallback,
    progress: ProgressCallback | None,
    pool: _Pool | None,
    staging: str,
) -> int:
    """Extract the pages to read, batch by batch, and commit each batch with its manifest.

    Returns how many saved copies of columns the folders hold (duplicates included).
    """
    state = dict(known)
    paths_of: dict[str, set[str]] = {}  # column id -> files that hold it
    for path, file_state in state.items():
        for cid in file_state.column_ids:
            paths_of.setdefault(cid, set()).add(path)

    def forget(path: str) -> set[str]:
        old = state.pop(path, None)
        for cid in old.column_ids if old else ():
            paths_of[cid].discard(path)
        return set(old.column_ids) if old else set()

    done = 0
    batches = [to_read[i : i + BATCH_PAGES] for i in range(0, len(to_read), BATCH_PAGES)] or [[]]
    for number, parts in enumerate(_built(batches, pool, staging, ix.indexname)):
        changed: dict[str, FileState] = {}
        fresh: dict[str, Column] = {}
        touched: set[str] = set()
        removed = gone if number == 0 else []
        for path in removed:
            touched |= forget(path)
        words: Counter[str] = Counter()
        done_parts: list[Part] = []
        for files, pending in parts:
            part = pending if isinstance(pending, Part) else pending.result()
            done_parts.append(part)
            for f, (columns, errors, page_words) in zip(files, part.pages, strict=True):
                words.update(page_words)
                for message in errors:
                    failed(f.path, message)
                if not columns and errors:
                    continue  # unreadable: not in the manifest, so the next run tries again
                if f.path in state:
                    report.updated += 1
                    touched |= forget(f.path)
                else:
                    report.added += 1
                ids = tuple(dict.fromkeys(c.id for c in columns if c.is_column))
                if not ids:
                    report.not_columns += 1
                for column in columns:
                    if column.is_column:
                        fresh.setdefault(column.id, column)
                for cid in ids:
                    paths_of.setdefault(cid, set()).add(f.path)
                touched.update(ids)
                state[f.path] = changed[f.path] = FileState(f.size, f.mtime_ns, ids)
            done += len(files)
            if progress:
                progress(done, len(to_read))
        if touched or any(part.segment for part in done_parts):
            final = {cid: sorted(paths_of.get(cid, ())) for cid in touched}
            _commit_batch(ix, staging, done_parts, final, fresh)
        manifest.save(changed, removed)
        vocabulary.add(words)
    return sum(len(p) for p in paths_of.values())


PART_PAGES = 1000  # pages a worker turns into one segment of its own (half a batch: one per worker)


@dataclass
class Part:
    """What a worker made of a run of pages: a segment of their columns, written in the
    staging folder, and page by page what the main process needs to keep its books."""

    segment: Any | None
    pages: list[tuple[list[Column], list[str], list[str]]]  # per page: columns, errors, words
    docnums: dict[str, int]  # column id -> its document in the segment
    paths: dict[str, list[str]]  # column id -> the part's pages holding it, sorted


def _built(
    batches: list[list[PageFile]], pool: _Pool | None, staging: str, indexname: str
) -> Iterator[list[tuple[list[PageFile], Future[Part] | Part]]]:
    """Each batch's parts: runs of up to PART_PAGES pages, each built into a segment (a
    smaller batch is shared out among the workers). With workers, the next batch is
    handed to them before this one is returned, so they build it while this one is
    committed."""
    workers = pool.size if pool else 1

    def start(batch: list[PageFile]) -> list[tuple[list[PageFile], Future[Part] | Part]]:
        size = min(PART_PAGES, max(1, math.ceil(len(batch) / workers)))
        runs = [batch[i : i + size] for i in range(0, len(batch), size)]
        if pool is None:
            return [(run, _build_part([f.path for f in run], staging, indexname)) for run in runs]
        submit = pool.executor.submit
        return [(run, submit(_build_part, [f.path for f in run], staging, indexname)) for run in runs]

    if pool is None:
        for batch in batches:
            yield start(batch)
        return
    pending = start(batches[0])
    for number in range(len(batches)):
        parts = pending
        if number + 1 < len(batches):
            pending = start(batches[number + 1])
        yield parts


def _build_part(paths: list[str], staging: str, indexname: str) -> Part:
    """Worker: extract a run of pages and write their columns as one segment, staged.

    A column found twice in the run is one document, with both paths in its record.
    The main process decides whether the document stands (see `_commit_batch`).
    """
    from whoosh.filedb.filestore import FileStorage

    schema = _worker_schema()
    builder = SegmentBuilder(FileStorage(staging), schema, indexname)
    part = Part(None, [], {}, {})
    held: dict[str, Column] = {}
    for path in paths:
        columns, errors, words = _extract_page(path)
        part.pages.append((columns, errors, words))
        for column in columns:
            if not column.is_column:
                continue
            cid = column.id
            if cid not in part.docnums:
                part.docnums[cid] = builder.add(prepare_document(schema, _document(column)))
                held[cid] = column
            if path not in part.paths.setdefault(cid, []):
                part.paths[cid].append(path)
    for cid, docnum in part.docnums.items():
        part.paths[cid].sort()
        builder.add_entry(docnum, _record_entry(held[cid], part.paths[cid]))
    part.segment = builder.finish() if builder.count else None
    return part


def _staging_dir(index_dir: str) -> str:
    """The folder where workers write segments until a commit takes them in; emptied of
    anything a killed run left (only called while holding the lock)."""
    staging = os.path.join(index_dir, "staging")
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    return staging


def _commit_batch(
    ix: FileIndex, staging: str, parts: list[Part], paths_of: dict[str, list[str]], fresh: dict[str, Column]
) -> None:
    """Commit one batch: the parts' segments, and deletions of the columns' old documents.

    A column's document in a part stands when it is the column's only new copy and its
    record already lists every path the column has; otherwise (saved again in another
    part or batch, or already in the index) the part's copies are marked deleted and the
    column is written once more with all its paths, in a segment of its own.
    """
    copies: dict[str, list[tuple[Part, int]]] = {}
    for part in parts:
        for cid, docnum in part.docnums.items():
            copies.setdefault(cid, []).append((part, docnum))
    # Separate segment files: a reader maps them instead of copying a compound file into
    # memory, which made opening a large index slow and heavy.
    writer = ix.writer(compound=False)
    builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
    try:
        with ix.searcher() as searcher, writer.searcher() as deleting:
            has_documents = searcher.doc_count_all() > 0
            for cid, paths in sorted(paths_of.items()):
                if has_documents:
                    writer.delete_by_term("id", cid, searcher=deleting)
                found = copies.get(cid, [])
                if len(found) == 1 and found[0][0].paths[cid] == paths:
                    continue  # the usual case: the part's document is the column, complete
                for part, docnum in found:
                    assert part.segment is not None  # a part with documents has a segment
                    part.segment.delete_document(docnum)
                column = fresh.get(cid) or _stored_column(searcher, cid)
                if not paths or column is None:
                    continue
                docnum = builder.add(prepare_document(ix.schema, _document(column)))
                builder.add_entry(docnum, _record_entry(column, paths))
        new = [part.segment for part in parts if part.segment is not None]
        for segment in new:
            _unstage(staging, ix.storage.folder, segment.segment_id())
        if builder.count:
            new.append(builder.finish())
        # No merging here: the run merges once, at its end (_merge_small_segments).
        writer.commit(mergetype=lambda w, segments: segments + new)
    except BaseException:
        writer.cancel()
        raise


def _unstage(staging: str, folder: str, segment_id: str) -> None:
    """Move a segment's files from the staging folder into the index folder."""
    for name in os.listdir(staging):
        if name.startswith(segment_id + "."):
            os.replace(os.path.join(staging, name), os.path.join(folder, name))


MERGE_FACTOR = 4  # segments of about the same size that are merged into one
MAX_MERGE_SEGMENTS = 256  # segments read at once by one merge (each holds a few files open)


def merge_tiers(writer: Any, segments: list[Any], pool: _Pool | None = None) -> list[Any]:
    """Whoosh merge policy: merge the segments of a size tier once it has MERGE_FACTOR.

    Whoosh's own policy (MERGE_SMALL) merges every segment on every commit once they are
    large, so an index built in batches was rewritten again and again (quadratic time).
    With size tiers the number of segments stays small (a few per tier), which keeps
    queries fast, and an index run that adds many batches merges once, at its end (see
    `_merge_small_segments`), so most columns are written twice at most. Segments whose
    columns were all deleted are dropped. The merge itself is `segments.merge_segments`,
    which copies postings a block at a time.
    """
    segments = [s for s in segments if s.doc_count() > 0]
    while True:
        group = _full_tier(segments)
        if not group:
            return segments
        parts = max(math.ceil(len(group) / MAX_MERGE_SEGMENTS), 2 if pool and len(group) >= 8 else 1)
        jobs = [group[i::parts] for i in range(parts)]
        folder, schema, name = writer.storage.folder, writer.schema, writer.indexname
        if pool is None:
            merged = [_merge_in(folder, schema, name, job) for job in jobs]
        else:  # the parts are merged side by side in the workers
            merged = [f.result() for f in [pool.executor.submit(_merge_in, folder, schema, name, job) for job in jobs]]
        segments = [s for s in segments if s not in group] + merged


def _full_tier(segments: list[Any]) -> list[Any]:
    """The segments of the smallest size tier that holds MERGE_FACTOR or more, if any."""
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        tiers.setdefault(int(math.log(max(segment.doc_count(), 1), MERGE_FACTOR)), []).append(segment)
    return next((group for _, group in sorted(tiers.items()) if len(group) >= MERGE_FACTOR), [])


def _merge_in(folder: str, schema: Any, indexname: str, segments: list[Any]) -> Any:
    from whoosh.filedb.filestore import FileStorage

    return merge_segments(FileStorage(folder), schema, indexname, segments)


def _merge_small_segments(ix: FileIndex, pool: _Pool | None) -> None:
    """At the end of an index run, merge what the run's batches left (see merge_tiers)."""
    segments = ix._segments()
    if not _full_tier(segments) and all(s.doc_count() > 0 for s in segments):
        return
    writer = ix.writer(compound=False)
    try:
        writer.commit(mergetype=lambda w, segments: merge_tiers(w, segments, pool))
    except BaseException:
        writer.cancel()
        raise


class _Pool:
    """The worker processes of an index run, and how many there are."""

    def __init__(self, workers: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.size = workers
        self.executor = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)


def _pool(count: int, workers: int | None) -> _Pool | None:
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or count < PARALLEL_MIN_PAGES:
        return None
    return _Pool(workers)


def _worker_start() -> None:
    # Ctrl-C reaches the whole process group; the main process alone decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker whose run was killed (SIGKILL gives no chance to stop the pool) would wait
    # for work forever; it leaves as soon as it sees it has lost its parent.
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _extract_page(path: str) -> tuple[list[Column], list[str], list[str]]:
    """Worker: the columns in one file, messages for what could not be read, and the
    columns' words for the vocabulary (each word once a column, for the main process to
    count)."""
    from .extract import extract_path  # here, so searching never loads the HTML parser

    try:
        columns, errors = extract_path(path)
    except PageError as exc:
        return [], [exc.message], []
    except Exception as exc:  # a page must never stop the run; report what broke
        return [], [f"could not extract ({type(exc).__name__}: {exc})"], []
    words = [word for c in columns if c.is_column for word in words_of(c.headline, c.body)]
    return columns, errors, words


@cache
def _worker_schema() -> Any:
    """The schema, built once per worker process."""
    return build_schema()


def _document(column: Column) -> dict[str, Any]:
    """A column's fields for the index, all but its record (see `_record_entry`)."""
    doc: dict[str, Any] = {
        "id": column.id,
        "headline": column.headline or "",
        "columnist": column.columnist or "",
        "body": column.body,
        "authors": ",".join(a.replace(",", " ") for a in column.authors),
        "section": (column.section or "").lower(),
    }
    posted, updated = _wall_clock(column.posted), _wall_clock(column.updated)
    if posted is None and column.posted:
        posted = datetime.fromisoformat(column.posted[:10])
    if posted:
        doc["posted"] = posted
        doc["month"] = posted.strftime("%Y-%m")
    if updated:
        doc["updated"] = updated
    return doc


def _record_entry(column: Column, paths: list[str]) -> FieldEntry:
    """The stored record: the column's other fields and every path it was saved under."""
    record = column.to_dict()
    record.pop("body")
    record["paths"] = paths
    record["path"] = paths[0]
    return ("record", None, 0, json.dumps(record, ensure_ascii=False), NO_COLUMN)


def _wall_clock(iso: str | None) -> datetime | None:
    """The page's own local date-time of an ISO string, for date filters and facets."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).replace(tzinfo=None)
    except ValueError:
        return None


def _stored_column(searcher: Any, cid: str) -> Column | None:
    fields = searcher.document(id=cid)
    return column_from_stored(fields) if fields else None


def column_from_stored(fields: dict[str, Any]) -> Column:
    record = json.loads(fields["record"])
    return Column(
        path=record["path"],
        is_column=True,
        headline=record.get("headline"),
        columnist=record.get("columnist"),
        authors=tuple(record.get("authors") or ()),
        posted=record.get("posted"),
        updated=record.get("updated"),
        body=fields.get("body", ""),
        bio=record.get("bio"),
        section=record.get("section"),
        url=record.get("url"),
        site=record.get("site"),
        record_id=fields["id"],  # keeps the id a JSON Lines record brought along
    )


# --- reading ----------------------------------------------------------------------------


def _open_generation(index_dir: str, generation: str) -> FileIndex:
    try:
        ix = whoosh.index.open_dir(index_dir, indexname=generation)
        ix.doc_count()  # reads the segment list: a damaged one fails here, not mid-search
        return ix
    except EmptyIndexError:
        raise damaged(index_dir, "its table of contents is missing") from None
    except Exception as exc:  # whoosh fails on damaged files with assorted exceptions
        raise damaged(index_dir, f"{type(exc).__name__}: {exc}") from None


def damaged(index_dir: str, detail: str) -> IndexDamagedError:
    """The error for an index whose files cannot be read."""
    return IndexDamagedError(
        f"{index_dir}: the index is damaged ({detail})",
        "Rebuild it: colsearch index --rebuild PATH...",
    )


def open_index(index_dir: str | None = None) -> FileIndex:
    """Open the live index generation for reading."""
    index_dir = index_dir or default_index_dir()
    generation = _current_generation(index_dir) if os.path.isdir(index_dir) else None
    if generation is None:
        raise IndexMissingError(
            f"no index at {index_dir}",
            "Create one first: colsearch index PATH (or pass --index DIR / set COLSEARCH_INDEX).",
        )
    ix = _open_generation(index_dir, generation)
    if not _schema_current(ix):
        raise IndexDamagedError(
            f"{index_dir}: the index was made by an older colsearch", "Rebuild it: colsearch index --rebuild PATH..."
        )
    return ix


T = TypeVar("T")


def read_index(index_dir: str | None, read: Callable[[FileIndex], T]) -> T:
    """Run `read` on the live index; if an index run changed it meanwhile, run it again.

    A commit removes the files of segments it merged away, and a reader opened before it
    may not have read them yet. Such a failure, when the index has changed since the
    reader opened, is retried on the new state; any other failure means damage.
    """
    index_dir = index_dir or default_index_dir()
    attempts = 3
    for attempt in range(attempts):
        before = _index_state(index_dir)
        try:
            return read(open_index(index_dir))
        except ColsearchError:
            if attempt + 1 < attempts and _index_state(index_dir) != before:
                continue
            raise
        except Exception as exc:  # whoosh fails on missing or damaged files in assorted ways
            if attempt + 1 < attempts and _index_state(index_dir) != before:
                continue
            raise damaged(index_dir, f"{type(exc).__name__}: {exc}") from None
    raise AssertionError("unreachable")


def _index_state(index_dir: str) -> tuple[str | None, tuple[str, ...]]:
    """What changes when an index run commits: the live generation and its table of contents."""
    try:
        tocs = tuple(sorted(name for name in os.listdir(index_dir) if name.endswith(".toc")))
    except OSError:
        tocs = ()
    return _current_generation(index_dir), tocs


def _schema_current(ix: FileIndex) -> bool:
    return set(ix.schema.names()) == set(build_schema().names())


def get_column(column_id: str, index_dir: str | None = None) -> tuple[Column, list[str]]:
    """One column by id (or a unique id prefix), with all the paths it was saved under."""

    def read(ix: FileIndex) -> tuple[Column, list[str]]:
        with ix.searcher() as searcher:
            fields = searcher.document(id=column_id)
            if fields is None and len(column_id) >= 4:
                prefix = column_id.encode("utf-8")
                ids = [term for term in searcher.reader().lexicon("id") if term.startswith(prefix)][:2]
                if len(ids) > 1:
                    raise NotFoundError(f"id {column_id} is ambiguous", "Give more of the id.")
                fields = searcher.document(id=ids[0].decode("utf-8")) if ids else None
            if fields is None:
                raise NotFoundError(f"no column with id {column_id}", "Ids are printed by colsearch query.")
            record = json.loads(fields["record"])
            return column_from_stored(fields), list(record.get("paths") or [record["path"]])

    return read_index(index_dir, read)
