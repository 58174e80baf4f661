"""A deterministic corpus of posts dropped into a copy of the blog.

    python benchmarks/corpus.py OUT --posts 1000

Each post has about 1,000 words in four sections with code blocks, three tags
from a pool, one category, and a date a few days after the previous post's
(all in the past: none is a draft, however many there are).
The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_SOURCES = ("conf.py", "index.md", "about.md", "posts", "_static")

VOCABULARY = """
cluster node pod service ingress controller operator scheduler kubelet container image registry
network policy secret volume deployment rollout replica autoscaler metric trace log alert
dashboard latency throughput budget incident outage postmortem review team pipeline build
release canary rollback config drift state store etcd quorum leader follower shard partition
queue broker stream consumer producer cache eviction index query plan cost vendor platform
tenant access role binding audit scan patch upgrade version the a of to and in that is was for
on with as it at by from this we our they were which when what how but not more some many most
every each other across over after
"""
TAG_POOL = """
kubernetes security monitoring tracing logging metrics networking storage python go rust
databases operations incidents testing ci cd cloud openstack linux performance architecture
conferences demos career tooling
"""
WORDS = VOCABULARY.split()
TAGS = TAG_POOL.split()
CATEGORIES = ["Conferences", "Session notes", "War stories", "Demos", "Tutorials", "Opinion"]
CODE = [
    (
        "python",
        "def handler(event):\n    items = [x for x in event['items'] if x]\n    return items\n",
    ),
    ("yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers: []\n"),
    (
        "sh",
        "kubectl get pods --all-namespaces\nkubectl describe node worker-1 | grep -i pressure\n",
    ),
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        sentences.append(sentence(rng))
        count += len(sentences[-1].split())
    return " ".join(sentences)


def post_text(number: int, rng: random.Random, day: date) -> str:
    tags = rng.sample(TAGS, 3)
    lines = [
        "---",
        f"date: {day.isoformat()}",
        "author: Duncan Thomas",
        f"category: {rng.choice(CATEGORIES)}",
        f"tags: [{', '.join(tags)}]",
        "---",
        "",
        f"# Post {number}: {' '.join(rng.choice(WORDS) for _ in range(4))}",
        "",
        paragraph(rng, 60),
        "",
    ]
    for section in range(4):
        lines += [f"## Section {section + 1}", "", paragraph(rng, 110), "", paragraph(rng, 110), ""]
        language, code = CODE[(number + section) % len(CODE)]
        lines += [f"```{language}", code.rstrip(), "```", ""]
    return "\n".join(lines)


def write_corpus(out: Path, posts: int, seed: int = 2019) -> list[Path]:
    """A copy of the blog in ``out`` with ``posts`` generated posts added."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, out / name)
        else:
            shutil.copy2(source, out / name)
    rng = random.Random(seed)
    # Every post in the past, so none is a draft: a bigger corpus starts earlier (a post
    # comes at most 4 days after the one before); up to 1,000 posts, from 2015.
    day = date(2015, 1, 5) - timedelta(days=4 * max(0, posts - 1000))
    written = []
    for number in range(1, posts + 1):
        day += timedelta(days=rng.randint(1, 4))
        path = out / "posts" / str(day.year) / f"post-{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_text(number, rng, day), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    written = write_corpus(args.out, args.posts, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in written)
    print(f"{len(written)} posts, {words / max(1, len(written)):.0f} words each, in {args.out}")


if __name__ == "__main__":
    main()
