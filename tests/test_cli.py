"""The command line: `blogkit check` reports like the build, `blogkit new` starts a valid draft."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from conftest import sphinx_build, write_site

CLI = [sys.executable, "-m", "blogkit.cli"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--root", str(root), *args], capture_output=True, text=True, check=False
    )


def test_check_reports_every_problem_with_file_line_and_field(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "posts/2024/bad.md": "---\ndate: not-a-date\ncatgory: x\n---\n\n# Bad\n\nText.\n",
            "posts/2024/good.md": "---\ndate: 2024-01-01\ntags: [C]\n---\n\n# Good\n",
            "posts/2024/clash.md": "---\ndate: 2024-01-02\ntags: [C++]\n---\n\n# Clash\n",
        },
    )
    before = hashlib.sha256((root / "posts/2024/bad.md").read_bytes()).hexdigest()
    result = run(root, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith(
            "posts/2024/bad.md:2: front matter 'date': 'not-a-date' is not a date "
            "(expected YYYY-MM-DD, optionally followed by HH:MM[:SS] and a UTC offset such as "
            "+02:00, or the month as a word"
        )
        for line in lines
    )
    assert (
        "posts/2024/bad.md:3: front matter 'catgory': unknown key (did you mean 'category'?)"
        in lines
    )
    assert any(
        line.startswith("posts/2024/good.md:3: front matter 'tags': 'C'")
        or line.startswith("posts/2024/clash.md:3: front matter 'tags': 'C++'")
        for line in lines
    )
    assert lines[-1] == "3 problem(s) in 3 post(s)"
    assert "Traceback" not in result.stderr
    assert hashlib.sha256((root / "posts/2024/bad.md").read_bytes()).hexdigest() == before


def test_check_passes_a_clean_blog(tmp_path: Path) -> None:
    root = write_site(
        tmp_path, {"posts/2024/ok.md": "---\ndate: 2024-01-01\n---\n\n# Ok\n\nText.\n"}
    )
    result = run(root, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 post(s) checked, no problems"


def test_check_names_the_drafts_a_published_build_leaves_out(tmp_path: Path) -> None:
    posts = {
        "posts/2024/ok.md": "---\ndate: 2024-01-01\n---\n\n# Ok\n\nText.\n",
        "posts/2024/marked.md": "---\ndate: 2024-01-02\ndraft: true\n---\n\n# M\n\nText.\n",
        "posts/2024/undated.md": "---\ntags: [a]\n---\n\n# U\n\nText.\n",
        "posts/2024/later.md": "---\ndate: 2999-01-01\n---\n\n# L\n\nText.\n",
    }
    result = run(write_site(tmp_path, posts), "check")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "4 post(s) checked, no problems",
        "3 draft(s) left out of a published build:",
    ]
    # The build's wording (blogkit.model.drafts): each draft with what publishes it.
    assert "  posts/2024/marked.md: draft: true (remove that line to publish)" in lines
    assert "  posts/2024/undated.md: no date (set 'date:' to publish)" in lines
    assert "  posts/2024/later.md: dated 2999-01-01, in the future (published by the first " in (
        "\n".join(lines)
    )


def test_check_outside_a_blog_says_so(tmp_path: Path) -> None:
    result = run(tmp_path, "check")
    assert result.returncode == 2
    assert "no conf.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_creates_a_draft_that_checks_and_stays_out_of_the_build(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "blog", {"posts/2024/ok.md": "---\ndate: 2024-01-01\n---\n\n# Ok\n\nText.\n"}
    )
    result = run(root, "new", "Notes from the Monday keynotes", "--tags", "kubernetes, conferences")
    assert result.returncode == 0, result.stderr
    created = root / result.stdout.strip()
    assert created.parent.parent == root / "posts"
    assert created.name == "notes-from-the-monday-keynotes.md"
    text = created.read_text(encoding="utf-8")
    assert "draft: true" in text
    # How to publish it, in the post and on the terminal: both lines, not the date alone.
    assert "leaves it out until you remove 'draft: true' and set 'date:'" in " ".join(
        line.removeprefix("# ") for line in text.split("---")[1].splitlines()
    )
    assert "until you remove 'draft: true' and set 'date:'" in result.stderr
    assert "# Notes from the Monday keynotes" in text
    assert 'tags: ["kubernetes", "conferences"]' in text
    assert run(root, "check").returncode == 0
    build = sphinx_build(root, tmp_path / "html", quiet=False)
    assert build.returncode == 0, build.stderr
    assert not (tmp_path / "html" / created.relative_to(root).with_suffix(".html")).exists()
    # The build says so, once, at its end, with what publishes it.
    said = f"  {result.stdout.strip()}: draft: true, and no date (remove 'draft: true' and set"
    assert build.stdout.count(said) == 1, build.stdout
    assert build.stdout.index(said) > build.stdout.index("writing output")


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    root = write_site(tmp_path, {})
    first = run(root, "new", "Same title")
    created = root / first.stdout.strip()
    created.write_text("my words", encoding="utf-8")
    second = run(root, "new", "Same title")
    assert second.returncode == 1
    assert "already exists" in second.stderr
    assert created.read_text(encoding="utf-8") == "my words"


def test_new_rejects_titles_without_a_slug(tmp_path: Path) -> None:
    root = write_site(tmp_path, {})
    result = run(root, "new", "!!! ???")
    assert result.returncode == 2
    assert "no letters or digits" in result.stderr
    assert not (root / "posts").exists() or not list((root / "posts").rglob("*.md"))


def test_new_handles_non_ascii_titles(tmp_path: Path) -> None:
    root = write_site(tmp_path, {})
    accented = run(root, "new", "Café crème: über-fast déploiement")
    assert Path(accented.stdout.strip()).name == "cafe-creme-uber-fast-deploiement.md"
    cyrillic = run(root, "new", "Привет, Kubernetes")
    assert Path(cyrillic.stdout.strip()).name == "привет-kubernetes.md"
    text = (root / accented.stdout.strip()).read_text(encoding="utf-8")
    assert "# Café crème: über-fast déploiement" in text
    assert run(root, "check").returncode == 0
