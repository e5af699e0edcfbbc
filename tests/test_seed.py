"""The seed page (a real Korea Times column) must come out exactly right: issue 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from colsearch.cli import main
from colsearch.extract import extract_file
from conftest import SEED, needs_shared

pytestmark = needs_shared


def test_seed_fields_are_exact() -> None:
    column = extract_file(str(SEED))
    assert column.is_column
    assert column.columnist == "Yang Moo-jin"
    assert column.authors == ("Yang Moo-jin",)
    assert column.headline == "ROK-US cooperation needed to promote N. Korea human rights"
    assert column.posted == "2021-05-24T17:26:00+09:00"
    assert column.updated == "2021-05-24T19:34:00+09:00"
    assert column.body.startswith("Last week in Washington, D.C")
    assert column.body.endswith("wisely mediate the situation.")
    assert column.bio is not None and column.bio.startswith("Yang Moo-jin (yangmj@")
    assert "is a professor" in column.bio


def test_seed_chrome_is_in_no_field() -> None:
    column = extract_file(str(SEED))
    fields = json.dumps(column.to_dict(), ensure_ascii=False)
    for chrome in (
        "Sat, July 2, 2022",
        "20:48",
        "Print Preview",
        "Font Size",
        "NATO",
        "Kim Won-soo",
        "Politics",
        "Copyright",
        "DARKROOM",
        "Afghanistan earthquake",
        "CEO & Publisher",
    ):
        assert chrome not in fields, chrome
    assert "yangmj@" not in column.body  # the bio is its own field


def test_seed_search(tmp_path: Path) -> None:
    runner = CliRunner()
    index = str(tmp_path / "index")
    result = runner.invoke(main, ["index", str(SEED.parent), "--index", index])
    assert result.exit_code == 0, result.output

    nato = runner.invoke(main, ["query", "NATO", "--index", index, "--json"])
    assert nato.exit_code == 1  # NATO is only in the trending sidebar
    assert json.loads(nato.stdout)["total"] == 0

    found = runner.invoke(main, ["query", "SDGs humanitarian", "--index", index, "--json"])
    assert found.exit_code == 0
    hit = json.loads(found.stdout)["hits"][0]
    assert hit["headline"] == "ROK-US cooperation needed to promote N. Korea human rights"
    marked = {p["text"][s:e] for p in hit["passages"] for s, e in p["highlights"]}
    assert "SDGs" in marked and "humanitarian" in marked
