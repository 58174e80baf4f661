"""A small conference blog for the series, event, talk and demo tests: written, not copied.

A series of three published parts whose reading order differs from their
dates (``series_part``), a draft part, an event with a report and two talk
posts, a talk with local slides and a YouTube video, and a post with demos: a
local video with a poster and captions, a Vimeo facade and a terminal
recording made here.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_site

# A 1x1 PNG, used as poster images.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5ef"
    "b6a50000000049454e44ae426082"
)
# The smallest PDF readers open: one empty page.
PDF = b"""%PDF-1.1
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""
VTT = "WEBVTT\n\n00:00.000 --> 00:01.000\nThe cluster comes up.\n"
SERIES = "Hardening Kubernetes"
EVENT = "KubeCon Europe 2019"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
CAST_TEXT = "hello from blogkit-cast-marker"


def cast() -> str:
    """A two-second asciicast (v2) that prints one line."""
    header = {"version": 2, "width": 40, "height": 6, "timestamp": 1558512000}
    events = [[0.2, "o", "$ echo hello\r\n"], [0.6, "o", CAST_TEXT + "\r\n"], [1.2, "o", "$ "]]
    return "\n".join(json.dumps(line) for line in [header, *events]) + "\n"


POSTS = {
    # Part 1 by number, though written last.
    "posts/2019/threat-model.md": f"""
        ---
        date: 2019-05-25
        series: {SERIES}
        series_part: 1
        tags: [kubernetes]
        ---

        # Start with a threat model

        Before any setting, decide what you defend against.
        """,
    "posts/2019/pod-security.md": f"""
        ---
        date: 2019-05-20
        series: {SERIES}
        series_part: 2
        event: {EVENT}
        tags: [kubernetes, security]
        talk:
          title: Securing pods at scale
          speakers: [Ada Speaker, Bob Presenter]
          slides: pod-security-slides.pdf
          video: {YOUTUBE}
          date: 2019-05-21
        ---

        # Pod security, from the talk

        Notes from a session on pod security policies.
        """,
    "posts/2019/network-policies.md": f"""
        ---
        date: 2019-05-22
        series: {SERIES}
        event: {EVENT}
        tags: [kubernetes]
        talk:
          title: Network policies in practice
          speakers: Carol Talker
          slides: https://slides.example.org/netpol
        ---

        # Network policies

        Default deny, then open what you need.
        """,
    "posts/2019/unfinished-part.md": f"""
        ---
        date: 2019-05-26
        draft: true
        series: {SERIES}
        ---

        # An unfinished part

        Not yet: draft-part-marker.
        """,
    "posts/2019/kubecon-report.md": f"""
        ---
        date: 2019-05-24
        event: {EVENT}
        category: Conferences
        ---

        # KubeCon report

        Three days in Barcelona.
        """,
    "posts/2019/recorded-demos.md": f"""
        ---
        date: 2019-05-23
        event: {EVENT}
        ---

        # Recorded demos

        The demos from the talk, played here.

        ```{{video}} cluster-demo.webm
        :poster: cluster-demo.png
        :captions: cluster-demo.vtt
        :title: The cluster coming up
        ```

        ```{{video}} {VIMEO}
        :title: The keynote
        ```

        ```{{asciinema}} hello.cast
        :rows: 6
        :cols: 40
        :speed: 2
        :start-at: 0:01
        :image: cluster-demo.png
        :title: Saying hello
        ```

        ```{{asciinema}} hello.cast
        :poster: npt:0:01
        ```
        """,
}


def make_conference_site(root: Path) -> Path:
    write_site(root, POSTS)
    folder = root / "posts/2019"
    (folder / "pod-security-slides.pdf").write_bytes(PDF)
    (folder / "cluster-demo.png").write_bytes(PNG)
    (folder / "cluster-demo.vtt").write_text(VTT, encoding="utf-8")
    # Not a playable video: the HTML tests read the page, the browser test plays the cast.
    (folder / "cluster-demo.webm").write_bytes(b"\x1aE\xdf\xa3 not a real video")
    (folder / "hello.cast").write_text(cast(), encoding="utf-8")
    return root
