"""Charts drawn on the server as SVG: no script, no CDN, readable offline and by screen readers.

Each chart is an <svg role="img"> with a <title> and a <desc> stating the figures, plus a plain
table next to it in the page; colours come from attributes (a CSP without inline styles allows them).
"""
from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

__all__ = ["bars", "line"]
_BAR = "#1f5fa8"
_INK = "#1a1a1a"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="t-{id(body)} d-{id(body)}">'
        f'<title id="t-{id(body)}">{escape(title)}</title><desc id="d-{id(body)}">{escape(desc)}</desc>'
        + "".join(body) + "</svg>")


def bars(items: list[tuple[str, float]], *, title: str, unit: str = "") -> Markup:
    """Horizontal bars, one per (label, value), longest = full width. O(len(items))."""
    width, row, label_w = 640, 28, 220
    height = max(row * len(items), row) + 8
    top = max((v for _, v in items), default=0) or 1
    body = []
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        length = (width - label_w - 70) * value / top
        body.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="{_INK}" font-size="14">'
                    f"{escape(label)}</text>")
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row - 10}" fill="{_BAR}"/>')
        body.append(f'<text x="{label_w + length + 6:.1f}" y="{y + 18}" fill="{_INK}" font-size="14">'
                    f"{escape(_fmt(value))}{escape(unit)}</text>")
    desc = "; ".join(f"{label}: {_fmt(value)}{unit}" for label, value in items) or "No data yet."
    return _svg(width, height, title, desc, body)


def line(points: list[tuple[date, int]], *, title: str) -> Markup:
    """A cumulative line over days (x) with its final count; one point is drawn as a dot."""
    width, height, pad = 640, 220, 40
    if not points:
        return _svg(width, 60, title, "No data yet.",
                    [f'<text x="10" y="35" fill="{_INK}" font-size="14">No connections yet.</text>'])
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    top = max(n for _, n in points) or 1
    xy = [(pad + (width - 2 * pad) * (d - first).days / span, height - pad - (height - 2 * pad) * n / top)
          for d, n in points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    body = [f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="{_INK}"/>',
            f'<polyline points="{path}" fill="none" stroke="{_BAR}" stroke-width="3"/>',
            *(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{_BAR}"/>' for x, y in xy),
            f'<text x="{pad}" y="{height - 12}" fill="{_INK}" font-size="13">{first.isoformat()}</text>',
            f'<text x="{width - pad}" y="{height - 12}" text-anchor="end" fill="{_INK}" font-size="13">'
            f"{last.isoformat()}</text>",
            f'<text x="{pad}" y="{pad - 12}" fill="{_INK}" font-size="13">{top} in all</text>']
    desc = "; ".join(f"{d.isoformat()}: {n}" for d, n in points)
    return _svg(width, height, title, desc, body)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
