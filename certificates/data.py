"""What a certificate or a decision says: frozen, picklable plain data (they cross process boundaries).

The caller (a service of the app) builds these from its records; this package never reads a database.
Imports nothing from `workflow`.
"""
import math
import re
from dataclasses import dataclass
from datetime import date

LAYOUTS = ("bang_khen", "giay_khen")


@dataclass(frozen=True)
class Paper:
    """A sheet in millimetres, as printed (landscape for certificates: width > height)."""

    width_mm: float
    height_mm: float

    def __post_init__(self):
        for side in (self.width_mm, self.height_mm):
            if not (isinstance(side, (int, float)) and 50 <= side <= 1000):
                raise ValueError(f"paper side must be 50–1000 mm, got {side!r}")


PAPERS = {
    "400x300": Paper(400, 300),   # the traditional Bằng khen of a provincial chairperson
    "a4": Paper(297, 210),        # A4 landscape, for office printers and Giấy khen
    "a3": Paper(420, 297),
}
DEFAULT_PAPER = {"bang_khen": "400x300", "giay_khen": "a4"}
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\Z")
MAX_OFFSET_MM = 50


@dataclass(frozen=True, kw_only=True)
class CertificateData:
    """One Bằng khen / Giấy khen. Every text field is printed as text (escaped), never as markup."""

    recipient: str                      # "Ủy ban nhân dân xã Vĩnh Hưng A" / "Ông Nguyễn Văn An"
    unit_line: str = ""                 # "Huyện Vĩnh Lợi, tỉnh Bạc Liêu" / position and unit
    achievement: str                    # "Đã có thành tích xuất sắc trong …"
    issuer_title: str                   # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU" (red line)
    issuer_organ: str = ""              # "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU": PDF metadata (author)
    certificate_title: str = "BẰNG KHEN"   # or "GIẤY KHEN", "TẬP THỂ LAO ĐỘNG XUẤT SẮC"
    award_verb: str = "TẶNG"            # "TẶNG DANH HIỆU" for titles (danh hiệu)
    decision_number: str                # "123/QĐ-UBND"
    decision_date: date
    golden_book_no: str | int           # số sổ vàng
    place_name: str                     # "Bạc Liêu"
    signing_form: str = ""              # "" or "KT. CHỦ TỊCH"
    signer_title: str = "CHỦ TỊCH"      # "CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
    signer_name: str                    # "Phạm Văn Thiều"
    verify_url: str                     # "https://…/verify/<code>": the QR code's content
    verify_code: str                    # printed in small text beside the QR code
    qr_statement: str = ""              # "VD1:…": the signed statement after the address (qr_statement.py)
    layout: str = "bang_khen"           # one of LAYOUTS, chosen by the award type
    paper: str | Paper = ""             # a PAPERS key or a Paper; "" = the layout's default
    overlay: bool = False               # only the variable text, for pre-printed blanks (phôi)
    offset_x_mm: float = 0.0            # per-printer calibration: + moves everything right
    offset_y_mm: float = 0.0            # + moves everything down
    red: str = "#c8102e"                # issuer line, title, the band's ground, the inner rule
    gold: str = "#b8860b"               # the border's rules (corner and band ornaments are images)
    reissue_note: str = ""              # "Cấp lại lần 1 ngày 05/12/2026" on a replacement, under the number

    def __post_init__(self):
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; known: {', '.join(LAYOUTS)}")
        self.sheet()  # validates paper
        for name in ("red", "gold"):
            if not _COLOUR.match(getattr(self, name)):
                raise ValueError(f"{name} must be a #rgb or #rrggbb colour")
        for name in ("offset_x_mm", "offset_y_mm"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and abs(value) <= MAX_OFFSET_MM):
                raise ValueError(f"{name} must be a number of millimetres within ±{MAX_OFFSET_MM}")
        _require_text(self, "recipient", "achievement", "issuer_title", "decision_number", "place_name",
                      "signer_name", "verify_url", "verify_code")

    def sheet(self) -> Paper:
        """The paper this certificate is printed on."""
        paper = self.paper or DEFAULT_PAPER[self.layout]
        if isinstance(paper, Paper):
            return paper
        if paper not in PAPERS:
            raise ValueError(f"unknown paper {paper!r}; known: {', '.join(PAPERS)} or a Paper")
        return PAPERS[paper]

    def style_key(self) -> tuple:
        """What the per-variant stylesheet depends on: certificates sharing it share one document."""
        sheet = self.sheet()
        return (self.layout, sheet.width_mm, sheet.height_mm, self.overlay,
                float(self.offset_x_mm), float(self.offset_y_mm), self.red.lower(), self.gold.lower())


@dataclass(frozen=True, kw_only=True)
class Recipient:
    """One line of a decision: who, where from, which award, how much, which golden-book number."""

    name: str                           # "Ủy ban nhân dân xã Vĩnh Hưng A"
    unit_line: str = ""                 # "huyện Vĩnh Lợi"
    award: str = "Bằng khen"
    prize_money: int = 0                # đồng
    golden_book_no: str | int = ""

    def __post_init__(self):
        _require_text(self, "name")
        if not isinstance(self.prize_money, int) or self.prize_money < 0:
            raise ValueError("Recipient.prize_money must be a whole number of đồng, not negative")


@dataclass(frozen=True, kw_only=True)
class DecisionData:
    """Quyết định khen thưởng, laid out as Decree 30/2020/NĐ-CP prescribes."""

    organ_name: str                     # "ỦY BAN NHÂN DÂN\nTỈNH BẠC LIÊU" ("\n" = line break)
    parent_organ: str = ""              # the governing organ, if any (printed above, not bold)
    number: str                         # "123/QĐ-UBND"
    place_name: str                     # "Bạc Liêu"
    decision_date: date
    title: str = "QUYẾT ĐỊNH"
    summary: str                        # "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    authority_title: str                # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU"
    issuer_name: str = ""               # "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu": the list's "(Kèm theo …)"
    legal_basis: tuple[str, ...] = ()   # "Căn cứ …;" lines
    proposal: str = ""                  # "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …"
    award_text: str                     # Điều 1's sentence: "Tặng Bằng khen của … cho … đã có thành tích …"
    recipients: tuple[Recipient, ...] = ()
    article2: str                       # Điều 2: who carries the decision out
    more_articles: tuple[str, ...] = ()  # Điều 3, …
    copy_to: tuple[str, ...] = ()       # Nơi nhận: "Như Điều 2;", "Lưu: VT, SNV."
    signing_form: str = ""              # "" or "KT. CHỦ TỊCH"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str
    list_title: str = "Danh sách tập thể, cá nhân được khen thưởng"
    inline_limit: int = 5               # more recipients than this go to "danh sách kèm theo"
    draft: bool = False                 # a preview before issuing: "DỰ THẢO" across every page, never signed

    def __post_init__(self):
        _require_text(self, "organ_name", "number", "place_name", "summary", "authority_title",
                      "award_text", "article2", "signer_name")
        object.__setattr__(self, "legal_basis", tuple(self.legal_basis))
        object.__setattr__(self, "recipients", tuple(self.recipients))
        object.__setattr__(self, "more_articles", tuple(self.more_articles))
        object.__setattr__(self, "copy_to", tuple(self.copy_to))
        if not self.recipients:
            raise ValueError("a decision awards at least one recipient")

    @property
    def has_list(self) -> bool:
        """Many recipients: Điều 1 points to the appended list instead of naming them."""
        return len(self.recipients) > self.inline_limit

    @property
    def total_prize(self) -> int:
        return sum(r.prize_money for r in self.recipients)


def _require_text(obj, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{type(obj).__name__}.{name} must be non-empty text")
