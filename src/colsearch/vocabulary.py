"""Vocabulary: the words of an archive as written, for wildcards and "did you mean".

The index holds stemmed terms ("regulation" -> "regul"), which cannot answer "regulat?on"
or suggest a real word for a typo. So each index generation keeps the unstemmed words of
its columns, with how many columns used each, in a small SQLite file beside it. Words are
counted as pages are extracted (in the worker processes) and only ever added: a word
whose last column left the archive stays, which costs a wildcard a useless expansion at
worst. No whoosh here.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

_WORD_RE = re.compile(r"[^\W\d_]{3,}")
MAX_WORD_CHARS = 40


def words_of(*texts: str | None) -> set[str]:
    """The distinct lower-cased words (three letters or more) of some texts."""
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(w for w in _WORD_RE.findall(text.lower()) if len(w) <= MAX_WORD_CHARS)
    return found


class Vocabulary:
    """Words with the number of columns that use them, in a SQLite file."""

    def __init__(self, path: str, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        else:
            self.db = sqlite3.connect(path)
            self.db.execute("CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, columns INTEGER) WITHOUT ROWID")

    def add(self, counts: Counter[str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT INTO words VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET columns = columns + excluded.columns",
                counts.items(),
            )

    def match(self, pattern: str, limit: int) -> list[str]:
        """Words matching a wildcard pattern (`*` any run, `?` one character), most used first."""
        glob = "".join("[[]" if ch == "[" else ch for ch in pattern.lower())
        rows = self.db.execute("SELECT word FROM words WHERE word GLOB ? ORDER BY columns DESC LIMIT ?", (glob, limit))
        return [word for (word,) in rows]

    def count(self, word: str) -> int:
        row = self.db.execute("SELECT columns FROM words WHERE word = ?", (word.lower(),)).fetchone()
        return int(row[0]) if row else 0

    def suggest(self, word: str) -> str | None:
        """The most used word within a typo's reach of `word`, or None.

        A typo fix is a word of about the same length, at most one edit away for words of
        up to five letters and two for longer ones, sharing the first letter or the second.
        """
        word = word.lower()
        if len(word) < 4:
            return None
        reach = 1 if len(word) <= 5 else 2
        rows = self.db.execute(
            "SELECT word, columns FROM words WHERE length(word) BETWEEN ? AND ? "
            "AND (substr(word, 1, 1) = ? OR substr(word, 2, 1) = ?)",
            (len(word) - 1, len(word) + reach, word[0], word[1]),
        )
        best: tuple[int, int, str] | None = None
        for candidate, columns in rows:
            distance = edit_distance(word, candidate)
            if 0 < distance <= reach:
                key = (distance, -columns, candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None

    def close(self) -> None:
        self.db.close()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of two neighbouring letters counted as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
