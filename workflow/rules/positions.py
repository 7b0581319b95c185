"""Who is a leader (lãnh đạo, quản lý) by the position written on a nomination. Pure.

The Law on Emulation and Commendation asks that awards favour people who work directly in production
and not only those who lead; to count the leaders on a list we read the position (chức vụ) as written,
accent-insensitively (rules.folding.fold), and look for the Vietnamese leader titles.
"""
import re

from .folding import fold

# folded titles; "pho " before a title is covered because the title itself matches
LEADER_TITLES: tuple[str, ...] = (
    "chu tich",          # Chủ tịch, Phó Chủ tịch
    "bi thu",            # Bí thư, Phó Bí thư
    "giam doc",          # Giám đốc, Phó Giám đốc, Tổng Giám đốc
    "truong phong",      # Trưởng phòng, Phó Trưởng phòng
    "truong ban",        # Trưởng ban, Phó Trưởng ban
    "truong khoa",       # Trưởng khoa
    "truong tram",       # Trưởng trạm
    "truong dai",        # Trưởng đài
    "thu truong",        # Thủ trưởng
    "hieu truong",       # Hiệu trưởng, Phó Hiệu trưởng
    "vien truong",       # Viện trưởng
    "cuc truong",        # Cục trưởng
    "chi cuc truong",    # Chi cục trưởng
    "vu truong",         # Vụ trưởng
    "chanh van phong",   # Chánh Văn phòng
    "chanh thanh tra",   # Chánh Thanh tra
    "chanh an",          # Chánh án
    "vien truong",
    "truong cong an",    # Trưởng Công an xã
    "chi huy truong",    # Chỉ huy trưởng
    "tong bien tap",     # Tổng Biên tập
    "pho truong",        # Phó trưởng … (any)
)
_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(set(LEADER_TITLES), key=len,
                                                                            reverse=True)) + r")\b")


def is_leader(position: str | None) -> bool:
    """True when the position names a leader title: "Phó Chủ tịch UBND xã", "Hiệu trưởng", "TRƯỞNG PHÒNG"."""
    if not position:
        return False
    return _PATTERN.search(fold(position)) is not None
