"""The verification QR code: a PNG of one pixel per module, as a data: URI, made by segno.

The layout scales it up with `image-rendering: pixelated`, so the PDF draws crisp modules (Interpolate
false) from a ~300-byte image. An SVG path was the obvious choice but WeasyPrint re-parses a QR-sized
path on every page, which cost more than the rest of the certificate's drawing.
"""
import segno


def qr_data_uri(url: str) -> str:
    """`data:image/png;base64,…` with the QR code (error correction M, no quiet zone: CSS adds it)."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=0)
