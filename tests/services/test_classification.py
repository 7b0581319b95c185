"""A title is a title: decisions name it «danh hiệu “…”», the statistics count titles and forms apart, and the
migration reclassifies existing Cờ thi đua / Chiến sĩ thi đua / Lao động xuất sắc rows."""
from datetime import date

from tests import factories
from workflow.rules.nominees import NomineeKind
from workflow.services import decisions, documents
from workflow.services.movement import statistics


def test_statistics_count_titles_and_forms_separately(session, world, store):
    title = factories.endorsed(session, world, store, award_type=world.chien_si, kind=NomineeKind.INDIVIDUAL)
    forms = [factories.endorsed(session, world, store) for _ in range(2)]
    for nomination in [title, *forms]:
        decisions.decide(session, [nomination], by=world.chair, signer=world.signer, decision_date=date(2025, 3, 5),
                         expected_versions={nomination.id: nomination.version})
    rows = statistics.awards(session, world.campaign)
    assert {(r.award_type, r.category) for r in rows} == {
        ("Chiến sĩ thi đua cấp tỉnh", "Danh hiệu thi đua"), ("Bằng khen của Chủ tịch UBND tỉnh", "Hình thức khen thưởng")}
    assert statistics.totals(rows, "category") == [("Danh hiệu thi đua", 1, 0), ("Hình thức khen thưởng", 2, 0)]


def test_a_decision_for_a_title_says_danh_hieu_in_its_title_and_article_one(session, world, store):
    nomination = factories.endorsed(session, world, store, award_type=world.chien_si, kind=NomineeKind.INDIVIDUAL,
                                    name="Nguyễn Văn An")
    decision = decisions.decide(session, [nomination], by=world.chair, signer=world.signer,
                                decision_date=date(2025, 3, 5), expected_versions={nomination.id: nomination.version})
    assert decision.title == "Về việc tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh”"
    data = documents.decision_data(decision)   # what the decision PDF prints
    assert data.summary == decision.title
    assert data.award_text.startswith("Tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh” cho")

def test_a_decision_for_a_form_keeps_its_name(session, world, store):
    nomination = factories.endorsed(session, world, store)
    decision = decisions.decide(session, [nomination], by=world.chair, signer=world.signer,
                                decision_date=date(2025, 3, 5), expected_versions={nomination.id: nomination.version})
    assert decision.title == "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh"
