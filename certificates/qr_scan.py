"""Reading the QR code on a photo or scan of a certificate (issue 19): the image is decoded by Pillow (size and pixel
limits, image types only), redrawn as a grayscale PNG, and only that PNG is handed to `zbarimg` (zbar-tools), so
zbar's image loader never parses what someone uploaded. Imports nothing from `workflow`.
"""
from __future__ import annotations

import io
import shutil
import subprocess  # nosec B404: zbarimg, by its full path, on a file we wrote
import tempfile
import warnings
from pathlib import Path

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000          # a 300 dpi scan of a 400 × 300 mm sheet is 16.7 Mpx
MAX_SIDE = 4000                  # larger photos are scaled down: zbar reads ~75 modules from far fewer pixels
FORMATS = {"PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"}


class ScanError(ValueError):
    """`kind`: "unreadable" (not an image we read, too large, damaged) or "no_qr" (no QR code found)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def read_qr(data: bytes, *, zbarimg: str | None = None, timeout: float = 20) -> list[str]:
    """The texts of the QR codes on an image (usually one)."""
    png = normalised_png(data)
    tool = zbarimg or shutil.which("zbarimg")
    if tool is None:
        raise RuntimeError("zbarimg is missing: apt-get install zbar-tools")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scan.png"
        path.write_bytes(png)
        done = subprocess.run([tool, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],  # nosec B603
                              capture_output=True, timeout=timeout, check=False)
    texts = [line for line in done.stdout.decode("utf-8", "replace").splitlines() if line.strip()]
    if done.returncode not in (0, 4) or not texts:   # 4: zbarimg found no symbol
        raise ScanError("no_qr", "Không tìm thấy mã QR trên ảnh. Hãy chụp lại gần hơn, đủ sáng, "
                                 "mã QR nằm trọn và rõ nét trong ảnh.")
    return texts


def normalised_png(data: bytes) -> bytes:
    """The image as a grayscale PNG of at most MAX_SIDE pixels a side, or ScanError("unreadable")."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ScanError("unreadable", "Chưa chọn ảnh mã QR.")
    if len(data) > MAX_BYTES:
        raise ScanError("unreadable", f"Ảnh quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise ScanError("unreadable", "Tệp không phải ảnh (chỉ nhận PNG, JPEG, WEBP, GIF, BMP, TIFF).")
                if image.width * image.height > MAX_PIXELS:
                    raise ScanError("unreadable",
                                    "Ảnh có quá nhiều điểm ảnh; hãy chụp hoặc quét ở độ phân giải thấp hơn.")
                gray = ImageOps.exif_transpose(image).convert("L")
                gray.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                gray.save(out, format="PNG")
                return out.getvalue()
    except ScanError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise ScanError("unreadable", "Không đọc được tệp này như một ảnh (tệp hỏng hoặc không phải ảnh).") from None
