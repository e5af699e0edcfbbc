"""HTML pages: read a saved HTML page's fields the way real extractors do.

Three parts. Metadata: JSON-LD (NewsArticle, OpinionNewsArticle and kin, with `@graph`
references resolved), OpenGraph and `article:` meta tags. The page walk (`_Walk`): one pass
over the parsed page that cuts its text into paragraphs (runs of inline text; `<br><br>`
and block elements end one), marks page chrome (navigation, asides, share bars, cookie
banners: by tag and by whole class tokens, never an element holding most of the prose)
and notes headlines, bylines and dates as it goes. The body: readability's method, scoring
the ancestors of every paragraph by its length and commas, taking the best-scoring element
with those of its siblings that read like the article, falling back to JSON-LD
`articleBody` when that says much more. Where the visible page and metadata disagree on the
byline, the visible page wins (meta authors are often CMS user names); the date printed by
the headline wins over the declared one unless it is later (metadata keeps UTC); the
headline is the `<h1>` that best matches the declared title. Layout knowledge is data in `html_rules.py`.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from html import unescape
from typing import Any

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import NavigableString

from ..errors import PageError
from ..records import Column
from . import html_rules as rules
from .bylines import split_byline, team_name
from .dates import parse_date
from .sites import OPINION_SECTIONS
from .textdump import _split_bio

MAX_DEPTH = 2000  # real pages nest a few dozen levels; far deeper is an attack or a broken file
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
# Tags without an end tag, or whose end tag pages often leave out: not counted as depth.
FLAT_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "  # void
    "p li td th tr option dt dd".split()  # end tag optional
)
_WORD_RE = re.compile(r"\w+")
_LETTER_RE = re.compile(r"[^\W\d_]")


def extract_html(path: str, text: str) -> Column:
    """The fields of an HTML page."""
    if _too_deep(text):
        raise PageError(f"HTML is nested more than {MAX_DEPTH:,} levels deep; not a saved column page")
    with warnings.catch_warnings():
        # Saved XHTML pages are read as HTML on purpose: browsers do the same.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    nodes = _json_ld_nodes(soup)
    ld = next((node for node in nodes if _types(node) & rules.ARTICLE_TYPES), {})
    meta = _meta(soup)
    walk = _Walk(soup.body or soup)
    headline, headline_at = _headline(soup, walk, ld, meta)
    paragraphs = walk.body()
    # Where the article starts: its headline, or without one shown, its first paragraph.
    start = headline_at if headline_at >= 0 else walk.body_start
    authors = _authors(walk, ld, nodes, meta, start)
    url = _text(ld.get("url")) or meta.get("og:url") or _canonical(soup)
    posted = _posted(walk, ld, nodes, meta, start, url, text)
    updated = _date(ld.get("dateModified")) or _date(
        meta.get("article:modified_time") or meta.get("og:updated_time") or meta.get("last-modified")
    )
    section = _text(ld.get("articleSection")) or meta.get("article:section")
    declared_body = _text_body(ld.get("articleBody"))
    if sum(map(_count_words, declared_body)) > 2 * max(50, sum(map(_count_words, paragraphs))):
        paragraphs = declared_body  # the page hides its text (scripts, paywall); the metadata has it
    bio, paragraphs = _split_bio(paragraphs, authors)
    words = sum(map(_count_words, paragraphs))
    is_column = words >= 120 and headline is not None
    if not is_column and ld and words >= 60:
        is_column = True  # a short column that says it is an article
    reason = None if is_column else "no article text found: not a column"
    if is_column and not ld and meta.get("og:type") != "article" and walk.linked_headings >= 5:
        is_column, reason = False, "a list of headlines (section front), not a column"
    return Column(
        path=path,
        is_column=is_column,
        headline=headline,
        columnist=", ".join(authors) or None,
        authors=tuple(authors),
        posted=posted,
        updated=updated,
        body="\n\n".join(paragraphs),
        bio=bio,
        section=section,
        url=url,
        site=meta.get("og:site_name"),
        reason=reason,
    )


# --- metadata ---------------------------------------------------------------------------


def _json_ld_nodes(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, `@graph` and `mainEntity` members included."""
    nodes: list[dict[str, Any]] = []
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        raw = (script.string or script.get_text() or "").strip()
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|\]\]>\s*$", "", raw)
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        nodes.extend(_walk_ld(data))
    return nodes


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_ld(data["@graph"])
        if isinstance(data.get("mainEntity"), (dict, list)):
            yield from _walk_ld(data["mainEntity"])


def _types(node: dict[str, Any]) -> set[str]:
    types = node.get("@type")
    return {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        value = tag.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            found.setdefault(key.strip().lower(), unescape(value).strip())
    return found


def _canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical")
    href = link.get("href") if isinstance(link, Tag) else None
    return href if isinstance(href, str) else None


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    if isinstance(value, str) and value.strip():
        return re.sub(r"\s+", " ", unescape(value)).strip()  # "Full &#038; Part Time": escaped twice
    return None


def _text_body(value: Any) -> list[str]:
    """JSON-LD `articleBody` as paragraphs (some sites put HTML in it)."""
    if not isinstance(value, str):
        return []
    value = re.sub(r"<(?:/p|br\s*/?)>", "\n", value, flags=re.I)
    value = re.sub(r"<[^>]+>", " ", value)
    return [_clean(line) for line in value.split("\n") if _clean(line)]


def _date(value: Any) -> str | None:
    return parse_date(_text(value))


# --- the page walk ----------------------------------------------------------------------


@dataclass
class _Run:
    """A paragraph: inline text between block boundaries, owned by its block element."""

    owner: int
    parts: list[str] = field(default_factory=list)
    links: int = 0  # characters of link text
    text: str = ""


@lru_cache(maxsize=4096)
def _token(token: str) -> tuple[bool, bool, int, bool, int, bool]:
    """What one class/id token says: (chrome, content, weight, byline, other pieces, not the writer).

    Other pieces: 0 no, 1 only outside the article (a footer, a widget), 2 yes.
    """
    words = re.findall(r"[a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", token).lower())
    if not words:
        return False, False, 0, False, 0, False
    joined = "-".join(words)
    if len(words) > 1 and words[0] in rules.NAMESPACE_WORDS:
        words = words[1:]
    edges = {words[0], words[-1]}
    chrome = (
        joined in rules.CHROME_PHRASES
        or "-".join(words[:2]) in rules.CHROME_PHRASES
        or "-".join(words[-2:]) in rules.CHROME_PHRASES
        or (
            words[0] not in rules.STATE_WORDS
            and bool(edges & rules.CHROME_WORDS)
            and (len(words) == 1 or not edges & {"hidden", "hide"})
        )
    )
    content = not chrome and bool(rules.CONTENT_WORDS.intersection(words))
    weight = 0
    if any(word in rules.NEGATIVE_WORDS for word in words):
        weight -= 25
    if not chrome and any(word in rules.POSITIVE_WORDS for word in words):
        weight += 25
    byline = bool(rules.BYLINE_RE.search(joined)) and not rules.NOT_BYLINE_WORDS.intersection(words)
    pieces = edges & rules.OTHER_PIECES_WORDS if words[0] not in rules.STATE_WORDS else set()
    others = 0 if not pieces else 1 if pieces <= rules.SITE_PART_WORDS else 2
    return chrome, content, weight, byline, others, bool(rules.NOT_WRITER_WORDS.intersection(words))


class _Walk:
    """One pass over the page: its paragraphs, chrome, and where headlines, bylines and dates are."""

    def __init__(self, root: Tag) -> None:
        self.tags: list[Tag] = [root]
        self.parent: list[int] = [-1]
        self.chrome: list[bool] = [False]  # page chrome by tag or class (before the prose guard)
        self.tag_chrome: list[bool] = [False]  # chrome by tag name (nav, footer, aside ...)
        self.others: list[bool] = [False]  # a list of other pieces (related, comments, teasers)
        self.byline_level: dict[int, int] = {}  # 0: rel/itemprop author, 1: class or link, 2: <address>
        self.not_writer: set[int] = set()  # an expert's or reviewer's box beside the byline
        self.content: list[bool] = [False]  # a class token says it holds the article
        self.weight: list[int] = [0]
        self.in_main: list[bool] = [root.name in ("article", "main")]
        self.h1s: list[int] = []
        self.bylines: list[int] = []
        self.times: list[int] = []
        self.dated: list[int] = []  # elements whose class or itemprop says "date"
        self.runs: list[_Run] = []
        self.linked_headings = 0
        index = {id(root): 0}
        skip = [False]
        block = [0]
        link = [False]
        heading = [-1]
        has_block = [False]
        run: _Run | None = None
        breaks = 0
        for node in root.descendants:
            if isinstance(node, Tag):
                p = index[id(node.parent)]
                i = len(self.tags)
                index[id(node)] = i
                self.tags.append(node)
                self.parent.append(p)
                name = node.name
                skipped = skip[p] or name in rules.SKIP_TAGS
                skip.append(skipped)
                is_block = name in rules.BLOCK_TAGS
                block.append(i if is_block else block[p])
                link.append(link[p] or name == "a")
                heading.append(i if name in rules.HEADING_TAGS else heading[p])
                has_block.append(False)
                in_main = self.in_main[p] or name in ("article", "main")
                self.in_main.append(in_main)
                chrome, content, weight = self._classify(node, name, self.in_main[p])
                self.chrome.append(chrome)
                self.content.append(content)
                self.weight.append(weight)
                if skipped:
                    continue
                if is_block:
                    has_block[block[p]] = True
                    breaks = 0
                elif name == "br":
                    breaks += 1
                    if run is not None and run.owner == block[p]:
                        run.parts.append(" ")
                elif name == "a" and heading[p] >= 0 and self.tags[heading[p]].name in ("h2", "h3", "h4"):
                    self.linked_headings += 1
                if name == "h1":
                    self.h1s.append(i)
                elif name == "time":
                    self.times.append(i)
            elif type(node) is NavigableString:
                p = index[id(node.parent)]
                if skip[p]:
                    continue
                owner = block[p]
                if not node.strip():
                    if run is not None and run.owner == owner:
                        run.parts.append(" ")
                    continue
                if run is None or run.owner != owner or breaks >= 2:
                    run = _Run(owner)
                    self.runs.append(run)
                breaks = 0
                run.parts.append(node)
                if link[p]:
                    run.links += len(node.strip())
        self.has_block = has_block
        self.heading = heading
        for run in self.runs:
            run.text = _clean("".join(run.parts))
        self._resolve_chrome()

    def _classify(self, tag: Tag, name: str, parent_in_main: bool) -> tuple[bool, bool, int]:
        chrome = name in rules.CHROME_TAGS or (name == "header" and not parent_in_main)
        self.tag_chrome.append(chrome)
        attrs = tag.attrs
        if not attrs:
            self.others.append(name == "nav" or (name == "footer" and not parent_in_main))
            return chrome, False, 0
        i = len(self.tags) - 1
        content = False
        others = name == "nav" or (name == "footer" and not parent_in_main)
        weight = 0
        level = 2 if name == "address" else 3
        dated = False
        for key in ("class", "id"):
            value = attrs.get(key)
            if not value:
                continue
            for token in value if isinstance(value, list) else str(value).split():
                is_chrome, is_content, token_weight, is_byline, is_others, is_not_writer = _token(token)
                if is_not_writer:
                    self.not_writer.add(i)
                chrome = chrome or is_chrome
                content = content or is_content
                others = others or is_others == 2 or (is_others == 1 and not parent_in_main)
                weight += token_weight
                if is_byline:
                    level = min(level, 1)
                dated = dated or bool(rules.DATE_WORDS.intersection(re.findall(r"[a-z]+", token.lower())))
        self.others.append(others)
        if "hidden" in attrs or re.search(r"display\s*:\s*none", str(attrs.get("style", "")), re.I):
            chrome = True
        rel = attrs.get("rel")
        if rel and "author" in (rel if isinstance(rel, list) else str(rel).split()):
            level = 0
        itemprop = str(attrs.get("itemprop", "")).lower()
        if itemprop:
            if itemprop in ("author", "creator"):
                level = 0
            dated = dated or itemprop in ("datepublished", "datecreated")
        if name == "a" and level > 1 and rules.AUTHOR_HREF_RE.search(str(attrs.get("href", ""))):
            level = 1
        if level == 1 and name in ("article", "main", "body", "html"):
            level = 3  # "author-jo-lee" on the whole article: its first line is not the byline
        if level < 3:
            self.bylines.append(i)
            self.byline_level[i] = level
        if dated and name not in ("html", "body", "article", "main"):
            self.dated.append(i)
        return chrome, content, max(-50, min(50, weight))

    def _resolve_chrome(self) -> None:
        """Final chrome flags: inherited, but never on an element holding most of the prose."""
        n = len(self.tags)
        prose = [0] * n
        text = [0] * n
        links = [0] * n
        for run in self.runs:
            text[run.owner] += len(run.text)
            links[run.owner] += run.links
            if len(run.text) >= 80 and run.links < len(run.text) / 3:  # prose, not a line of links
                # One giant run (a textarea of escaped HTML, a pasted list) is not many paragraphs.
                prose[run.owner] += min(len(run.text), 1500)
        # The element whose own paragraphs hold the most prose, and its ancestors, are the
        # article's home whatever their class names say.
        elsewhere = [False] * n  # inside a list of other pieces (comments, related)
        for i in range(1, n):
            elsewhere[i] = elsewhere[self.parent[i]] or self.others[i]
        direct = [0] * n
        for owner in range(n):
            if prose[owner] and not elsewhere[owner]:
                direct[owner if self.has_block[owner] else max(0, self.parent[owner])] += prose[owner]
        for i in range(n - 1, 0, -1):
            prose[self.parent[i]] += prose[i]
        total = prose[0] or 1
        home: set[int] = set()
        densest = max(range(n), key=direct.__getitem__)
        if direct[densest] >= total / 4:
            node = densest
            while node >= 0:
                home.add(node)
                node = self.parent[node]
        junk = [False] * n
        for i in range(1, n):
            p = self.parent[i]
            if junk[p]:
                junk[i] = True
            elif self.chrome[i] and self.tags[i].name not in ("html", "body", "article", "main"):
                holds_most = prose[i] > total / 2 or i in home
                junk[i] = not holds_most and not (self.content[i] and not self.tag_chrome[i])
            if self.others[i] and prose[i] > total / 2:
                self.others[i] = False  # a layout wrapper around the article, whatever its name
        self.junk = junk
        # Text and link characters of what is not chrome, for link density and scoring.
        for run in self.runs:
            if junk[run.owner]:
                text[run.owner] -= len(run.text)
                links[run.owner] -= run.links
        self.end = list(range(n))
        for i in range(n - 1, 0, -1):
            p = self.parent[i]
            text[p] += text[i]
            links[p] += links[i]
            if self.end[i] > self.end[p]:
                self.end[p] = self.end[i]
        self.text_len = text
        self.link_len = links

    def link_density(self, i: int) -> float:
        return self.link_len[i] / self.text_len[i] if self.text_len[i] else 0.0

    def text_of(self, i: int) -> str:
        return _clean(self.tags[i].get_text(" "))

    def blocked(self, i: int) -> bool:
        """Whether an element sits in a list of other pieces: navigation, related, comments."""
        while i > 0:
            if self.others[i]:
                return True
            i = self.parent[i]
        return False

    def vouches(self, i: int) -> bool:
        """Whether a byline element sits in an expert's or reviewer's box (a few levels up)."""
        for _ in range(4):
            if i in self.not_writer:
                return True
            i = self.parent[i]
            if i <= 0:
                break
        return False

    def lines_of(self, i: int) -> list[str]:
        """An element's text, a line for each paragraph in it (one line for inline elements)."""
        if self.tags[i].name not in rules.BLOCK_TAGS:
            return [self.text_of(i)]
        end = self.end[i]
        return [run.text for run in self.runs if i <= run.owner <= end and run.text]

    # --- the body -----------------------------------------------------------------------

    def body(self) -> list[str]:
        """The article's paragraphs; `body_start` is left at the first one's element (or -1)."""
        self.body_start = -1
        top = self._top_candidate()
        if top is None:
            return []
        chosen = self._with_siblings(top)
        paragraphs: list[str] = []
        for run in self.runs:
            owner = run.owner
            if self.junk[owner] or not any(start <= owner <= self.end[start] for start in chosen):
                continue
            text = run.text
            name = self.tags[owner].name
            words = _count_words(text)
            if not text or name == "h1" or (len(text) and run.links / len(text) > 0.5):
                continue
            if self.heading[owner] >= 0 or name == "li":
                if words < 2:
                    continue
            elif words < 4 and not re.search(r"[.!?…。]$", text):
                continue
            if not paragraphs:
                self.body_start = owner
            paragraphs.append(text)
        return paragraphs

    def _top_candidate(self) -> int | None:
        runs_of: dict[int, int] = {}
        for run in self.runs:
            runs_of[run.owner] = runs_of.get(run.owner, 0) + 1
        scores: dict[int, float] = {}
        for run in self.runs:
            owner = run.owner
            if self.junk[owner] or len(run.text) < 25 or self.heading[owner] >= 0:
                continue
            points = 1 + len(re.findall(r"[,，、]", run.text)) + min(len(run.text) // 100, 3)
            # A paragraph element scores its ancestors; loose text scores the element it is in.
            node = owner if self.has_block[owner] or runs_of[owner] > 1 else self.parent[owner]
            level = 0
            while node >= 0 and level < 5:
                if node not in scores:
                    scores[node] = self._base_score(node)
                scores[node] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
                node = self.parent[node]
                level += 1
        if not scores:
            return None
        final = {i: score * (1 - self.link_density(i)) for i, score in scores.items()}
        ranked = sorted(final, key=lambda i: final[i], reverse=True)
        top = ranked[0]
        top_score = final[top]
        self.scores = final
        # Several near-best candidates under one ancestor: the article is split, take the ancestor.
        # Blocks of the same class as the best one, each in a wrapper of its own (a page
        # builder's "rich-text" sections), count from half its score; side by side, they are
        # already taken as siblings.
        top_class = self.tags[top].get("class")
        alternatives = [
            i
            for k, i in enumerate(ranked[1:8])
            if top_score
            and (
                (k < 4 and final[i] / top_score >= 0.75)
                or (
                    top_class
                    and final[i] / top_score >= 0.5
                    and self.tags[i].get("class") == top_class
                    and self.parent[i] != self.parent[top]
                )
            )
        ]
        if len(alternatives) >= 3:
            node = self.parent[top]
            while node > 0:
                inside = sum(1 for i in alternatives if node <= i <= self.end[node])
                if inside >= 3:
                    top = node
                    break
                node = self.parent[node]
        # Climb while the parent scores higher (readability).
        last = final.get(top, 0.0)
        threshold = last / 3
        node = self.parent[top]
        while node > 0:
            if node not in final:
                node = self.parent[node]
                continue
            if final[node] < threshold:
                break
            if final[node] > last:
                top = node  # a dip and then a higher score: the article's real container
                break
            last = final[node]
            node = self.parent[node]
        # The only element child of its parent: the parent is the same block.
        while self.parent[top] > 0 and self._element_children(self.parent[top]) == [top]:
            top = self.parent[top]
        return top

    def _base_score(self, i: int) -> float:
        name = self.tags[i].name
        base = 5 if name == "div" else 3 if name in ("pre", "td", "blockquote") else 0
        if name in ("address", "ol", "ul", "dl", "dd", "dt", "li", "form"):
            base = -3
        elif name in rules.HEADING_TAGS or name == "th":
            base = -5
        return base + self.weight[i]

    def _element_children(self, i: int) -> list[int]:
        children = []
        j = i + 1
        while j <= self.end[i]:
            children.append(j)
            j = self.end[j] + 1
        return children

    def _with_siblings(self, top: int) -> list[int]:
        """The winner and those of its siblings that read like more of the article."""
        parent = self.parent[top]
        if parent < 0:
            return [top]
        top_score = self.scores.get(top, 0.0)
        threshold = max(10.0, top_score * 0.2)
        top_class = self.tags[top].get("class")
        chosen = []
        for sibling in self._element_children(parent):
            if sibling == top:
                chosen.append(sibling)
                continue
            if self.junk[sibling] or not self.text_len[sibling]:
                continue
            bonus = top_score * 0.2 if top_class and self.tags[sibling].get("class") == top_class else 0.0
            if sibling in self.scores and self.scores[sibling] + bonus >= threshold:
                chosen.append(sibling)
            elif self.tags[sibling].name == "p" or not self.has_block[sibling]:
                density = self.link_density(sibling)
                length = self.text_len[sibling]
                long_prose = length > 80 and density < 0.25
                if long_prose or (
                    0 < length <= 80 and density == 0 and re.search(r"\.(?:\s|$)", self.text_of(sibling))
                ):
                    chosen.append(sibling)
        return chosen


# --- headline ---------------------------------------------------------------------------


def _headline(soup: BeautifulSoup, walk: _Walk, ld: dict[str, Any], meta: dict[str, str]) -> tuple[str | None, int]:
    """The visible headline (and where it is in the walk), else the declared one without its site name."""
    title_tag = soup.find("title")
    title = _clean(title_tag.get_text()) if isinstance(title_tag, Tag) else ""
    site = meta.get("og:site_name") or ""
    declared = [
        _strip_site(value, site, title)
        for value in (_text(ld.get("headline")), meta.get("og:title"), meta.get("twitter:title"), title)
        if value
    ]
    references = [_words(value) for value in declared if value]
    best: tuple[float, int, str] | None = None
    fallback: tuple[int, str] | None = None
    for i in walk.h1s:
        text = walk.text_of(i)
        if not text or len(text.split()) > 40:
            continue
        if fallback is None or (walk.in_main[i] and not walk.in_main[fallback[0]]):
            fallback = (i, text)  # the first, or the first inside <article>/<main>
        words = _words(text)
        match = max((_overlap(words, ref) for ref in references), default=0.0)
        score = match + (0.1 if walk.in_main[i] else 0.0)
        if match >= 0.5 and (best is None or score > best[0]):
            best = (score, i, text)
    if best is not None:
        return _unprefix(best[2]), best[1]
    if fallback is not None and not _site_chrome(walk, fallback, references, site, title):
        return _unprefix(fallback[1]), fallback[0]
    for value in declared:
        if value:
            return _unprefix(value), _heading_near(walk, _words(value))
    if fallback is not None:
        return _unprefix(fallback[1]), fallback[0]
    return None, -1


def _site_chrome(walk: _Walk, h1: tuple[int, str], references: list[set[str]], site: str, title: str) -> bool:
    """Whether an `<h1>` that matches no declared title is the site's name or a box's heading."""
    i, text = h1
    words = _words(text)
    if walk.junk[i] and not walk.in_main[i]:
        return True  # in the masthead, a sidebar, a banner
    if len(words) <= 3 and any(len(ref) >= 4 for ref in references):
        return True  # "Salon", "The Go Blog": a name, while the page declares a headline
    names = [_words(site)] if site else []
    names += [_words(part) for part in rules.TITLE_SEPARATORS.split(title)[1:]]
    return any(name and _overlap(words, name) >= 0.5 for name in names)


def _heading_near(walk: _Walk, words: set[str]) -> int:
    """Where in the page a declared headline shows (a heading with the same words), or -1."""
    for run in walk.runs:
        if walk.heading[run.owner] >= 0 and _overlap(_words(run.text), words) >= 0.8:
            return run.owner
    return -1


def _unprefix(text: str) -> str:
    return rules.OPINION_PREFIX_RE.sub("", text)


def _strip_site(value: str, site: str, title: str) -> str:
    """A title without its " | Site" suffix or "Site - " prefix."""
    parts = rules.TITLE_SEPARATORS.split(value)
    if len(parts) < 2:
        return value
    site_words = _words(site)
    kept = [
        part
        for part in parts
        if part.lower() not in OPINION_SECTIONS and not (site_words and _overlap(_words(part), site_words) >= 0.8)
    ]
    # No site name known: a short last part of a long title is the site ("… - CNN").
    last_is_short = len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1]).split()) >= 3
    if len(kept) == len(parts) and not site_words and last_is_short:
        kept = parts[:-1]
    if not kept:
        return value
    return " - ".join(kept) if len(kept) > 1 and value.count(" - ") else max(kept, key=len)


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.lower()))


def _overlap(a: set[str], b: set[str]) -> float:
    """Dice overlap of two word sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


# --- authors ----------------------------------------------------------------------------


def _authors(
    walk: _Walk, ld: dict[str, Any], nodes: list[dict[str, Any]], meta: dict[str, str], headline_at: int
) -> list[str]:
    # A name has a letter: "2625882138434" is a CMS user id.
    shown = [name for name in _shown_authors(walk, headline_at) if _LETTER_RE.search(name)]
    declared = [name for name in _ld_authors(ld, nodes) or _meta_authors(meta) if _LETTER_RE.search(name)]
    if shown and declared:
        # "Jo Lee Trending Editor": the role printed after the name in one link; the metadata
        # names the person, so the shown name ends where the declared one does.
        shown = [next((d for d in declared if name.lower().startswith(d.lower() + " ")), name) for name in shown]
        same = {name.lower() for name in shown} & {name.lower() for name in declared}
        if same and len(same) == len(shown) and len(declared) > len(shown):
            return declared  # the visible byline shows the first of several
        if all(team_name(name) for name in shown) and not any(team_name(name) for name in declared):
            return declared  # "Aidoc Staff" shown, the writer named in the metadata
        return shown
    return shown or declared


def _meta_authors(meta: dict[str, str]) -> list[str]:
    value = meta.get("author") or meta.get("article:author") or meta.get("byl") or meta.get("dc.creator")
    if value and not value.startswith("http"):
        return split_byline(value, declared=True)
    return []


def _shown_authors(walk: _Walk, headline_at: int) -> list[str]:
    """Names from the byline markup nearest the headline, else a "By" line near it."""
    for level in (0, 1, 2):
        candidates = [
            i for i in walk.bylines if walk.byline_level[i] == level and not walk.blocked(i) and not walk.vouches(i)
        ]
        # The innermost markup: a byline box holding author links is read through its links.
        inner = [i for i in candidates if not any(i < j <= walk.end[i] for j in candidates)]
        if headline_at >= 0:
            inner.sort(key=lambda i: (not (walk.in_main[i] or -80 <= i - headline_at <= 400), i))
        names: list[str] = []
        first: int | None = None
        for i in inner:
            if first is not None:
                tag, lead = walk.tags[i], walk.tags[first]
                same = tag.name == lead.name and tag.get("class") == lead.get("class")
                if not same or abs(i - first) > 60:
                    continue  # co-authors are marked up alike, next to each other
            if rules.NOT_AUTHOR_LABEL_RE.search(_text_before(walk.tags[i])):
                continue  # "Fact-checked by <a>Li Chen</a>": marked up like the author, not one
            found = _names_in(walk.lines_of(i), declared=level == 0)
            if found:
                first = i if first is None else first
                names.extend(name for name in found if name not in names)
        if names:
            return names
    # A "By Name" line near the headline, without byline markup.
    start = next((k for k, run in enumerate(walk.runs) if run.owner >= headline_at), 0) if headline_at >= 0 else 0
    first = max(0, start - 3)
    nearby = walk.runs[first : start + 15]
    for k, run in enumerate(nearby):
        if len(run.text) >= 100:
            continue
        if walk.junk[run.owner] and (abs(first + k - start) > 3 or walk.blocked(run.owner)):
            continue  # chrome, unless right by the headline (a "meta" bar, a header)
        if rules.BY_TEXT_RE.match(run.text):
            found = _names_in([run.text])
        elif rules.BY_LABEL_RE.match(run.text) and k + 1 < len(nearby) and len(nearby[k + 1].text) < 60:
            found = _names_in([nearby[k + 1].text])  # "Written by" over the name, in elements of their own
        else:
            continue
        if found:
            return found
    return []


def _text_before(tag: Tag) -> str:
    """The text just before an element in its paragraph (climbing out of inline wrappers)."""
    parts: list[str] = []
    node: Tag | None = tag
    for _ in range(3):
        if node is None:
            break
        for sibling in node.previous_siblings:
            parts.append(sibling.get_text(" ") if isinstance(sibling, Tag) else str(sibling))
            if sum(len(part) for part in parts) > 40:
                return _clean(" ".join(reversed(parts)))
        if _clean("".join(parts)) or node.name in rules.BLOCK_TAGS:
            break
        node = node.parent
    return _clean(" ".join(reversed(parts)))


def _names_in(lines: list[str], declared: bool = False) -> list[str]:
    """The names of the first line of a byline that has any ("By" alone is a line of its own)."""
    for line in lines:
        if len(line) >= 200:
            return []
        cut = rules.NOT_AUTHOR_CUT_RE.search(line)
        if cut:
            line = line[: cut.start()]  # "Jo Lee Updated by Kim Ha": Jo Lee wrote it
            if not line.strip():
                return []  # "Fact-checked by" and the next line: someone who did not write it
        date = rules.BYLINE_DATE_RE.search(line)
        if date:
            line = line[: date.start()]  # "Jo Lee - Mar 27, 2024"; a line of just a date says nothing
        found = split_byline(line, declared)
        if found:
            return found
    return []


def _ld_authors(ld: dict[str, Any], nodes: list[dict[str, Any]]) -> list[str]:
    people = ld.get("author") or ld.get("creator")
    people = people if isinstance(people, list) else [people]
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    names: list[str] = []
    for person in people:
        if isinstance(person, dict) and "name" not in person and person.get("@id") in by_id:
            person = by_id[person["@id"]]  # a reference into the @graph
        if isinstance(person, dict):
            group = str(person.get("@type", "Person")).lower() not in ("person", "")
            person = _text(person.get("name"))
            if group and not (isinstance(person, str) and team_name(person)):
                continue  # an organization is a publisher, unless it signs as a team
        if not isinstance(person, str) or person.startswith("http"):
            continue
        for name in split_byline(person, declared=True):
            if name not in names:
                names.append(name)
    return names


# --- dates ------------------------------------------------------------------------------

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "cxenseparse:recs:publishtime",
)


def _posted(
    walk: _Walk,
    ld: dict[str, Any],
    nodes: list[dict[str, Any]],
    meta: dict[str, str],
    headline_at: int,
    url: str | None,
    text: str,
) -> str | None:
    declared = _declared_date(ld, nodes, meta) or _script_date(text)
    if declared:
        # The date printed by the headline is the page's own when it is not later than the
        # metadata's: metadata keeps UTC ("2023-11-09T03:30Z" for a page dated November 8)
        # or the date of a later re-publication. A later printed date is often a review date.
        printed = _headline_date(walk, headline_at)
        if printed and printed[:10] != declared[:10] and _day(printed) <= _day(declared) + timedelta(days=1):
            return printed
        return declared
    # A date on a line by the headline is what a reader takes for the date: it beats one
    # marked up elsewhere (a sidebar's, a comment's), unless that is marked up as the
    # publication date near the headline, or is the same day (`<time datetime>` holds the
    # time too). Then the first date line on the page, and last an "Updated" date, when
    # that is the only date the page gives.
    line = _line_date(walk, headline_at)
    shown = _shown_date(walk, headline_at)
    if shown and (not line or shown[1][:10] == line[1][:10] or (shown[0][:2] == (0, 0) and shown[0][3] <= 60)):
        return shown[1]
    if line:
        return line[1]
    updated = _line_date(walk, headline_at, updated=True)
    return _url_date(url) or _first_line_date(walk) or (updated[1] if updated else None)


def _declared_date(ld: dict[str, Any], nodes: list[dict[str, Any]], meta: dict[str, str]) -> str | None:
    """The publication date the metadata declares: JSON-LD, then meta tags."""
    found = _date(ld.get("datePublished")) or _date(ld.get("dateCreated"))
    if found:
        return found
    for key in _PUBLISHED_META:
        found = _date(meta.get(key))
        if found:
            return found
    for key, value in meta.items():  # "w-published-date", "published", "five_hundred_pixels:uploaded"
        if rules.PUBLISHED_META_RE.search(key) and not rules.UPDATED_RE.search(key):
            found = _date(value)
            if found:
                return found
    if not ld:
        for node in nodes:
            if _types(node) & rules.PAGE_TYPES:
                found = _date(node.get("datePublished"))
                if found:
                    return found
    return None


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _headline_date(walk: _Walk, headline_at: int) -> str | None:
    """The one date marked up next to the headline, if it is not an "updated" date."""
    if headline_at < 0:
        return None
    near = [i for i in walk.times + walk.dated if -20 <= i - headline_at <= 60 and not walk.blocked(i)]
    for i in sorted(near, key=lambda i: abs(i - headline_at)):
        tag = walk.tags[i]
        text = walk.text_of(i)
        marks = " ".join(str(v or "") for v in (*tag.get_attribute_list("class"), tag.get("itemprop"), tag.get("id")))
        if rules.UPDATED_RE.search(marks) or rules.UPDATED_RE.search(text[:40]) or len(text) >= 80:
            continue
        if len(rules.YEAR_RE.findall(text)) > 1:
            continue  # "May 21, 2025 April 24, 2025": two dates, which is which?
        value = tag.get("datetime") or tag.get("content")
        found = parse_date(value if isinstance(value, str) else None) or parse_date(text)
        if found:
            return found
    return None


def _shown_date(walk: _Walk, headline_at: int) -> tuple[tuple[int, int, int, int], str] | None:
    """A date the page shows: `<time>` or an element whose class or itemprop says "date".

    Nearest the headline first; marked-up publication dates before plain ones; dates in
    lists of other pieces, and "updated" dates, only when there is nothing else. Returns
    the date with its rank: (doubtful, not marked as published, not machine-readable, distance).
    """
    candidates: list[tuple[tuple[int, int, int, int], str]] = []
    for i in walk.times + walk.dated:
        tag = walk.tags[i]
        parent = walk.tags[walk.parent[i]] if i > 0 else tag
        marks = " ".join(
            str(value or "")
            for element in (tag, parent)
            for value in (*element.get_attribute_list("class"), element.get("itemprop"), element.get("id"))
        )
        text = walk.text_of(i)
        updated = bool(rules.UPDATED_RE.search(marks) or rules.UPDATED_RE.search(text[:40]))
        strong = tag.has_attr("pubdate") or "datepublished" in marks.lower() or "publish" in marks.lower()
        value = tag.get("datetime") or tag.get("content")
        found = parse_date(value if isinstance(value, str) else None)
        machine = 0 if found else 1  # a datetime attribute is exact; the shown text may be partial
        if not found and len(text) < 80:
            found = parse_date(text)
        if found:
            distance = abs(i - headline_at) if headline_at >= 0 else (0 if walk.in_main[i] else 1) * 10_000 + i
            doubtful = int(updated) * 2 + int(walk.blocked(i))
            candidates.append(((doubtful, 0 if strong else 1, machine, distance), found))
    return min(candidates) if candidates else None


def _line_date(walk: _Walk, headline_at: int, updated: bool = False) -> tuple[int, str] | None:
    """A date on a short line next to the headline ("jeudi 13 juin 2019"), without date markup.

    Lines right by the headline count even when marked as chrome (a "meta" bar, a header);
    "updated" lines only when asked. Returns the date with its line's distance from the headline.
    """
    if headline_at < 0:
        return None
    start = next((k for k, run in enumerate(walk.runs) if run.owner >= headline_at), len(walk.runs))
    first = max(0, start - 5)
    for k, run in enumerate(walk.runs[first : start + 20], start=first):
        if len(run.text) >= 100 or (walk.junk[run.owner] and (abs(k - start) > 3 or walk.blocked(run.owner))):
            continue
        found = _dated_line(run.text, updated)
        if found:
            return abs(run.owner - headline_at), found
    return None


def _dated_line(text: str, updated: bool = False) -> str | None:
    """The date of a line: the part before "Updated", or with `updated` the part from it on.

    "Published on Oct 21, 2025 Updated on Mar 9, 2026" gives October 21 or, updated, March 9.
    """
    label = rules.UPDATED_RE.search(text)
    if updated:
        return parse_date(text[label.start() :]) if label else None
    return parse_date(text[: label.start()] if label else text)


def _first_line_date(walk: _Walk) -> str | None:
    """The first short line of the page that is a date, outside chrome and lists of other pieces."""
    for run in walk.runs:
        if len(run.text) < 100 and not walk.junk[run.owner]:
            found = _dated_line(run.text)
            if found and not walk.blocked(run.owner):
                return found
    return None


def _script_date(text: str) -> str | None:
    """A `datePublished` in a script that is not JSON-LD (a framework's page data), or in an attribute."""
    if "datePublished" not in text:
        return None
    match = rules.SCRIPT_DATE_RE.search(text)
    return parse_date(match.group(1)) if match else None


def _url_date(url: str | None) -> str | None:
    match = rules.URL_DATE_RE.search(url or "")
    return parse_date(f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}") if match else None


def _count_words(text: str) -> int:
    """Words in a text; Chinese and Japanese, written without spaces, count two characters a word."""
    words = len(text.split())
    if text.isascii():
        return words
    return max(words, len(rules.CJK_RE.findall(text)) // 2)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _too_deep(text: str) -> bool:
    """Whether tags open more than MAX_DEPTH deep (a cheap scan before parsing)."""
    depth = 0
    for closing, name, self_closing in _TAG_RE.findall(text):
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in FLAT_TAGS:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False
