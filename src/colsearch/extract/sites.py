"""Site knowledge as data: the markers, labels and word lists extraction applies.

Nothing here runs; `textdump.py`, `html.py` and `bylines.py` read these tables. A new site
is a new `TextSite` entry (and a test page), not new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta, timezone, tzinfo


@dataclass(frozen=True)
class TextSite:
    """How one site's pages look when a text browser prints them."""

    name: str
    detect: re.Pattern[str]  # matches somewhere in a page of this site
    zone: tzinfo | None
    crawl_line: re.Pattern[str]  # the render date at the top: never the posted date
    posted: re.Pattern[str]
    updated: re.Pattern[str]
    controls: frozenset[str]  # lines between the dates and the body ("Print Preview")
    body_end: re.Pattern[str]  # first line of the chrome after the column
    sections: frozenset[str] = field(default_factory=frozenset)  # labels that are not names


KOREA_TIMES = TextSite(
    name="The Korea Times",
    detect=re.compile(r"^The Korea Times\b|koreatimes\.co\.kr", re.M),
    zone=timezone(timedelta(hours=9)),
    crawl_line=re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*, [A-Z][a-z]+\.? \d{1,2}, \d{4} \| \d{1,2}:\d{2}$"),
    posted=re.compile(r"^Posted\s*:\s*(.+)$"),
    updated=re.compile(r"^Updated\s*:\s*(.+)$"),
    controls=frozenset({"Print Preview", "Font Size Up", "Font Size Down", "Print", "Share"}),
    body_end=re.compile(r"^(?:\s|LG|DARKROOM|\s*•.*|The Korea Times|Top \d+ .*|Most Read.*)$"),
    sections=frozenset(
        {
            "Editorial",
            "Thoughts of the Times",
            "Columns",
            "Opinion",
            "Letter to the Editor",
            "Tribune Service",
            "Blogs",
            "Today in History",
            "Letter to President",
        }
    ),
)

TEXT_SITES = (KOREA_TIMES,)

# Sections whose pieces are columns even when unsigned.
OPINION_SECTIONS = frozenset(
    {
        "editorial",
        "editorials",
        "opinion",
        "columns",
        "column",
        "commentary",
        "thoughts of the times",
        "op-ed",
        "letters",
        "letter to the editor",
    }
)

ROLE_WORDS = frozenset(
    " ".join(
        [
            "opinion columnist columnists contributing contributor contributors guest staff writer writers",
            "editor editors editorial board senior chief associate deputy managing executive correspondent",
            "reporter reporters analyst special to fellow visiting professor dr prof mr ms mrs former",
            "member members team desk news digital online political economics foreign affairs international",
            "national bureau the times post herald journal daily",
            "칼럼니스트 기자 논설위원 특파원 교수 객원 대표 위원",
        ]
    ).split()
)

# Job titles and the labels of byline widgets: a byline piece holding one anywhere is a
# role ("Former McKinsey Consultant"), not a name, unlike `ROLE_WORDS`, which are only cut
# from a name's ends.
JOB_WORDS = frozenset(
    " ".join(
        [
            "analyst consultant technologist founder cofounder co-founder ceo cto cfo president vice director",
            "manager officer head lead author journalist specialist expert strategist economist scientist",
            "researcher lecturer engineer developer designer historian photographer producer host anchor",
            "commentator blogger freelance freelancer intern partner owner chair chairman chairwoman emeritus",
            "follow view profile bio more posts articles email twitter senior chief correspondent editor columnist",
            "reporter writer contributor vp svp evp",
        ]
    ).split()
)

# Last words of a byline that names a group of writers ("Camphouse Team", "TOI Lifestyle Desk",
# "The Currency editors"): the whole byline is the author, as the page signs it.
TEAM_WORDS = frozenset({"team", "staff", "desk", "editors", "newsroom"})

AGENCIES = frozenset(
    {
        "reuters",
        "ap",
        "afp",
        "upi",
        "yonhap",
        "bloomberg",
        "ians",
        "pti",
        "xinhua",
        "kyodo",
        "efe",
        "dpa",
        "ansa",
        "associated press",
        "the associated press",
        "agence france-presse",
        "agence france presse",
        "yonhap news agency",
        "bloomberg opinion",
        "editorial board",
        "the editorial board",
        "admin",
        "administrator",
        "webmaster",
        "news desk",
        "newsdesk",
        "wire services",
        "wires",
        "staff",
        "korea times",
        "the korea times",
    }
)

NAME_SUFFIXES = ("Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV")

# Text-dump lines that are site chrome on any site.
CHROME_LINES = re.compile(
    r"^(?:share|tweet|email|print|comments?|advertisement|skip to (?:main )?content|menu|search|"
    r"subscribe|sign in|log ?in|register|close|font size.*|print preview|read more|related.*|"
    r"sign up for .*|newsletter.*|follow us.*|copyright .*|all rights reserved.*|©.*)$",
    re.I,
)

# Buttons and account links, which a text browser prints run together on one line
# ("Sign In Get Started", "Sign inGet a demo", "Book a Demo Log In"): a line made only of
# these is chrome.
BUTTON_LINES = re.compile(
    r"^(?:\s*[|·•/>›]?\s*(?:sign (?:in|up|out)|log ?(?:in|out)|get started|(?:book|get|request|schedule|watch) "
    r"(?:a |the |your )?(?:free )?demo|start (?:your |a )?free trial|start free|try (?:it )?(?:for )?free|"
    r"contact (?:us|sales)|talk to sales|learn more|read more|shop now|buy now|subscribe(?: now)?|"
    r"toggle (?:menu|navigation)|open menu|close menu|menu|search|my account|create (?:an )?account|"
    r"register|join(?: now)?|donate(?: now)?|get the app|download the app|copy link|send via email|"
    r"(?:get|join) (?:the |our )?newsletter|work with (?:me|us)|hire me|"
    r"share|print|email)\s*(?:>>|»|›)?)+\s*$",
    re.I,
)

# Text-dump lines after which a column's text does not go on: related headlines, sharing,
# comments, tags, the author box. The general method stops growing the body at one.
END_MARKERS = re.compile(
    r"^(?:related(?: (?:articles?|stories|posts|content|coverage|reading|topics|news))?:?|"
    r"(?:you|we think you) (?:may|might) (?:also )?(?:like|enjoy)|more (?:from|on|in|about|stories)\b.{0,40}|"
    r"most (?:read|popular|viewed|shared)\b.{0,30}|recommended(?: for you| stories| reading)?|trending(?: now)?|"
    r"read (?:next|also)|see also|what to read next|top stories|latest (?:news|stories|articles)|"
    r"(?:share|tweet)(?: this)?(?: (?:article|story|post|page))?(?: on \w+)?:?|share via.*|"
    r"(?:\d+ )?comments?(?: \(\d+\))?|leave a (?:comment|reply)|post a comment|"
    r"join the (?:conversation|discussion)|tags?:.*|tags|topics?:|filed under:?.*|categories:?|"
    r"about the authors?|more by this author|author bio|"
    r"(?:privacy policy|terms of (?:use|service)|contact us|about us)\b.{0,40})$",
    re.I,
)

# Labels that put a byline's names after them without "By", in English and other
# languages: "Author: Kim Lee", "Posted by Kim Lee", "Veröffentlicht von HansG", "Par Jean Roy",
# and an author box's link, "View all posts by Kim Lee".
BYLINE_LABELS = re.compile(
    r"^(?:(?:authors?|contributors?)\s*:\s*|(?:posted by|published by|veröffentlicht von|geschrieben von|"
    r"verfasst von|publié par|écrit par|publicado por|escrito por|scritto da|pubblicato da|geplaatst door|"
    r"geschreven door|von|par|por|door|av|af|(?:view|see|more) (?:all )?(?:posts|articles|stories) by):?\s+)"
    r"(?=(?-i:[A-Z\u00c0-\u024f]))",
    re.I,
)

# Date labels: a "Updated 3 May 2021" line gives the updated date, not the posted one.
UPDATED_LABELS = frozenset({"updated", "modified", "last updated", "last modified", "edited"})

# Labels of a publication date in other languages: "Veröffentlicht am 3. Mai 2021", "Publié le".
FOREIGN_POSTED_LABELS = frozenset(
    {"veröffentlicht", "erschienen", "gespeichert", "erstellt", "publié", "publicado", "pubblicato", "gepubliceerd"}
)

# Words of an image's alt text or caption, which text browsers print near the headline.
IMAGE_WORDS = re.compile(
    r"\b(?:photo|picture|image|logo|icon|credit|illustration|portrait|thumbnail|avatar|headshot)s?\b|©", re.I
)

# Month names of other languages, and their short forms ("30. Okt. 2023"), as the English
# names dates.py reads ("6. Oktober 2020").
FOREIGN_MONTHS = {
    name: english
    for english, names in {
        "January": "januar janvier enero gennaio janeiro januari jänner jän janv",
        "February": "februar février fevrier febrero febbraio fevereiro februari févr fevr",
        "March": "märz maerz mars marzo março maart mär mrz",
        "April": "avril abril aprile avr",
        "May": "mai mayo maggio maio mei maj",
        "June": "juni juin junio giugno junho",
        "July": "juli juillet julio luglio julho juil",
        "August": "août aout agosto augustus",
        "September": "septembre septiembre settembre setembro",
        "October": "oktober octobre octubre ottobre outubro okt",
        "November": "novembre noviembre novembro",
        "December": "dezember décembre decembre diciembre dicembre dezembro desember dez déc",
    }.items()
    for name in names.split()
}
