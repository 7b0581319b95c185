"""The verification QR code: a PNG of one pixel per module, as a data: URI, made by segno.

The layout scales it up with `image-rendering: pixelated`, so the PDF draws crisp modules (Interpolate
false) from a small image. An SVG path was the obvious choice but WeasyPrint re-parses a QR-sized
path on every page, which cost more than the rest of the certificate's drawing.

With a signed statement (qr_statement.py) the code has two segments: the address and "#" in byte mode, the
statement (base45, percent-encoded: only QR alphanumeric characters) in alphanumeric mode, 5.5 bits a character
instead of 8.
"""
import segno
from segno import consts


def qr_code(url: str, statement: str = "") -> segno.QRCode:
    """Error correction M, the smallest version that holds it."""
    if not statement:
        return segno.make(url, error="m", micro=False)
    return segno.make([(url + "#", consts.MODE_BYTE), (statement, consts.MODE_ALPHANUMERIC)], error="m", micro=False)


def qr_data_uri(url: str, statement: str = "") -> str:
    """`data:image/png;base64,…` with the QR code (no quiet zone: CSS adds it)."""
    return qr_code(url, statement).png_data_uri(scale=1, border=0)
