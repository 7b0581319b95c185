"""The new-rural movement's results, as the secretariat entered them from the provincial coordination
office's reports (the report numbers are invented): where each district stood at the end of 2023 and of
2024, and in June 2025, the last report before the districts ended on 30/06/2025. By then some districts
had met or exceeded their targets and others were behind, and Đông Hải had not reported its model
communes. The administrator also lets a Bằng khen for a commune count towards the advanced level, so xã
Vĩnh Hưng A's award of 05/03/2025 shows in Vĩnh Lợi's figures.

Entered through services.movement, backdated on the stories' timeline, so the audit trail is real.
"""
from datetime import date

from ..models import Indicator
from ..services import clock, movement
from .kit import Kit, working_days_before

ADVANCED, MODEL = "XA_NTM_NANG_CAO", "XA_NTM_KIEU_MAU"
OFFICE = "của Văn phòng Điều phối nông thôn mới tỉnh Bạc Liêu"

# (day entered, as of, source, {indicator: {district code: communes reached so far}})
REPORTS = [
    (date(2025, 1, 3), date(2023, 12, 31), f"Báo cáo số 09/BC-VPĐP ngày 12/01/2024 {OFFICE}", {
        ADVANCED: {"BL.TPBL": 1, "BL.PL": 4, "BL.GR": 3, "BL.DH": 2, "BL.VL": 3, "BL.HB": 2, "BL.HD": 2},
        MODEL: {"BL.PL": 2, "BL.TPBL": 1}}),
    (date(2025, 1, 6), date(2024, 12, 31), f"Báo cáo số 04/BC-VPĐP ngày 03/01/2025 {OFFICE}", {
        ADVANCED: {"BL.TPBL": 2, "BL.PL": 6, "BL.GR": 5, "BL.DH": 4, "BL.VL": 5, "BL.HB": 4, "BL.HD": 4},
        MODEL: {"BL.PL": 3, "BL.TPBL": 1, "BL.VL": 1}}),
]
# The last report before the merger: entered after the spring round, before the round of the weeks past.
LAST_REPORT = (date(2025, 6, 26), date(2025, 6, 20), f"Báo cáo số 112/BC-VPĐP ngày 25/06/2025 {OFFICE}", {
    ADVANCED: {"BL.TPBL": 3, "BL.PL": 8, "BL.GR": 6, "BL.DH": 5, "BL.VL": 6, "BL.HB": 5, "BL.HD": 5},
    MODEL: {"BL.PL": 5, "BL.TPBL": 3, "BL.GR": 1, "BL.VL": 2, "BL.HB": 1, "BL.HD": 0}})
NOTES = {("BL.HD", MODEL): "Xã Ninh Quới A đã nộp hồ sơ đề nghị công nhận xã nông thôn mới kiểu mẫu; đang thẩm định.",
         ("BL.PL", ADVANCED): "Vượt kế hoạch 01 xã (Vĩnh Phú Đông đạt chuẩn sớm)."}


def early_reports(kit: Kit) -> None:
    """The reports on 2023 and 2024, entered before the spring 2025 round."""
    for report in REPORTS:
        _enter(kit, *report)


def last_report(kit: Kit, next_round: date) -> None:
    """The June 2025 report, when it fits between the spring round and the round that starts `next_round`
    (it always does when the demo is loaded after mid-2025, as the demo's own stories need)."""
    if LAST_REPORT[0] < next_round and LAST_REPORT[0] < clock.today():
        _enter(kit, *LAST_REPORT, notes=NOTES)


def first_day_of_weeks_ago_round(kit: Kit) -> date:
    return working_days_before(kit.calendar, clock.today(), 30)


def count_awards(kit: Kit) -> None:
    """The administrator counts a Bằng khen to a commune towards the advanced level. Live: catalogue changes
    happen now."""
    indicator = _indicator(kit, ADVANCED)
    movement.set_counted_award_types(kit.session, indicator, [kit.ref.award_types["bang_khen"]],
                                     by=kit.people.admin)


def _enter(kit: Kit, day: date, as_of: date, source: str, figures: dict[str, dict[str, int]], *,
           notes: dict[tuple[str, str], str] | None = None) -> None:
    kit.t.on(day)
    for code, by_unit in figures.items():
        indicator = _indicator(kit, code)
        for unit_code, value in by_unit.items():
            movement.record_result(kit.session, indicator, by=kit.people.secretariat, unit=kit.ref.unit(unit_code),
                                   value=value, as_of=as_of, source=source, note=(notes or {}).get((unit_code, code), ""),
                                   today=kit.t.today, now=kit.t.now())


def _indicator(kit: Kit, code: str) -> Indicator:
    return next(i for i in kit.ref.campaign.indicators if i.code == code)
