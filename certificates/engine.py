"""One WeasyPrint setup per process: a FontConfiguration, the parsed stylesheets, the Jinja environment
and the locked fetcher are made once and reused by every render, as WeasyPrint needs in a long-running
process (the plain API makes a font configuration per document: slower, and it leaks memory).

Rendering is serialised by a lock: WeasyPrint's font objects are not meant for concurrent use.
"""
import hashlib
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from . import text
from .data import CertificateData, DecisionData
from .fetcher import LAYOUTS_DIR, LockedFetcher
from .qr import qr_data_uri

BASE_URL = LAYOUTS_DIR.as_uri() + "/"
REM_PER_HEIGHT = 75          # 1rem = paper height / 75
MAX_VARIANTS = 32            # per-paper stylesheets kept parsed
COMPACT_BELOW_MM = 250       # smaller sheets use the tighter header of certificate.css (.compact)
WHO_HEIGHT, WHO_COMPACT = 9.8, 8.6   # rem: the name-and-unit block (.who in certificate.css)
NAME_EM, TEXT_EM = 0.5, 0.48         # estimated width of a character, in ems (bold name, body text)
TITLE_EM = 0.72                      # bold capitals with letter-spacing
PARTS = (None, "background", "foreground")   # the whole page, or one of the two layers of a split render
Spacers = tuple[float, float]


class Renderer:
    """Holds what is expensive to make; `certificates()` and `decision()` return PDF bytes."""

    def __init__(self):
        self.pid = os.getpid()
        self.font_config = FontConfiguration()
        self.fetcher = LockedFetcher(LAYOUTS_DIR)
        # every printed value goes through text.for_print: no bidi override reorders a sentence, no long
        # unbroken string runs off the page
        self.env = Environment(loader=FileSystemLoader(LAYOUTS_DIR), autoescape=True, finalize=text.for_print,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self._sheets: dict[str, CSS] = {}
        self._variants: dict[tuple, CSS] = {}
        self._lock = threading.Lock()

    # -- public ----------------------------------------------------------------------------------------
    def certificates(self, items: Sequence[CertificateData]) -> bytes:
        """One PDF, one page per certificate. All items must share `style_key()` (paper, layout, colours)."""
        with self._lock:
            return self._pdf(self.certificate_html(items), self._certificate_sheets(items),
                             _identifier([asdict(c) for c in items]))

    def background(self, data: CertificateData) -> tuple[bytes, Spacers]:
        """A split render's background (split.py): one page of what every certificate sharing
        `split.shared_key(data)` shows, and the heights the foreground's spacers need."""
        with self._lock:
            html = self.certificate_html([data], part="background")
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=self.fetcher).render(
                stylesheets=self._certificate_sheets([data]), font_config=self.font_config)
            pdf = document.write_pdf(pdf_identifier=_identifier(["background", asdict(data)]))
            return pdf, _spacers(document.pages[0]._page_box)

    def foregrounds(self, items: Sequence[CertificateData], spacers: Spacers) -> bytes:
        """A split render's foreground: one page per certificate with only its own text and QR code, each
        box where the whole page puts it (given the background's `spacers`)."""
        with self._lock:
            return self._pdf(self.certificate_html(items, part="foreground", spacers=spacers),
                             self._certificate_sheets(items), _identifier(["foreground", *map(asdict, items)]))

    def certificate_html(self, items: Sequence[CertificateData], *, part: str | None = None,
                         spacers: Spacers = (0.0, 0.0)) -> str:
        """The HTML of a certificates document (without its stylesheets: see `stylesheet_text`). `part`:
        None for whole pages, "background" or "foreground" for the layers of a split render."""
        if part not in PARTS:
            raise ValueError(f"unknown part {part!r}")
        return self.env.get_template("certificate.html").render(
            doc=_doc_meta(items[0], len(items), part, spacers), certificates=[_certificate_view(c) for c in items])

    def decision(self, data: DecisionData) -> bytes:
        with self._lock:
            html = self.env.get_template("decision.html").render(d=data, v=_decision_view(data))
            return self._pdf(html, [self._sheet("decision.css")], _identifier(asdict(data)))

    # -- internals -------------------------------------------------------------------------------------
    def _certificate_sheets(self, items: Sequence[CertificateData]) -> list[CSS]:
        first = items[0]
        if any(item.style_key() != first.style_key() for item in items):
            raise ValueError("a document's certificates must share layout, paper, colours and offsets")
        return [self._sheet("certificate.css"), self._variant(first)]

    def _pdf(self, html: str, stylesheets: list[CSS], identifier: bytes) -> bytes:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=self.fetcher)
        return document.write_pdf(stylesheets=stylesheets, font_config=self.font_config,
                                  pdf_identifier=identifier)

    def _sheet(self, name: str) -> CSS:
        """A layout stylesheet, parsed once per process."""
        if name not in self._sheets:
            self._sheets[name] = CSS(filename=str(LAYOUTS_DIR / name), base_url=BASE_URL,
                                     url_fetcher=self.fetcher, font_config=self.font_config)
        return self._sheets[name]

    def _variant(self, data: CertificateData) -> CSS:
        """Paper size, scale, colours and calibration offsets: parsed once per distinct combination."""
        key = data.style_key()
        if key not in self._variants:
            if len(self._variants) >= MAX_VARIANTS:
                self._variants.clear()
            self._variants[key] = CSS(string=_variant_css(data), base_url=BASE_URL,
                                      url_fetcher=self.fetcher, font_config=self.font_config)
        return self._variants[key]


def stylesheet_text(data: CertificateData) -> str:
    """All CSS of a certificate as one text (layout sheet and per-paper sheet), e.g. to inline it."""
    return (LAYOUTS_DIR / "certificate.css").read_text(encoding="utf-8") + _variant_css(data)


_renderer: Renderer | None = None
_renderer_lock = threading.Lock()


def renderer() -> Renderer:
    """This process's renderer (a forked child makes its own)."""
    global _renderer
    with _renderer_lock:
        if _renderer is None or _renderer.pid != os.getpid():
            _renderer = Renderer()
        return _renderer


# -- views: what the templates print, computed here so templates stay dumb --------------------------------
def _certificate_view(c: CertificateData) -> dict:
    sheet = c.sheet()
    title = f"{c.award_verb} {c.certificate_title}" if c.layout == "giay_khen" else c.certificate_title
    width = sheet.width_mm / (sheet.height_mm / REM_PER_HEIGHT) - 24   # the text column, in rem
    recipient = fit(c.recipient, width_rem=width, base_rem=3.0, em=NAME_EM)
    if recipient < 2.4:   # two lines of a smaller size, so name and unit line stay inside their block
        recipient = fit(c.recipient, width_rem=width, base_rem=2.4, em=NAME_EM, lines=2)
    unit = fit(c.unit_line, width_rem=width, base_rem=1.9, em=TEXT_EM)
    # centre name and unit line vertically in their fixed block (cheaper than a flex box per page)
    used = _lines(c.recipient, width, recipient, NAME_EM) * recipient * 1.2
    used += (0.3 + unit * 1.3) if c.unit_line else 0
    block = WHO_COMPACT if sheet.height_mm < COMPACT_BELOW_MM else WHO_HEIGHT
    return {
        **{k: v for k, v in asdict(c).items() if isinstance(v, str)},
        "golden_book_no": str(c.golden_book_no),
        "decision_day": text.day_text(c.decision_date),
        "place_date": text.place_date(c.place_name, c.decision_date),
        "qr": qr_data_uri(c.verify_url, c.qr_statement),
        "title_size": fit(title, width_rem=width, base_rem=6.0 if c.layout == "bang_khen" else 4.4, em=TITLE_EM),
        "recipient_size": recipient,
        "unit_size": unit,
        "who_padding": round(max(0.0, (block - used) / 2), 2),
        "achievement_size": fit(c.achievement, width_rem=width - 6, base_rem=1.8, em=TEXT_EM, lines=3),
    }


def fit(line: str, *, width_rem: float, base_rem: float, em: float, lines: int = 1) -> float:
    """A font size (rem) at which `line` fits `lines` lines of `width_rem`, estimating `em` ems per
    character (word wrapping wastes some of each line, hence the 0.9)."""
    needed = max(len(line), 1) * em * base_rem
    room = width_rem * (1 if lines == 1 else 0.9 * lines)
    return round(base_rem * min(1.0, room / needed), 2)


def _lines(line: str, width_rem: float, size_rem: float, em: float) -> int:
    return max(1, math.ceil(len(line) * em * size_rem / (width_rem * 0.9)))


def _doc_meta(c: CertificateData, pages: int, part: str | None = None, spacers: Spacers = (0.0, 0.0)) -> dict:
    title = c.certificate_title if pages > 1 else f"{c.certificate_title} – {c.recipient}"
    return {"title": title, "author": c.issuer_organ or c.issuer_title, "layout": c.layout,
            "overlay": c.overlay, "created": _w3c(c.decision_date),
            "compact": c.sheet().height_mm < COMPACT_BELOW_MM, "part": part, "spacers": spacers}


def _spacers(page_box) -> Spacers:
    """From a laid-out background page: how far below the top of `.content` the name block starts, and
    below the top of `.footer-left` the golden-book line (both margin edges, CSS px). The foreground puts
    empty blocks of these heights before them instead of the shared elements."""
    found = {}
    stack = [page_box]
    while stack:
        box = stack.pop()
        box = getattr(box, "_box", box)       # an absolutely positioned box sits behind a placeholder
        stack.extend(reversed(getattr(box, "children", ())))
        element = getattr(box, "element", None)
        if element is not None and box.element_tag in ("div", "p") and box.element_tag == element.tag:
            for name in {"content", "who", "footer-left", "golden"} & set((element.get("class") or "").split()):
                found.setdefault(name, box)
    if len(found) != 4:
        raise RuntimeError(f"the certificate layout lost a block the split render needs: {sorted(found)}")
    return (found["who"].position_y - found["content"].content_box_y(),
            found["golden"].position_y - found["footer-left"].content_box_y())


def _decision_view(d: DecisionData) -> dict:
    lines = d.organ_name.split("\n")
    return {
        "organ_lines": lines,
        "place_date": text.place_date(d.place_name, d.decision_date),
        "decision_day": text.day_text(d.decision_date),
        "count": text.count(len(d.recipients)),
        "total": text.money(d.total_prize),
        "money": text.money,
        "created": _w3c(d.decision_date),
    }


def _w3c(d: date) -> Markup:
    """Fixed metadata dates: the decision's date, never the time of rendering. Markup: a machine value that
    text.for_print must not make breakable."""
    return Markup(f"{d.isoformat()}T00:00:00+07:00")  # nosec B704: a date's digits, no text from anyone


def _identifier(payload) -> bytes:
    """A stable PDF /ID: a digest of the data, so the same data gives the same bytes."""
    return hashlib.sha256(repr(payload).encode()).hexdigest()[:32].encode()


def _variant_css(c: CertificateData) -> str:
    """Values are validated numbers and #rgb/#rrggbb colours (CertificateData checks them): nothing to escape."""
    sheet = c.sheet()
    return f"""
@page {{ size: {sheet.width_mm}mm {sheet.height_mm}mm; margin: 0; }}
html {{ font-size: {sheet.height_mm / REM_PER_HEIGHT:.4f}mm; }}
.page {{ height: {sheet.height_mm}mm; }}
.sheet {{ left: {float(c.offset_x_mm)}mm; top: {float(c.offset_y_mm)}mm; }}
.issuer, .title {{ color: {c.red}; }}
.frame {{ border-color: {c.gold}; background-color: {c.red}; }}
.inner {{ border-color: {c.gold}; }}
.inner::after {{ border-color: {c.red}; }}
"""
