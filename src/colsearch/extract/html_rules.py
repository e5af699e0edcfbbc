"""HTML layout knowledge as data: the tag sets, class words and patterns `html.py` applies.

Nothing here runs. Class and id values are read as whole tokens split into words
("c-share-buttons" is the words c, share, buttons); a token is page chrome when it is a
chrome word, or starts or ends with one ("share-bar", "site-footer"), unless its first
word says it is a state ("no-sidebar", "has-share-float"). A chrome word in the middle of
a token ("content-sidebar-wrap", "col-print-7") says nothing.
"""

from __future__ import annotations

import re

# JSON-LD @type values of a news article.
ARTICLE_TYPES = frozenset(
    {
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
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
    }
)
# JSON-LD @type values whose datePublished is the page's when no article node says.
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "medicalwebpage", "qapage", "faqpage"})

# Elements whose text is never page text.
SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas input head video audio map select option "
    "datalist".split()
)
# Layout elements that hold chrome; removed unless they hold the page's prose (a page's
# markup can be so broken that the parser puts the whole article inside a <button>).
CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "menu", "dialog", "button", "textarea", "title"})
# Block-level elements: text on either side of one of these is a separate paragraph.
BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul body html caption legend".split()
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text is one paragraph of the body when it is kept.
PARAGRAPH_OWNERS = frozenset({"p", "pre", "blockquote", "li", "dd", "dt", "td", "th"})

# Words that make a class/id token page chrome.
CHROME_WORDS = frozenset(
    "share shares sharing sharebar social socials related recommend recommended recommendations "
    "newsletter newsletters promo promos promotion advert adverts advertisement advertising ad ads adv "
    "sponsor sponsored comment comments disqus subscribe subscription signup footer nav navbar "
    "navigation menu breadcrumb breadcrumbs sidebar trending popular mostread tags taglist bio caption "
    "captions credit credits cookie cookies consent gdpr modal popup toolbar print outbrain taboola "
    "widget widgets masthead skip login paywall banner cta hidden sronly hide".split()
)
# Multi-word chrome tokens (words joined by "-").
CHROME_PHRASES = frozenset(
    {
        "most-read",
        "most-popular",
        "read-more",
        "more-from",
        "author-bio",
        "about-author",
        "author-box",
        "font-size",
        "sr-only",
        "visually-hidden",
        "screen-reader-text",
        "you-may-like",
        "also-read",
        "see-also",
        "next-article",
        "related-content",
    }
)
# A first word that says the token is a state of the element, not what it is.
STATE_WORDS = frozenset({"no", "has", "is", "with", "without", "not", "show", "enable", "disable"})
# One- and two-letter namespace words of CSS naming schemes ("c-", "l-", "js-").
NAMESPACE_WORDS = frozenset({"c", "l", "u", "o", "m", "js", "t", "s"})
# Words that mark an element as holding the article (readability's "maybe a candidate").
CONTENT_WORDS = frozenset(
    "article articles body content contents entry main post story text column columns blog prose "
    "articlebody storybody postbody".split()
)
# Words that make an element a likelier or unlikelier home of the body (scoring weight).
POSITIVE_WORDS = CONTENT_WORDS | {"page", "single", "hentry", "paragraph"}
NEGATIVE_WORDS = CHROME_WORDS | frozenset(
    "meta byline author header teaser teasers card cards list listing more aside shoutbox".split()
)

# Byline markup: a class/id token holding one of these holds the author's name ("authorName").
BYLINE_RE = re.compile(r"byline|author(?!i[tz])|writer|contributor|^byl$", re.I)
# A link to an author's page.
AUTHOR_HREF_RE = re.compile(
    r"/(?:author|authors|writers?|columnists?|contributors?|byline|profiles?/people)/[^/?#]", re.I
)
# Containers of other pieces' bylines: lists, comments, teasers (class/id words).
OTHER_PIECES_WORDS = frozenset(
    "comment comments disqus related recommend recommended recommendations sidebar trending popular "
    "mostread footer nav navbar menu newsletter promo widget widgets outbrain taboola teaser teasers "
    "more".split()
)
# Of those, words that name a part of the site only outside <article>/<main>: inside, the
# article's own footer (byline, dates) and a page builder's widgets ("elementor-widget").
SITE_PART_WORDS = frozenset({"footer", "widget", "widgets"})
# Class words of a byline box for someone who vouches for the piece, not its writer
# ("author-meta-container expert" beside the writer's own box).
NOT_WRITER_WORDS = frozenset({"expert", "experts", "reviewer", "reviewers", "checker", "factcheck", "factchecker"})
# Byline elements that are about the author, not the byline.
NOT_BYLINE_WORDS = frozenset(
    {"bio", "biography", "description", "desc", "avatar", "image", "img", "photo", "picture", "social", "follow"}
)
# Dates: class/id/itemprop words of an element holding the posted date.
DATE_WORDS = frozenset(
    {
        "date",
        "dates",
        "published",
        "publish",
        "pubdate",
        "posted",
        "time",
        "timestamp",
        "dateline",
        "datetime",
        "fecha",
        "datum",
    }
)
# Chinese characters and Japanese kana: text in these scripts has no spaces between words.
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
UPDATED_RE = re.compile(r"updated|modified|edited|last-?mod", re.I)
# Other meta names of the publication date ("w-published-date", "published", "creation-date").
PUBLISHED_META_RE = re.compile(
    r"(?:^|[:._-])(?:date[._-]?)?pub(?:lish(?:ed)?)?(?:[._-]?(?:date|time|at|on))?$"
    r"|(?:^|[:._-])(?:creat(?:ed|ion)|release|posted|uploaded)(?:[._-]?(?:date|time|at))?$"
)
# `datePublished` in page data outside JSON-LD, plain or HTML-escaped in an attribute.
SCRIPT_DATE_RE = re.compile(r'(?:"|&quot;)datePublished(?:"|&quot;)\s*:\s*(?:"|&quot;)([^"&]{8,40})')

# A title's site suffix or prefix separator: "Headline | Site", "Site - Headline".
TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·»/]|::)\s+")
OPINION_PREFIX_RE = re.compile(r"^(?:opinion|column|editorial|commentary|op-ed|analysis)\s*[|:–—-]\s*", re.I)
# The date in an article URL: /2019/10/16/ or /2019-10-16/.
URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)")
# A visible byline: "By Name" at the start of a short element.
BY_TEXT_RE = re.compile(r"^\s*(?:(?:written|analysis|opinion|words|story|text|reporting)\s+)?by(?::\s*|\s+)\S", re.I)
# A byline's label standing alone, with the name in the next element.
BY_LABEL_RE = re.compile(r"^\s*(?:(?:written|posted|words|story|text|reporting)\s+)?by:?\s*$|^\s*authors?:?\s*$", re.I)
# Where a byline goes on to name people who did not write the piece.
NOT_AUTHOR_CUT_RE = re.compile(
    r"(?:\b(?:medically\s+)?(?:reviewed|fact[\s-]?checked|edited|updated|photos?|photographs|illustrations?|"
    r"produced|translated|compiled|video|tested|researched)\s+by\b|\bcontributions?\s+(?:from|by)\b|\s[|•·]\s|\b(?:last\s+)?(?:updated|modified)\b|\bpublished\b).*",
    re.I,
)
# A label that names someone who did not write the piece, right before their name.
NOT_AUTHOR_LABEL_RE = re.compile(
    r"\b(?:(?:medically\s+)?reviewed|fact[\s-]?checked|edited|photos?|photographs|illustrations?|produced|"
    r"translated|tested|verified|approved|researched)\s+by:?\s*"
    r"(?:[^,&]{2,40}(?:,|&|\band\b)\s*)?$|"  # "Tested by A and" B
    r"\b(?:reviewer|editor|fact[\s-]?checker|tester)s?:?\s*$|\bcontributions?\s+(?:from|by):?\s*$",
    re.I,
)
# A date after (or instead of) the name in a byline: "Jo Lee on Friday December 19",
# "Jo Lee - Mar 27, 2024", "Jo Lee 4 August 2010", "Jun 12, 2024", "Sat, 20 Dec, 2025".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
BYLINE_DATE_RE = re.compile(
    rf"(?:^|\s)(?:on\s+|[-–—]\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    rf"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,\s*\d|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}"
    rf"(?:[\s,]|$)|{_MONTH}\s+\d|\d{{4}}[-/.]\d|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d).*",
    re.I,
)
