"""Issue 13, the docs' screenshots: small things a person saw on the screens, kept fixed."""
import html
import re

from sqlalchemy import select

from tests import factories
from workflow.models import Decision, DecisionLine
from workflow.services import clock, notices


def page_of(response) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Traceback" not in body
    return html.unescape(body)


def test_a_public_decisions_recipient_line_follows_the_name_without_a_space_before_its_comma(app, session, world,
                                                                                            store):
    """The list read "Xã Vĩnh Hưng A , huyện …": the line break after the link became a space."""
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    line = session.scalars(select(DecisionLine)).one()
    assert line.recipient_line
    page = page_of(app.test_client().get(f"/decisions/{line.decision_id}"))
    assert f"<strong>{line.recipient_name}</strong></a>, {line.recipient_line}" in page


def test_the_answer_forms_outcome_is_marked_required_like_the_answer_text(session, world, store, signed_in):
    """Both are required; only the text field carried the red mark."""
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    comment = notices.receive_comment(session, notice, nomination, full_name="Lê Văn Tám", contact="0912 345 678",
                                      address="Ấp Năm Căn", body="Tôi đồng tình.")
    session.commit()
    page = page_of(signed_in(world.secretariat).get(f"/secretariat/comments/{comment.id}"))
    assert re.search(r'<legend>Kết quả xử lý<span class="req" aria-hidden="true"> \*</span></legend>', page)


def test_an_amount_and_a_verification_code_on_the_authoritys_decision_stay_on_one_line(session, world, store,
                                                                                       signed_in):
    """"4.680.000 đ" broke before its "đ", and the code into three pieces, in a table squeezed by a long reason."""
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    decision = session.scalars(select(Decision)).one()
    code = decision.lines[0].certificate.verify_code
    page = page_of(signed_in(world.chair).get(f"/authority/decisions/{decision.id}"))
    assert f'<code class="nowrap">{code}</code>' in page
    assert re.search(r'<span class="nowrap">[\d.]+ đ</span>', page)
