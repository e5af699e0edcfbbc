"""Segments: write Whoosh segments straight from analysed documents, and merge them.

Whoosh's own writer puts every posting of every document through one general path in
the process that writes the index: a tuple in a pool, spilled to temporary files with
pickle, merge-sorted back, then handed one by one to the postings writer, which looks the
document's field length up again for each. Merging segments runs the same path once
more. On our pages that path was most of the indexing time (20-40 µs a posting).

This module writes the same files in Whoosh 3's format (the W3 codec of whoosh 2.7.4,
which the pinned version fixes) from documents analysed elsewhere:

- `prepare_document` does what `SegmentWriter.add_document` does to one document, down to
  the (term, weight, encoded positions) postings, and can run in a worker process;
- `SegmentBuilder` gathers prepared documents into per-term arrays (documents arrive in
  order, so each posting list is already sorted) and writes a segment, a block of up to
  128 postings at a time, with the block statistics Whoosh's writer would record;
- `merge_segments` joins segments into one, a block at a time, dropping deleted
  documents and renumbering the rest, as `writer.add_reader` would.

The files are read by Whoosh's ordinary readers; `tests/test_segments.py` checks, term by
term and document by document, that they hold what Whoosh's own writer writes. Two
additions that Whoosh's readers never see: each longer posting list is followed by its
"impacts" (what BM25F needs of each posting, as flat arrays or one byte per document,
read by search.py instead of decoding pickled blocks), and the stored fields' offsets are
always written, as Whoosh itself does only for segments of over 32,768 documents.
"""

from __future__ import annotations

import heapq
import zlib
from array import array
from collections.abc import Iterator, Sequence
from io import BytesIO
from itertools import accumulate, groupby, islice, repeat
from operator import itemgetter, lshift, or_, sub
from pickle import dumps, load, loads
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.columns import TranslatingColumnReader
from whoosh.reading import SegmentReader
from whoosh.system import _INT_SIZE, pack_int, pack_ushort, unpack_int
from whoosh.util.numeric import length_to_byte

# A field's postings in one document: its terms (UTF-8), their weights and their
# encoded values (positions), as parallel sequences: a third of the memory of a tuple
# per posting, which matters while a batch of documents waits to be written.
FieldPostings = tuple[list[bytes], "array[float]", list[bytes]]
# One field of a prepared document: (name, postings or None when the field is not
# indexed, length for scoring, stored value or None, column value or NO_COLUMN).
FieldEntry = tuple[str, FieldPostings | None, int, Any, Any]
PreparedDocument = list[FieldEntry]

NO_COLUMN = None  # a field with no column value (fields whose column value is None have none either)


def prepare_document(schema: Any, fields: dict[str, Any]) -> PreparedDocument:
    """One document as `SegmentWriter.add_document` would index it.

    `fields` is what `add_document` takes, including `_stored_NAME` values. Boosts,
    term vectors and spelling words are not supported; colsearch's schema has none.
    """
    prepared: PreparedDocument = []
    for name in sorted(n for n in fields if not n.startswith("_")):
        value = fields[name]
        if value is None:
            continue
        field = schema[name]
        postings: FieldPostings | None = None
        length = 0
        if field.indexed:
            postings = terms, weights, values = [], array("f"), []
            for tbytes, freq, weight, vbytes in field.index(value):
                if field.scorable:
                    length += freq
                terms.append(tbytes)
                weights.append(weight)
                values.append(vbytes)
        custom = fields.get(f"_stored_{name}", value)
        stored = custom if field.stored else None
        column = field.to_column_value(custom) if field.column_type and custom is not None else NO_COLUMN
        prepared.append((name, postings, length, stored, column))
    return prepared


class _Postings:
    """One term's postings in a segment being built: parallel arrays, in document order."""

    __slots__ = ("ids", "values", "weights")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


# Blocks smaller than this are stored uncompressed (the block records it, and Whoosh's
# reader decompresses only blocks marked so). Most blocks hold a rare word's one or two
# postings, which zlib cannot shrink; compressing them was most of the writing time.
COMPRESS_MIN_BYTES = 256


class _BlockPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer, fed a whole posting list at once instead of one posting
    at a time; the blocks and statistics it writes are the same."""

    def write_list(
        self,
        format_: Any,
        ids: array[int],
        weights: array[float],
        values: list[bytes],
        lengths: Sequence[int],
        doc_count: int,
    ) -> W3TermInfo:
        self.start_postings(format_, W3TermInfo())
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if start:
                self._write_block()
            end = start + limit
            self._ids = ids[start:end]
            self._weights = weights[start:end]
            self._values = values[start:end]
            self._maxweight = max(0.0, max(self._weights))
            present = [n for n in lengths[start:end] if n]  # as add_posting: no length, no statistic
            self._minlength = min(present) if present else None
            self._maxlength = max(present) if present else 0
        terminfo = self.finish_postings()
        if len(ids) >= IMPACTS_MIN_POSTINGS:
            _write_impacts(self._postfile, ids, weights, lengths, doc_count)
        return terminfo

    def _write_block(self, last: bool = False) -> None:
        """What W3PostingsWriter._write_block writes, with less work per posting."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids, weights = self._ids, self._weights
        count = len(ids)
        mini_ids = (ids[0], *map(sub, islice(ids, 1, None), ids))  # the first, then gaps
        if weights.count(1.0) == count:
            mini_weights: Any = None
        elif weights.count(weights[0]) == count:
            mini_weights = weights[0]
        else:
            mini_weights = tuple(weights)
        fixedsize = self._format.fixed_value_size()
        if fixedsize is None or fixedsize < 0:
            mini_values: Any = tuple(self._values)
        elif fixedsize == 0:
            mini_values = None
        else:
            mini_values = b"".join(self._values)
        data = dumps((mini_ids, mini_weights, mini_values), 2)
        comp = self._compression if len(data) >= COMPRESS_MIN_BYTES else 0
        if comp:
            data = zlib.compress(data, comp)
        info = dumps(
            (count, ids[-1], self._maxweight, comp, length_to_byte(self._minlength), length_to_byte(self._maxlength)),
            2,
        )
        length = len(info) + len(data)
        self._postfile.write(pack_int(-length if last else length) + info + data)
        self._blockcount += 1
        self._new_block()


# --- impacts: what scoring needs of a posting list, as flat arrays --------------------
#
# Whoosh keeps a term's document ids, weights and positions in pickled blocks, and a
# search that scores a common word decodes thousands of them. For each term with enough
# postings to matter, the writer also stores, just past the end of its posting list (outside
# the extent its term info records, so Whoosh never reads it), everything BM25F needs of
# the list, in one of two layouts:
#
# - sparse ("CSi1"): the document numbers, and for each a key of (weight << 8 | length
#   byte of the document's field), two uint32 arrays;
# - dense ("CSd1"), for a term in at least one document in eight, where it takes no more
#   room: one byte per document of the segment, the term's weight there (0: absent). The
#   length bytes are the field's length column. A search reads such a term's documents
#   and weights in a few C calls over bytes (search.py), without a Python object per
#   posting.
#
# A list written by Whoosh itself, or with weights that are not small whole numbers, has
# none, and is read from its blocks.

IMPACTS_MAGIC = b"CSi1"
DENSE_MAGIC = b"CSd1"
IMPACTS_MIN_POSTINGS = 64
DENSE_SHARE = 8  # dense when the term is in at least one document in this many
_IMPACTS_HEAD = 8  # the magic, then the number of postings (uint32)
_DENSE_HEAD = 12  # the magic, the number of postings and of documents (uint32 each)


class _LengthBytes(dict[int, int]):
    """length -> whoosh's one-byte approximation of it, computed once per length."""

    def __missing__(self, length: int) -> int:
        value = self[length] = length_to_byte(length) if length else 0
        return value


_LENGTH_BYTES = _LengthBytes()


def _write_impacts(
    postfile: Any, ids: array[int], weights: array[float], lengths: Sequence[int], doc_count: int
) -> None:
    tfs = array("I", map(int, weights))
    if array("f", tfs) != weights or max(tfs) >= 1 << 24:
        return  # weights Whoosh's formats would not give for our fields; leave it to the blocks
    if doc_count <= DENSE_SHARE * len(ids) and max(tfs) < 256 and ids[-1] < doc_count:
        dense = bytearray(doc_count)
        any(map(dense.__setitem__, ids, tfs))  # a scatter in C (each call returns None)
        postfile.write(DENSE_MAGIC + array("I", [len(ids), doc_count]).tobytes() + dense)
        return
    keys = array("I", map(or_, map(lshift, tfs, repeat(8)), map(_LENGTH_BYTES.__getitem__, lengths)))
    head = array("I", [len(ids)])
    postfile.write(IMPACTS_MAGIC + head.tobytes() + array("I", ids).tobytes() + keys.tobytes())


def _extent(terminfo: Any) -> tuple[int, int]:
    """(offset, length) of a posting list in the postings file."""
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # whoosh 2.7.4's W3TermInfo.from_bytes leaves it unpacked
        (length,) = length
    return offset, length


Impacts = tuple["array[int]", "array[int]"] | bytes


def read_impacts(postfile: Any, terminfo: Any) -> Impacts | None:
    """A posting list's impacts: sparse, (document numbers, weight << 8 | length byte)
    arrays; dense, bytes with the weight in each document of the segment (0: absent);
    None when the writer stored none for it."""
    if terminfo.is_inlined():
        return None
    offset, length = _extent(terminfo)
    count = terminfo.doc_frequency()
    if count < IMPACTS_MIN_POSTINGS:
        return None
    head = postfile.get(offset + length, _DENSE_HEAD)
    if len(head) != _DENSE_HEAD:
        return None
    numbers = array("I")
    numbers.frombytes(head[4:])
    if numbers[0] != count:
        return None
    if head[:4] == DENSE_MAGIC:
        dense = bytes(postfile.get(offset + length + _DENSE_HEAD, numbers[1]))
        return dense if len(dense) == numbers[1] else None
    if head[:4] != IMPACTS_MAGIC:
        return None
    raw = postfile.get(offset + length + _IMPACTS_HEAD, 8 * count)
    if len(raw) != 8 * count:
        return None
    ids, keys = array("I"), array("I")
    ids.frombytes(raw[: 4 * count])
    keys.frombytes(raw[4 * count :])
    return ids, keys


class _ListFieldWriter(W3FieldWriter):  # type: ignore[misc]
    """Whoosh's terms-and-postings writer with a call that adds a term's whole list."""

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        super().start_field(fieldname, fieldobj)
        codec = self._codec
        self._postwriter = _BlockPostingsWriter(
            self._postfile,
            blocklimit=codec._blocklimit,
            compression=codec._compression,
            inlinelimit=codec._inlinelimit,
        )

    def add_list(
        self, btext: bytes, ids: array[int], weights: array[float], values: list[bytes], lengths: Sequence[int]
    ) -> None:
        terminfo = self._postwriter.write_list(
            self._format, ids, weights, values, lengths, self._segment.doc_count_all()
        )
        self._tindex.add(pack_ushort(self._fieldid) + btext, terminfo.to_bytes())


def _codec() -> W3Codec:
    # zlib level 1 instead of Whoosh's 3: on our postings the files come out the same
    # size (30 MB for 2,000 columns either way) and indexing took 12% less time.
    return W3Codec(compression=1)


def _per_document_writer(codec: W3Codec, storage: Any, segment: Any) -> Any:
    """Whoosh's writer of stored fields, lengths and columns, told to store where each
    document's stored fields start. Whoosh stores those offsets only in segments of over
    32,768 documents; in smaller ones every reader rebuilds them in a Python loop, which
    took 2-3 ms of each search on a 10,000-column segment."""
    perdoc = codec.per_document_writer(storage, segment)
    perdoc._colwriters["_stored"]._child.cutoff = 0
    return perdoc


class SegmentBuilder:
    """Prepared documents, gathered in memory and written as one new segment.

    Everything is kept until `finish`, which writes the segment's files and returns the
    segment to list in a table of contents; until a commit lists it, the files belong to
    no index and Whoosh's next commit in that folder deletes them. A document's stored
    fields may still be added to (`add_entry`) before `finish`: the main process adds
    each column's record of paths last, when it knows them all.
    """

    def __init__(self, storage: Any, schema: Any, indexname: str) -> None:
        self.storage, self.schema = storage, schema
        self.codec = _codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self._terms: dict[str, dict[bytes, _Postings]] = {}
        self._lengths: dict[str, array[int]] = {}
        self._documents: list[list[FieldEntry]] = []  # what each document stores, by docnum

    @property
    def count(self) -> int:
        return len(self._documents)

    def add(self, document: PreparedDocument) -> int:
        """Add one document; return its number in the segment."""
        docnum = len(self._documents)
        for name, postings, length, _, _ in document:
            if postings is None:
                continue
            terms = self._terms.get(name)
            if terms is None:
                terms = self._terms[name] = {}
            for tbytes, weight, vbytes in zip(*postings, strict=True):
                entry = terms.get(tbytes)
                if entry is None:
                    entry = terms[tbytes] = _Postings()
                entry.ids.append(docnum)
                entry.weights.append(weight)
                if vbytes:
                    entry.values.append(vbytes)
            if length:
                lengths = self._lengths.get(name)
                if lengths is None:
                    lengths = self._lengths[name] = array("I")
                lengths.extend([0] * (docnum + 1 - len(lengths)))
                lengths[docnum] = length
        self._documents.append([(name, None, length, stored, column) for name, _, length, stored, column in document])
        return docnum

    def add_entry(self, docnum: int, entry: FieldEntry) -> None:
        """Add a field that is stored only (no postings) to a document already added."""
        assert entry[1] is None, "only stored fields can be added late"
        self._documents[docnum].append(entry)

    def finish(self) -> Any:
        """Write the segment's files; return the segment."""
        schema = self.schema
        perdoc = _per_document_writer(self.codec, self.storage, self.segment)
        try:
            for docnum, document in enumerate(self._documents):
                perdoc.start_doc(docnum)
                for name, _, length, stored, column in document:
                    field = schema[name]
                    perdoc.add_field(name, field, stored, length)
                    if column is not NO_COLUMN:
                        perdoc.add_column_value(name, field.column_type, column)
                perdoc.finish_doc()
        finally:
            perdoc.close()
        self.segment.set_doc_count(self.count)
        writer = _ListFieldWriter(self.codec, self.storage, self.segment)
        try:
            for name in sorted(self._terms):
                field = schema[name]
                writer.start_field(name, field)
                lengths = _LengthLookup(self._lengths.get(name))
                terms = self._terms[name]
                for tbytes in sorted(terms):
                    entry = terms[tbytes]
                    writer.add_list(tbytes, entry.ids, entry.weights, entry.values, lengths.of(entry.ids))
                writer.finish_field()
        finally:
            writer.close()
        self._terms.clear()
        self._documents.clear()
        return self.segment


class _LengthLookup:
    """Each document's length in one field (0 where the field is empty or not scored)."""

    def __init__(self, lengths: array[int] | None) -> None:
        self.lengths = lengths

    def of(self, ids: array[int]) -> list[int]:
        lengths = self.lengths
        if lengths is None:
            return [0] * len(ids)
        size = len(lengths)
        return [lengths[d] if d < size else 0 for d in ids]


def merge_segments(storage: Any, schema: Any, indexname: str, segments: Sequence[Any]) -> Any:
    """One new segment holding the live documents of `segments`, in order."""
    codec = _codec()
    merged = codec.new_segment(storage, indexname)
    readers = [SegmentReader(storage, schema, segment) for segment in segments]
    try:
        docmaps, lengths, count = _merge_documents(codec, storage, schema, merged, readers)
        merged.set_doc_count(count)
        _merge_postings(codec, storage, schema, merged, readers, docmaps, lengths)
    finally:
        for reader in readers:
            reader.close()
    return merged


def _merge_documents(
    codec: W3Codec, storage: Any, schema: Any, merged: Any, readers: list[SegmentReader]
) -> tuple[list[array[int] | int], dict[str, array[int]], int]:
    """Copy stored fields, lengths and columns; return each reader's old -> new docnums
    (an offset when it has no deletions) and the new documents' field lengths."""
    perdoc = _per_document_writer(codec, storage, merged)
    names = sorted(schema.names())
    scorable = [name for name in names if schema[name].scorable]
    lengths: dict[str, array[int]] = {name: array("I") for name in scorable}
    docmaps: list[array[int] | int] = []
    count = 0
    try:
        for reader in readers:
            columns = {}
            for name in names:
                column_type = schema[name].column_type
                if column_type and reader.has_column(name):
                    creader = reader.column_reader(name, column_type)
                    if isinstance(creader, TranslatingColumnReader):
                        creader = creader.raw_column()
                    columns[name] = creader
            if reader.has_deletions():
                docmap: array[int] | int = array("l", [-1]) * reader.doc_count_all()
            else:
                docmap = count
            for docnum, stored in reader.iter_docs():
                if isinstance(docmap, array):
                    docmap[docnum] = count
                perdoc.start_doc(count)
                for name in names:
                    field = schema[name]
                    length = reader.doc_field_length(docnum, name) or 0  # None: an empty field
                    perdoc.add_field(name, field, stored.get(name), length)
                    if name in lengths:
                        lengths[name].append(length)
                    if name in columns:
                        perdoc.add_column_value(name, field.column_type, columns[name][docnum])
                perdoc.finish_doc()
                count += 1
            docmaps.append(docmap)
    finally:
        perdoc.close()
    return docmaps, lengths, count


def _merge_postings(
    codec: W3Codec,
    storage: Any,
    schema: Any,
    merged: Any,
    readers: list[SegmentReader],
    docmaps: list[array[int] | int],
    lengths: dict[str, array[int]],
) -> None:
    writer = _ListFieldWriter(codec, storage, merged)
    try:
        for name in sorted(n for n in schema.names() if schema[n].indexed):
            field = schema[name]
            present = [i for i, reader in enumerate(readers) if name in reader.indexed_field_names()]
            if not present:
                continue
            lookup = _LengthLookup(lengths.get(name))
            keep_values = field.format.fixed_value_size() != 0
            streams = [_term_infos(readers[i], name, i) for i in present]
            started = False
            for term, group in groupby(heapq.merge(*streams, key=itemgetter(0)), key=itemgetter(0)):
                ids, weights, values = array("I"), array("f"), list[bytes]()
                for _, i, terminfo in group:
                    postfile = readers[i]._terms._postfile
                    _read_postings(postfile, terminfo, field.format, docmaps[i], ids, weights, values)
                if not ids:
                    continue  # every document with the term was deleted
                if not started:
                    writer.start_field(name, field)
                    started = True
                writer.add_list(term, ids, weights, values if keep_values else [], lookup.of(ids))
            if started:
                writer.finish_field()
    finally:
        writer.close()


def _term_infos(reader: SegmentReader, name: str, tag: int) -> Iterator[tuple[bytes, int, Any]]:
    """A segment's terms in one field, in order, with their term infos (read in sequence
    rather than looked up one by one)."""
    for (fieldname, term), terminfo in reader._terms.items_from(name, b""):
        if fieldname != name:
            return
        yield term, tag, terminfo


def _read_postings(
    postfile: Any,
    terminfo: Any,
    format_: Any,
    docmap: array[int] | int,
    ids: array[int],
    weights: array[float],
    values: list[bytes],
) -> None:
    """Append a term's postings in one segment, renumbered, without deleted documents."""
    for block_ids, block_weights, block_values in _blocks(postfile, terminfo, format_):
        if isinstance(docmap, int):
            ids.extend([d + docmap for d in block_ids])
            weights.extend(block_weights)
            values.extend(block_values)
            continue
        for j, d in enumerate(block_ids):
            new = docmap[d]
            if new >= 0:
                ids.append(new)
                weights.append(block_weights[j])
                if block_values:
                    values.append(block_values[j])


def _blocks(
    postfile: Any, terminfo: Any, format_: Any
) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[bytes]]]:
    """A posting list's (ids, weights, values), a stored block at a time, read straight
    from the W3 block layout (what W3LeafMatcher reads, without its per-posting API)."""
    if terminfo.is_inlined():
        inlined_ids, inlined_weights, inlined_values = terminfo.inlined_postings()
        yield inlined_ids, inlined_weights, inlined_values
        return
    offset, length = _extent(terminfo)
    raw = postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"postings at {offset} do not start a W3 posting list")
    fixedsize = format_.fixed_value_size()
    position = 4
    while position < length:
        (size,) = unpack_int(raw[position : position + _INT_SIZE])
        start = position + _INT_SIZE
        position = start + abs(size)
        stream = BytesIO(raw[start:position])
        count, _, _, compression, _, _ = load(stream)
        data = stream.read()
        mini_ids, mini_weights, mini_values = loads(zlib.decompress(data) if compression else data)
        block_ids = tuple(accumulate(mini_ids))
        if mini_weights is None:
            block_weights: Sequence[float] = (1.0,) * count
        elif isinstance(mini_weights, float):
            block_weights = (mini_weights,) * count
        else:
            block_weights = mini_weights
        if fixedsize is None or fixedsize < 0:
            block_values: Sequence[bytes] = mini_values
        elif fixedsize == 0:
            block_values = ()
        else:
            block_values = [mini_values[i : i + fixedsize] for i in range(0, len(mini_values), fixedsize)]
        yield block_ids, block_weights, block_values
        if size < 0:
            return
