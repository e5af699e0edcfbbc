"""The general text-dump method on small hand-written dumps, one behaviour per test.

Each dump is what `w3m -dump` prints for an imagined site with no layout profile: a menu,
the column's head (headline, byline, date), its text and the chrome after it.
"""

from __future__ import annotations

from colsearch.extract.textdump import extract_text

MENU = """Harbour Town Gazette

  • News
  • Sport
  • Opinion
  • Weather

[Search] [Subscribe]
"""

PARAGRAPHS = [
    "The ferry to the outer islands has run on the same timetable for thirty years, and for most "
    "of that time nobody thought to question it.",
    "That changed last winter, when the council admitted that the boat now spends more hours in "
    "repair than it does at sea, and that the spare vessel was sold off years ago to save money.",
    "Islanders have been patient, but patience has limits when a missed crossing means a missed "
    "hospital appointment or a day of lost wages on the mainland.",
    "A second boat would cost less than the council fears, if it were leased rather than bought, "
    "and the lease could be shared with the fishing cooperative during the quiet months.",
    "The council meets again in the spring. It should arrive with a plan, not another apology.",
]

FOOTER = """Related

  • Why the harbour wall keeps cracking
  • A short history of the island post office

[About] [Contact] [Privacy]
© 2024 Harbour Town Gazette
"""


def dump(head: str, body: list[str] | None = None, after: str = FOOTER) -> str:
    text = "\n\n".join(body if body is not None else PARAGRAPHS)
    return f"{MENU}\n{head}\n\n{text}\n\n{after}"


def test_body_grows_over_subheadings_and_lists() -> None:
    body = [
        *PARAGRAPHS[:2],
        "What the council could do",
        "  • lease a second boat\n  • share it with the cooperative\n  • publish the repair log",
        *PARAGRAPHS[2:],
    ]
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill", body))
    assert column.body.startswith("The ferry to the outer islands")
    assert "What the council could do" in column.body
    assert "share it with the cooperative" in column.body
    assert column.body.endswith("not another apology.")


def test_body_stops_at_related_headlines() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill"))
    assert "harbour wall" not in column.body
    assert "Gazette" not in column.body


def test_long_headline_is_the_headline_not_body() -> None:
    headline = "The island ferry has broken down again and the council still has no plan to replace it this year"
    column = extract_text("x.txt", dump(f"{headline}\n\nBy Mara Quill\n\nMarch 3, 2024"))
    assert column.headline == headline
    assert not column.body.startswith("The island ferry has broken")


def test_bulleted_date_under_the_headline_is_read() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\n  • By Mara Quill\n  • September 4, 2025"))
    assert column.posted == "2025-09-04"


def test_day_month_year_with_dots() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nMara Quill\n16.04.2015"))
    assert column.posted == "2015-04-16"


def test_month_name_in_another_language() -> None:
    column = extract_text("x.txt", dump("Die Fähre braucht ein Ersatzschiff\n\nVon Mara Quill\n6. Oktober 2020"))
    assert column.posted == "2020-10-06"


def test_bare_name_under_the_headline_is_the_byline() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nAleš Vávra\n\nMarch 3, 2024"))
    assert column.headline == "Island ferry needs a spare"
    assert column.authors == ("Aleš Vávra",)


def test_name_and_date_on_one_line_are_split() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nMara Quill - Apr 16, 2015 8:02 pm UTC"))
    assert column.authors == ("Mara Quill",)
    assert column.posted == "2015-04-16T20:02:00+00:00"


def test_by_name_then_date_without_separator() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nby Laura June Topolsky July 10, 2015"))
    assert column.authors == ("Laura June Topolsky",)
    assert column.posted == "2015-07-10"


def test_credentials_after_the_name_are_not_names() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nMara Quill, MS, RD\nPublished Jun 4, 2025"))
    assert column.authors == ("Mara Quill",)


def test_glued_byline_and_date_are_pulled_apart() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nByMara QuillPublished Mar 3, 2024"))
    assert column.authors == ("Mara Quill",)
    assert column.posted == "2024-03-03"


def test_only_an_updated_date_is_not_the_posted_date() -> None:
    # The page says when it was last changed, not when it was first posted: no guess.
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill\nUpdated on July 9, 2025"))
    assert column.updated == "2025-07-09"
    assert column.posted is None


def test_labelled_date_after_the_text() -> None:
    after = "Posted on March 3, 2023 in Opinion\n\n" + FOOTER
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill", after=after))
    assert column.posted == "2023-03-03"


def test_headline_above_the_byline_beats_menu_lines() -> None:
    head = "Opinion\n\nIsland ferry needs a spare\n\n  • Share\n\nBy Mara Quill\n\n[photo]"
    column = extract_text("x.txt", dump(head))
    assert column.headline == "Island ferry needs a spare"
    assert column.section == "Opinion"


def test_wrapped_lines_are_one_paragraph() -> None:
    words = (PARAGRAPHS[1] + " " + PARAGRAPHS[3]).split()
    wrapped, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > 60:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    wrapped.append(line)
    body = [PARAGRAPHS[0], "\n".join(wrapped), PARAGRAPHS[4]]
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill", body))
    assert " ".join(words) in column.body.split("\n\n")


def test_a_menu_page_is_not_a_column() -> None:
    column = extract_text("x.txt", MENU + "\n" + FOOTER)
    assert not column.is_column
    assert column.reason


COMMENTS = """12 responses

  1. islandmum says:
July 4, 2024 at 8:12 am
We have waited long enough for a second boat, and every winter the same promises are made and broken.
  2. ferryfan says:
July 4, 2024 at 9:40 am
The lease idea is sensible, but the cooperative has its own boats to repair and will not want to share the upkeep.
  3. oldskipper says:
July 4, 2024 at 10:02 am
I sailed that route for twenty years and the engine was tired even then, so nobody is surprised now.
  4. harbourwatch says:
July 4, 2024 at 11:30 am
Ask the council where the money from the sale of the spare vessel went, because it did not go to the harbour.
  5. gullrock says:
July 4, 2024 at 1:15 pm
Leasing is only a stopgap; the islands need a proper plan for the next thirty years and not just the next winter.
"""


def test_issue_3_body_is_the_column_not_a_longer_comment_thread() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nJuly 3, 2024", PARAGRAPHS[:3], COMMENTS))
    assert column.body.startswith("The ferry to the outer islands")
    assert "islandmum" not in column.body
    assert "stopgap" not in column.body


def test_issue_3_body_reaches_up_over_a_table_of_contents() -> None:
    contents = "\n".join(f"  • Part {n}: what the council said" for n in range(1, 9))
    body = [PARAGRAPHS[0], contents, *PARAGRAPHS[1:], *PARAGRAPHS]
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill", body))
    assert column.body.startswith("The ferry to the outer islands")
    assert column.headline == "Island ferry needs a spare"


def test_issue_3_breadcrumb_names_the_headline() -> None:
    head = "Home / Opinion / Island ferry needs a spare\n\nListen to this story\n\nIsland ferry needs a spare"
    column = extract_text("x.txt", dump(head))
    assert column.headline == "Island ferry needs a spare"


def test_issue_3_title_case_headline_is_not_a_bare_name() -> None:
    body = [*PARAGRAPHS, "A second ferry would also carry weight with the mainland hospital."]
    column = extract_text("x.txt", dump("Second Ferry Weight\n\nJuly 3, 2024", body))
    assert column.headline == "Second Ferry Weight"
    assert column.authors == ()


def test_issue_3_byline_led_by_what_the_piece_is() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nGuide by Mara Quill Former Deputy Editor"))
    assert column.authors == ("Mara Quill",)


def test_issue_3_name_after_the_date() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nLast Updated on March 26, 2025 by Mara Quill"))
    assert column.authors == ("Mara Quill",)
    assert column.updated == "2025-03-26"


def test_issue_3_avatar_text_repeats_the_name_after_a_label() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nWritten by: Mara Quill Mara Quill"))
    assert column.authors == ("Mara Quill",)


def test_issue_3_label_alone_then_the_name() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nArticle by:\nMara Quill\n\nJuly 3, 2024"))
    assert column.authors == ("Mara Quill",)
    assert column.posted == "2024-07-03"


def test_issue_3_byline_after_a_separator() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nJuly 3, 2024\n| By Mara Quill"))
    assert column.authors == ("Mara Quill",)


def test_issue_3_us_numeric_date() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill\n\n06.18.2025"))
    assert column.posted == "2025-06-18"
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill\n\nPublished: 8/1/2025"))
    assert column.posted == "2025-08-01"
