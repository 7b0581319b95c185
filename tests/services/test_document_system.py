"""The document system's HTTP client (services/office_register/document_system.py) against a real local server
started by the test: a number from its register, the token sent as a bearer header, and each way it can fail
(timeout, refused connection, HTTP 5xx and 4xx, garbage, a number that is no number, another symbol) refused with a
Vietnamese sentence that names the system and says nothing was issued."""
import socket
from datetime import date

import pytest

from tests.document_system_fake import FakeDocumentSystem
from workflow.rules.errors import ValidationFailed
from workflow.services.office_register import DocumentSystemUnavailable, HttpDocumentSystem, NumberRequest

REQUEST = NumberRequest(issuer="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", symbol="QĐ-UBND", decision_date=date(2026, 12, 7),
                        title="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh")


@pytest.fixture
def fake():
    with FakeDocumentSystem(first=123) as server:
        yield server


def _refusal(client: HttpDocumentSystem) -> str:
    with pytest.raises(DocumentSystemUnavailable) as info:
        client.take_number(REQUEST)
    message = info.value.message
    assert message.startswith("Không lấy được số quyết định: hệ thống quản lý văn bản (")
    assert "Quyết định chưa được ban hành" in message
    return message


def test_the_register_gives_the_next_number_and_is_told_what_it_numbers(fake):
    client = HttpDocumentSystem(fake.url, "bi-mat-123", timeout=2)
    assert client.take_number(REQUEST) == 123
    assert client.take_number(REQUEST) == 124
    headers, body = fake.requests[0]
    assert headers["Authorization"] == "Bearer bi-mat-123"
    assert body == {"symbol": "QĐ-UBND", "year": 2026, "date": "2026-12-07", "issuer": "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
                    "title": "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh"}


def test_no_token_no_authorization_header_and_the_token_never_shows_in_the_clients_repr(fake):
    HttpDocumentSystem(fake.url, timeout=2).take_number(REQUEST)
    assert "Authorization" not in fake.requests[0][0]
    assert "bi-mat" not in repr(HttpDocumentSystem(fake.url, "bi-mat-123"))


def test_a_slow_system_is_refused_after_the_timeout(fake):
    fake.answer(delay=1.5)
    assert "không trả lời trong 0.3 giây" in _refusal(HttpDocumentSystem(fake.url, timeout=0.3))


def test_a_system_that_is_down_is_refused():
    with socket.socket() as probe:   # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert "không kết nối được" in _refusal(HttpDocumentSystem(f"http://127.0.0.1:{port}/cap-so", timeout=2))


@pytest.mark.parametrize(("status", "words"), [(500, "mã lỗi HTTP 500"), (503, "mã lỗi HTTP 503"),
                                               (401, "mã lỗi HTTP 401")])
def test_an_error_status_is_refused_with_its_code(fake, status, words):
    fake.answer(status=status)
    assert words in _refusal(HttpDocumentSystem(fake.url, timeout=2))


@pytest.mark.parametrize(("body", "words"), [
    (b"<html>Bao tri he thong</html>", "không phải JSON"),
    (b'{"so": 5}', "không có số văn bản hợp lệ"),
    (b'{"number": "12a"}', "không có số văn bản hợp lệ"),
    (b'{"number": 0}', "không có số văn bản hợp lệ"),
    (b'{"number": true}', "không có số văn bản hợp lệ"),
    (b"[1, 2, 3]", "không có số văn bản hợp lệ"),
    ('{"number": 7, "symbol": "7/QĐ-SNV"}'.encode(), "khác ký hiệu «QĐ-UBND»"),
])
def test_garbage_is_refused(fake, body, words):
    fake.answer(body=body)
    assert words in _refusal(HttpDocumentSystem(fake.url, timeout=2))


def test_only_http_addresses_are_accepted():
    for url in ("file:///etc/passwd", "ftp://qlvb.example/cap-so", "qlvb.camau.gov.vn"):
        with pytest.raises(ValidationFailed, match="phải bắt đầu bằng https://"):
            HttpDocumentSystem(url)
