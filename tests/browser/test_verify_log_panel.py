"""Issue 19 in Chromium: a citizen checks a certificate and reads, under its PDF checks, that its award is in the
transparency log, proved against the latest signed checkpoint; follows the link to the inclusion proof (JSON a
program can check); and, once the award is revoked, sees the revocation recorded but waiting for the next
checkpoint, until the next checkpoint proves it too."""
import base64
import json

from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from workflow.log_key import log_signer
from workflow.models import Certificate
from workflow.rules import merkle
from workflow.services import decisions, transparency_log


def _sign(app, session):
    made = transparency_log.checkpoint(session, log_signer(app))
    session.commit()
    return made


def test_the_verify_page_shows_the_certificate_in_the_log(app, session, world, store, visitor, accessible):
    nomination = factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    code = session.scalar(select(Certificate.verify_code))
    checkpoint = _sign(app, session)
    citizen = visitor()

    citizen.goto(f"/verify/{code}")
    panel = citizen.locator("section.log-panel")
    expect(panel.get_by_role("heading", name="Trong nhật ký minh bạch")).to_be_visible()
    expect(panel).to_contain_text(f"{checkpoint.size} sự kiện công khai")
    expect(panel).to_contain_text("Chữ ký của nhật ký hợp lệ.")
    proved = panel.locator("li.log-verified")
    expect(proved).to_have_count(1)
    expect(proved).to_contain_text("Quyết định khen thưởng")
    accessible(citizen)

    # the proof behind the tick: JSON whose path hashes to the checkpoint's root
    proved.get_by_role("link", name="Bằng chứng bao hàm (JSON)").click()
    proof = json.loads(citizen.locator("body").inner_text())
    leaf = json.loads(citizen.request.get(f"/transparency/leaves?start={proof['index']}&end={proof['index'] + 1}")
                      .text())["leaves"][0]
    assert merkle.verify_inclusion(proof["index"], proof["size"], merkle.leaf_hash(leaf["data"].encode()),
                                   [base64.b64decode(h) for h in proof["proof"]], checkpoint.root)
    citizen.go_back()

    # revoked after the checkpoint: recorded, proved at the next one
    decisions.revoke(session, nomination, by=world.chair, expected_version=nomination.version,
                     reason="Số liệu kê khai không đúng thực tế.", revoking_decision_no="1035/QĐ-UBND")
    session.commit()
    citizen.reload()
    expect(panel.locator("li.log-pending")).to_contain_text("sẽ có trong điểm kiểm chứng kế tiếp")
    _sign(app, session)
    citizen.reload()
    expect(panel.locator("li.log-verified")).to_have_count(2)
    expect(panel.locator("li.log-pending")).to_have_count(0)
