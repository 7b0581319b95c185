"""The demo accounts, one per role, all with the one demo password. Names are fictional, except the
chairman Phạm Văn Thiều, who is named in the seed article and signs as himself."""
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models import User
from ..rules.permissions import Grant, Role
from ..services import users
from .reference import Reference

# username, full name, home unit code; hoidong3 belongs to huyện Vĩnh Lợi, so the recusal rule shows
COUNCIL = [
    ("hoidong1", "Huỳnh Văn Tâm", "BL"),
    ("hoidong2", "Lê Thị Kim Loan", "BL.SNV"),
    ("hoidong3", "Đặng Văn Lộc", "BL.VL"),
    ("hoidong4", "Phan Thị Mỹ Dung", "BL"),
    ("hoidong5", "Châu Văn Hiếu", "BL"),
    ("hoidong6", "Tô Thị Bích Ngọc", "BL.SNV"),
    ("hoidong7", "Dương Minh Trí", "BL"),
]


@dataclass
class People:
    officer_vinh_loi: User
    officer_hong_dan: User
    secretariat: User
    council: list[User]   # hoidong1 … hoidong7, in order
    chair: User           # Phạm Văn Thiều
    admin: User


def create(session: Session, ref: Reference, password: str) -> People:
    authority = ref.province_authority.id

    def user(username: str, full_name: str, unit_code: str | None, *grants: Grant) -> User:
        unit_id = ref.unit(unit_code).id if unit_code else None
        return users.create_user(session, username=username, full_name=full_name, password=password,
                                 unit_id=unit_id, grants=grants)

    vinh_loi, hong_dan = ref.unit("BL.VL").id, ref.unit("BL.HD").id
    people = People(
        officer_vinh_loi=user("donvi.vinhloi", "Nguyễn Thị Thu Hà", "BL.VL",
                              Grant(Role.UNIT_OFFICER, unit_id=vinh_loi)),
        officer_hong_dan=user("donvi.hongdan", "Lâm Văn Phúc", "BL.HD", Grant(Role.UNIT_OFFICER, unit_id=hong_dan)),
        secretariat=user("thuky", "Trần Thị Ngọc Mai", "BL.SNV", Grant(Role.SECRETARIAT, authority_id=authority)),
        council=[user(name, full_name, unit, Grant(Role.COUNCIL_MEMBER, authority_id=authority))
                 for name, full_name, unit in COUNCIL],
        chair=user("chutich", ref.chairman.full_name, "BL", Grant(Role.AUTHORITY, authority_id=authority)),
        admin=user("quantri", "Võ Hoàng Nam", None, Grant(Role.ADMIN)),
    )
    ref.chairman.user_id = people.chair.id
    session.flush()
    return people
