#!/usr/bin/env python3
"""vinhdanh_verify: check a Vinh danh site's transparency log yourself (docs/transparency.md).

Standalone: Python 3.10+, the standard library and the `cryptography` package (Ed25519 only). Nothing is taken on
the server's word: signatures are checked with the log key you give (or pinned on first use), proofs are
recomputed here (RFC 6962 / RFC 9162), leaves are re-hashed from their data, and every checkpoint is kept in a
state folder so that the next run can prove the log only grew since.

    python3 vinhdanh_verify.py --server https://vinhdanh.example --key 'ORIGIN+KEYID+BASE64' checkpoint
    python3 vinhdanh_verify.py --server https://vinhdanh.example certificate ABCD2345EFGH6789 --pdf bang-khen.pdf
    python3 vinhdanh_verify.py --server https://vinhdanh.example leaves

Offline, a paper certificate or a credential (docs/credentials.md), against the issuer's published key:

    python3 vinhdanh_verify.py qr PHOTO.png --issuer-key z6Mk… --record record.json      # zbarimg reads the QR
    python3 vinhdanh_verify.py --server https://vinhdanh.example qr PHOTO.png --issuer-key issuer.json
    python3 vinhdanh_verify.py credential credential.json --issuer-key z6Mk…

Exit codes: 0 everything checked out; 1 a check failed (tampering, a fork, a missing event, a bad signature);
2 usage or network problem (nothing could be concluded).
"""
import argparse
import base64
import binascii
import hashlib
import json
import os
import re
import shutil
import subprocess  # nosec B404: zbarimg, found on PATH, on the image named on the command line
import sys
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

OK, FAILED, UNUSABLE = 0, 1, 2
NOTE_DASH = "\u2014"
HASH_SIZE = 32
HASHED_FIELDS = ("seq", "occurred_at", "actor_id", "actor_name", "role", "action", "object_type", "object_id",
                 "from_state", "to_state", "changes", "reason", "visibility", "prev_hash")


class Failure(Exception):
    """A check failed: the site's log is not what it claims (exit 1)."""


class Unusable(Exception):
    """Bad usage or an unreachable site: nothing concluded (exit 2)."""


# --- RFC 6962 hashing and RFC 9162 verification -----------------------------------------------------------------

def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_of(leaves: list[bytes]) -> bytes:
    """MTH of leaf hashes, folding the complete subtrees of the right edge (memory: log n hashes)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    stack: list[tuple[int, bytes]] = []
    for leaf in leaves:
        current, level = leaf, 0
        while stack and stack[-1][0] == level:
            current, level = node_hash(stack.pop()[1], current), level + 1
        stack.append((level, current))
    current = stack.pop()[1]
    while stack:
        current = node_hash(stack.pop()[1], current)
    return current


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < size or any(len(p) != HASH_SIZE for p in proof):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]) -> bool:
    """RFC 9162 §2.1.4.2 (equal sizes: equal roots and an empty proof)."""
    if not 0 < old <= new or any(len(p) != HASH_SIZE for p in proof):
        return False
    if old == new:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = ([old_root] if old & (old - 1) == 0 else []) + list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0


def canonical(record: dict) -> bytes:
    """The leaf data of a public event: its JSON with sorted keys, no spaces, non-ASCII kept, UTF-8."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(record: dict) -> str:
    """The audit chain's hash of an event: SHA-256 of the canonical JSON of its 14 hashed fields."""
    return hashlib.sha256(canonical({name: record.get(name) for name in HASHED_FIELDS})).hexdigest()


# --- keys, signed notes, checkpoints ------------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_id: bytes
    raw: bytes          # 32-byte Ed25519 public key
    text: str

    @classmethod
    def parse(cls, text: str) -> "VerifierKey":
        """`<name>+<hex key id>+<base64(0x01 || key)>` (C2SP signed-note verifier key)."""
        parts = text.strip().split("+", 2)
        try:
            name, key_id, raw = parts[0], bytes.fromhex(parts[1]), base64.b64decode(parts[2], validate=True)
        except (IndexError, ValueError, binascii.Error):
            raise Unusable("Khóa kiểm tra không đúng dạng «tên+mã khóa+base64».") from None
        if len(key_id) != 4 or len(raw) != 33 or raw[0] != 1:
            raise Unusable("Khóa kiểm tra không phải khóa Ed25519 của ghi chú có chữ ký (C2SP signed note).")
        expected = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
        if expected != key_id:
            raise Unusable("Mã khóa không khớp với tên và khóa: khóa kiểm tra bị chép sai.")
        return cls(name, key_id, raw[1:], text.strip())


def open_note(note: str, key: VerifierKey) -> str:
    """The signed text of `note` if `key` signed it; Failure otherwise."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    text, separator, signatures = note.rpartition("\n\n")
    if not separator:
        raise Failure("Điểm kiểm chứng không có dòng chữ ký.")
    text += "\n"
    for line in signatures.splitlines():
        dash, _, rest = line.partition(" ")
        signer, _, encoded = rest.partition(" ")
        if dash != NOTE_DASH or signer != key.name:
            continue
        try:
            raw = base64.b64decode(encoded, validate=True)
            if raw[:4] == key.key_id:
                Ed25519PublicKey.from_public_bytes(key.raw).verify(raw[4:], text.encode())
                return text
        except (binascii.Error, ValueError, InvalidSignature):
            continue
    raise Failure(f"Chữ ký của điểm kiểm chứng KHÔNG hợp lệ với khóa {key.name}.")


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: str
    note: str


def parse_checkpoint(note: str, key: VerifierKey) -> Checkpoint:
    text = open_note(note, key)
    lines = text.split("\n")
    if len(lines) != 5 or not re.fullmatch(r"0|[1-9][0-9]*", lines[1]) or not lines[3].startswith("time "):
        raise Failure("Điểm kiểm chứng có chữ ký nhưng không đúng định dạng (nguồn, kích thước, gốc, thời điểm).")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except (binascii.Error, ValueError):
        root = b""
    if len(root) != HASH_SIZE or lines[0] != key.name:
        raise Failure("Điểm kiểm chứng có mã băm gốc hoặc nguồn (origin) không hợp lệ.")
    return Checkpoint(lines[0], int(lines[1]), root, lines[3][5:], note)


# --- the site ---------------------------------------------------------------------------------------------------

@dataclass
class Site:
    base: str
    timeout: float = 30.0

    def get(self, path: str, **query) -> bytes:
        url = self.base.rstrip("/") + path + (("?" + urllib.parse.urlencode(query)) if query else "")
        request = urllib.request.Request(url, headers={"User-Agent": "vinhdanh-verify/1"})
        try:   # the address the user gave, http(s) only (checked in main)
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # nosec B310
                return response.read()
        except urllib.error.HTTPError as error:
            raise SiteError(error.code, _message(error.read()), url) from None
        except (urllib.error.URLError, OSError) as error:
            raise Unusable(f"Không kết nối được {url}: {error}") from None

    def json(self, path: str, **query):
        try:
            return json.loads(self.get(path, **query))
        except ValueError:
            raise Unusable(f"Máy chủ trả về dữ liệu không phải JSON tại {path}.") from None


class SiteError(Unusable):
    def __init__(self, status: int, message: str, url: str):
        super().__init__(f"{url}: HTTP {status} {message}")
        self.status = status


def _message(body: bytes) -> str:
    try:
        return json.loads(body).get("error", "")
    except (ValueError, AttributeError):
        return body.decode("utf-8", "replace")[:200]


def b64list(values) -> list[bytes]:
    try:
        return [base64.b64decode(v, validate=True) for v in values]
    except (TypeError, binascii.Error, ValueError):
        raise Failure("Bằng chứng do máy chủ gửi không đúng định dạng base64.") from None


# --- the state folder: pinned key and kept checkpoints -----------------------------------------------------------

class State:
    def __init__(self, folder: Path, server: str):
        host = urllib.parse.urlsplit(server).netloc or "server"
        self.folder = folder / re.sub(r"[^A-Za-z0-9._-]", "_", host)
        self.kept = self.folder / "checkpoints"

    def key(self, given: str | None) -> VerifierKey:
        pinned = self.folder / "key.txt"
        if given:
            key = VerifierKey.parse(given)
            if pinned.exists() and pinned.read_text().strip() != key.text:
                raise Failure(f"Khóa của nhật ký đã thay đổi so với khóa đã ghi nhận ({pinned}). Một nhật ký minh "
                              "bạch không đổi khóa: hãy hỏi cơ quan vận hành; chỉ xóa tệp đó khi đã xác minh.")
            self.folder.mkdir(parents=True, exist_ok=True)
            pinned.write_text(key.text + "\n")
            return key
        if pinned.exists():
            return VerifierKey.parse(pinned.read_text())
        raise Unusable("Cần khóa kiểm tra của nhật ký: --key 'TÊN+MÃ+BASE64' hoặc --key-file TỆP, lấy từ nguồn tin "
                       "cậy (văn bản của cơ quan, không chỉ từ chính máy chủ). Lần sau khóa được nhớ trong thư mục "
                       "trạng thái.")

    def checkpoints(self, key: VerifierKey) -> list[Checkpoint]:
        if not self.kept.exists():
            return []
        found = [parse_checkpoint(path.read_text(encoding="utf-8"), key) for path in self.kept.glob("*.txt")
                 if re.fullmatch(r"[0-9]+\.txt", path.name)]
        return sorted(found, key=lambda c: c.size)

    def keep(self, checkpoint: Checkpoint, suffix: str = "") -> Path:
        self.kept.mkdir(parents=True, exist_ok=True)
        path = self.kept / f"{checkpoint.size}{suffix}.txt"
        path.write_text(checkpoint.note, encoding="utf-8")
        return path


# --- the commands ---------------------------------------------------------------------------------------------

def say(line: str) -> None:
    print(line, flush=True)


def latest_checkpoint(site: Site, state: State, key: VerifierKey) -> Checkpoint:
    """Fetch the latest checkpoint, check its signature, and check it against every copy kept earlier: same size
    must mean same root (else a fork), a larger kept copy must still be in the tree, and every smaller kept copy
    must be a prefix (consistency proof). Keeps it. Failure at the first thing that does not hold."""
    current = parse_checkpoint(site.get("/transparency/checkpoint").decode("utf-8"), key)
    say(f"✓ Chữ ký hợp lệ: điểm kiểm chứng {current.size} sự kiện, thời điểm {current.time}, nguồn {current.origin}.")
    for kept in state.checkpoints(key):
        not_forked(state, kept, current)
        if kept.size != current.size:
            check_consistency(site, min(kept, current, key=lambda c: c.size),
                              max(kept, current, key=lambda c: c.size))
    state.keep(current)
    return current


def not_forked(state: State, kept: Checkpoint, seen: Checkpoint) -> None:
    """Two signed checkpoints of one size with different roots: the proof that the log showed two histories."""
    if kept.size == seen.size and kept.root != seen.root:
        forked = state.keep(seen, f".re-nhanh-{hashlib.sha256(seen.note.encode()).hexdigest()[:8]}")
        raise Failure("PHÁT HIỆN RẼ NHÁNH (fork): hai điểm kiểm chứng khác nhau cùng ký cho "
                      f"{seen.size} sự kiện.\n--- bản đã lưu trước đây ---\n{kept.note}"
                      f"--- bản máy chủ đưa hôm nay (lưu tại {forked}) ---\n{seen.note}")


def every_listed(site: Site, state: State, key: VerifierKey, latest: Checkpoint) -> int:
    """Every checkpoint the site lists: signed, no fork with a kept copy, consistent with the latest; kept."""
    kept, page, pages, count = {c.size: c for c in state.checkpoints(key)}, 1, 1, 0
    while page <= pages:
        listing = site.json("/transparency/checkpoints.json", page=page)
        pages = int(listing.get("pages") or 0)
        for entry in listing.get("checkpoints", []):
            listed = parse_checkpoint(site.get(f"/transparency/checkpoints/{int(entry['size'])}").decode("utf-8"),
                                      key)
            if listed.size in kept:
                not_forked(state, kept[listed.size], listed)
            if listed.size < latest.size:
                check_consistency(site, listed, latest)
            state.keep(listed)
            count += 1
        page += 1
    return count


def check_consistency(site: Site, old: Checkpoint, new: Checkpoint) -> None:
    try:
        answer = site.json("/transparency/proof/consistency", **{"from": old.size, "to": new.size})
    except SiteError as error:
        if error.status in (400, 404):
            raise Failure(f"Máy chủ không chứng minh được cây {new.size} sự kiện nối tiếp cây {old.size} sự kiện "
                          f"đã lưu ({error}): có sự kiện bị xóa hoặc nhật ký bị viết lại.") from None
        raise
    if not verify_consistency(old.size, new.size, old.root, new.root, b64list(answer.get("proof", []))):
        raise Failure(f"Bằng chứng nhất quán SAI giữa {old.size} và {new.size} sự kiện: lịch sử nhật ký đã bị "
                      "viết lại sau khi điểm kiểm chứng cũ được công bố.")
    say(f"✓ Nhất quán: cây {new.size} sự kiện nối tiếp đúng cây {old.size} sự kiện đã lưu.")


def command_checkpoint(site: Site, state: State, key: VerifierKey, args) -> int:
    current = latest_checkpoint(site, state, key)
    if args.all:
        say(f"✓ {every_listed(site, state, key, current)} điểm kiểm chứng máy chủ liệt kê: chữ ký đúng, nhất quán.")
    say(f"Đã lưu bản sao tại {state.kept / f'{current.size}.txt'}. Nhật ký chỉ được ghi thêm kể từ các bản đã lưu.")
    return OK


def fetch_leaf(site: Site, index: int) -> bytes:
    leaves = site.json("/transparency/leaves", start=index, end=index + 1).get("leaves", [])
    if not leaves or leaves[0].get("index") != index:
        raise Failure(f"Máy chủ không đưa được lá số {index}: sự kiện đã bị xóa khỏi nhật ký.")
    data = leaves[0]["data"].encode("utf-8")
    if canonical(json.loads(data)) != data:
        raise Failure(f"Dữ liệu lá số {index} không ở dạng JSON chuẩn tắc như tài liệu mô tả.")
    return data


def prove_leaf(site: Site, checkpoint: Checkpoint, index: int, data: bytes) -> None:
    answer = site.json("/transparency/proof/inclusion", index=index, size=checkpoint.size)
    if not verify_inclusion(index, checkpoint.size, leaf_hash(data), b64list(answer.get("proof", [])),
                            checkpoint.root):
        raise Failure(f"Lá số {index} KHÔNG có trong cây của điểm kiểm chứng {checkpoint.size} sự kiện: sự kiện "
                      "đã bị sửa sau khi được công bố.")


def command_certificate(site: Site, state: State, key: VerifierKey, args) -> int:
    checkpoint = latest_checkpoint(site, state, key)
    try:
        claimed = site.json(f"/transparency/certificates/{urllib.parse.quote(args.code, safe='')}")
    except SiteError as error:
        if error.status == 404:
            raise Failure(f"Máy chủ không biết bằng khen mã {args.code}.") from None
        raise
    proved: list[dict] = []
    for event in claimed.get("events", []):
        index = event["leaf_index"]
        if index >= checkpoint.size:
            say(f"○ {event['action']} (lá số {index}): mới hơn điểm kiểm chứng; sẽ kiểm tra được ở điểm kế tiếp.")
            continue
        data = fetch_leaf(site, index)
        record = json.loads(data)
        if (record.get("object_type"), record.get("object_id"), record.get("action"), record.get("seq")) != \
                ("nomination", claimed.get("nomination_id"), event["action"], event["seq"]):
            raise Failure(f"Lá số {index} không phải sự kiện «{event['action']}» của khen thưởng này.")
        if record.get("hash") != event_hash(record):
            raise Failure(f"Lá số {index}: mã băm của sự kiện không khớp nội dung.")
        prove_leaf(site, checkpoint, index, data)
        proved.append(record)
        say(f"✓ {event['action']} (sự kiện số {record['seq']}, lá số {index}, {record['occurred_at']}): có trong "
            f"nhật ký, đã kiểm chứng với điểm {checkpoint.size} sự kiện.")
    if not any(r["action"] == "decide" for r in proved):
        raise Failure(f"Không chứng minh được quyết định khen thưởng của mã {args.code} có trong nhật ký.")
    if args.pdf is not None:
        digest = hashlib.sha256(Path(args.pdf).read_bytes()).hexdigest()
        logged = {r.get("changes", {}).get("sha256") for r in proved if r["action"] == "issue_pdf"}
        if digest not in logged:
            raise Failure(f"Tệp {args.pdf} (sha256 {digest}) KHÔNG phải tệp đã ghi nhận khi phát hành.")
        say(f"✓ Tệp {args.pdf} đúng là tệp đã phát hành (sha256 có trong nhật ký).")
    revoked = [r for r in proved if r["action"] == "revoke"]
    say(f"Kết luận: mã {args.code} — " + ("ĐÃ THU HỒI (" + (revoked[-1].get("reason") or "") + ")." if revoked
                                          else "quyết định khen thưởng có trong nhật ký."))
    return OK


def command_leaves(site: Site, state: State, key: VerifierKey, args) -> int:
    """The whole public export against the checkpoint: each line linked and re-hashed, each public line's canonical
    form a leaf, the first N leaves' root the checkpoint's. Then [start, end) of the leaves route, if asked."""
    checkpoint = latest_checkpoint(site, state, key)
    leaves, previous, seq = [], "0" * 64, 0
    for raw in site.get("/transparency/audit-public.jsonl").decode("utf-8").splitlines():
        event = json.loads(raw)
        seq += 1
        if event.get("seq") != seq or event.get("prev_hash") != previous:
            raise Failure(f"Bản xuất nhật ký đứt mắt xích ở sự kiện số {seq}: có sự kiện bị xóa, chèn hay đổi chỗ.")
        if event.get("visibility") == "public":
            if event_hash(event) != event.get("hash"):
                raise Failure(f"Sự kiện số {seq} đã bị sửa: mã băm không khớp nội dung.")
            leaves.append(leaf_hash(canonical(event)))
        previous = event.get("hash")
    if len(leaves) < checkpoint.size:
        raise Failure(f"Bản xuất chỉ có {len(leaves)} sự kiện công khai, điểm kiểm chứng ký {checkpoint.size}: "
                      "có sự kiện bị xóa.")
    if root_of(leaves[:checkpoint.size]) != checkpoint.root:
        raise Failure(f"Gốc tính lại từ {checkpoint.size} sự kiện công khai đầu của bản xuất KHÔNG khớp điểm kiểm "
                      "chứng: sự kiện đã bị sửa, xóa hoặc đổi chỗ sau khi được công bố.")
    say(f"✓ {checkpoint.size} sự kiện công khai đầu của bản xuất ({seq} sự kiện) tính lại đúng gốc đã ký.")
    if args.start is not None:
        end = min(args.end if args.end is not None else checkpoint.size, checkpoint.size)
        for index in range(args.start, end):
            data = fetch_leaf(site, index)
            if leaf_hash(data) != leaves[index]:
                raise Failure(f"Lá số {index} khác dòng tương ứng của bản xuất.")
            prove_leaf(site, checkpoint, index, data)
        say(f"✓ Các lá {args.start}…{end - 1}: trùng bản xuất, có bằng chứng bao hàm đúng.")
    return OK



# === Offline: the QR code's signed statement and the credential (docs/credentials.md) =========================
# No server needed: base45 (RFC 9285), the CBOR subset (RFC 8949) and JCS (RFC 8785) are written out here; the
# COSE_Sign1 (RFC 9052, EdDSA) and the eddsa-jcs-2022 proof are checked against the issuer's published key.

PREFIX = "VD1:"
FIELDS = (("n", "Người, tập thể được khen"), ("a", "Hình thức khen thưởng"), ("d", "Số quyết định"),
          ("t", "Ngày quyết định"), ("g", "Số sổ vàng"), ("c", "Mã xác thực"))
RECIPIENT_MAX = 120
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class Refused(Failure):
    """The input is readable but does not hold (bad signature, foreign code…): exit 1."""


# --- encodings -------------------------------------------------------------------------------------------------------

def b45decode(text: str) -> bytes:
    """RFC 9285 §4.2."""
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = [B45.index(c) for c in text[i:i + 3]]
        value = sum(d * 45 ** k for k, d in enumerate(chunk))
        if len(chunk) == 3:
            if value > 0xFFFF:
                raise ValueError("base45 value out of range")
            out += value.to_bytes(2, "big")
        elif len(chunk) == 2 and value <= 0xFF:
            out.append(value)
        else:
            raise ValueError("bad base45 length")
    return bytes(out)


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + B58.index(char)
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")


class Tag:
    def __init__(self, tag: int, value):
        self.tag, self.value = tag, value


def cbor_decode(data: bytes):
    """The subset of CBOR (RFC 8949) a COSE_Sign1 and its claims use: integers, byte and text strings, arrays,
    maps, tags, false/true/null. Definite lengths only."""
    value, end = _cbor(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes after CBOR item")
    return value


def _cbor(data: bytes, at: int):
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError("indefinite or reserved CBOR length")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at:at + argument]
        if len(raw) != argument:
            raise ValueError("truncated CBOR string")
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = _cbor(data, at)
            mapping[key], at = _cbor(data, at)
        return mapping, at
    if major == 6:
        item, at = _cbor(data, at)
        return Tag(argument, item), at
    if major == 7 and argument in (20, 21, 22):
        return {20: False, 21: True, 22: None}[argument], at
    raise ValueError("unsupported CBOR item")


def cbor_encode_sig_structure(protected: bytes, payload: bytes) -> bytes:
    """["Signature1", protected, h'', payload] (RFC 9052 §4.4), the bytes a COSE_Sign1 signature covers."""
    def head(major: int, length: int) -> bytes:
        if length < 24:
            return bytes([major << 5 | length])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if length < 1 << (8 * size):
                return bytes([major << 5 | info]) + length.to_bytes(size, "big")
        raise ValueError("too long")
    context = b"Signature1"
    return (head(4, 4) + head(3, len(context)) + context + head(2, len(protected)) + protected + head(2, 0)
            + head(2, len(payload)) + payload)


def jcs(value) -> bytes:
    """RFC 8785 for JSON without fractional numbers: keys sorted by UTF-16 code units, no whitespace, minimal
    string escapes (json.dumps's, which are RFC 8785's for these)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
        return b"{" + b",".join(jcs(k) + b":" + jcs(v) for k, v in items) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(jcs(v) for v in value) + b"]"
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("fractional numbers are not used by these credentials")
    if isinstance(value, float):
        value = int(value)
    return json.dumps(value, ensure_ascii=False).encode()


# --- keys ------------------------------------------------------------------------------------------------------------

def load_keys(spec: str) -> list[bytes]:
    """Raw Ed25519 keys from a Multikey, 64 hex digits, or an issuer profile (file or https address)."""
    if spec.startswith("z"):
        return [_multikey(spec)]
    if len(spec) == 64 and all(c in "0123456789abcdefABCDEF" for c in spec):
        return [bytes.fromhex(spec)]
    try:
        profile = json.loads(_read(spec))
        keys = [_multikey(m["publicKeyMultibase"]) for m in profile.get("verificationMethod", [])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise Unusable(f"Không đọc được khóa công khai {spec}: {error}") from None
    if not keys:
        raise Unusable(f"Hồ sơ {spec} không có khóa công khai (verificationMethod).")
    return keys


def _multikey(text: str) -> bytes:
    raw = b58decode(text[1:]) if text.startswith("z") else b""
    if len(raw) != 34 or raw[:2] != b"\xed\x01":
        raise Unusable(f"{text} không phải khóa Ed25519 dạng Multikey (z6Mk…).")
    return raw[2:]


def _read(spec: str) -> bytes:
    if urlsplit(spec).scheme in ("http", "https"):
        with urllib.request.urlopen(spec, timeout=20) as response:  # nosec B310: only http(s), checked above
            return response.read(1_000_000)
    with open(spec, "rb") as file:
        return file.read(1_000_000)


def ed25519_ok(raw_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- the QR statement -------------------------------------------------------------------------------------------------

def read_qr_image(path: str) -> str:
    tool = shutil.which("zbarimg")
    if tool is None:
        raise Unusable("Không có zbarimg (apt-get install zbar-tools).")
    done = subprocess.run([tool, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", path],  # nosec B603
                          capture_output=True, timeout=60, check=False)
    texts = [t for t in done.stdout.decode("utf-8", "replace").splitlines() if t.strip()]
    if not texts:
        raise Unusable(f"Không tìm thấy mã QR trên ảnh {path}.")
    return next((t for t in texts if PREFIX in t), texts[0])


def open_statement(text: str, keys: list[bytes]) -> dict:
    """The statement's fields (short keys) when signed by one of `keys`; Refused otherwise."""
    address, _, fragment = text.strip().partition("#")
    if not fragment.startswith(PREFIX):
        raise Refused("Mã QR không mang bản tóm tắt có chữ ký của Vinh danh.")
    try:
        message = cbor_decode(b45decode(unquote(fragment[len(PREFIX):])))
        if not isinstance(message, Tag) or message.tag != 18 or len(message.value) != 4:
            raise ValueError("not a COSE_Sign1")
        protected, _, payload, signature = message.value
        if cbor_decode(protected).get(1) != -8:
            raise ValueError("not EdDSA")
        claims = cbor_decode(payload)
        fields = {short: str(claims[short]) for short, _ in FIELDS}
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, UnicodeDecodeError):
        raise Refused("Bản tóm tắt trong mã QR bị hỏng, không đọc được.") from None
    data = cbor_encode_sig_structure(protected, payload)
    if not any(ed25519_ok(key, signature, data) for key in keys):
        raise Refused("Chữ ký trên bản tóm tắt KHÔNG hợp lệ với khóa công khai của cơ quan ban hành.")
    if address and not address.rstrip("/").endswith("/verify/" + fields["c"]):
        raise Refused(f"Địa chỉ trong mã QR ({address}) không phải trang xác thực của mã {fields['c']}.")
    return fields


def differences(statement: dict, record: dict) -> list[str]:
    """Every field that differs, named: «Số quyết định trên mã: …; trong sổ: …»."""
    found = []
    for short, label in FIELDS:
        on_code, in_register = statement[short], str(record.get(short, ""))
        expected = " ".join(in_register.split())
        if short == "n" and len(expected) > RECIPIENT_MAX:
            expected = expected[:RECIPIENT_MAX - 1].rstrip() + "…"
        if on_code != expected:
            found.append(f"{label} trên mã: {on_code}; trong sổ: {in_register}")
    return found


def check_qr(text: str, keys: list[bytes], record: dict | None) -> tuple[bool, list[str]]:
    fields = open_statement(text, keys)
    lines = ["Chữ ký trên bản tóm tắt: HỢP LỆ (khóa của cơ quan ban hành)."]
    lines += [f"  {label}: {fields[short]}" for short, label in FIELDS]
    if record is None:
        return True, lines + ["Chưa đối chiếu với sổ khen thưởng (không có --record hay --site)."]
    differing = differences(fields, record)
    lines += [f"KHÁC SỔ: {line}" for line in differing] or ["Trùng khớp với sổ khen thưởng."]
    if record.get("valid") is False:
        lines.append(f"Trạng thái trong sổ: {record.get('status')} — mã này KHÔNG còn hiệu lực.")
    return not differing and record.get("valid", True) is not False, lines


# --- the credential ---------------------------------------------------------------------------------------------------

def check_credential(credential: dict, keys: list[bytes]) -> str:
    """The credential's id when its eddsa-jcs-2022 proof holds under one of `keys`; Refused otherwise."""
    proof = credential.get("proof") if isinstance(credential, dict) else None
    if not isinstance(proof, dict) or proof.get("cryptosuite") != "eddsa-jcs-2022" \
            or proof.get("type") != "DataIntegrityProof":
        raise Refused("Không có chứng minh eddsa-jcs-2022 (DataIntegrityProof).")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    document = {k: v for k, v in credential.items() if k != "proof"}
    if "@context" in options:
        if document.get("@context", [])[:len(options["@context"])] != options["@context"]:
            raise Refused("@context của tài liệu không khớp với chứng minh.")
        document["@context"] = options["@context"]
    value = proof.get("proofValue", "")
    try:
        signature = b58decode(value[1:]) if value.startswith("z") else b""
    except ValueError:
        signature = b""
    data = hashlib.sha256(jcs(options)).digest() + hashlib.sha256(jcs(document)).digest()
    if len(signature) != 64 or not any(ed25519_ok(key, signature, data) for key in keys):
        raise Refused("Chữ ký của chứng nhận điện tử KHÔNG hợp lệ: nội dung đã bị sửa hoặc khóa khác.")
    return str(credential.get("id", ""))


STATUS_MAX_BYTES = 1 << 23   # a status list inflating past 8 MB is refused (a gzip bomb)


def revoked_by_status_list(credential: dict, keys: list[bytes], status_list: dict | None = None) -> bool | None:
    """Whether the credential's bit is set in its published Bitstring Status List (W3C Bitstring Status List v1.0:
    gzip, multibase base64url "u", bit i counted from the left-most bit of the first byte), the list's own
    eddsa-jcs-2022 proof checked with the same keys; None when the credential names no list. `status_list`: the
    list already read (else fetched from statusListCredential)."""
    entry = credential.get("credentialStatus")
    if not isinstance(entry, dict):
        return None
    try:
        index = int(entry["statusListIndex"])
        listed = status_list if status_list is not None else json.loads(_read(str(entry["statusListCredential"])))
    except (KeyError, TypeError, ValueError) as error:
        raise Refused(f"Mục trạng thái của chứng nhận không đọc được: {error}") from None
    check_credential(listed, keys)
    encoded = str((listed.get("credentialSubject") or {}).get("encodedList", ""))
    if not encoded.startswith("u"):
        raise Refused("Danh sách trạng thái không phải multibase base64url.")
    try:
        packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        inflater = zlib.decompressobj(wbits=31)   # gzip
        bits = inflater.decompress(packed, STATUS_MAX_BYTES)
    except (binascii.Error, zlib.error) as error:
        raise Refused(f"Danh sách trạng thái hỏng: {error}") from None
    if inflater.unconsumed_tail or not 0 <= index < len(bits) * 8:
        raise Refused("Danh sách trạng thái quá lớn, hoặc không có vị trí của chứng nhận này.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _qr_record(args, text: str) -> dict | None:
    if args.record:
        return json.loads(_read(args.record))
    if args.site:
        code = open_statement(text, load_keys(args.key))["c"]
        return json.loads(_read(f"{args.site.rstrip('/')}/verify/{code}/record.json"))
    return None


COMMANDS = {"checkpoint": command_checkpoint, "certificate": command_certificate, "leaves": command_leaves}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="vinhdanh_verify.py", description="Kiểm tra nhật ký minh bạch của một trang Vinh danh "
        "(check a Vinh danh site's transparency log). Exit: 0 OK, 1 check failed, 2 usage/network.")
    top.add_argument("--server", default=os.environ.get("VINHDANH_SERVER"),
                     help="địa chỉ trang, ví dụ https://vinhdanh.example (or VINHDANH_SERVER)")
    top.add_argument("--key", help="khóa kiểm tra của nhật ký (verifier key) NAME+KEYID+BASE64")
    top.add_argument("--key-file", help="tệp chứa khóa kiểm tra (a file holding the verifier key)")
    top.add_argument("--state", default=os.environ.get("VINHDANH_VERIFY_STATE", str(Path.home() / ".vinhdanh-verify")),
                     help="thư mục lưu khóa và các điểm kiểm chứng đã thấy (kept copies); mặc định ~/.vinhdanh-verify")
    top.add_argument("--timeout", type=float, default=30.0, help="giây chờ mỗi yêu cầu (seconds per request)")
    commands = top.add_subparsers(dest="command", required=True)
    checkpoint = commands.add_parser("checkpoint", help="tải, kiểm tra chữ ký và tính nhất quán với các bản đã lưu")
    checkpoint.add_argument("--all", action="store_true",
                            help="cả mọi điểm kiểm chứng máy chủ liệt kê (every listed checkpoint, kept too)")
    certificate = commands.add_parser("certificate", help="kiểm tra sự kiện cấp và thu hồi của một bằng khen")
    certificate.add_argument("code", help="mã xác thực in trên bằng khen (verification code)")
    certificate.add_argument("--pdf", help="tệp PDF bằng khen bạn có, để đối chiếu sha256 (the PDF you hold)")
    leaves = commands.add_parser("leaves", help="tính lại toàn bộ lá từ bản xuất công khai, và một khoảng lá")
    leaves.add_argument("--start", type=int, help="lá đầu (first leaf index) to fetch and prove one by one")
    leaves.add_argument("--end", type=int, help="sau lá cuối (end, exclusive)")
    qr = commands.add_parser("qr", help="mã QR trên bản giấy, ngoại tuyến (a printed QR code, offline): ảnh chụp, "
                                        "ảnh quét, hoặc nội dung --text")
    qr.add_argument("image", nargs="?", help="ảnh mã QR (zbarimg đọc)")
    qr.add_argument("--text", help="nội dung mã QR đã đọc (https://…/verify/<mã>#VD1:…)")
    qr.add_argument("--issuer-key", required=True,
                    help="khóa công khai của cơ quan ban hành: Multikey z6Mk…, 64 chữ số hex, hoặc hồ sơ /issuer")
    qr.add_argument("--record", help="bản ghi trong sổ (record.json); hoặc --server để tải /verify/<mã>/record.json")
    credential = commands.add_parser("credential", help="chứng nhận điện tử (credential.json), ngoại tuyến")
    credential.add_argument("file")
    credential.add_argument("--issuer-key", required=True, help="như ở lệnh qr")
    credential.add_argument("--offline", action="store_true",
                            help="chỉ kiểm tra chữ ký, không tải danh sách trạng thái (signature only, no status list)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command in ("qr", "credential"):
        return offline(args)
    try:
        if not args.server or urllib.parse.urlsplit(args.server).scheme not in ("http", "https"):
            raise Unusable("Cần địa chỉ trang: --server https://… (hoặc biến môi trường VINHDANH_SERVER).")
        given = Path(args.key_file).read_text().strip() if args.key_file else args.key
        state = State(Path(args.state), args.server)
        key = state.key(given)
        return COMMANDS[args.command](Site(args.server, args.timeout), state, key, args)
    except Failure as failure:
        print(f"✗ KHÔNG ĐẠT: {failure}", file=sys.stderr)
        return FAILED
    except (Unusable, OSError) as problem:
        print(f"Không kiểm tra được: {problem}", file=sys.stderr)
        return UNUSABLE


def offline(args) -> int:
    """The qr and credential commands: no log, no state; the site only if --server is given for the record."""
    args.key, args.site = args.issuer_key, args.server
    try:
        keys = load_keys(args.key)
        if args.command == "credential":
            credential = json.loads(_read(args.file))
            print(f"Chứng nhận điện tử HỢP LỆ (chữ ký): {check_credential(credential, keys)}")
            if args.offline:
                return OK
            revoked = revoked_by_status_list(credential, keys)
            if revoked:
                print("KHÔNG CÒN HIỆU LỰC: danh sách trạng thái đã công bố ghi chứng nhận này là đã thu hồi.")
                return FAILED
            print("Còn hiệu lực theo danh sách trạng thái đã công bố." if revoked is False
                  else "Chứng nhận không nêu danh sách trạng thái.")
            return OK
        if not args.image and not args.text:
            raise Unusable("Cần ảnh mã QR hoặc --text.")
        text = args.text or read_qr_image(args.image)
        ok, lines = check_qr(text, keys, _qr_record(args, text))
        print("\n".join(lines))
        return OK if ok else FAILED
    except Refused as error:
        print(f"KHÔNG HỢP LỆ: {error}")
        return FAILED
    except (Unusable, OSError, ValueError) as error:
        print(f"Không kiểm tra được: {error}", file=sys.stderr)
        return UNUSABLE


if __name__ == "__main__":
    sys.exit(main())
