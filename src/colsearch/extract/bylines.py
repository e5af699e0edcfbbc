"""Bylines: turn a byline string into the names of the people who wrote the column.

"By Kim A and Lee B", "Aisha Rahman, Contributing Columnist", "By Reuters" and
"Casey Lartigue, Jr." all come out as lists of person names: roles, outlets, agencies,
handles, e-mail addresses, credentials ("DVM") and affiliation marks are dropped. A group
that signs as one ("The Upwork Team") stays whole, and a user name in lower case counts
where markup declares it the author's. The word lists are data in `sites.py`.
"""

from __future__ import annotations

import re

from .sites import AGENCIES, JOB_WORDS, NAME_SUFFIXES, ROLE_WORDS, TEAM_WORDS

_PREFIX_RE = re.compile(
    r"^\s*(?:(?:written|opinion|column|words|story|text|analysis|commentary|posted|reporting)\s+)?by(?:[:\s]+|$)", re.I
)
_LABEL_RE = re.compile(r"^\s*(?:authors?|written by|posted by|by)\s*[:\s]\s*", re.I)
_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_EMAIL_RE = re.compile(r"\S+@\S+|\(.*?@.*?\)")
_HANDLE_RE = re.compile(r"@\w+")
_FOOTNOTE_RE = re.compile(r"(?<=\w)\s*\d{1,2}\*?(?=\s*(?:[,;]|\band\b|$))")  # "Jeni Green 1;": an affiliation mark
_SPLIT_RE = re.compile(r"\s*(?:,|;|\band\b|&|\||/|\bwith\b)\s*", re.I)
_PLACE_RE = re.compile(r"\s+(?:in|from|reporting from)\s+[A-Z][\w.\- ]*$")
_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z\u00c0-\u024f][\w'’.\-\u00c0-\u024f]*|[a-z]{1,3}|[\uac00-\ud7a3]+|[A-Z]\.)$")
_CREDENTIAL_RE = re.compile(r"^(?:[A-Z]{2,5}|(?:[A-Z][a-z]?\.){2,4})$")  # "DVM", "CFP", "Ph.D."
# A user name as a site's markup declares it ("aawoods", "q_admin", "kirstin boatto").
_HANDLE_TOKEN_RE = re.compile(r"^[\w'’.\-]+$")


def split_byline(byline: str | None, declared: bool = False) -> list[str]:
    """The person names in a byline, in order, without duplicates.

    `declared`: the text is what markup declares as the author's name (JSON-LD, `rel=author`),
    so a user name in lower case ("aawoods") counts; in running text it would not.
    """
    if not byline:
        return []
    text = _PAREN_RE.sub(" ", _EMAIL_RE.sub(" ", byline))  # "Jo Lee (Site)": the site is not a name
    text = _FOOTNOTE_RE.sub("", _HANDLE_RE.sub(" ", text))
    text = _LABEL_RE.sub("", _PREFIX_RE.sub("", text.strip()))
    text = re.sub(r"\s+", " ", text).strip(" ,:;-–—")
    for suffix in NAME_SUFFIXES:  # keep "Casey Lartigue, Jr." whole
        text = re.sub(r",\s*(" + re.escape(suffix) + r")(?=$|[\s,;])", r" \1", text)
    names: list[str] = []
    for part in _SPLIT_RE.split(text):
        name = team_name(part) or clean_name(part, declared)
        if name and name not in names:
            names.append(name)
    return names


def _is_role(word: str) -> bool:
    word = word.lower().strip(".:")
    return word in ROLE_WORDS or word in JOB_WORDS


def team_name(part: str) -> str | None:
    """A byline piece naming a group of writers ("The Upwork Team", "TOI Lifestyle Desk"), kept whole."""
    part = part.strip(" ,:;-–—\"'.")
    words = part.split()
    if not 2 <= len(words) <= 5 or words[-1].lower() not in TEAM_WORDS:
        return None
    rest = [word for word in words[:-1] if word.lower() != "the"]
    if not rest or all(_is_role(word) for word in rest) or " ".join(rest).lower() in AGENCIES:
        return None  # "Editorial Team", "Reuters Staff": no group name of its own
    if not rest[0][:1].isupper() or not all(_NAME_TOKEN_RE.match(word) for word in rest):
        return None
    return part


# Lower-case words that join a role to what it is of; no name starts with one.
_ROLE_LINKS = frozenset({"of", "at", "for", "with", "from", "to", "on"})


def clean_name(part: str, declared: bool = False) -> str | None:
    """A person name from one piece of a byline, or None for a role, outlet or agency."""
    part = part.strip(" ,:;-–—\"'")
    if not re.search(r"(?:\b[A-Z]|\bJr|\bSr)\.$", part):
        part = part.rstrip(".")
    if not part or _CREDENTIAL_RE.match(part):
        return None  # "Shelby Loos, DVM": the credential is not a second person
    if part.lower().startswith("the ") or part.lower() in AGENCIES:
        return None  # "The Washington Post", "Reuters": an outlet, not a person
    part = _PLACE_RE.sub("", part)  # "Choe Sang-Hun in Seoul"
    # "Kim A Columnist" or "Contributor: Kim A": cut roles before and after the name.
    words = part.split()
    count = len(words)
    while words and _is_role(words[-1]):
        words.pop()
    trailing = len(words) < count
    count = len(words)
    while words and _is_role(words[0]):
        words.pop(0)
    if words and words[0] in _ROLE_LINKS:
        return None  # "CEO of CaseBasix", "Professor of Economics at Yale": what is left of a role
    lone_latin_word = len(words) == 1 and words[0].isascii()  # Korean names are one word: 김서윤 기자
    if trailing and (len(words) < count or lone_latin_word):
        return None  # "Senior Transport Correspondent", "Shipping Expert": a role, not a name
    # "Will Judd Former Deputy Tech": a role after a full name ends the name.
    cut = next((k for k in range(2, len(words)) if _is_role(words[k])), len(words))
    words = words[:cut]
    if not words or len(words) > 5:
        return None
    if any(word.lower() in JOB_WORDS for word in words):
        return None  # "CNN Senior Supreme Court Analyst", "Former McKinsey Consultant": a role
    name = " ".join(words)
    if name.lower() in AGENCIES or name.lower().startswith("the "):
        return None
    handle = declared and not trailing and len(words) == count <= 3  # "Follow me" is a widget, not a user
    if handle and all(_HANDLE_TOKEN_RE.match(word) for word in words):
        return name
    if not all(_NAME_TOKEN_RE.match(word) for word in words):
        return None
    if not any(ch.isupper() or "\uac00" <= ch <= "\ud7a3" for ch in name):
        return None
    return name
