"""Free text through the real forms (test client, CSRF on): every form derives from the cleaning base, and a
name with a right-to-left override, zero-width characters or a flood of combining marks is stored clean,
while a password is taken exactly as typed."""
import importlib
import pkgutil

import flask_wtf
from sqlalchemy import select

import workflow
from tests.web.test_public import disclosed, individual, post_comment
from tests.web.test_unit import collective_form
from workflow.forms.common import FlaskForm
from workflow.models import Campaign, Nomination, PublicComment, User
from workflow.services.admin import accounts


def _all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(workflow.__path__, "workflow."):
        if module.name.startswith(("workflow.forms", "workflow.views")):
            importlib.import_module(module.name)
    found, todo = [], list(flask_wtf.FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return [cls for cls in found if cls.__module__.startswith("workflow.")]


def test_every_form_of_the_app_derives_from_the_cleaning_base(app):
    forms = _all_form_classes()
    assert len(forms) > 30
    assert [f"{cls.__module__}.{cls.__qualname__}" for cls in forms if not issubclass(cls, FlaskForm)] == []


def test_a_nominee_name_with_a_right_to_left_override_is_stored_without_it(app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    form = collective_form(world, kind="individual", person_name="Nguyễn\u202eVăn A", gender="male",
                           award_type=str(world.chien_si.id), position="Trưởng\u200b ấp\u2066",
                           workplace="xã Vĩnh Hưng A" + "\u0301" * 50,
                           achievement_summary="- Tham gia\u200d xây dựng\r\n- Hiến đất\u202e làm đường.")
    assert officer.post("/unit/nominations/new", form).status_code == 302
    nomination = session.scalars(select(Nomination)).one()
    nominee = nomination.nominee
    assert nominee.full_name == "NguyễnVăn A"
    assert nominee.position == "Trưởng ấp"
    assert nominee.workplace == "xã Vĩnh Hưng Á" + "\u0301" * 3   # NFC: A + acute is Á, then three marks
    assert nomination.achievement_summary == "- Tham gia xây dựng\n- Hiến đất làm đường."


def test_a_real_vietnamese_name_is_stored_exactly(app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    form = collective_form(world, collective_name="Nhân dân và cán bộ xã Vĩnh Hưng A – Đội Ưng Kỳ Ễnh")
    assert officer.post("/unit/nominations/new", form).status_code == 302
    assert session.scalars(select(Nomination)).one().nominee.full_name == (
        "Nhân dân và cán bộ xã Vĩnh Hưng A – Đội Ưng Kỳ Ễnh")


def test_a_name_of_invisible_characters_only_is_refused_as_empty(app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    form = collective_form(world, kind="individual", person_name="\u200b\u202e\u2066", gender="male",
                           award_type=str(world.chien_si.id))
    page = officer.post("/unit/nominations/new", form)
    assert page.status_code == 200 and "Cần nhập họ và tên." in page.get_data(as_text=True)
    assert session.scalars(select(Nomination)).all() == []


def test_a_citizens_comment_is_stored_clean(app, world, session, store, browser):
    nomination = individual(session, world, store)
    notice = disclosed(session, world, nomination)
    session.commit()
    response = post_comment(browser, notice, nomination, full_name="Lê\u202e Văn Tám\u200b",
                            body="Đề nghị\u2067 làm rõ.\r\nCảm ơn.")
    assert response.status_code == 303
    comment = session.scalar(select(PublicComment))
    assert (comment.full_name, comment.body) == ("Lê Văn Tám", "Đề nghị làm rõ.\nCảm ơn.")


def test_an_administrators_campaign_name_is_stored_clean(app, world, session, signed_in):
    admin = signed_in(world.admin)
    response = admin.post(f"/admin/campaigns/{world.campaign.id}/edit", {
        "name": "Phong trào\u202e thi đua\u200b 2025", "authority": str(world.authority.id),
        "period_start": "2021-01-01", "period_end": "2025-12-31",
        "award_types": [str(a.id) for a in world.campaign.award_types]})
    assert response.status_code == 302
    assert session.get(Campaign, world.campaign.id).name == "Phong trào thi đua 2025"


def test_a_password_is_taken_exactly_as_typed(app, world, session, browser):
    password = "Mật\u200bkhẩu\u202e-rất-dài-2025"
    accounts.reset_password(session, world.officer_a, by=world.admin, password=password)
    session.commit()
    assert browser.post("/login", {"username": world.officer_a.username, "password": password}).status_code == 302


def test_the_create_user_command_cleans_the_full_name(app, world, session):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "thuky3", "--full-name", "Trần\u202e Thị\u200b Thư Ký", "--role", "secretariat",
        "--authority-id", str(world.authority.id), "--password", "mot-mat-khau-dai"])
    assert result.exit_code == 0, result.output
    assert session.scalar(select(User.full_name).where(User.username == "thuky3")) == "Trần Thị Thư Ký"
