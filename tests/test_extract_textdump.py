"""The general text-dump method on small hand-written dumps, one behaviour per test.

Each dump is what `w3m -dump` prints for an imagined site with no layout profile: a menu,
the column's head (headline, byline, date), its text and the chrome after it.
"""

from __future__ import annotations

import pytest

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


def test_issue_3_only_an_updated_date_is_the_columns_date() -> None:
    # The page shows only when it was last changed: that is the date a reader sees for the
    # column, so it is the posted date too (as in HTML pages), and it stays the updated date.
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nBy Mara Quill\nUpdated on July 9, 2025"))
    assert column.updated == "2025-07-09"
    assert column.posted == "2025-07-09"


def test_issue_3_posted_and_updated_stay_apart_when_both_are_shown() -> None:
    head = "Island ferry needs a spare\n\nBy Mara Quill\nPosted on July 2, 2025 · Updated on July 9, 2025"
    column = extract_text("x.txt", dump(head))
    assert (column.posted, column.updated) == ("2025-07-02", "2025-07-09")


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


STANDFIRST = "The council sold the spare boat years ago, and the islands are paying for it every winter."


def test_issue_3_byline_under_the_standfirst() -> None:
    column = extract_text("x.txt", dump(f"Island ferry needs a spare\n\n{STANDFIRST}\n\nBy Mara Quill"))
    assert column.headline == "Island ferry needs a spare"
    assert column.authors == ("Mara Quill",)
    assert "By Mara Quill" not in column.body


@pytest.mark.parametrize(
    "byline",
    [
        "Author: Mara Quill",
        "Authors:Mara Quill",
        "Posted by Mara Quill on Tuesday, August 29, 2023",
        "Veröffentlicht von Mara Quill",
        "Par Mara Quill",
        "[svg]ByMara Quill",
        "Published on December 2nd, 2025 by Mara Quill",
    ],
)
def test_issue_3_byline_with_a_label_instead_of_by(byline: str) -> None:
    column = extract_text("x.txt", dump(f"Island ferry needs a spare\n\n{byline}"))
    assert column.authors == ("Mara Quill",)


def test_issue_3_a_label_word_that_starts_a_menu_entry_is_not_a_byline() -> None:
    column = extract_text("x.txt", dump("Contributor Content\n\nIsland ferry needs a spare\n\nJuly 3, 2024"))
    assert column.authors == ()
    assert column.headline == "Island ferry needs a spare"


@pytest.mark.parametrize(
    "signature",
    [
        "Mara Quill Mara Quill",
        "Mara QuillMara Quill",
        "Mara Quill's avatar",
        "Picture of Mara Quill By Mara Quill",
    ],
)
def test_issue_3_author_widget_without_by(signature: str) -> None:
    # The widget sits above the headline, where a bare name would be a menu entry or a site name.
    column = extract_text("x.txt", dump(f"{signature}\n\nIsland ferry needs a spare\n\nThe Gazette\n\n[share]"))
    assert column.headline == "Island ferry needs a spare"
    assert column.authors == ("Mara Quill",)


def test_issue_3_byline_glued_to_its_avatar_text_and_date() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nMara QuillBy Mara QuillJanuary 14, 2026"))
    assert column.authors == ("Mara Quill",)
    assert column.posted == "2026-01-14"


@pytest.mark.parametrize("role", ["Staff Writer", "VP - Technology", "Opinion Columnist"])
def test_issue_3_name_role_and_date_stacked(role: str) -> None:
    column = extract_text("x.txt", dump(f"Island ferry needs a spare\n\nMara Quill\n{role}\nNovember 14, 2025"))
    assert column.headline == "Island ferry needs a spare"
    assert column.authors == ("Mara Quill",)
    assert column.posted == "2025-11-14"


@pytest.mark.parametrize(
    "box",
    [
        "About the Author\n\nMara Quill\nMara writes about the islands.",
        "Written by Mara Quill",
        "View all posts by Mara Quill",
    ],
)
def test_issue_3_byline_only_in_the_author_box_after_the_text(box: str) -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nJuly 3, 2024", after=f"{box}\n\n{FOOTER}"))
    assert column.authors == ("Mara Quill",)


def test_issue_3_day_with_a_dot_is_a_date_not_a_numbered_item() -> None:
    head = f"Die Fähre braucht ein Ersatzschiff\n\n{STANDFIRST}\n\nvon Mara Quill\n  25. Oktober 2023"
    column = extract_text("x.txt", dump(head))
    assert column.posted == "2023-10-25"
    assert column.authors == ("Mara Quill",)


def test_issue_3_headline_shares_words_with_the_text_a_button_does_not() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nWatch our video tour today"))
    assert column.headline == "Island ferry needs a spare"


def test_issue_3_call_to_action_is_neither_headline_nor_byline() -> None:
    column = extract_text("x.txt", dump("My island ferry story.\n\nWork with me"))
    assert column.headline == "My island ferry story."
    column = extract_text("x.txt", dump("My island ferry story.\n\nJuly 3, 2024\n\nGet Newsletter"))
    assert column.authors == ()


def test_issue_3_buttons_run_together_are_neither_headline_nor_byline() -> None:
    head = "Sign inGet a demo\n\nIsland ferry needs a spare\n\nSign In Get Started\n\nJuly 3, 2024"
    column = extract_text("x.txt", dump(head))
    assert column.headline == "Island ferry needs a spare"
    assert column.authors == ()


def test_issue_3_name_on_the_last_line_above_the_text() -> None:
    head = "Island ferry needs a spare\nDec 19, 2025\nFerries\n5 min read\n[mara-quill]\nMara Quill"
    column = extract_text("x.txt", dump(head))
    assert column.authors == ("Mara Quill",)


def test_issue_3_long_byline_with_date_heads_the_text() -> None:
    # Over twelve words with the fact-checker's name, but still the head, not the text.
    head = "Island ferry needs a spare\nBy Mara Quill – Updated Sep 9, 2025 at 1:00 PM EST | Fact-checked by Jo Park"
    column = extract_text("x.txt", dump(head))
    assert column.authors == ("Mara Quill",)
    assert not column.body.startswith("By Mara Quill")


PARAGRAPHES = [
    "Le bac vers les îles du large suit le même horaire depuis trente ans, et pendant presque tout ce "
    "temps personne n'a pensé à le remettre en cause.",
    "Tout a changé l'hiver dernier, quand le conseil a reconnu que le bateau passe désormais plus "
    "d'heures en réparation qu'en mer, et que le navire de secours a été vendu il y a des années.",
    "Les insulaires ont été patients, mais la patience a ses limites quand une traversée manquée "
    "signifie un rendez-vous manqué à l'hôpital ou une journée de salaire perdue sur le continent.",
]


def test_issue_3_numeric_date_is_day_first_on_a_page_in_another_language() -> None:
    column = extract_text("x.txt", dump("Le bac a besoin d'un bateau de secours\n\n02/11/2023", PARAGRAPHES))
    assert column.posted == "2023-11-02"


def test_issue_3_numeric_date_is_month_first_on_an_english_page() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\n02/11/2023"))
    assert column.posted == "2023-02-11"


def test_issue_3_a_date_that_reads_one_way_settles_the_page() -> None:
    after = "Posted 18/05/2020 in Ferries\n\n" + FOOTER
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\n02/11/2023", after=after))
    assert column.posted == "2023-11-02"


BIO = (
    "Mara Quill has reported on the islands for the Gazette since 2009, and before that she worked "
    "the night desk at a paper on the mainland for a decade."
)


@pytest.mark.parametrize("title", ["Written by Mara Quill", "About Mara Quill"])
def test_issue_3_author_box_that_closes_the_text(title: str) -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nJuly 3, 2024", [*PARAGRAPHS, title, BIO]))
    assert column.authors == ("Mara Quill",)


def test_issue_3_long_byline_a_few_lines_into_the_text() -> None:
    head = (
        f"Island ferry needs a spare\n\n{STANDFIRST}\n\n  •\n  •\n  •\n  •\n\nJuly 3, 2024\n"
        "Written by Mara Quill, Jo Park, Ann Lee, Tom Reed, Kim Sand and Eve Moss"
    )
    column = extract_text("x.txt", dump(head))
    assert column.authors == ("Mara Quill", "Jo Park", "Ann Lee", "Tom Reed", "Kim Sand", "Eve Moss")


@pytest.mark.parametrize(
    "dates",
    [
        "April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm",
        "April 28, 2019, 6:01 AM / Updated April 29, 2019, 3:33 PM",
        "Sun 28 Apr 2019 06:01 Last modified on Mon 29 Apr 2019 15:33",
    ],
)
def test_issue_3_posted_and_updated_on_one_line(dates: str) -> None:
    column = extract_text("x.txt", dump(f"Island ferry needs a spare\n\nBy Mara Quill\n{dates}"))
    assert column.posted is not None and column.posted.startswith("2019-04-28")
    assert column.updated is not None and column.updated.startswith("2019-04-29")


def test_issue_3_posted_date_after_the_text_when_the_head_gives_only_the_update() -> None:
    after = "Posted on March 3, 2023 in Opinion\n\n" + FOOTER
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nUpdated July 9, 2025", after=after))
    assert column.posted == "2023-03-03"
    assert column.updated == "2025-07-09"


def test_issue_3_date_labelled_in_another_language_after_the_text() -> None:
    after = "Gespeichert von Mara Quill am 24. Juli 2017 - 18:55 unter Fähren\n\n" + FOOTER
    column = extract_text("x.txt", dump("Die Fähre braucht ein Ersatzschiff", after=after))
    assert column.posted == "2017-07-24"


def test_issue_3_name_then_its_outlet_after_a_separator() -> None:
    head = "Island ferry needs a spare\n\nMara Quill   | Harbour Town Gazette\nJuly 3, 2024"
    column = extract_text("x.txt", dump(head))
    assert column.authors == ("Mara Quill",)


def test_issue_3_author_photo_alt_text_then_the_name() -> None:
    column = extract_text("x.txt", dump("Island ferry needs a spare\n\nPicture of Mara Quill Mara Quill\n\n[share]"))
    assert column.authors == ("Mara Quill",)
