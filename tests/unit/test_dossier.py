"""rules.dossier: the required documents as the administrator writes them, and the one check of what is missing."""
import pytest

from workflow.rules.dossier import (checklist, chosen_document, missing_documents, missing_sentence,
                                    parse_documents)
from workflow.rules.errors import ValidationFailed

REQUIRED = ["Biên bản họp xét của đơn vị đề nghị", "Báo cáo thành tích", "Xác nhận phạm vi ảnh hưởng của sáng kiến"]


def test_one_document_a_line_blank_lines_dropped_and_a_repeat_counted_once():
    text = "  Biên bản họp xét của   đơn vị đề nghị \n\nBáo cáo thành tích\nbao cao thanh tich\n"
    assert parse_documents(text) == ["Biên bản họp xét của đơn vị đề nghị", "Báo cáo thành tích"]
    assert parse_documents("") == []


def test_a_name_too_long_is_refused_with_its_line_number():
    with pytest.raises(ValidationFailed) as refused:
        parse_documents("Báo cáo thành tích\n" + "x" * 201)
    assert refused.value.message.startswith("Dòng 2:") and refused.value.field == "required_documents"


def test_missing_documents_keeps_the_administrators_order_and_ignores_accents_and_case():
    assert missing_documents(REQUIRED, ["BÁO CÁO THÀNH TÍCH", "", None]) == [REQUIRED[0], REQUIRED[2]]
    assert missing_documents(REQUIRED, REQUIRED) == []
    assert missing_documents([], ["Báo cáo thành tích"]) == []


def test_the_checklist_says_present_or_missing_for_each_required_document():
    assert checklist(REQUIRED, ["Báo cáo thành tích"]) == [(REQUIRED[0], False), (REQUIRED[1], True),
                                                          (REQUIRED[2], False)]


def test_the_refusal_is_one_sentence_naming_every_missing_document():
    assert missing_sentence([]) is None
    assert missing_sentence(REQUIRED[:2]) == ("Hồ sơ còn thiếu giấy tờ bắt buộc: «Biên bản họp xét của đơn vị đề "
                                              "nghị»; «Báo cáo thành tích».")


def test_an_upload_names_a_document_of_the_list_or_none():
    assert chosen_document(REQUIRED, "") == ""
    assert chosen_document(REQUIRED, "bao cao thanh tich") == "Báo cáo thành tích"
    with pytest.raises(ValidationFailed) as refused:
        chosen_document(REQUIRED, "Giấy khai sinh")
    assert "không có trong danh sách" in refused.value.message
