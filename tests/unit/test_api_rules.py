"""The integration API's pure rules: tokens, cursors, webhook signatures."""
from workflow.rules.api import (Scope, decode_cursor, encode_cursor, new_token, parse_scopes, sign, signature_valid,
                                token_hash, token_matches, token_prefix)


def test_a_token_carries_its_prefix_and_only_its_hash_matches():
    prefix, token = new_token()
    assert token_prefix(token) == prefix and len(token_hash(token)) == 64
    assert token_matches(token, token_hash(token)) and not token_matches(token + "x", token_hash(token))
    assert token_prefix("vd_short_x") is None and token_prefix("Bearer " + token) is None
    assert new_token()[1] != token


def test_unknown_scopes_are_never_granted():
    assert parse_scopes("proposals:read admin:all  proposals:write") == {Scope.PROPOSALS_READ, Scope.PROPOSALS_WRITE}
    assert parse_scopes("") == frozenset()


def test_a_cursor_round_trips_and_anything_else_is_refused():
    assert decode_cursor(encode_cursor("2025-03-03", 42), str, int) == ("2025-03-03", 42)
    assert decode_cursor(encode_cursor(7), str) is None            # a value of another type
    assert decode_cursor(encode_cursor(7), int, int) is None       # another count of values
    assert decode_cursor(encode_cursor(True), int) is None         # a bool is not a number here
    for junk in ("", "g", "!!!", "W10", "x" * 500, encode_cursor(1)[:-1] + "%"):
        assert decode_cursor(junk, int) is None


def test_a_signature_checks_the_body_the_secret_and_the_time():
    header = sign("bi-mat", 1_765_000_000, b'{"id":1}')
    assert header.startswith("t=1765000000,v1=")
    assert signature_valid("bi-mat", header, b'{"id":1}', now=1_765_000_100)
    assert not signature_valid("bi-mat", header, b'{"id":2}', now=1_765_000_100)
    assert not signature_valid("khac", header, b'{"id":1}', now=1_765_000_100)
    assert not signature_valid("bi-mat", header, b'{"id":1}', now=1_765_001_000)   # replayed later
    assert not signature_valid("bi-mat", "v1=abc", b'{"id":1}', now=1_765_000_100)
