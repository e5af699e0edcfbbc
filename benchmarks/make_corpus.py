"""Benchmark corpus: N invented Korea Times opinion-column pages, saved as text dumps.

Each page has the layout of a Korea Times column printed by a text browser (the seed page
`../shared/seeds/000_*.txt`): the navigation block, the "Opinion" columnist list, the crawl
line ("Sat, July 2, 2022 | 20:48"), the section label (the columnist's name, "Thoughts of the
Times" or "Editorial"), the headline, "Posted : YYYY-MM-DD HH:MM" / "Updated : ...", the page
controls, "By Name", the body paragraphs, the bio "Name (email@example.com) is ...", then the
" " line, "LG", trending headlines, DARKROOM and the footer. Only the site's chrome is taken
over; no sentence of the seed's column is used.

What is invented, from `--seed` alone (the same seed gives byte-identical pages):

  columnists  several hundred generated names (Korean-style "Kim Tae-hyun" and Western ones),
              each with an e-mail address at an example domain, a bio and a Zipfian share of
              the columns; about 8% of pages are unsigned editorials.
  dates       posted uniformly over ten years (2013-2022), updated 0-30 hours later, crawled
              days to years later.
  bodies      600-1,200 words in paragraphs of 2-5 sentences. The sentences come from the BBC
              News data set (`../shared/data/bbc-news/bbc-articles.jsonl.gz`, read at run time
              and never copied into the repository): a page mixes the shuffled sentences of a
              few articles of one category with sentences from the rest of that category, so
              word frequencies and co-occurrences are those of real English news. Without
              that folder the sentences are drawn from a generated Zipfian vocabulary.
  headlines   a source article's title, or a few words of one of the page's sentences;
              trending headlines likewise.

Pages go to OUT/YYYY/MM/YYYY-MM-DD_columnist-slug_NNNNNN.txt, with a summary of the corpus
(page and body bytes, words, source of the sentences) in the hidden file OUT/.corpus.json. The
folder must be outside the repository or under benchmarks/out/ (git-ignored): a generated
corpus is never committed.

`--touch-percent P` changes P% of the pages of an existing corpus in place: one body paragraph
of each is replaced by new sentences and its mtime moves forward, as an edit of the archive
would; `touch_pages()` returns the original bytes so a caller can put them back.

Usage (from the repository root):

    .venv/bin/python benchmarks/make_corpus.py --n 10000 --out benchmarks/out/corpus-10000
    .venv/bin/python benchmarks/make_corpus.py --n 500 --seed 7 --out /tmp/kt-500
    .venv/bin/python benchmarks/make_corpus.py --out /tmp/kt-500 --touch-percent 1

Takes about half a second per thousand pages (45 s and 0.97 GB for 100,000). Exit status: 0 done, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import itertools
import json
import os
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
BBC = os.path.join("data", "bbc-news", "bbc-articles.jsonl.gz")
META = ".corpus.json"
VERSION = 1  # bump when the pages a seed produces change; cached corpora are then rebuilt

FIRST_DAY = datetime(2013, 1, 1)
DAYS = 3652  # ten years
COLUMNISTS = 420
MIN_WORDS, MAX_WORDS = 600, 1200

# --- the site's chrome (structure of the seed page; no article text) --------------------

NAVIGATION = {
    "National": [
        "Politics",
        "Foreign Affairs",
        "Multicultural Community",
        "Defense",
        "Environment & Animals",
        "Law & Crime",
        "Society",
        "Health & Science",
    ],
    "Business": ["Tech", "Bio", "Companies"],
    "Finance": ["Companies", "Economy", "Markets"],
    "Opinion": [
        "Editorial",
        "Columns",
        "Thoughts of the Times",
        "Cartoon",
        "Today in History",
        "Blogs",
        "Tribune Service",
        "Blondie & Garfield",
        "Letter to President",
        "Letter to the Editor",
    ],
    "Lifestyle": ["Travel & Food", "Trends", "People & Events", "Books", "Around Town", "Fortune Telling"],
    "Entertainment\n& Arts": ["K-pop", "Films", "Shows & Dramas", "Music", "Theater & Others"],
    "Sports": [],
    "World": ["SCMP", "Asia"],
    "Video": ["Culture", "People", "News"],
    "Photos": ["Photo News", "Darkroom"],
}
TOOLS = ["The Korea Times", "search", "Site Map", "E-paper", "Subscribe", "Register", "LogIn"]
CONTROLS = ["Print Preview", "Font Size Up", "Font Size Down"]
FOOTER_HEAD = [
    "The Korea Times",
    "CEO & Publisher : Oh Young-jin",
    "Digital News Email : webmaster@koreatimes.co.kr",
    "Tel : 02-724-2114",
    "Online newspaper registration No : 서울,아52844",
    "Date of registration : 2020.02.05",
    "Masthead : The Korea Times",
    "Copyright © koreatimes.co.kr. All rights reserved.",
]
FOOTER_LINKS = [
    "About Us",
    "Introduction",
    "History",
    "Location",
    "Media Kit",
    "Contact Us",
    "Products & Service",
    "Subscribe",
    "E-paper",
    "Mobile Service",
    "RSS Service",
    "Content Sales",
    "Policy",
    "Privacy Statement",
    "Terms of Service",
    "고충처리인",
    "Youth Protection Policy",
    "Code of Ethics",
    "Copyright Policy",
    "Family Site",
    "Hankook Ilbo",
    "Dongwha Group",
]
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _bullets(items: list[str], indent: str = "  ") -> list[str]:
    return [f"{indent}• {item}" for item in items]


def _header() -> str:
    lines = ["The Korea Times close"]
    for section, subsections in NAVIGATION.items():
        lines.append(section)
        lines.extend(_bullets(subsections))
    lines.extend(_bullets(TOOLS))
    lines.append("search close")
    lines.extend(_bullets(TOOLS))
    lines.append("search close")
    return "\n".join(lines)


HEADER = _header()
FOOTER = "\n".join([*FOOTER_HEAD, *_bullets(FOOTER_LINKS)])

# --- invented people --------------------------------------------------------------------

KOREAN_SURNAMES = "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong".split()
KOREAN_SYLLABLES = (
    "min seo ji hyun woo jin young soo hee jae sung ho yeon eun dong hae kyung tae moo chul sang won "
    "joon hye mi na ra bin ha yun gyu seok hoon jun il"
).split()
WESTERN_FIRST = (
    "Andrew Maria David Laura James Sofia Daniel Helen Robert Nadia Peter Claire Michael Anna Thomas "
    "Grace Mark Elena Richard Julia Samuel Irene Victor Lucy Steven Rachel Martin Alice Brian Fiona "
    "Hugo Priya Tariq Amara Kofi Ingrid Mateo Yara Felix Noor"
).split()
WESTERN_LAST = (
    "Walker Mendes Okafor Hammond Brennan Castillo Fischer Lindqvist Moreau Patel Novak Harrington "
    "Delgado Whitfield Sato Kowalski Barrett Nakamura Oduya Fairbanks Rossi Haddad Ellison Brandt "
    "Quinlan Ferreira Marsh Holloway Ibarra Stanton"
).split()
ROLES = [
    "a professor of international relations at {org}",
    "a professor of economics at {org}",
    "a senior fellow at {org}",
    "a former diplomat who teaches at {org}",
    "a research fellow at {org}",
    "the president of {org}",
    "a lawyer and a visiting scholar at {org}",
    "a writer based in Seoul and a lecturer at {org}",
    "an adjunct professor at {org}",
    "a director at {org}",
]
ORG_ROOTS = "Hanbit Daehan Seorin Gaon Nuri Mirae Haneul Sejong Areum Bitgaram Dasom Saerom".split()
ORG_KINDS = [
    "{root} University",
    "the {root} Institute for Policy Studies",
    "the {root} Foundation",
    "{root} National University",
    "the {root} Center for Peace Studies",
    "the {root} Economic Research Institute",
]
EXTRA_BIO = [
    "The views expressed here are the writer's own.",
    "He also serves as an adviser to the Ministry of Foreign Affairs.",
    "She writes about trade, technology and the region's economies.",
    "He is the author of several books on the peninsula.",
    "She previously worked as a correspondent in Tokyo and Beijing.",
    "",
]
EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com", "univ.example.org"]


@dataclass(frozen=True)
class Columnist:
    name: str
    email: str
    bio: str


def _columnists(rng: random.Random, count: int) -> list[Columnist]:
    names: dict[str, None] = {}
    while len(names) < count:
        if rng.random() < 0.6:
            given = rng.choice(KOREAN_SYLLABLES).capitalize() + "-" + rng.choice(KOREAN_SYLLABLES)
            name = f"{rng.choice(KOREAN_SURNAMES)} {given}"
        else:
            middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.2 else ""
            name = f"{rng.choice(WESTERN_FIRST)}{middle} {rng.choice(WESTERN_LAST)}"
            if rng.random() < 0.03:
                name += ", Jr."
        names[name] = None
    people = []
    for name in names:
        parts = re.findall(r"[A-Za-z]+", name.lower())
        local = parts[-1] + "".join(p[0] for p in parts[:-1]) if rng.random() < 0.5 else ".".join(parts[:2])
        email = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
        org = rng.choice(ORG_KINDS).format(root=rng.choice(ORG_ROOTS))
        role = rng.choice(ROLES).format(org=org)
        bio = f"{name} ({email}) is {role}. {rng.choice(EXTRA_BIO)}".strip()
        people.append(Columnist(name, email, bio))
    return people


# --- sentences ----------------------------------------------------------------------------

_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[\"“A-Z0-9])")
_WORD_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


@dataclass
class Sentences:
    """The sentence pool: per category, its articles (title, sentences)."""

    source: str
    categories: dict[str, list[tuple[str, list[str]]]]
    pool: dict[str, list[str]]  # category -> all its sentences

    def words(self) -> Iterator[str]:
        for sentences in self.pool.values():
            for sentence in sentences:
                yield from _WORD_RE.findall(sentence)


def load_sentences(shared: str | None = None, seed: int = 1) -> Sentences:
    """Sentences of the BBC News articles when the shared folder has them, else generated ones."""
    path = os.path.join(shared or SHARED, BBC)
    if os.path.isfile(path):
        return _bbc_sentences(path)
    return _zipf_sentences(random.Random(f"{seed}:zipf"))


def _bbc_sentences(path: str) -> Sentences:
    categories: dict[str, list[tuple[str, list[str]]]] = {}
    seen: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            sentences = []
            for paragraph in record["body"].split("\n"):
                for sentence in _SENTENCE_SPLIT_RE.split(paragraph.strip()):
                    sentence = sentence.strip()
                    if 6 <= len(sentence.split()) <= 60 and sentence not in seen:
                        seen.add(sentence)
                        sentences.append(sentence)
            if len(sentences) >= 4:
                categories.setdefault(record["category"], []).append((record["title"].strip(), sentences))
    pool = {cat: [s for _, ss in arts for s in ss] for cat, arts in categories.items()}
    return Sentences("bbc-news", categories, pool)


def _zipf_sentences(rng: random.Random) -> Sentences:
    """A vocabulary of 30,000 invented words drawn with Zipf's law (s = 1.05)."""
    consonants, vowels = "bcdfghklmnprstvwz", "aeiou"
    vocab: dict[str, None] = {}
    while len(vocab) < 30000:
        size = min(1 + int(rng.expovariate(0.55)), 5)
        vocab["".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(size))] = None
    words = sorted(vocab, key=len)  # short words are the frequent ones, as in English
    cum = list(itertools.accumulate(1 / (rank**1.05) for rank in range(1, len(words) + 1)))
    categories: dict[str, list[tuple[str, list[str]]]] = {}
    for c in range(5):
        articles = []
        topic = rng.sample(words[200:8000], 40)
        for _ in range(400):
            sentences = []
            for _ in range(rng.randint(12, 30)):
                n = rng.randint(8, 28)
                tokens = [rng.choice(topic) if rng.random() < 0.08 else _zipf(rng, words, cum) for _ in range(n)]
                sentences.append(" ".join(tokens).capitalize() + ".")
            title = " ".join(_zipf(rng, words, cum) for _ in range(rng.randint(4, 8))).capitalize()
            articles.append((title, sentences))
        categories[f"topic{c}"] = articles
    pool = {cat: [s for _, ss in arts for s in ss] for cat, arts in categories.items()}
    return Sentences("zipf", categories, pool)


def _zipf(rng: random.Random, words: list[str], cum: list[float]) -> str:
    return words[bisect.bisect_left(cum, rng.random() * cum[-1])]


# --- pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    relpath: str
    text: str
    body: str  # the column's own paragraphs, as colsearch should extract them
    words: int


class Generator:
    """Makes page number i of the corpus for a seed; each page depends only on (seed, i)."""

    def __init__(self, seed: int, sentences: Sentences) -> None:
        self.seed = seed
        self.sentences = sentences
        rng = random.Random(f"{seed}:people")
        self.columnists = _columnists(rng, COLUMNISTS)
        self.column_weights = list(itertools.accumulate(1 / (r**0.8) for r in range(1, COLUMNISTS + 1)))
        self.category_names = sorted(sentences.categories)

    def paragraph(self, rng: random.Random, sources: list[str], category: str) -> str:
        """2-5 sentences: mostly the next of the page's own shuffled source sentences
        (taken without replacement), some from anywhere in the category."""
        pool = self.sentences.pool[category]
        picked = [
            sources.pop() if sources and rng.random() < 0.75 else rng.choice(pool) for _ in range(rng.randint(2, 5))
        ]
        return " ".join(picked)

    def page(self, i: int) -> Page:
        rng = random.Random(f"{self.seed}:page:{i}")
        category = rng.choice(self.category_names)
        articles = rng.sample(self.sentences.categories[category], 4)
        sources = [s for _, ss in articles for s in ss]
        rng.shuffle(sources)
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        paragraphs: list[str] = []
        words = 0
        while words < target:
            paragraph = self.paragraph(rng, sources, category)
            paragraphs.append(paragraph)
            words += len(paragraph.split())

        kind = rng.random()
        author = self.columnists[bisect.bisect_left(self.column_weights, rng.random() * self.column_weights[-1])]
        if kind < 0.08:
            label, byline, bio = "Editorial", None, None
        elif kind < 0.2:
            label, byline, bio = "Thoughts of the Times", author.name, author.bio
        else:
            label, byline, bio = author.name, author.name, author.bio

        if rng.random() < 0.4:
            headline = articles[0][0]
        else:
            headline = _fragment(rng, rng.choice(rng.choice(articles)[1]))
        posted = FIRST_DAY + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(7 * 60, 23 * 60))
        updated = posted + timedelta(minutes=rng.randrange(0, 30 * 60))
        crawled = updated + timedelta(days=rng.randint(1, 900), minutes=rng.randrange(24 * 60))

        opinion_rng = random.Random(f"{self.seed}:list:{crawled.year}-{crawled.month}")
        opinion = [c.name for c in opinion_rng.sample(self.columnists[:120], 35)]
        trending_pool = self.sentences.pool[rng.choice(self.category_names)]
        trending = [_fragment(rng, rng.choice(trending_pool)) for _ in range(15)]
        trending = [t if k < 10 else f"{t} {t}" for k, t in enumerate(trending)]
        darkroom = [_fragment(rng, rng.choice(trending_pool)) for _ in range(5)]

        lines = [HEADER, "Opinion", *_bullets(opinion), _crawl_line(crawled), label, headline]
        lines.append(f"Posted : {posted:%Y-%m-%d %H:%M}")
        if updated > posted:
            lines.append(f"Updated : {updated:%Y-%m-%d %H:%M}")
        lines.extend(CONTROLS)
        if byline:
            lines.append(f"By {byline}")
        lines.append("")
        lines.append("\n\n".join(paragraphs))
        lines.append("\n")
        if bio:
            lines.append(bio)
            lines.append("\n")
        lines.extend([" ", "LG", "LG", *_bullets(trending), "DARKROOM"])
        for item in darkroom:
            lines.extend([f"  • {item}", "", f"    {item}", ""])
        lines.append(FOOTER)
        slug = re.sub(r"[^a-z0-9]+", "-", (byline or "editorial").lower()).strip("-")
        relpath = os.path.join(f"{posted:%Y}", f"{posted:%m}", f"{posted:%Y-%m-%d}_{slug}_{i:06d}.txt")
        return Page(relpath, "\n".join(lines), "\n\n".join(paragraphs), words)


def _fragment(rng: random.Random, sentence: str) -> str:
    """A headline-like run of 4-10 words from a sentence."""
    tokens = re.sub(r"[\"“”]", "", sentence).rstrip(".!?'").split()
    size = min(len(tokens), rng.randint(4, 10))
    start = rng.randrange(0, len(tokens) - size + 1)
    text = " ".join(tokens[start : start + size]).strip(",;:'()-")
    return text[:1].upper() + text[1:]


def _crawl_line(when: datetime) -> str:
    return f"{DAY_NAMES[when.weekday()]}, {MONTH_NAMES[when.month - 1]} {when.day}, {when.year} | {when:%H:%M}"


# --- the corpus folder --------------------------------------------------------------------


def read_meta(out: str) -> dict[str, object] | None:
    try:
        with open(os.path.join(out, META), encoding="utf-8") as f:
            meta: dict[str, object] = json.load(f)
            return meta
    except (OSError, ValueError):
        return None


def is_current(out: str, n: int, seed: int) -> bool:
    """True when `out` holds the complete corpus of n pages for this seed and generator version."""
    meta = read_meta(out) or {}
    return bool(meta.get("complete")) and (meta.get("n"), meta.get("seed"), meta.get("version")) == (n, seed, VERSION)


def make_corpus(n: int, out: str, seed: int = 1, shared: str | None = None, progress: bool = True) -> dict[str, object]:
    """Write the n pages of `seed` into `out` (emptied first); return the corpus summary."""
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    started = time.perf_counter()
    sentences = load_sentences(shared, seed)
    generator = Generator(seed, sentences)
    page_bytes = body_bytes = words = 0
    made_dirs: set[str] = set()
    for i in range(n):
        page = generator.page(i)
        path = os.path.join(out, page.relpath)
        folder = os.path.dirname(path)
        if folder not in made_dirs:
            os.makedirs(folder, exist_ok=True)
            made_dirs.add(folder)
        data = page.text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        page_bytes += len(data)
        body_bytes += len(page.body.encode("utf-8"))
        words += page.words
        if progress and (i + 1) % 5000 == 0:
            print(f"make_corpus: {i + 1:,} of {n:,} pages", file=sys.stderr)
    meta: dict[str, object] = {
        "version": VERSION,
        "n": n,
        "seed": seed,
        "source": sentences.source,
        "columnists": COLUMNISTS,
        "page_bytes": page_bytes,
        "body_bytes": body_bytes,
        "body_words": words,
        "seconds": round(time.perf_counter() - started, 1),
        "complete": True,
    }
    with open(os.path.join(out, META), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
    return meta


def page_paths(out: str) -> list[str]:
    """The corpus's page files, sorted."""
    found = []
    for root, dirs, files in os.walk(out):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in sorted(files) if name.endswith(".txt"))
    return found


def body_span(lines: list[str]) -> tuple[int, int]:
    """Line range [start, end) of a generated page's body paragraphs (bio excluded)."""
    start = lines.index("Font Size Down") + 1
    byline = lines[start][3:] if lines[start].startswith("By ") else None
    if byline:
        start += 1
    end = lines.index(" ", start)
    while end > start and not lines[end - 1].strip():
        end -= 1
    if byline and lines[end - 1].startswith(byline + " ("):  # the bio
        end -= 1
    return start, end


def page_fields(text: str) -> dict[str, object]:
    """What a query generator needs of a generated page: body paragraphs, byline, posted date."""
    lines = text.split("\n")
    start, end = body_span(lines)
    posted = next((line[len("Posted : ") :] for line in lines if line.startswith("Posted : ")), "")
    byline = next((line[3:] for line in lines[start - 2 : start] if line.startswith("By ")), None)
    return {
        "paragraphs": [line for line in lines[start:end] if line.strip()],
        "columnist": byline,
        "posted": posted,
    }


def touch_pages(
    out: str, percent: float, seed: int = 1, round_: int = 1, shared: str | None = None
) -> list[tuple[str, bytes, int]]:
    """Replace one body paragraph in `percent`% of the pages and move their mtime forward.

    Returns (path, original bytes, original mtime_ns) for each page changed.
    """
    paths = page_paths(out)
    count = max(1, round(len(paths) * percent / 100)) if paths and percent > 0 else 0
    rng = random.Random(f"{seed}:touch:{round_}")
    chosen = sorted(rng.sample(paths, count)) if count else []
    sentences = load_sentences(shared, seed)
    generator = Generator(seed, sentences)
    originals = []
    for path in chosen:
        with open(path, "rb") as f:
            data = f.read()
        before = os.stat(path).st_mtime_ns
        lines = data.decode("utf-8").split("\n")
        start, end = body_span(lines)
        paragraphs = [k for k in range(start, end) if lines[k].strip()]
        category = rng.choice(generator.category_names)
        lines[rng.choice(paragraphs)] = generator.paragraph(rng, [], category)
        with open(path, "wb") as f:
            f.write("\n".join(lines).encode("utf-8"))
        now = max(time.time_ns(), before + 1_000_000_000)
        os.utime(path, ns=(now, now))
        originals.append((path, data, before))
    return originals


def restore_pages(originals: list[tuple[str, bytes, int]]) -> None:
    """Put back what `touch_pages` changed (bytes and mtime)."""
    for path, data, mtime_ns in originals:
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, ns=(mtime_ns, mtime_ns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10000, help="pages to generate (default 10000)")
    parser.add_argument("--out", required=True, help="folder for the pages (emptied first)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--shared", help="the shared folder that holds data/bbc-news (default ../shared)")
    parser.add_argument("--touch-percent", type=float, help="change this percent of an existing corpus's pages")
    parser.add_argument("--force", action="store_true", help="regenerate even when OUT already holds the corpus")
    args = parser.parse_args(argv)
    out = os.path.abspath(args.out)
    if args.touch_percent is not None:
        if read_meta(out) is None:
            parser.error(f"{out} is not a generated corpus (no {META}); make it first without --touch-percent")
        changed = touch_pages(out, args.touch_percent, args.seed, round_=int(time.time()), shared=args.shared)
        print(f"make_corpus: changed a paragraph in {len(changed):,} pages under {out}", file=sys.stderr)
        return 0
    if args.n < 1:
        parser.error("--n must be at least 1")
    ignored = os.path.join(REPO, "benchmarks", "out")
    if os.path.commonpath([out, REPO]) == REPO and os.path.commonpath([out, ignored]) != ignored:
        parser.error("write the corpus outside the repository or under benchmarks/out/ (git-ignored)")
    if not args.force and is_current(out, args.n, args.seed):
        print(f"make_corpus: {out} already holds {args.n:,} pages for seed {args.seed}", file=sys.stderr)
        return 0
    meta = make_corpus(args.n, out, args.seed, args.shared)
    print(
        f"make_corpus: {args.n:,} pages ({meta['source']} sentences, {int(meta['page_bytes']) / 1e6:.1f} MB, "
        f"bodies {int(meta['body_bytes']) / 1e6:.1f} MB) in {out}, {meta['seconds']} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
