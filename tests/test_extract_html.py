"""HTML extraction rules, one behaviour a test, on small hand-written pages."""

from __future__ import annotations

from colsearch.extract.bylines import split_byline
from colsearch.extract.dates import parse_date
from colsearch.extract.html import extract_html

PROSE = (
    "The council met on Tuesday evening to weigh a plan for the old rail yard, and the debate ran late. "
    "Residents spoke for and against, some with maps, some with petitions, most with patience. "
)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def paragraphs(n: int, word: str = "yard") -> str:
    return "".join(f"<p>{PROSE} Point {i} about the {word}.</p>" for i in range(n))


# --- body -------------------------------------------------------------------------------


def test_chrome_word_inside_a_class_token_keeps_the_wrapper() -> None:
    html = page(f'<div class="content-sidebar-wrap"><div class="col-print-7">{paragraphs(4)}</div></div>')
    assert "Point 3 about the yard." in extract_html("p.html", html).body


def test_chrome_class_token_is_removed() -> None:
    html = page(
        f"<div>{paragraphs(4)}<div class='share-bar'><p>Share this story with your friends today.</p></div></div>"
    )
    assert "Share this story" not in extract_html("p.html", html).body


def test_state_class_is_not_chrome() -> None:
    html = page(f'<div class="no-sidebar has-share-float">{paragraphs(4)}</div>')
    assert "Point 0 about the yard." in extract_html("p.html", html).body


def test_wrapper_holding_most_prose_survives_a_chrome_class() -> None:
    html = page(f'<div class="paywall">{paragraphs(5)}</div><div class="promo"><p>Subscribe now.</p></div>')
    body = extract_html("p.html", html).body
    assert "Point 4 about the yard." in body and "Subscribe" not in body


def test_header_inside_article_is_kept() -> None:
    html = page(f"<article><header><h1>Rail yard plan</h1></header>{paragraphs(4)}</article>")
    column = extract_html("p.html", html)
    assert column.headline == "Rail yard plan" and "Point 0" in column.body


def test_sibling_sections_are_all_taken() -> None:
    first = f"<section>{paragraphs(4, 'yard')}</section>"
    second = f"<section>{paragraphs(4, 'bridge')}</section>"
    others = "".join(f"<p><a href='#'>Other story {i}</a></p>" for i in range(8))
    ad = "<div class='inline-ad'><a href='#'>Buy</a></div>"
    html = page(f"<main><div class='article'>{first}{ad}{second}</div></main><aside>{others}</aside>")
    body = extract_html("p.html", html).body
    assert "about the yard." in body and "Point 3 about the bridge." in body and "Other story" not in body


def test_text_split_by_double_br_becomes_paragraphs() -> None:
    html = page("<div id='story'>" + "<br><br>".join(f"{PROSE} Part {i}." for i in range(4)) + "</div>")
    body = extract_html("p.html", html).body
    assert body.count("\n\n") == 3 and body.endswith("Part 3.")


def test_text_in_plain_divs_is_read() -> None:
    html = page("<div class='story'>" + "".join(f"<div>{PROSE} Part {i}.</div>" for i in range(4)) + "</div>")
    assert "Part 3." in extract_html("p.html", html).body


def test_cookie_banner_does_not_win() -> None:
    banner = "<div class='cookie-consent'><p>This site uses cookies, trackers, pixels, and more, to help us.</p></div>"
    html = page(banner + f"<div>{paragraphs(3)}</div>")
    body = extract_html("p.html", html).body
    assert "cookies" not in body and "Point 2" in body


def test_declared_article_body_fills_a_hidden_page() -> None:
    text = " ".join(["A sentence of the column that only the metadata carries."] * 30)
    ld = '{"@type": "NewsArticle", "headline": "Hidden", "articleBody": "' + text + '"}'
    html = page("<h1>Hidden</h1><p>Loading…</p>", f'<script type="application/ld+json">{ld}</script>')
    assert extract_html("p.html", html).body.startswith("A sentence of the column")


def test_xhtml_page_parses_without_a_warning() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + page(f"<h1>Rail yard</h1>{paragraphs(3)}")
    assert extract_html("p.html", html).headline == "Rail yard"  # pytest turns warnings into errors


def test_article_inside_an_unclosed_button_is_read() -> None:
    html = page(f"<header><button class='menu-button'>Menu<div>{paragraphs(4)}</div></button></header>")
    assert "Point 3 about the yard." in extract_html("p.html", html).body


def test_long_comments_do_not_become_the_body() -> None:
    comments = "".join(f"<div class='comment'><p>{PROSE * 3} Reader {i}.</p></div>" for i in range(3))
    html = page(f"<div class='story'>{paragraphs(4)}</div><div id='comments'>{comments}</div>")
    body = extract_html("p.html", html).body
    assert "Point 3 about the yard." in body and "Reader" not in body


def test_preformatted_text_directly_in_body_is_read() -> None:
    html = page("".join(f"<pre>{PROSE} Section {i}.</pre>" for i in range(4)))
    assert "Section 3." in extract_html("p.html", html).body


# --- headline ---------------------------------------------------------------------------


def test_headline_is_the_h1_that_matches_the_title() -> None:
    html = page(
        f"<h1>Town Notes</h1><article><h1>Rail yard plan splits the council</h1>{paragraphs(3)}</article>",
        "<title>Rail yard plan splits the council | Town Notes</title>",
    )
    assert extract_html("p.html", html).headline == "Rail yard plan splits the council"


def test_site_name_h1_falls_back_to_og_title_without_suffix() -> None:
    html = page(
        f"<h1>Town Notes</h1><div>{paragraphs(3)}</div>",
        '<meta property="og:title" content="Rail yard plan splits the council - Town Notes">'
        '<meta property="og:site_name" content="Town Notes">',
    )
    assert extract_html("p.html", html).headline == "Rail yard plan splits the council"


# --- authors ----------------------------------------------------------------------------


def test_parenthesised_outlet_is_dropped() -> None:
    assert split_byline("Jo Marsh (Town Notes)") == ["Jo Marsh"]


def test_analysis_by_prefix_and_role_are_dropped() -> None:
    assert split_byline("Analysis by Jo Marsh, Senior Transport Correspondent") == ["Jo Marsh"]
    assert split_byline("Former Railway Consultant") == []
    assert split_byline("Jo Marsh, Shipping Expert") == ["Jo Marsh"]


def test_rel_author_in_aside_counts() -> None:
    html = page(f'<h1>Rail yard</h1><aside><a rel="author" href="/p/jo">Jo Marsh</a></aside><div>{paragraphs(3)}</div>')
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_visible_by_line_without_markup() -> None:
    html = page(f"<h1>Rail yard</h1><div><span>By Jo Marsh</span></div><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_label_and_name_in_separate_elements() -> None:
    html = page(f"<h1>Rail yard</h1><div><p>Written by</p><p>Jo Marsh</p></div><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_fact_checker_line_is_not_read_as_an_author() -> None:
    html = page(
        "<h1>Rail yard</h1><div class='author'><p>By Jo Marsh</p></div>"
        f"<div class='author'><p>Fact-checked by</p><p>Li Chen</p></div><div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_co_authors_in_separate_elements() -> None:
    html = page(
        "<h1>Rail yard</h1><div><a class='author-link' href='/a/jo'>Jo Marsh</a> and "
        f"<a class='author-link' href='/a/li'>Li Chen</a></div><div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh", "Li Chen")


def test_reviewer_is_not_an_author() -> None:
    html = page(
        "<h1>Rail yard</h1><div class='byline'>By Jo Marsh</div><div class='byline'>Reviewed by Li Chen</div>"
        f"<div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_json_ld_co_authors_complete_the_visible_byline() -> None:
    ld = (
        '{"@type": "NewsArticle", "author": '
        '[{"@type": "Person", "name": "Jo Marsh"}, {"@type": "Person", "name": "Li Chen"}]}'
    )
    html = page(
        f"<h1>Rail yard</h1><p class='byline'>By Jo Marsh</p><div>{paragraphs(3)}</div>",
        f'<script type="application/ld+json">{ld}</script>',
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh", "Li Chen")


def test_json_ld_author_reference_into_graph() -> None:
    ld = (
        '{"@graph": [{"@type": "Article", "author": {"@id": "#jo"}},'
        ' {"@type": "Person", "@id": "#jo", "name": "Jo Marsh"}]}'
    )
    html = page(f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", f'<script type="application/ld+json">{ld}</script>')
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


# --- posted -----------------------------------------------------------------------------


def test_date_published_on_a_web_page_node() -> None:
    ld = '{"@graph": [{"@type": "WebPage", "datePublished": "2022-03-04T10:00:00+01:00"}]}'
    html = page(f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", f'<script type="application/ld+json">{ld}</script>')
    assert extract_html("p.html", html).posted == "2022-03-04T10:00:00+01:00"  # local time kept


def test_visible_date_element_near_the_headline() -> None:
    html = page(f"<h1>Rail yard</h1><span class='post-date'>3. Februar 2022</span><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).posted == "2022-02-03"


def test_updated_time_is_not_the_posted_date() -> None:
    html = page(
        "<h1>Rail yard</h1><span class='updated'><time datetime='2022-05-01'>May 1</time></span>"
        f"<span class='published'><time datetime='2022-04-01'>April 1</time></span><div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).posted == "2022-04-01"


def test_date_on_a_short_line_under_the_headline() -> None:
    html = page(f"<h1>Rail yard</h1><p><span>jeudi 13 juin 2019</span></p><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).posted == "2019-06-13"


def test_last_updated_label_is_not_a_name() -> None:
    html = page(f"<h1>Rail yard</h1><div class='author'>Jo Marsh Last updated 2 May</div><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_date_in_the_url() -> None:
    html = page(
        f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", '<link rel="canonical" href="https://x.test/2021/06/09/rail/">'
    )
    assert extract_html("p.html", html).posted == "2021-06-09"


def test_day_first_and_slashed_dates() -> None:
    assert parse_date("24.05.2021") == "2021-05-24"
    assert parse_date("02-12-2025") == "2025-12-02"
    assert parse_date("5/24/2021") == "2021-05-24"
    assert parse_date("4/5/2021") is None  # April 5 or 4 May: a guess would be worse than nothing
    assert parse_date("15 de marzo de 2020") == "2020-03-15"


# --- issue 3: bylines and dates the previous rules missed ----------------------------------


def test_issue_3_byline_in_the_articles_own_footer() -> None:
    # WordPress (Genesis) themes print the byline in the entry's <footer>: not the site's footer.
    html = page(
        f"<main><article class='post entry'><h1 class='entry-title'>Rail yard</h1>{paragraphs(3)}"
        "<footer class='entry-footer'><p class='entry-meta'><span class='entry-author'>Posted By: "
        "<a class='entry-author-link' rel='author' href='/author/kiersten/'>Kiersten</a></span></p></footer>"
        "</article></main><footer class='site-footer'><p>By Someone Else</p></footer>"
    )
    assert extract_html("p.html", html).authors == ("Kiersten",)


def test_issue_3_page_builder_widget_holds_the_byline() -> None:
    widget = (
        "<div class='elementor-element elementor-widget elementor-widget-post-info'><ul class='elementor-post-info'>"
        "<li itemprop='author'><span class='elementor-post-info__item--type-author'>Kev</span></li></ul></div>"
    )
    html = page(f"<main><h1>Rail yard</h1>{widget}<div>{paragraphs(3)}</div></main>")
    assert extract_html("p.html", html).authors == ("Kev",)


def test_issue_3_user_name_declared_in_json_ld() -> None:
    ld = (
        '{"@graph": [{"@type": "Article", "author": {"@id": "#p"}}, '
        '{"@type": "Person", "@id": "#p", "name": "kirstin boatto"}]}'
    )
    html = page(f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", f'<script type="application/ld+json">{ld}</script>')
    assert extract_html("p.html", html).authors == ("kirstin boatto",)


def test_issue_3_organization_signing_as_a_team() -> None:
    ld = '{"@type": "BlogPosting", "author": {"@type": "Organization", "name": "InstaTunnel Team"}}'
    html = page(f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", f'<script type="application/ld+json">{ld}</script>')
    assert extract_html("p.html", html).authors == ("InstaTunnel Team",)
    publisher = ld.replace("InstaTunnel Team", "Rail News Media")
    html = page(
        f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", f'<script type="application/ld+json">{publisher}</script>'
    )
    assert extract_html("p.html", html).authors == ()


def test_issue_3_metadata_escaped_twice() -> None:
    ld = '{"@type": "Article", "headline": "Full &#038; Part Time", "author": {"name": "Maria &amp; Katerina"}}'
    html = page(f"<div>{paragraphs(3)}</div>", f'<script type="application/ld+json">{ld}</script>')
    column = extract_html("p.html", html)
    assert column.headline == "Full & Part Time" and column.authors == ("Maria", "Katerina")


def test_issue_3_date_after_the_name_in_a_byline() -> None:
    for byline in ("By Jo Marsh - Mar 27, 2024", "Posted by Jo Marsh on Friday December 19, 2025 @08:00PM"):
        html = page(f"<h1>Rail yard</h1><div class='post_author'>{byline}</div><div>{paragraphs(3)}</div>")
        assert extract_html("p.html", html).authors == ("Jo Marsh",), byline


def test_issue_3_date_line_in_a_byline_box_is_skipped() -> None:
    html = page(
        f"<h1>Rail yard</h1><div class='author-info'><p>Jun 12, 2024</p><p>Jo Marsh</p></div><div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_team_shown_yields_to_the_writer_in_the_metadata() -> None:
    html = page(
        f"<h1>Rail yard</h1><div class='single-blog-author'>Aidoc Staff</div><div>{paragraphs(3)}</div>",
        '<meta name="author" content="Jay Berstein">',
    )
    assert extract_html("p.html", html).authors == ("Jay Berstein",)


def test_issue_3_fact_checker_link_beside_the_byline() -> None:
    html = page(
        "<h1>Rail yard</h1><p class='byline'>By <a class='author-link' href='/author/jo'>Jo Marsh</a> | "
        "Fact-checked by <a class='author-link' href='/author/li'>Li Chen</a></p>"
        "<p class='authors'>Tested by <a class='author-link' href='/author/ka'>Ka Lee</a> and "
        f"<a class='author-link' href='/author/bo'>Bo Han</a></p><div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_author_class_on_the_whole_article_is_not_a_byline() -> None:
    html = page(
        f"<article class='post author-jo-marsh'><h1>Top 10 rail yards</h1><div>{paragraphs(3)}</div></article>",
        '<meta name="author" content="Jo Marsh">',
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_printed_local_date_beats_utc_metadata() -> None:
    html = page(
        f"<h1>Rail yard</h1><time>November 8, 2023 at 6:09 p.m.</time><div>{paragraphs(3)}</div>",
        '<meta property="article:published_time" content="2023-11-09T01:09:55+00:00">',
    )
    assert extract_html("p.html", html).posted == "2023-11-08T18:09:00"


def test_issue_3_printed_date_later_than_the_metadata_does_not_win() -> None:
    html = page(
        f"<h1>Rail yard</h1><span class='date'>February 12, 2026</span><div>{paragraphs(3)}</div>",
        '<meta property="article:published_time" content="2017-04-03T10:00:00+00:00">',
    )
    assert extract_html("p.html", html).posted == "2017-04-03T10:00:00+00:00"


def test_issue_3_printed_updated_date_does_not_win() -> None:
    html = page(
        f"<h1>Rail yard</h1><span class='date'>Updated March 1, 2017</span><div>{paragraphs(3)}</div>",
        '<meta property="article:published_time" content="2017-04-03T10:00:00+00:00">',
    )
    assert extract_html("p.html", html).posted == "2017-04-03T10:00:00+00:00"


def test_issue_3_contributors_under_the_byline_are_not_authors() -> None:
    html = page(
        "<h1>Rail yard</h1><div class='byline-row'>By <a href='/author/jo-marsh'>Jo Marsh</a> &sdot; Editor</div>"
        "<div class='small'>Contributions From: <a href='/author/li-chen'>Li Chen</a></div>"
        f"<div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_researched_by_is_not_a_byline() -> None:
    html = page(
        "<h1>Rail yard</h1><div class='article-author-info'>Written by Jo Marsh</div>"
        f"<div class='article-author-info'>Researched by Li Chen</div><div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_expert_box_beside_the_byline() -> None:
    html = page(
        "<h1>Rail yard</h1><div class='meta'>"
        "<span class='author-meta-container'>By <a class='author-link' href='/author/jo/'>Jo Marsh</a></span>"
        "<span class='author-meta-container expert'>Reviewed for accuracy: "
        "<a class='author-link' href='/author/li/'>Li Chen</a>, Rail Safety Expert</span>"
        f"</div><div>{paragraphs(3)}</div>"
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_date_line_by_the_headline_beats_a_date_in_the_sidebar() -> None:
    html = page(
        f"<main><h1>Rail yard</h1><p>March 4, 2026</p><div>{paragraphs(3)}</div></main>"
        "<div class='rail'><ul><li><a href='/x'>Other story</a> "
        "<time datetime='2026-03-13'>Mar 13</time></li></ul></div>"
    )
    assert extract_html("p.html", html).posted == "2026-03-04"


def test_issue_3_an_updated_date_when_it_is_the_only_date() -> None:
    html = page(f"<h1>Rail yard</h1><p>Updated: December 31, 2024</p><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).posted == "2024-12-31"


def test_issue_3_publication_meta_under_another_name() -> None:
    html = page(f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", '<meta name="w-published-date" content="2025-05-27">')
    assert extract_html("p.html", html).posted == "2025-05-27"


def test_issue_3_date_published_in_page_data_outside_json_ld() -> None:
    data = '{"props": {"article": {"datePublished": "2025-11-17T09:00:00-05:00"}}}'
    html = page(f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", f'<script id="__NEXT_DATA__">{data}</script>')
    assert extract_html("p.html", html).posted == "2025-11-17T09:00:00-05:00"


def test_issue_3_first_date_line_of_a_page_without_a_headline_element() -> None:
    html = page(f"<div class='kopf'>Datum: 26. Januar 2022</div><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).posted == "2022-01-26"


def test_issue_3_by_line_with_a_colon() -> None:
    html = page(f"<h1>Rail yard</h1><div class='text-sm'>Written by:Jo Marsh</div><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_by_line_in_a_banner_by_the_headline() -> None:
    # The headline, byline and date sit in the article's banner (a chrome class word).
    html = page(
        "<main><div class='article-banner'><h1>Rail yard</h1><p class='meta'>By Jo Marsh</p>"
        f"<p>March 4, 2026</p></div><div>{paragraphs(3)}</div></main>"
    )
    column = extract_html("p.html", html)
    assert column.authors == ("Jo Marsh",) and column.posted == "2026-03-04"


def test_issue_3_article_split_into_sections_of_one_class() -> None:
    # A page builder's article: each section a "rich-text" block under its own heading and wrapper.
    sizes = [9, 3, 3, 3]
    sections = "".join(
        f"<section class='blog-section'><div class='container'><h2>Part {n}</h2><div class='row'><div class='col'>"
        f"<div class='rich-text'>{paragraphs(size, f'part{n}')}</div></div></div></div></section>"
        for n, size in enumerate(sizes)
    )
    html = page(f"<main><h1>Rail yard</h1><div class='article-main'>{sections}</div></main>")
    body = extract_html("p.html", html).body
    assert all(f"about the part{n}." in body for n in range(len(sizes)))


def test_issue_3_role_inside_the_author_link_ends_where_the_declared_name_does() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jo Marsh"}}'
    html = page(
        "<h1>Rail yard</h1><div class='displayedAuthors'><a href='/author/jo-marsh'><span>Jo Marsh</span>"
        f"<span>Trending Editor</span></a></div><div>{paragraphs(3)}</div>",
        f'<script type="application/ld+json">{ld}</script>',
    )
    assert extract_html("p.html", html).authors == ("Jo Marsh",)


def test_issue_3_chinese_column_is_a_column() -> None:
    # Chinese is written without spaces: words are counted by characters, not by spaces.
    paragraph = "市议会周二晚上开会讨论旧铁路货场的改造计划，居民们发言支持或反对，辩论一直持续到深夜。"
    last = "这个计划值得我们每一个人认真思考！"
    html = page(f"<h1>旧货场的未来</h1><div>{''.join(f'<p>{paragraph}</p>' for _ in range(8))}<p>{last}</p></div>")
    column = extract_html("p.html", html)
    assert column.is_column and column.body.endswith(last)


def test_issue_3_byline_and_date_by_the_text_when_no_headline_is_marked_up() -> None:
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(20))
    html = page(
        f"<nav><ul>{menu}</ul></nav><div class='post'><div class='title'>Rail yard</div><p>By Jo Marsh</p>"
        f"<p>Jun 12, 2024</p>{paragraphs(3)}</div>",
        "<title>Rail yard</title>",
    )
    column = extract_html("p.html", html)
    assert column.authors == ("Jo Marsh",) and column.posted == "2024-06-12"


def test_issue_3_weekday_date_in_the_byline_box_is_not_a_name() -> None:
    html = page(f"<h1>Rail yard</h1><div class='byline'>Sat, 20 Dec, 2025 - 06:36</div><div>{paragraphs(3)}</div>")
    assert extract_html("p.html", html).authors == ()


def test_issue_3_numeric_user_id_is_not_an_author() -> None:
    html = page(f"<h1>Rail yard</h1><div>{paragraphs(3)}</div>", '<meta name="author" content="2625882138434">')
    assert extract_html("p.html", html).authors == ()
