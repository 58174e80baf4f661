"""Make the docs' demo files: a terminal recording, slides, captions, a video and its poster.

Everything is generated here, no stock media: the cast is written event by
event, the PDF by hand (one page of text), and the video and its poster by
Debian's ffmpeg from its built-in test pattern, when ffmpeg is installed
(`apt-get install ffmpeg`); without it the existing video files are kept.

    python docs/_media/make_media.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "posts" / "2026"

CAST = [
    (0.3, "$ make check\r\n"),
    (0.9, "posts/2026/talk-notes.md:7: front matter 'talk.speakers': missing: "),
    (0.9, "expected a name or a list of names\r\n"),
    (1.2, "1 problem(s) in 5 post(s)\r\n"),
    (2.0, "$ make check\r\n"),
    (2.6, "5 post(s) checked, no problems\r\n"),
    (3.2, "$ "),
]


def write_cast(path: Path) -> None:
    header = {"version": 2, "width": 72, "height": 8, "timestamp": 1764547200}
    lines = [json.dumps(header)] + [json.dumps([t, "o", text]) for t, text in CAST]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with a few lines of Helvetica, with a correct cross-reference table."""
    text = "BT /F1 18 Tf 40 150 Td 24 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 480 200] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    path.write_bytes(out.encode("ascii"))


def write_video(video: Path, poster: Path) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        print("ffmpeg not found: video and poster left as they are (apt-get install ffmpeg)")
        return
    source = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=12:duration=3"]
    quiet = ["-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run(
        [ffmpeg, *quiet, *source, "-c:v", "libvpx-vp9", "-b:v", "60k", "-an", str(video)],
        check=True,
    )
    subprocess.run(
        [ffmpeg, *quiet, "-i", str(video), "-frames:v", "1", "-update", "1", str(poster)],
        check=True,
    )


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    write_cast(HERE / "make-check.cast")
    write_pdf(
        HERE / "talk-slides.pdf",
        ["A blog engine that documents itself", "blogkit maintainers", "Example Conf 2026"],
    )
    (HERE / "test-pattern.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:01.500\nA test pattern, made by ffmpeg.\n\n"
        "00:01.500 --> 00:03.000\nIt stands in for a recorded demo.\n",
        encoding="utf-8",
    )
    write_video(HERE / "test-pattern.webm", HERE / "test-pattern.png")


if __name__ == "__main__":
    main()
