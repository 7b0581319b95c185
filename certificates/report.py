"""A printable report (the movement dashboard's summary for its review, tổng kết) as PDF: headings, facts,
charts given as SVG text and plain tables, A4 landscape. It reuses the engine's one font configuration,
its Jinja environment and the locked URL fetcher, so charts travel as `data:` URIs and nothing else is
read. Imports nothing from `workflow`.
"""
import base64
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ReportTable:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]     # cells already written as text (the caller formats numbers)
    numeric: tuple[bool, ...] = ()        # right-aligned columns

    def __post_init__(self):
        if any(len(row) != len(self.headers) for row in self.rows):
            raise ValueError("every row needs one cell per header")


@dataclass(frozen=True)
class ReportData:
    title: str
    subtitle: str
    generated: datetime
    facts: tuple[tuple[str, str], ...] = ()        # (label, value) lines under the title
    charts: tuple[tuple[str, str], ...] = ()       # (caption, SVG document text)
    tables: tuple[ReportTable, ...] = field(default_factory=tuple)


def render_report(data: ReportData) -> bytes:
    from .engine import _identifier, renderer
    r = renderer()
    charts = [(caption, _svg_uri(svg)) for caption, svg in data.charts]
    with r._lock:   # WeasyPrint's font objects are shared with the certificates: one render at a time
        html = r.env.get_template("report.html").render(d=data, charts=charts)
        return r._pdf(html, [r._sheet("report.css")], _identifier(repr(data)))


def _svg_uri(svg: str) -> str:
    """An SVG chart as an image: drawn, never parsed into the report's HTML."""
    if not svg.lstrip().startswith("<svg"):
        raise ValueError("a chart must be one SVG element")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
