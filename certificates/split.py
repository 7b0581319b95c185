"""The split render: what every certificate of a decision shares is drawn once, each certificate's own
text per page, and the two layers are laid over each other with pikepdf. WeasyPrint sets all the text.

- The background: one page of the frame, ornaments, emblem, headings, issuer, title, decision number,
  place and date, signer (the "static" and "shared" elements of certificate.html), with the "own"
  elements hidden but laid out, so every shared box is where the whole page puts it. Rendering it also
  measures two heights (engine._spacers).
- The foreground: per certificate only its name block, achievement, golden-book line, QR code and code,
  after empty blocks of the measured heights, so each lands where the whole page puts it. This is about
  half of a whole page's work (no frame, no headings, no footer to lay out or draw).
- Composing: the background page becomes one Form XObject drawn first on each page ("q /Bg0 Do Q"). In a
  batch PDF all pages of a decision share that one object; a certificate's own file gets its own copy.

The result draws the same pixels as the whole page (tests/unit/test_certificates_split.py compares them).
Certificates are grouped by `shared_key`; one that the split cannot reproduce exactly (`splittable`) is
rendered whole. Imports nothing from `workflow`.
"""
from io import BytesIO

import pikepdf
from pikepdf import Name

from . import text
from .data import CertificateData
from .engine import Spacers, renderer

LONGEST_GOLDEN_NO = 24      # the golden-book line wraps beyond ~40 characters: then the decision line moves
BACKGROUND = Name("/Bg0")
PRODUCER = "WeasyPrint, pikepdf (Vinh danh certificates)"
# object streams: a certificate's own file is 5 % smaller (a plain table signs ~5 % faster, saves no faster)
FILE_OBJECT_STREAMS = pikepdf.ObjectStreamMode.generate


def shared_key(item: CertificateData) -> tuple:
    """What the background depends on: certificates with the same key share one background page."""
    return (item.style_key(), item.issuer_title, item.award_verb, item.certificate_title, item.decision_number,
            item.decision_date, item.place_name, item.signing_form, item.signer_title, item.signer_name)


def splittable(item: CertificateData) -> bool:
    """Whether the shared boxes' places do not depend on this certificate's own text. They do not, since
    the name block, the achievement and the QR code have fixed heights, except for a golden-book number so
    long that its line wraps (it would lift the decision line above it): such a certificate is rendered whole."""
    return len(str(item.golden_book_no)) <= LONGEST_GOLDEN_NO


# -- work done in the renderer processes ------------------------------------------------------------------------
def background(item: CertificateData) -> tuple[bytes, Spacers]:
    """The background page of every certificate sharing `shared_key(item)`, and the foreground's spacers."""
    return renderer().background(item)


def foregrounds(items: list[CertificateData], spacers: Spacers) -> bytes:
    """One PDF, one page of own text per certificate (all of one `shared_key`)."""
    return renderer().foregrounds(items, spacers)


def each(items: list[CertificateData], layer: tuple[bytes, Spacers] | None) -> list[bytes]:
    """One complete one-page PDF per certificate, in order: the foregrounds of `items` over the background
    `layer`; without a layer (certificates that are not splittable), each one rendered whole."""
    if layer is None:
        return [renderer().certificates([item]) for item in items]
    background_pdf, spacers = layer
    return single_files(background_pdf, foregrounds(items, spacers), items)


# -- composing --------------------------------------------------------------------------------------------------
def background_form(target: pikepdf.Pdf, background_pdf: bytes) -> pikepdf.Object:
    """The background page as a Form XObject owned by `target`."""
    with pikepdf.open(BytesIO(background_pdf)) as source:
        return target.copy_foreign(source.pages[0].as_form_xobject())


def underlay(pdf: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object) -> None:
    """Draw `form` first on `page`, under everything the page draws (its own graphics state saved around it)."""
    resources = page.obj.get(Name.Resources)
    if resources is None:
        page.obj[Name.Resources] = resources = pikepdf.Dictionary()
    xobjects = resources.get(Name.XObject)
    if xobjects is None:
        resources[Name.XObject] = xobjects = pikepdf.Dictionary()
    xobjects[BACKGROUND] = form
    page.contents_add(pikepdf.Stream(pdf, b"q " + bytes(BACKGROUND) + b" Do Q\n"), prepend=True)


def single_files(background_pdf: bytes, foreground_pdf: bytes, items: list[CertificateData]) -> list[bytes]:
    """Split a foreground document into one file per certificate, each with the background under its page,
    only the resources its page uses and the metadata `certificates.render` gives it."""
    files = []
    with pikepdf.open(BytesIO(foreground_pdf)) as foreground, pikepdf.open(BytesIO(background_pdf)) as source:
        form = source.pages[0].as_form_xobject()
        info = {key: value for key, value in foreground.docinfo.items()}
        if len(foreground.pages) != len(items):
            raise RuntimeError(f"{len(foreground.pages)} foreground pages for {len(items)} certificates")
        for page, item in zip(foreground.pages, items, strict=True):
            out = pikepdf.new()
            out.pages.append(page)
            underlay(out, out.pages[0], out.copy_foreign(form))
            # the pages of a WeasyPrint document share one resource dictionary: keep only what this page
            # draws (not every QR code of the chunk)
            out.remove_unreferenced_resources()
            for key, value in info.items():
                out.docinfo[key] = value
            out.docinfo[Name.Title] = text.for_print(f"{item.certificate_title} – {item.recipient}")
            out.Root[Name.Lang] = foreground.Root.get(Name.Lang, "vi")
            buffer = BytesIO()
            out.save(buffer, deterministic_id=True, object_stream_mode=FILE_OBJECT_STREAMS)
            files.append(buffer.getvalue())
    return files

