"""Development tool: rasterise the ornament sources (`layouts/src/*.svg`) into the PNGs the layouts use.

    python -m certificates.ornaments

Why raster: WeasyPrint parses and redraws an SVG image on every page, which made the ornaments cost
more than everything else on a certificate; a PNG is decoded once per process and embedded once per PDF.
Each colour of a source becomes an antialiased coverage mask (WeasyPrint draws the SVG, pdftoppm
rasterises it), and the masks are composited into an RGBA PNG with a transparent ground.
Needs pdftoppm (poppler-utils) and Pillow; never runs while rendering.
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from PIL import Image, ImageChops
from weasyprint import HTML

SRC = Path(__file__).resolve().parent / "layouts" / "src"
OUT = SRC.parent
SIZES = {"band": 160, "corner": 480, "emblem": 360}   # pixels: ≥ 300 dpi at their printed size
PAPER = "#fffdf4"       # the certificate's ground (certificate.css, .inner)
# The band stays a transparent PNG, so the frame's red shows through and remains configurable. Corners
# and emblem become JPEGs on the paper colour: WeasyPrint embeds a JPEG as it is, whereas it re-encodes
# every PNG (and splits its alpha) for each document, which cost ~35 ms per certificate.
OPAQUE = {"corner", "emblem"}
_COLOUR = re.compile(r'"(#[0-9a-fA-F]{6})"')


def rasterise(name: str, size: int) -> Image.Image:
    svg = (SRC / f"{name}.svg").read_text(encoding="utf-8")
    colours = list(dict.fromkeys(_COLOUR.findall(svg)))
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    for colour in colours:
        # this colour black, every other colour white: what paints over it later erases its coverage
        layer = _COLOUR.sub(lambda m, keep=colour: '"#000000"' if m[1] == keep else '"#ffffff"', svg)
        coverage = ImageChops.invert(_gray(layer, size))
        paint = Image.new("RGBA", (size, size), colour)
        paint.putalpha(coverage)
        image = Image.alpha_composite(image, paint)
    return image


def _gray(svg: str, size: int) -> Image.Image:
    html = ('<style>@page{size:100px 100px;margin:0}html,body{margin:0}'
            'img{display:block;width:100px;height:100px}</style>'
            f'<img src="data:image/svg+xml;charset=utf-8,{_quote(svg)}">')
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "o.pdf"
        HTML(string=html).write_pdf(pdf)
        subprocess.run(["pdftoppm", "-gray", "-png", "-singlefile", "-aa", "yes", "-aaVector", "yes",
                        "-scale-to", str(size), pdf, Path(tmp) / "o"], check=True)
        gray = Image.open(Path(tmp) / "o.png").convert("L")
        return gray if gray.size == (size, size) else gray.resize((size, size), Image.LANCZOS)


def _quote(text: str) -> str:
    return quote(text)


def main() -> int:
    for name, size in SIZES.items():
        image = rasterise(name, size)
        if name in OPAQUE:
            ground = Image.new("RGBA", image.size, PAPER)
            path = OUT / f"{name}.jpg"
            Image.alpha_composite(ground, image).convert("RGB").save(path, quality=92, subsampling=0)
        else:
            path = OUT / f"{name}.png"
            image.save(path, optimize=True)
        print(f"layouts/{path.name}  {size}×{size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
