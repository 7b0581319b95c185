"""rules.annual_report: the statistics year, the level of an awarding authority, and a form's rows."""
from datetime import date

from workflow.rules.annual_report import FORMS_BY_CODE, Line, level_of, period, rows


def test_the_statistics_year_runs_from_1_december_to_30_november():
    assert period(2025) == (date(2024, 12, 1), date(2025, 11, 30))


def test_the_level_follows_the_awarding_authoritys_unit():
    assert [level_of(k) for k in ("province", "department", "district", "town", "commune", "ward", None)] == [
        "tinh", "tinh", "huyen", "huyen", "xa", "xa", "tinh"]


def test_rows_leave_out_empty_levels_and_categories_and_sort_award_types_by_name():
    lines = [Line("Giấy khen", "form", "xa", "individual"), Line("Bằng khen", "form", "xa", "collective"),
             Line("Bằng khen", "form", "xa", "collective")]
    table = rows(FORMS_BY_CODE["0601"], lines)
    assert [(r.number, r.label, r.figures) for r in table] == [
        ("", "Tổng số", (3, 2, 1, 0)), ("I", "Cấp xã", (3, 2, 1, 0)), ("", "Hình thức khen thưởng", (3, 2, 1, 0)),
        ("1", "Bằng khen", (2, 2, 0, 0)), ("2", "Giấy khen", (1, 0, 1, 0))]
    assert [(r.label, r.figures) for r in rows(FORMS_BY_CODE["0603"], lines)] == [("Tổng số", (0, 0, 0, 0))]
