"""The demo accounts, one per role, all with the one demo password. Names are fictional, except the
chairman Phạm Văn Thiều, who is named in the seed article and signs as himself.

On 01/07/2025 the people follow their units: `reorganise` moves each account whose unit ended to the unit
that took over (the Vĩnh Lợi and Hồng Dân officers become officers of xã Vĩnh Lợi and xã Hồng Dân of tỉnh Cà
Mau, hoidong3 moves with them, so it is still recused on its own unit's nominations). The province's staff
hold their roles for both authorities: Bạc Liêu's until it ended (its records), Cà Mau's since."""
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models import RoleGrant, User
from ..rules.permissions import Grant, Role
from ..services import users
from .reference import MERGED_FROM, Reference

# Where the officers and hoidong3 work from 01/07/2025 (the communes formed from their districts)
MOVED_TO = {"donvi.vinhloi": "CM.VL", "donvi.hongdan": "CM.HD", "hoidong3": "CM.VL"}
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
        both = list(dict.fromkeys(g for grant in grants for g in (grant, _for_ca_mau(grant, ref))))
        # issue 18: every demo account has a mailbox at the demo's own domain (never a real one)
        return users.create_user(session, username=username, full_name=full_name, password=password,
                                 unit_id=unit_id, grants=both, email=f"{username}@vinhdanh.local")

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


def _for_ca_mau(grant: Grant, ref: Reference) -> Grant:
    """The same role for Cà Mau's authority (a province-wide role); a unit officer's grant stays as it is."""
    if grant.authority_id != ref.province_authority.id:
        return grant
    return Grant(grant.role, unit_id=grant.unit_id, authority_id=ref.ca_mau_authority.id)


def reorganise(session: Session, ref: Reference, people: People) -> None:
    """01/07/2025, as the administrator records it: each account whose unit ended moves to the unit that took
    over (the named communes for the officers and hoidong3); a unit officer is also officer of the new commune,
    and keeps the old district's grant to read its records (the district can no longer act: it is not in force).
    Plain rows, like the rest of the reference data."""
    accounts = [people.officer_vinh_loi, people.officer_hong_dan, people.secretariat, *people.council, people.chair]
    for account in accounts:
        target = ref.unit(MOVED_TO[account.username]) if account.username in MOVED_TO else \
            account.unit.as_of(MERGED_FROM) if account.unit else None
        if target is None or target is account.unit:
            continue
        if any(g.role == Role.UNIT_OFFICER for g in account.grants):
            account.grants.append(RoleGrant(role=str(Role.UNIT_OFFICER), unit_id=target.id))
        account.unit = target
    session.flush()
