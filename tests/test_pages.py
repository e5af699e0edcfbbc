"""Pages stage: finding page files in a corpus folder and decoding their bytes into text.

Covers `decode_bytes` (byte-order marks, UTF-16 without a mark, declared charsets, UTF-8,
cp949, cp1252), `decode_page` / `read_page` (empty, oversized, gzip, unreadable files) and
`iter_page_files` (suffixes, symbolic links, loops, odd names, order, duplicates), with real
files under `tmp_path`.
"""

from __future__ import annotations

import codecs
import gzip
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from colsearch import pages
from colsearch.errors import PageError
from colsearch.pages import Page, decode_bytes, decode_page, iter_page_files, read_page

KOREAN = "정부가 새 경제 정책을 발표했다. 김서윤 칼럼니스트"
ENGLISH = "The minister said on Monday that the budget would be tabled next week."


def write(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def found_paths(*roots: str | Path, **kwargs: object) -> list[str]:
    return [f.path for f in iter_page_files([str(r) for r in roots], **kwargs)]  # type: ignore[arg-type]


# --- decode_bytes / read_page: encodings -------------------------------------------------


def test_utf8_without_bom(tmp_path: Path) -> None:
    page = read_page(write(tmp_path / "a.txt", f"café {KOREAN}".encode()))
    assert page.text == f"café {KOREAN}"
    assert page.kind == "text"


def test_utf8_with_bom_drops_the_mark(tmp_path: Path) -> None:
    page = read_page(write(tmp_path / "a.txt", codecs.BOM_UTF8 + "café naïve".encode()))
    assert page.text == "café naïve"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = f"{ENGLISH}\n{KOREAN}"
    page = read_page(write(tmp_path / "a.txt", bom + text.encode(encoding)))
    assert page.text == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_mostly_latin(tmp_path: Path, encoding: str) -> None:
    text = f"{ENGLISH}\n{KOREAN}\n{ENGLISH}"
    page = read_page(write(tmp_path / "a.txt", text.encode(encoding)))
    assert page.text == text


def test_utf16_without_bom_korean_text() -> None:
    text = "정부가 새 경제 정책을 발표했다.\n국회는 다음 주에 예산안을 심의한다."
    assert decode_bytes(text.encode("utf-16-le")) == text


def test_utf16_bom_with_odd_length_is_a_page_error() -> None:
    with pytest.raises(PageError, match="UTF-16-LE"):
        decode_bytes(codecs.BOM_UTF16_LE + "hello".encode("utf-16-le") + b"x")


def test_cp949_without_declaration(tmp_path: Path) -> None:
    page = read_page(write(tmp_path / "ko.txt", KOREAN.encode("cp949")))
    assert page.text == KOREAN


def test_euc_kr_with_meta_charset(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="euc-kr"><title>칼럼</title></head><body><p>{KOREAN}</p></body></html>'
    page = read_page(write(tmp_path / "ko.html", html.encode("euc-kr")))
    assert page.text == html
    assert page.kind == "html"
    assert "김서윤" in page.text


def test_euc_kr_with_http_equiv_charset() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=EUC-KR"></head>'
        f"<body>{KOREAN}</body></html>"
    )
    assert decode_bytes(html.encode("euc-kr")) == html


def test_latin1_text(tmp_path: Path) -> None:
    page = read_page(write(tmp_path / "fr.txt", "café naïve".encode("latin-1")))
    assert page.text == "café naïve"


def test_cp1252_punctuation() -> None:
    text = "“Quoted” words — and a café"
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    "text",
    ["We don’t know what it’s like.", "Ärzte warnen vor Hitze."],
)
def test_cp1252_apostrophes_are_not_read_as_korean(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


def test_declared_latin1_charset_is_honoured() -> None:
    html = '<html><meta charset="iso-8859-1"><p>café naïve</p></html>'
    assert decode_bytes(html.encode("latin-1")) == html


def test_unknown_declared_charset_falls_back_to_detection() -> None:
    html = '<html><meta charset="no-such-charset"><p>café</p></html>'
    assert decode_bytes(html.encode()) == html


def test_declared_undefined_codec_does_not_escape() -> None:
    html = b'<html><meta charset="undefined"><p>plain text</p></html>'
    assert decode_bytes(html) == html.decode()


def test_declared_utf16_in_ascii_compatible_bytes_is_read_as_utf8() -> None:
    html = '<html><head><meta charset="utf-16"></head><body>café and teas</body></html>'
    raw = html.encode()
    assert len(raw) % 2 == 0  # an odd length fails to decode as UTF-16 and hides the bug
    assert decode_bytes(raw) == html


# --- decode_page / read_page: what is not a page ------------------------------------------


def test_binary_file_named_txt(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    with pytest.raises(PageError, match="binary"):
        read_page(write(tmp_path / "image.txt", png))


def test_control_characters_without_nul_are_binary() -> None:
    with pytest.raises(PageError, match="binary"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 65]) * 50)


@pytest.mark.parametrize("data", [b"", b"   ", b" \n\t\r\n  \n", "\ufeff".encode()])
def test_empty_and_whitespace_pages(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(PageError, match="empty"):
        read_page(write(tmp_path / "blank.txt", data))


def test_page_larger_than_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "MAX_PAGE_BYTES", 100)
    with pytest.raises(PageError, match="larger than"):
        read_page(write(tmp_path / "big.txt", b"word " * 30))
    # at the limit it is still a page
    assert read_page(write(tmp_path / "ok.txt", b"x" * 100)).text == "x" * 100


def test_decode_page_normalises_newlines_and_sniffs_kind() -> None:
    page = decode_page("p.txt", b"  <!DOCTYPE html>\r\n<html>\rbody</html>")
    assert page == Page(path="p.txt", kind="html", text="  <!DOCTYPE html>\n<html>\nbody</html>")
    assert decode_page("p.txt", b"Just words\r\n").kind == "text"
    assert decode_page("p.txt", b"Just words", kind="html").kind == "html"


def test_html_suffix_sets_kind_without_markup(tmp_path: Path) -> None:
    assert read_page(write(tmp_path / "page.HTM", b"no markup at all")).kind == "html"


# --- gzip ---------------------------------------------------------------------------------


def test_gzip_page(tmp_path: Path) -> None:
    html = f"<html><body>{KOREAN}</body></html>"
    page = read_page(write(tmp_path / "col.html.gz", gzip.compress(html.encode("cp949"))))
    assert page.text == html
    assert page.kind == "html"
    assert page.path.endswith("col.html.gz")


def test_gzip_text_page_is_sniffed(tmp_path: Path) -> None:
    page = read_page(write(tmp_path / "col.txt.gz", gzip.compress(ENGLISH.encode())))
    assert (page.kind, page.text) == ("text", ENGLISH)


def test_corrupt_gzip(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="corrupt gzip"):
        read_page(write(tmp_path / "bad.txt.gz", b"this was never gzip data"))


def test_gzip_with_damaged_body(tmp_path: Path) -> None:
    good = gzip.compress(ENGLISH.encode() * 20)
    damaged = good[:10] + b"\xff" * 20 + good[30:]
    with pytest.raises(PageError, match="corrupt gzip"):
        read_page(write(tmp_path / "bad.txt.gz", damaged))


@pytest.mark.parametrize("keep", [0, 15, -4])
def test_truncated_gzip(tmp_path: Path, keep: int) -> None:
    good = gzip.compress(ENGLISH.encode() * 20)
    with pytest.raises(PageError, match="truncated"):
        read_page(write(tmp_path / "cut.txt.gz", good[:keep]))


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "MAX_PAGE_BYTES", 1000)
    with pytest.raises(PageError, match="larger than"):
        read_page(write(tmp_path / "bomb.txt.gz", gzip.compress(b"a" * 100_000)))


def test_multi_member_gzip_is_read_whole(tmp_path: Path) -> None:
    data = gzip.compress(b"First half of the column. ") + gzip.compress(b"Second half of the column.")
    page = read_page(write(tmp_path / "two.txt.gz", data))
    assert page.text == gzip.decompress(data).decode()


# --- read_page: file-system errors --------------------------------------------------------


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", b"secret")
    os.chmod(path, 0)
    try:
        with pytest.raises(PageError, match="permission denied"):
            read_page(path)
    finally:
        os.chmod(path, 0o644)


def test_permission_error_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # runs as root too: the OS refusal is simulated where read_page opens the file
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path / "locked.txt", b"secret")
    monkeypatch.setattr(pages, "open", refuse, raising=False)
    with pytest.raises(PageError, match="permission denied"):
        read_page(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="vanished"):
        read_page(str(tmp_path / "gone.txt"))


def test_folder_named_like_a_page(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(PageError, match="folder"):
        read_page(str(tmp_path / "folder.txt"))


# --- iter_page_files ----------------------------------------------------------------------


def test_only_page_suffixes_are_picked_up(tmp_path: Path) -> None:
    for name in [
        "a.txt",
        "b.html",
        "c.htm",
        "d.txt.gz",
        "e.html.gz",
        "f.HTM.GZ",
        "G.TXT",
        "notes.md",
        "data.json",
        "archive.tar.gz",
        "plain.gz",
        "a.txt.bak",
        "txt",
    ]:
        write(tmp_path / name, b"x")
    names = [os.path.basename(p) for p in found_paths(tmp_path)]
    assert names == sorted(["a.txt", "b.html", "c.htm", "d.txt.gz", "e.html.gz", "f.HTM.GZ", "G.TXT"])


def test_files_come_sorted_by_path_and_repeatable(tmp_path: Path) -> None:
    for name in ["zeta.txt", "alpha.txt", "Mid.txt", "b/2.txt", "b/1.txt", "a/x.txt"]:
        write(tmp_path / name, b"x")
    first = found_paths(tmp_path)
    assert first == found_paths(tmp_path)
    rel = [os.path.relpath(p, tmp_path) for p in first]
    assert rel == ["Mid.txt", "a/x.txt", "alpha.txt", "b/1.txt", "b/2.txt", "zeta.txt"]


def test_each_file_once_across_overlapping_roots(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"x")
    write(tmp_path / "sub" / "b.txt", b"x")
    paths = found_paths(tmp_path, tmp_path / "sub", tmp_path / "a.txt", str(tmp_path) + os.sep)
    assert sorted(paths) == sorted({str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")})
    assert len(paths) == len(set(paths))


def test_a_file_given_as_root(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", b"hello")
    [found] = iter_page_files([path])
    assert (found.path, found.size) == (path, 5)
    assert found.mtime_ns == os.stat(path).st_mtime_ns


def test_missing_root_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="no such file"):
        list(iter_page_files([tmp_path / "nowhere"]))


def test_spaces_and_non_ascii_names(tmp_path: Path) -> None:
    names = ["my column.txt", "칼럼 2021.html", "café naïve.htm", "sub dir/é.txt"]
    for name in names:
        write(tmp_path / name, "본문 text".encode())
    paths = found_paths(tmp_path)
    assert sorted(os.path.relpath(p, tmp_path) for p in paths) == sorted(names)
    assert all(read_page(p).text == "본문 text" for p in paths)


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    write(tmp_path / "a" / "page.txt", b"x")
    os.symlink("..", tmp_path / "a" / "up")  # a/up -> root, which holds a/
    os.symlink(".", tmp_path / "a" / "self")
    paths = found_paths(tmp_path)
    assert paths == [str(tmp_path / "a" / "page.txt")]
    assert found_paths(tmp_path, follow_links=True) == paths


def test_link_to_file_outside_the_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "corpus", tmp_path / "elsewhere"
    write(root / "inside.txt", b"x")
    write(outside / "secret.txt", b"x")
    os.symlink(outside / "secret.txt", root / "link.txt")
    errors: list[tuple[str, str]] = []
    paths = found_paths(root, on_error=lambda p, m: errors.append((p, m)))
    assert paths == [str(root / "inside.txt")]
    assert errors == [(str(root / "link.txt"), "symbolic link leads outside the folder; not followed")]
    assert found_paths(root, follow_links=True) == [str(root / "inside.txt"), str(root / "link.txt")]


def test_link_to_folder_outside_the_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "corpus", tmp_path / "elsewhere"
    write(root / "inside.txt", b"x")
    write(outside / "far.txt", b"x")
    os.symlink(outside, root / "linked")
    assert found_paths(root) == [str(root / "inside.txt")]
    assert found_paths(root, follow_links=True) == [str(root / "inside.txt"), str(root / "linked" / "far.txt")]


def test_link_inside_the_root_is_followed(tmp_path: Path) -> None:
    write(tmp_path / "real" / "page.txt", b"x")
    os.symlink(tmp_path / "real" / "page.txt", tmp_path / "alias.txt")
    assert str(tmp_path / "alias.txt") in found_paths(tmp_path)


def test_broken_link_is_reported_not_raised(tmp_path: Path) -> None:
    write(tmp_path / "ok.txt", b"x")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    errors: list[tuple[str, str]] = []
    paths = found_paths(tmp_path, follow_links=True, on_error=lambda p, m: errors.append((p, m)))
    assert paths == [str(tmp_path / "ok.txt")]
    assert [p for p, _ in errors] == [str(tmp_path / "dangling.txt")]


# --- properties ---------------------------------------------------------------------------


@given(st.binary(max_size=2048))
def test_decode_bytes_returns_text_or_page_error(raw: bytes) -> None:
    try:
        result = decode_bytes(raw)
    except PageError as error:
        assert error.message
    else:
        assert isinstance(result, str)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300))
def test_utf8_round_trips_with_and_without_bom(text: str) -> None:
    assert decode_bytes(codecs.BOM_UTF8 + text.encode()) == text
    if not text.startswith("\ufeff"):  # that would be read as a byte-order mark
        assert decode_bytes(text.encode()) == text


# --- issue 3: UTF-8 read as a Western charset -----------------------------------------------


def test_issue_3_utf8_saved_after_a_latin1_misreading_is_repaired() -> None:
    html = '<html><head><meta charset="UTF-8"><title>An Investor’s Guide — 2025</title></head></html>'
    for wrong in ("latin-1", "cp1252"):
        twice = html.encode("utf-8").decode(wrong).encode("utf-8")  # "Investorâ\x80\x99s", "Investorâ€™s"
        assert decode_bytes(twice) == html, wrong


def test_issue_3_real_accented_text_is_not_repaired() -> None:
    # A few "Ã©" among more plain accented letters is what the page says, not a misreading.
    html = "<p>Voilà une idée très café: « Ã© » et « Ã¨ » s’écrivent ainsi.</p>"
    assert decode_bytes(html.encode("utf-8")) == html


def test_issue_3_utf8_bytes_declared_as_latin1_are_read_as_utf8() -> None:
    html = '<html><meta charset="iso-8859-1"><p>We don’t know — café</p></html>'
    assert decode_bytes(html.encode("utf-8")) == html
