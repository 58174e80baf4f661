"""How long `blogkit check` (what `make check` runs) takes on a generated corpus.

    python benchmarks/check.py --posts 1000 --runs 5

Each run is a fresh process, as `make check` starts one: interpreter start,
imports, reading conf.py and checking every post.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="blog-check-") as workdir:
        root = Path(workdir) / "blog"
        write_corpus(root, args.posts)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "blogkit.cli", "--root", str(root), "check"],
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(done.stderr)
    print(f"blogkit check, {args.posts + 1} posts: median {statistics.median(times):.2f} s")
    print(f"  ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
