"""The transparency log's public routes (docs/transparency.md): the signed checkpoints (latest, list, one), the
log's key, inclusion and consistency proofs, the leaves, and a certificate's leaves. Proofs and leaves are JSON
with hashes in base64, as in the checkpoint; a bad query string is a 400 with a Vietnamese message, never a 500."""
from datetime import date

from flask import Response, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from ...errors import render_error
from ...extensions import db
from ...log_key import log_public_key
from ...rules import merkle
from ...services import log_tree, register, transparency_log
from ...services.transparency_log import b64
from ...urls import log_origin
from . import bp, paginate, public_for

IMMUTABLE = 86_400      # a note of one size, a proof between fixed sizes: never change
MAX_SIZE = 2 ** 62


@bp.app_template_filter("b64")
def _b64_filter(digest: bytes) -> str:
    return b64(digest)


class BadQuery(Exception):
    """A query string the log cannot answer: the message says which parameter and why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


JSON_ENDPOINTS = frozenset({"public.log_checkpoints_json", "public.log_key", "public.log_inclusion",
                            "public.log_consistency", "public.log_leaves", "public.log_certificate"})
TEXT_ENDPOINTS = frozenset({"public.log_checkpoint_latest", "public.log_checkpoint", "public.log_key_text"})


@bp.errorhandler(BadQuery)
def _bad_query(error: BadQuery):
    """JSON for the JSON routes, plain text for the notes, the error page for the list."""
    if request.endpoint in JSON_ENDPOINTS:
        return jsonify(error=error.message), error.status
    if request.endpoint in TEXT_ENDPOINTS:
        return Response(error.message + "\n", error.status, mimetype="text/plain")
    return render_error(error.status, error.message)


def _number(name: str, *, default: int | None = None, minimum: int = 0) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        if default is None:
            raise BadQuery(_("Thiếu tham số «%(name)s» (một số nguyên).", name=name))
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19 or int(raw) < minimum or int(raw) > MAX_SIZE:
        raise BadQuery(_("Tham số «%(name)s» phải là số nguyên từ %(min)d trở lên.", name=name, min=minimum))
    return int(raw)


def _text(body: str, seconds: int | None = None) -> Response:
    response = Response(body, mimetype="text/plain")
    if seconds:
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response


@bp.get("/transparency/checkpoint")
def log_checkpoint_latest():
    latest = transparency_log.latest(db.session)
    if latest is None:
        raise BadQuery(_("Chưa có điểm kiểm chứng nào được ký."), 404)
    return _text(latest.note)


@bp.get("/transparency/checkpoints/<int:size>")
def log_checkpoint(size: int):
    found = transparency_log.at_size(db.session, size) if size <= MAX_SIZE else None
    if found is None:
        raise BadQuery(_("Không có điểm kiểm chứng nào ở kích thước %(size)d.", size=size), 404)
    return _text(found.note, IMMUTABLE)


def _filters() -> tuple[int | None, date | None]:
    size = _number("size", default=0, minimum=0) or None
    raw = request.args.get("date", "").strip()
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        raise BadQuery(_("Ngày phải có dạng YYYY-MM-DD.")) from None
    return size, day


@bp.get("/transparency/checkpoints")
def log_checkpoints():
    size, day = _filters()
    page = paginate(transparency_log.listing(size=size, day=day), per_page=50)
    return render_template("public/log_checkpoints.html", page=page, size=size, day=day,
                           latest=transparency_log.latest(db.session), tree_size=log_tree.size(db.session))


@bp.get("/transparency/checkpoints.json")
def log_checkpoints_json():
    size, day = _filters()
    page = paginate(transparency_log.listing(size=size, day=day), per_page=100)
    return jsonify(page=page.page, pages=page.pages, total=page.total, checkpoints=[
        {"size": c.size, "root": b64(c.root), "time": c.signed_at.isoformat() + "Z",
         "note": url_for(".log_checkpoint", size=c.size, _external=True)} for c in page.items])


@bp.get("/transparency/key")
def log_key():
    public = log_public_key()
    if public is None:
        raise BadQuery(_("Hệ thống chưa cấu hình khóa của nhật ký minh bạch."), 404)
    origin = log_origin()
    return jsonify(origin=origin, key_name=origin, algorithm="Ed25519", verifier_key=public.note_verifier_key(origin),
                   public_key=b64(public.raw))


@bp.get("/transparency/key.txt")
def log_key_text():
    public = log_public_key()
    if public is None:
        raise BadQuery(_("Hệ thống chưa cấu hình khóa của nhật ký minh bạch."), 404)
    return _text(public.note_verifier_key(log_origin()) + "\n")


def _latest_size() -> int:
    latest = transparency_log.latest(db.session)
    return latest.size if latest else log_tree.size(db.session)


def _in_tree(size: int) -> None:
    current = log_tree.size(db.session)
    if size > current:
        raise BadQuery(_("Nhật ký mới có %(current)d sự kiện công khai, chưa có cây kích thước %(size)d.",
                         current=current, size=size), 404)


@bp.get("/transparency/proof/inclusion")
def log_inclusion():
    index, size = _number("index"), _number("size", default=0) or _latest_size()
    if index >= size:
        raise BadQuery(_("Chỉ số lá «index» phải nhỏ hơn kích thước cây «size» (%(size)d).", size=size))
    _in_tree(size)
    proof = log_tree.inclusion(db.session, index, size)
    response = jsonify(index=index, size=size, leaf_hash=b64(proof.leaf), root=b64(proof.root),
                       proof=[b64(h) for h in proof.hashes])
    if request.args.get("size"):   # a proof in a tree of a given size never changes; "the latest" does
        response.headers["Cache-Control"] = f"public, max-age={IMMUTABLE}"
    return response


@bp.get("/transparency/proof/consistency")
@public_for(IMMUTABLE)
def log_consistency():
    old, new = _number("from", minimum=1), _number("to", minimum=1)
    if old > new:
        raise BadQuery(_("Kích thước «from» không được lớn hơn «to»."))
    _in_tree(new)
    proof = log_tree.consistency(db.session, old, new)
    return jsonify(**{"from": old, "to": new, "from_root": b64(proof.first_root), "to_root": b64(proof.root),
                      "proof": [b64(h) for h in proof.hashes]})


@bp.get("/transparency/leaves")
def log_leaves():
    start = _number("start", default=0)
    end = min(_number("end", default=start + log_tree.MAX_LEAVES), start + log_tree.MAX_LEAVES)
    if end <= start:
        raise BadQuery(_("«end» phải lớn hơn «start»."))
    found = log_tree.leaves(db.session, start, min(end, log_tree.size(db.session)))
    following = end if found and end < log_tree.size(db.session) else None
    return jsonify(start=start, end=start + len(found), leaves=[
        {"index": leaf.index, "seq": leaf.seq, "data": leaf.data.decode(),
         "leaf_hash": b64(merkle.leaf_hash(leaf.data))} for leaf in found],
        next=url_for(".log_leaves", start=following, _external=True) if following is not None else None)


@bp.get("/transparency/certificates/<code>")
def log_certificate(code: str):
    code = register.clean_code(code)
    found = transparency_log.certificate_events(db.session, code) if register.is_code(code) else None
    if found is None:
        raise BadQuery(_("Không tìm thấy bằng khen, giấy khen nào có mã này."), 404)
    latest = transparency_log.latest(db.session)
    return jsonify(code=found.code, nomination_id=found.nomination_id, pdf_sha256=found.pdf_sha256,
                   checkpoint_size=latest.size if latest else None, events=[
                       {"seq": e.seq, "leaf_index": e.leaf_index, "action": e.action,
                        "occurred_at": e.occurred_at.isoformat(),
                        "proof": url_for(".log_inclusion", index=e.leaf_index, size=latest.size, _external=True)
                        if latest and e.leaf_index < latest.size else None} for e in found.events])
