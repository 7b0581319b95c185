"""A red "ĐÃ THU HỒI" stamp over every page of a copy of an issued certificate, for serving a revoked one:
the signed original is the record and stays as it was issued (still verifiable); what people download is
this copy, which says plainly that the award was revoked, by which decision and when. The stamp lies
level across the middle of the page (a slanted one reads letter by letter in the text layer).

The copy is a new file, not an incremental update of the signed one, and carries no signature field: a
stamped page under the old signature would read as "signed, then altered". Imports nothing from `workflow`.
"""
from datetime import date
from io import BytesIO

from jinja2 import Template
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

STAMP_HTML = Template("""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>ĐÃ THU HỒI</title>
<style>
  @page { size: {{ width }}pt {{ height }}pt; margin: 0; }
  html, body { margin: 0; }
  .stamp { position: absolute; left: 50%; top: 56%; width: {{ box }}pt; background: rgba(255, 255, 255, 0.85);
    transform: translate(-50%, -50%); text-align: center; white-space: nowrap;
    font-family: "Liberation Serif", "Times New Roman", "DejaVu Serif", serif;
    color: rgba(200, 16, 46, 0.88); border: {{ rule }}pt double rgba(200, 16, 46, 0.88);
    padding: {{ pad }}pt {{ pad * 2 }}pt; }
  .title { font-size: {{ title }}pt; font-weight: bold; letter-spacing: {{ title / 20 }}pt; margin: 0; line-height: 1.1; }
  .line { font-size: {{ line }}pt; font-weight: bold; margin: {{ line / 3 }}pt 0 0; }
</style></head>
<body><div class="stamp">
  <p class="title">ĐÃ THU HỒI</p>
  {% for text in lines %}<p class="line">{{ text }}</p>{% endfor %}
</div></body></html>""", autoescape=True)


def revoked_lines(decision_number: str, revoked_on: date) -> tuple[str, ...]:
    """What the stamp says under its title."""
    return (f"Thu hồi ngày {revoked_on:%d/%m/%Y} theo Quyết định số {decision_number}",
            "Khen thưởng này không còn hiệu lực")


def stamp_revoked(pdf: bytes, *, decision_number: str, revoked_on: date) -> bytes:
    """A copy of `pdf` with the revocation stamp over every page and no signature field."""
    return stamp(pdf, revoked_lines(decision_number, revoked_on))


def stamp(pdf: bytes, lines: tuple[str, ...]) -> bytes:
    reader = PdfReader(BytesIO(pdf))
    writer = PdfWriter()
    stamps: dict[tuple[float, float], object] = {}
    for page in reader.pages:
        size = (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        if size not in stamps:
            stamps[size] = PdfReader(BytesIO(stamp_page(*size, lines))).pages[0]
        added = writer.add_page(page)
        _drop_form_fields(added)
        added.merge_page(stamps[size], over=True)
    writer.add_metadata({"/Title": "ĐÃ THU HỒI – " + str((reader.metadata or {}).get("/Title", "")).strip()})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def stamp_page(width_pt: float, height_pt: float, lines: tuple[str, ...]) -> bytes:
    """One transparent page of the given size with the stamp in its middle, rendered by WeasyPrint with the
    certificates' own (locked) renderer and fonts."""
    from .engine import renderer

    side = min(width_pt, height_pt)
    html = STAMP_HTML.render(width=width_pt, height=height_pt, box=round(width_pt * 0.7, 1),
                             title=round(side * 0.1, 1), line=round(side * 0.03, 1),
                             rule=round(side * 0.012, 1), pad=round(side * 0.025, 1), lines=lines)
    engine = renderer()
    # the renderer's lock and fetcher: WeasyPrint's fonts are not for concurrent use, and nothing is fetched
    with engine._lock:
        return engine._pdf(html, [], b"revoked-stamp")


def _drop_form_fields(page) -> None:
    """Remove the signature's widget (and any form field) from the copied page: the copy is not signed."""
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = [a for a in annotations.get_object() if a.get_object().get("/Subtype") != "/Widget"]
    if kept:
        page[NameObject("/Annots")] = ArrayObject(kept)
    else:
        del page[NameObject("/Annots")]
