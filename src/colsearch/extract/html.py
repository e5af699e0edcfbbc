"""HTML pages: read a saved HTML page's fields the way real extractors do.

Metadata cascade: JSON-LD (NewsArticle, OpinionNewsArticle and kin), OpenGraph and
`article:` meta tags, `<time datetime>`, byline markup, and the visible page; where the
visible page and metadata disagree on the byline, the visible page wins (meta authors are
often CMS user names). The body comes from a main-content finder: the element whose
paragraphs hold the most prose, with navigation, asides, share bars, newsletter prompts,
bios and footers removed first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag

from ..errors import PageError
from ..records import Column
from .bylines import split_byline
from .dates import parse_date
from .sites import OPINION_SECTIONS
from .textdump import _split_bio

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "opinionnewsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "report",
    "socialmediaposting",
}
JUNK_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "figcaption",
    "select",
    "template",
]
JUNK_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|recommend|newsletter|promo|advert|ad|ads|sponsor|"
    r"comment|comments|subscribe|subscription|signup|footer|nav|navbar|menu|breadcrumbs?|sidebar|"
    r"trending|popular|most-read|tags|author-bio|bio|caption|credit|paywall|cookie|modal|toolbar|"
    r"print|font-size|more-from|read-more|outbrain|taboola)(?:$|[\s_-])",
    re.I,
)
BYLINE_SELECTORS = [
    "[rel=author]",
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    ".byline",
    ".author-name",
    ".byline__name",
    "[class*=byline]",
    "[class*=author]",
    "address",
]
TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·»]|::)\s+")
_OPINION_PREFIX_RE = re.compile(r"^(?:opinion|column|editorial|commentary|op-ed)\s*[|:–—-]\s*", re.I)


MAX_DEPTH = 2000  # real pages nest a few dozen levels; far deeper is an attack or a broken file
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
# Tags without an end tag, or whose end tag pages often leave out: not counted as depth.
FLAT_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "  # void
    "p li td th tr option dt dd".split()  # end tag optional
)


def extract_html(path: str, text: str) -> Column:
    """The fields of an HTML page."""
    if _too_deep(text):
        raise PageError(f"HTML is nested more than {MAX_DEPTH:,} levels deep; not a saved column page")
    soup = BeautifulSoup(text, "lxml")
    ld = _json_ld_article(soup)
    meta = _meta(soup)
    headline = _headline(soup, ld, meta)
    authors = _authors(soup, ld, meta)
    posted = (
        _date(ld.get("datePublished"))
        or _date(meta.get("article:published_time") or meta.get("og:published_time"))
        or _date(
            meta.get("date")
            or meta.get("pubdate")
            or meta.get("publishdate")
            or meta.get("dc.date")
            or meta.get("dc.date.issued")
            or meta.get("parsely-pub-date")
            or meta.get("sailthru.date")
        )
        or _time_element(soup)
    )
    updated = _date(ld.get("dateModified")) or _date(
        meta.get("article:modified_time") or meta.get("og:updated_time") or meta.get("last-modified")
    )
    section = _text(ld.get("articleSection")) or meta.get("article:section")
    url = _text(ld.get("url")) or meta.get("og:url") or _canonical(soup)
    paragraphs = _body(soup)
    bio, paragraphs = _split_bio(paragraphs, authors)
    words = sum(len(p.split()) for p in paragraphs)
    is_column = words >= 120 and headline is not None
    if not is_column and ld and words >= 60:
        is_column = True  # a short column that says it is an article
    reason = None if is_column else "no article text found: not a column"
    if is_column and not ld and meta.get("og:type") != "article" and _linked_headings(soup) >= 5:
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


def _linked_headings(soup: BeautifulSoup) -> int:
    """Headings that are links: the teasers of a section front or a columnist's list."""
    return sum(1 for h in soup.find_all(["h2", "h3", "h4"]) if h.find("a") or h.find_parent("a"))


# --- metadata ---------------------------------------------------------------------------


def _json_ld_article(soup: BeautifulSoup) -> dict[str, Any]:
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        raw = (script.string or script.get_text() or "").strip()
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|\]\]>\s*$", "", raw)
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for item in _walk_ld(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
                return item
    return {}


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


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        value = tag.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
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
        return re.sub(r"\s+", " ", value).strip()
    return None


def _date(value: Any) -> str | None:
    return parse_date(_text(value))


def _headline(soup: BeautifulSoup, ld: dict[str, Any], meta: dict[str, str]) -> str | None:
    h1 = None
    scope = soup.find("article") or soup.find("main") or soup
    for tag in scope.find_all("h1") if isinstance(scope, Tag) else []:
        candidate = _clean(tag.get_text(" "))
        if candidate and 1 <= len(candidate.split()) <= 40:
            h1 = candidate
            break
    if h1 is None and scope is not soup:
        first = soup.find("h1")
        h1 = _clean(first.get_text(" ")) if isinstance(first, Tag) else None
    declared = _text(ld.get("headline")) or meta.get("og:title") or meta.get("twitter:title")
    if h1:
        return _OPINION_PREFIX_RE.sub("", h1)
    if declared:
        return _OPINION_PREFIX_RE.sub("", declared)
    title = soup.find("title")
    if isinstance(title, Tag) and title.get_text().strip():
        parts = TITLE_SEPARATORS.split(_clean(title.get_text()))
        parts = [p for p in parts if p.lower() not in OPINION_SECTIONS]
        return max(parts, key=len) if parts else None
    return None


def _authors(soup: BeautifulSoup, ld: dict[str, Any], meta: dict[str, str]) -> list[str]:
    for selector in BYLINE_SELECTORS:
        for tag in soup.select(selector):
            if tag.find_parent(["nav", "footer", "aside"]) or _is_junk(tag, byline_ok=True):
                continue
            shown = split_byline(_clean(tag.get_text(" ")))
            if shown and len(_clean(tag.get_text(" "))) < 200:
                return shown
    people = ld.get("author")
    people = people if isinstance(people, list) else [people]
    names: list[str] = []
    for person in people:
        if isinstance(person, dict) and str(person.get("@type", "Person")).lower() not in ("person", ""):
            continue
        for name in split_byline(_text(person)):
            if name not in names:
                names.append(name)
    if names:
        return names
    value = meta.get("author") or meta.get("article:author") or meta.get("byl") or meta.get("dc.creator")
    if value and not value.startswith("http"):
        return split_byline(value)
    return []


def _time_element(soup: BeautifulSoup) -> str | None:
    scope = soup.find("article") or soup
    for tag in scope.find_all("time") if isinstance(scope, Tag) else []:
        value = tag.get("datetime")
        parsed = parse_date(value if isinstance(value, str) else tag.get_text(" "))
        if parsed:
            return parsed
    return None


# --- body -------------------------------------------------------------------------------


def _body(soup: BeautifulSoup) -> list[str]:
    body = soup.body or soup
    for tag in body.find_all(JUNK_TAGS):
        tag.decompose()
    # Collected first, then removed: bs4's `decomposed` check is a search of the subtree.
    for tag in [tag for tag in body.find_all(True) if _is_junk(tag)]:
        tag.decompose()
    best: Tag | None = None
    best_score = 0.0
    scores: dict[int, tuple[Tag, float]] = {}
    for p in body.find_all("p"):
        text = _clean(p.get_text(" "))
        if len(text) < 25:
            continue
        score = len(text) * (1.0 - _link_density(p))
        for parent, weight in ((p.parent, 1.0), (p.parent.parent if p.parent else None, 0.5)):
            if isinstance(parent, Tag):
                old = scores.get(id(parent), (parent, 0.0))[1]
                scores[id(parent)] = (parent, old + score * weight)
    for tag, score in scores.values():
        if score > best_score:
            best, best_score = tag, score
    if best is None:
        return []
    paragraphs: list[str] = []
    for tag in best.find_all(["p", "h2", "h3", "blockquote", "li"]):
        if tag.name in ("p", "li") and tag.find_parent("blockquote") is not None:
            continue
        if tag.name == "li" and tag.find_parent(["ul", "ol"]) is None:
            continue
        text = _clean(tag.get_text(" "))
        if not text or _link_density(tag) > 0.5:
            continue
        if tag.name in ("h2", "h3", "li") and len(text.split()) < 2:
            continue
        if tag.name == "p" and len(text.split()) < 4 and not re.search(r"[.!?]$", text):
            continue
        paragraphs.append(text)
    return paragraphs


def _is_junk(tag: Tag, byline_ok: bool = False) -> bool:
    if tag.name in ("html", "body", "article", "main"):
        return False
    names = [str(tag.get("id") or ""), str(tag.get("role") or ""), *tag.get_attribute_list("class")]
    attrs = " ".join(n for n in names if n)
    if not attrs.strip():
        return False
    if byline_ok and re.search(r"byline|author", attrs, re.I):
        return bool(re.search(r"author-bio|bio\b", attrs, re.I))
    return bool(JUNK_ATTR_RE.search(attrs)) or tag.get("hidden") is not None


def _link_density(tag: Tag) -> float:
    text = len(tag.get_text())
    if not text:
        return 0.0
    links = sum(len(a.get_text()) for a in tag.find_all("a"))
    return links / text


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
