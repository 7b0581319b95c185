"""Development tool: small preview PNGs of every layout and of a decision's first page.

    python -m certificates.previews docs/certificates

Renders the sample data (samples.py), rasterises page 1 with pdftoppm at 60 dpi and stores a 256-colour
PNG (each well under 150 KB). Needs pdftoppm (poppler-utils) and Pillow. PDFs stay in a temporary folder.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from . import render, render_decision, samples

DPI = 60


def previews() -> dict[str, bytes]:
    return {
        "bang_khen_400x300": render(samples.certificate()),
        "bang_khen_a4": render(samples.certificate(
            1, paper="a4", signing_form="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH", signer_name="Trần Thanh Phong")),
        "giay_khen": render(samples.giay_khen(2)),
        "overlay_400x300": render(samples.certificate(overlay=True)),
        "quyet_dinh": render_decision(samples.decision(3)),
        "quyet_dinh_danh_sach": render_decision(samples.decision(40)),
    }


def main(target: str) -> int:
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf in previews().items():
            source = Path(tmp) / f"{name}.pdf"
            source.write_bytes(pdf)
            pages = "2" if name == "quyet_dinh_danh_sach" else "1"      # the attached list's first page
            subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", pages, "-l", pages,
                            source, Path(tmp) / name], check=True)
            image = Image.open(Path(tmp) / f"{name}.png").convert("RGB")
            path = out / f"{name}.png"
            image.quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
            print(f"{path}  {image.width}×{image.height}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/certificates"))
