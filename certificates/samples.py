"""Realistic sample data (the province of Bạc Liêu, the movement "Cả nước chung sức xây dựng nông thôn
mới" 2021–2025), shared by the tests, the benchmark and the preview images. Not used when rendering."""
from dataclasses import replace
from datetime import date

from .data import CertificateData, DecisionData, Recipient

ISSUER_TITLE = "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU"
ACHIEVEMENT = ("Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” "
               "giai đoạn 2021 - 2025")
LEGAL_BASIS = (
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
     "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"),
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
     "một số điều của Luật Thi đua, khen thưởng;"),
)
_NAMES = ("Ủy ban nhân dân xã Vĩnh Hưng A", "Ông Nguyễn Văn Thành", "Bà Trần Thị Mỹ Lệ", "Hộ ông Lê Văn Tám",
          "Ông Đặng Quốc Huy", "Bà Huỳnh Thị Ngọc Hân")
_UNITS = ("Huyện Vĩnh Lợi, tỉnh Bạc Liêu", "Chủ tịch Ủy ban nhân dân xã Vĩnh Hưng A, huyện Vĩnh Lợi",
          "Ấp Láng Giài, xã Vĩnh Hưng A, huyện Vĩnh Lợi", "Ấp Trà Hất, xã Châu Thới, huyện Vĩnh Lợi",
          "Phòng Nông nghiệp và Phát triển nông thôn huyện Vĩnh Lợi", "Hội Liên hiệp Phụ nữ xã Vĩnh Hưng A")


def certificate(i: int = 0, **overrides) -> CertificateData:
    """The i-th sample certificate; i = 0 is the commune Vĩnh Hưng A, as in the seed article."""
    code = f"K7Q2M4XW{i:08d}"
    data = CertificateData(
        recipient=_NAMES[i % len(_NAMES)], unit_line=_UNITS[i % len(_UNITS)], achievement=ACHIEVEMENT,
        issuer_title=ISSUER_TITLE, issuer_organ="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
        decision_number="123/QĐ-UBND", decision_date=date(2025, 3, 5), golden_book_no=str(1045 + i),
        place_name="Bạc Liêu", signer_name="Phạm Văn Thiều",
        verify_url=f"https://vinhdanh.baclieu.gov.vn/verify/{code}", verify_code=code)
    return replace(data, **overrides)


def giay_khen(i: int = 0, **overrides) -> CertificateData:
    """A district chairperson's Giấy khen."""
    return certificate(i, layout="giay_khen", certificate_title="GIẤY KHEN",
                       issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI",
                       issuer_organ="ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI", decision_number="57/QĐ-UBND",
                       place_name="Vĩnh Lợi", signer_name="Lê Văn Hiền", **overrides)


def decision(recipients: int = 3, **overrides) -> DecisionData:
    """Decision 123/QĐ-UBND; more than five recipients puts them in the attached list."""
    lines = tuple(
        Recipient(name=_NAMES[i % len(_NAMES)] if i < len(_NAMES) else f"Ông Nguyễn Văn Số {i + 1}",
                  unit_line=_UNITS[i % len(_UNITS)], award="Bằng khen",
                  prize_money=4_680_000 if i % len(_NAMES) == 0 else 2_340_000, golden_book_no=str(1045 + i))
        for i in range(recipients))
    data = DecisionData(
        organ_name="ỦY BAN NHÂN DÂN\nTỈNH BẠC LIÊU", number="123/QĐ-UBND", place_name="Bạc Liêu",
        decision_date=date(2025, 3, 5), summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        authority_title=ISSUER_TITLE, issuer_name="Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu",
        legal_basis=LEGAL_BASIS,
        proposal="Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 15/TTr-SNV ngày 28 tháng 02 năm 2025.",
        award_text=("Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các tập thể, cá nhân, hộ gia đình "
                    "đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn "
                    "mới” giai đoạn 2021 - 2025"),
        recipients=lines,
        article2=("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Chủ tịch "
                  "Ủy ban nhân dân huyện Vĩnh Lợi và các tập thể, cá nhân, hộ gia đình có tên tại Điều 1 chịu "
                  "trách nhiệm thi hành Quyết định này kể từ ngày ký./."),
        copy_to=("Như Điều 2;", "Ban Thi đua - Khen thưởng Trung ương;", "TT. Tỉnh ủy, TT. HĐND tỉnh;",
                 "CT, các PCT UBND tỉnh;", "Lưu: VT, SNV."),
        signer_name="Phạm Văn Thiều")
    return replace(data, **overrides)
