"""A proposal with a list (issue 16), as a commune sends it today: xã Hồng Dân's Tờ trình 125/TTr-UBND carries
four nominees; it was submitted as one and the secretariat has received two of its lines so far (the proposal
reads «Đã gửi» until every line is received). Every step goes through the services.
Imports neither Flask nor the tests."""
from datetime import date

from ..models import Gender
from ..services import proposals
from ..services.proposals import Header
from .kit import Kit, Proposal, accept, household, individual, propose

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
SUMMARY = ("Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” năm "
           "2025 ở ấp, vận động Nhân dân hiến đất làm đường và giữ gìn cảnh quan sáng – xanh – sạch – đẹp.")


def hong_dan_list(kit: Kit) -> None:
    """Live, after today's stories: the list's four lines, sent as one, then handled line by line."""
    officer = kit.people.officer_hong_dan
    letter = ("125/TTr-UBND", kit.t.today)
    people = [
        individual("Danh Thị Sa Rết", position="Chi hội trưởng Chi hội Phụ nữ ấp", workplace="xã Hồng Dân, tỉnh Cà Mau",
                   gender=Gender.FEMALE, born=date(1984, 6, 2)),
        individual("Lý Văn Khải", position="Trưởng ấp Cầu Đỏ", workplace="xã Hồng Dân, tỉnh Cà Mau",
                   gender=Gender.MALE, born=date(1975, 3, 14)),
        individual("Thạch Văn Sang", position="Tổ trưởng Tổ hợp tác sản xuất lúa – tôm",
                   workplace="xã Hồng Dân, tỉnh Cà Mau", gender=Gender.MALE, born=date(1970, 8, 21),
                   works_in_production=True),
        household("Hộ ông Võ Văn Hậu", "ấp Cầu Đỏ, xã Hồng Dân, tỉnh Cà Mau"),
    ]
    lines = [propose(kit, Proposal(officer, "cm.bang_khen", nominee, summary=SUMMARY, period=PERIOD, letter=letter))
             for nominee in people]
    proposal = proposals.create(kit.session, by=officer, campaign=lines[0].campaign, proposing_unit=officer.unit,
                                header=Header(letter[0], letter[1], "Lâm Văn Phúc", "Chủ tịch UBND xã"),
                                lines=lines, now=kit.t.now())
    proposals.submit(kit.session, proposal, by=officer, expected_version=proposal.version, now=kit.t.now())
    for line in lines[:2]:
        accept(kit, line)
