"""Parallel builds compile each code lexer once, in the main process, not in every writer.

The build runs in its own process with Pygments' compilation of a lexer's
rules recorded, with the process that did it; Sphinx's writers are forked
from the main process, one per chunk of pages.
"""

from __future__ import annotations

from pathlib import Path

from conftest import patched_build, write_site

RECORD_LEXERS = """
import os
import sys
from pygments.lexer import RegexLexerMeta

record = sys.argv[3]
compile_rules = RegexLexerMeta.process_tokendef

def recorded(cls, name, tokendefs=None):
    with open(record, "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()} {cls.__name__}\\n")
    return compile_rules(cls, name, tokendefs)

RegexLexerMeta.process_tokendef = recorded
print("main process:", os.getpid())
"""

POST = """\
---
date: 2024-02-{day:02}
tags: [python]
---

# Post {number}

Some code:

```python
def handler(event):
    return [item for item in event["items"] if item]
```

```yaml
kind: Pod
```
"""


def test_writers_inherit_lexers_from_the_main_process(tmp_path: Path) -> None:
    posts = {
        f"posts/2024/post-{number:02}.md": POST.format(day=number + 1, number=number)
        for number in range(24)
    }
    root = write_site(tmp_path / "src", posts)
    record = tmp_path / "compiled.txt"
    done = patched_build(RECORD_LEXERS, root, str(record), jobs=2)
    assert done.returncode == 0, done.stderr
    main = done.stdout.split("main process:", 1)[1].split()[0]
    compiled = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    by_lexer = {lexer: {pid for pid, name in compiled if name == lexer} for _, lexer in compiled}
    assert {"PythonLexer", "YamlLexer"} <= set(by_lexer)
    assert by_lexer["PythonLexer"] == {main}
    assert by_lexer["YamlLexer"] == {main}
    # And the code is highlighted on the pages.
    page = (tmp_path / "html/posts/2024/post-23.html").read_text(encoding="utf-8")
    assert '<span class="k">def</span>' in page
