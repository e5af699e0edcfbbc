"""Segments written by colsearch hold exactly what Whoosh's own writer writes.

colsearch writes index segments itself (`colsearch.segments`) because Whoosh's general
writing path was most of the indexing time. These tests build the same documents both
ways, on disk, and compare everything a search reads: every term's postings, weights and
positions, the block statistics that top-k search skips by, term statistics, stored
fields, field lengths and the sortable date column. Merges are checked the same way
against Whoosh's own merge, with deleted documents in the segments being merged.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import whoosh.index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.util.numeric import length_to_byte

from colsearch import segments
from colsearch.schema import build_schema
from colsearch.segments import IMPACTS_MIN_POSTINGS, SegmentBuilder, merge_segments, prepare_document, read_impacts

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _documents(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Documents in colsearch's shape, their bodies sentences drawn from the shipped
    corpus, so that common words are in more documents than one postings block holds."""
    sentences = [
        s.strip() + "."
        for path in sorted(CORPUS.rglob("*.txt"))
        for s in path.read_text(encoding="utf-8").split(".")
        if len(s.split()) > 5
    ]
    sentences += [
        "정부가 발표한 정책은 부동산 시장을 안정시키려는 것이다.",
        "Café owners in São Paulo met U.S. envoys.",
    ]
    rng = random.Random(seed)
    names = ["Kim Ji-hoon", "Lee Min-ji", "Park Soo-yeon", "Anna Müller", "Oh Young-jin"]
    documents = []
    for n in range(count):
        body = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 40)))
        doc: dict[str, Any] = {
            "id": f"{n:016x}",
            "headline": " ".join(rng.choice(sentences).split()[:8]),
            "columnist": rng.choice(names) if n % 7 else "",
            "body": body,
            "authors": rng.choice(names),
            "section": rng.choice(["", "opinion", "editorial"]),
            "record": json.dumps({"n": n}),
        }
        if n % 5:
            posted = datetime(2015, 1, 1) + timedelta(hours=rng.randint(0, 90_000))
            doc["posted"], doc["month"] = posted, posted.strftime("%Y-%m")
        if n % 3 == 0:
            doc["updated"] = datetime(2024, 1, 1) + timedelta(minutes=n)
        documents.append(doc)
    return documents


def _snapshot(ix: Any) -> dict[str, Any]:
    """Everything a search can read from an index, in comparable form."""
    with ix.reader() as reader:
        terms = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            terms[(fieldname, text)] = {
                "info": (
                    info.doc_frequency(),
                    info.weight(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                    info.min_id(),
                    info.max_id(),
                ),
                "postings": postings,
                "blocks": _blocks(reader, fieldname, text),
            }
        docs = list(reader.all_doc_ids())
        scorable = [name for name in ix.schema.names() if ix.schema[name].scorable]
        return {
            "count": (reader.doc_count(), reader.doc_count_all()),
            "terms": terms,
            "stored": [reader.stored_fields(d) for d in docs],
            "lengths": {name: [reader.doc_field_length(d, name) for d in docs] for name in scorable},
            "totals": {name: (reader.field_length(name), reader.max_field_length(name)) for name in scorable},
            "posted": [reader.column_reader("posted", translate=False)[d] for d in docs],
        }


def _blocks(reader: Any, fieldname: str, text: bytes) -> list[tuple[Any, ...]]:
    """The per-block statistics top-k search skips blocks by (in the first segment)."""
    segment_reader = reader.leaf_readers()[0][0]
    if (fieldname, text) not in segment_reader:
        return []
    matcher = segment_reader._terms.matcher(fieldname, text, reader.schema[fieldname].format)
    if not isinstance(matcher, W3LeafMatcher):
        return []
    blocks = []
    while True:
        m = matcher
        blocks.append((m._blocklength, m._maxid, m._maxweight, m._minlength, m._maxlength))
        if matcher._lastblock:
            return blocks
        matcher._next_block()


def _check_impacts(ix: Any) -> tuple[int, int]:
    """Every posting list long enough has impacts that say what its postings and the
    documents' field lengths say; return how many sparse and dense lists were checked."""
    sparse = dense = 0
    for segment_reader, _ in ix.reader().leaf_readers():
        with segment_reader:
            for fieldname, text in segment_reader.all_terms():
                info = segment_reader.term_info(fieldname, text)
                impacts = read_impacts(segment_reader._terms._postfile, info)
                if info.doc_frequency() < IMPACTS_MIN_POSTINGS:
                    assert impacts is None
                    continue
                assert impacts is not None, (fieldname, text)
                matcher = segment_reader._terms.matcher(fieldname, text, ix.schema[fieldname].format)
                expected_ids, expected_weights, expected_keys = [], [], []
                while matcher.is_active():
                    docnum = matcher.id()
                    length = segment_reader.doc_field_length(docnum, fieldname) or 0
                    expected_ids.append(docnum)
                    expected_weights.append(int(matcher.weight()))
                    expected_keys.append(int(matcher.weight()) << 8 | (length_to_byte(length) if length else 0))
                    matcher.next()
                if isinstance(impacts, bytes):  # one weight byte per document of the segment
                    assert len(impacts) == segment_reader.doc_count_all()
                    assert segments.DENSE_SHARE * len(expected_ids) >= len(impacts)  # dense only where no larger
                    found = [(d, w) for d, w in enumerate(impacts) if w]
                    assert found == list(zip(expected_ids, expected_weights, strict=True)), (fieldname, text)
                    dense += 1
                else:
                    assert segments.DENSE_SHARE * len(expected_ids) < segment_reader.doc_count_all()
                    assert (list(impacts[0]), list(impacts[1])) == (expected_ids, expected_keys), (fieldname, text)
                    sparse += 1
    return sparse, dense


def _whoosh_built(folder: Path, batches: list[list[dict[str, Any]]]) -> Any:
    ix = whoosh.index.create_in(str(folder), build_schema(), indexname="whoosh")
    for batch in batches:
        with ix.writer() as writer:
            writer.merge = False
            for doc in batch:
                writer.add_document(**doc)
    return ix


def _colsearch_built(folder: Path, batches: list[list[dict[str, Any]]]) -> Any:
    ix = whoosh.index.create_in(str(folder), build_schema(), indexname="colsearch")
    for batch in batches:
        builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
        for doc in batch:
            builder.add(prepare_document(ix.schema, doc))
        segment = builder.finish()
        writer = ix.writer()
        writer.commit(mergetype=lambda w, segments, new=segment: [*segments, new])
    return ix


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return _documents(400)


@pytest.mark.parametrize("dense", [True, False])
def test_a_written_segment_reads_exactly_like_whooshs(
    tmp_path: Path, documents: list[dict[str, Any]], dense: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not dense:  # every list's impacts sparse, as in a segment of many documents
        monkeypatch.setattr(segments, "DENSE_SHARE", 0)
    ours_ix = _colsearch_built(tmp_path, [documents])
    ours = _snapshot(ours_ix)
    theirs = _snapshot(_whoosh_built(tmp_path, [documents]))
    assert ours["count"] == theirs["count"] == (400, 400)
    assert ours["terms"].keys() == theirs["terms"].keys()
    for key, value in theirs["terms"].items():
        assert ours["terms"][key] == value, key
    assert ours == theirs
    # the comparison covered what it is meant to: multi-block lists, Hangul, dates
    assert max(len(v["blocks"]) for v in ours["terms"].values()) > 1
    assert ("body", "정부".encode()) in ours["terms"]
    assert len(set(ours["posted"])) > 100  # dates, and the no-date value
    sparse_lists, dense_lists = _check_impacts(ours_ix)
    # 400 documents: every list long enough for impacts is in one document in eight
    assert (dense_lists, sparse_lists)[:: 1 if dense else -1][0] > 100
    assert (sparse_lists, dense_lists)[:: 1 if dense else -1][0] == 0


def test_merging_drops_deleted_documents_exactly_as_whoosh_does(
    tmp_path: Path, documents: list[dict[str, Any]]
) -> None:
    batches = [documents[:150], documents[150:170], documents[170:]]
    deleted = {documents[i]["id"] for i in (0, 3, 149, 150, 160, 169, 399)}

    def delete_and_merge(ix: Any, merge: Any) -> dict[str, Any]:
        writer = ix.writer()
        for cid in sorted(deleted):
            writer.delete_by_term("id", cid)
        writer.commit(mergetype=merge)
        return _snapshot(ix)

    def whoosh_merge(writer: Any, segments: list[Any]) -> list[Any]:
        from whoosh.reading import SegmentReader

        for segment in segments:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return []

    def our_merge(writer: Any, segments: list[Any]) -> list[Any]:
        return [merge_segments(writer.storage, writer.schema, writer.indexname, segments)]

    theirs = delete_and_merge(_whoosh_built(tmp_path, batches), whoosh_merge)
    ours_ix = _colsearch_built(tmp_path, batches)
    assert len(ours_ix._segments()) == 3
    ours = delete_and_merge(ours_ix, our_merge)
    assert len(ours_ix._segments()) == 1
    assert ours["count"] == theirs["count"] == (400 - len(deleted), 400 - len(deleted))
    for key, value in theirs["terms"].items():
        assert ours["terms"].get(key) == value, key
    assert ours == theirs
    assert not {s["id"] for s in ours["stored"]} & deleted
    assert sum(_check_impacts(ours_ix)) > 100
