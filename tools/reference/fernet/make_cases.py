#!/usr/bin/env python3
"""Fernet reference cases from Python's `cryptography` (Debian: apt-get install -y python3-cryptography).

Writes pfms-crypto/src/test/resources/fernet/python-cases.json: each case is a token made (or mangled)
here, the keys, the TTL and the current time, and what Python's Fernet/MultiFernet answers
(valid + plaintext bytes in base64, or invalid). pfms's FernetReferenceCasesTest replays every case,
so the default Java test run needs no Python. Deterministic: fixed keys, IVs and times.

Also checks that Python agrees with the Fernet spec vectors (shared data, not copied here).

Usage: python3 tools/reference/fernet/make_cases.py [--spec DIR]
"""
import base64
import datetime
import hmac
import hashlib
import json
import os
import struct
import sys

import cryptography
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "pfms-crypto", "src", "test", "resources", "fernet", "python-cases.json")

K1 = base64.urlsafe_b64encode(bytes(range(32))).decode()
K2 = base64.urlsafe_b64encode(bytes(range(100, 132))).decode()
NOW = 1_750_000_000  # 2025-06-15T15:06:40Z
IV = bytes(range(16))


def raw(key):
    k = base64.urlsafe_b64decode(key)
    return k[:16], k[16:]


def make(key, plaintext, ts, iv=IV):
    return Fernet(key)._encrypt_from_parts(plaintext, ts, iv).decode()


def forge(key, version=0x80, ts=NOW, iv=IV, ciphertext=None, plaintext=b"x", pad=True):
    """A token with chosen fields and a valid HMAC under key (only a key holder can do this)."""
    signing, enc = raw(key)
    if ciphertext is None:
        data = plaintext
        if pad:
            p = padding.PKCS7(128).padder()
            data = p.update(plaintext) + p.finalize()
        e = Cipher(algorithms.AES(enc), modes.CBC(iv)).encryptor()
        ciphertext = e.update(data) + e.finalize()
    body = bytes([version]) + struct.pack(">Q", ts) + iv + ciphertext
    return base64.urlsafe_b64encode(body + hmac.new(signing, body, hashlib.sha256).digest()).decode()


def python_answer(keys, token, ttl, now):
    f = MultiFernet([Fernet(k) for k in keys]) if len(keys) > 1 else Fernet(keys[0])
    try:
        if ttl is None:
            # no TTL: Python checks no time at all (decrypt_at_time needs a ttl)
            out = f.decrypt(token)
        else:
            out = f.decrypt_at_time(token, ttl, now)
        return {"valid": True, "plaintextBase64": base64.b64encode(out).decode()}
    except InvalidToken:
        return {"valid": False}


def cases():
    t = make(K1, b"hello pfms", NOW)
    c = []

    def add(name, token, ttl=None, now=NOW, keys=(K1,)):
        c.append({"name": name, "keys": list(keys), "token": token, "ttl": ttl, "now": now})

    add("plain token, no TTL", t)
    add("within TTL", t, ttl=60, now=NOW + 59)
    add("TTL boundary: timestamp + ttl == now", t, ttl=60, now=NOW + 60)
    add("expired", t, ttl=60, now=NOW + 61)
    fut = make(K1, b"from the future", NOW + 3600)
    add("future-dated by an hour, no TTL", fut)
    add("future-dated by an hour, with TTL", fut, ttl=86400)
    add("future-dated by 60 s, with TTL (skew boundary)", make(K1, b"skew", NOW + 60), ttl=10)
    add("future-dated by 61 s, with TTL", make(K1, b"skew", NOW + 61), ttl=10)
    add("unpadded (= removed)", t.rstrip("="))
    add("embedded newline", t[:40] + "\n" + t[40:])
    add("trailing newline", t + "\n")
    add("CRLF and spaces inside", t[:20] + "\r\n " + t[20:])
    add("other non-alphabet characters (*) inside", t[:10] + "*" + t[10:])
    add("standard alphabet (+ and /) instead of - and _",
        base64.b64encode(base64.urlsafe_b64decode(make(K1, b"\xfb\xff\xfe" * 20, NOW))).decode())
    add("data after complete padding", t + "AAAA")
    add("extra padding", t + "=")
    add("one data character more than a multiple of 4", t.rstrip("=") + "A")
    add("empty", "")
    add("only padding", "====")
    add("non-UTF-8 plaintext", make(K1, bytes([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]), NOW))
    add("empty plaintext", make(K1, b"", NOW))
    add("wrong key", t, keys=(K2,))
    add("rotated keys: old token, new key first", t, keys=(K2, K1))
    b = bytearray(base64.urlsafe_b64decode(t))
    b[30] ^= 1
    add("one ciphertext bit flipped", base64.urlsafe_b64encode(bytes(b)).decode())
    b = bytearray(base64.urlsafe_b64decode(t))
    b[-1] ^= 1
    add("one HMAC bit flipped", base64.urlsafe_b64encode(bytes(b)).decode())
    add("version 0x81 with a valid HMAC", forge(K1, version=0x81))
    add("timestamp with the high bit set, no TTL", forge(K1, ts=(1 << 63) + 5))
    add("timestamp with the high bit set, with TTL", forge(K1, ts=(1 << 63) + 5), ttl=60)
    add("timestamp 0, no TTL", forge(K1, ts=0))
    add("ciphertext not a whole number of blocks, valid HMAC", forge(K1, ciphertext=bytes(20)))
    add("empty ciphertext, valid HMAC", forge(K1, ciphertext=b""))
    add("bad PKCS7 padding, valid HMAC", forge(K1, plaintext=b"A" * 15 + b"\x00", pad=False))
    add("truncated to 8 bytes", base64.urlsafe_b64encode(base64.urlsafe_b64decode(t)[:8]).decode())
    add("truncated HMAC", base64.urlsafe_b64encode(base64.urlsafe_b64decode(t)[:-1]).decode())
    add("two blocks", make(K1, b"0123456789abcdef0123", NOW), ttl=5, now=NOW)
    for x in c:
        x.update(python_answer(x["keys"], x["token"], x["ttl"], x["now"]))
    return c


def check_spec(spec_dir):
    if not spec_dir or not os.path.isdir(spec_dir):
        print("spec vectors not found; skipped")
        return
    def ts(s):
        return int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())
    agree = 0
    for v in json.load(open(os.path.join(spec_dir, "generate.json"))):
        tok = Fernet(v["secret"])._encrypt_from_parts(v["src"].encode(), ts(v["now"]), bytes(v["iv"])).decode()
        assert tok == v["token"], v
        agree += 1
    for v in json.load(open(os.path.join(spec_dir, "verify.json"))):
        assert Fernet(v["secret"]).decrypt_at_time(v["token"], v["ttl_sec"], ts(v["now"])) == v["src"].encode(), v
        agree += 1
    for v in json.load(open(os.path.join(spec_dir, "invalid.json"))):
        try:
            Fernet(v["secret"]).decrypt_at_time(v["token"], v["ttl_sec"], ts(v["now"]))
            raise AssertionError("python accepted invalid spec vector: " + v["desc"])
        except InvalidToken:
            agree += 1
    print(f"python agrees with all {agree} spec vectors")


def main():
    spec = None
    if "--spec" in sys.argv:
        spec = sys.argv[sys.argv.index("--spec") + 1]
    else:
        spec = os.path.join(ROOT, "..", "shared", "data", "crypto", "fernet-spec")
    check_spec(spec)
    doc = {
        "generator": "tools/reference/fernet/make_cases.py",
        "reference": "python3-cryptography " + cryptography.__version__ + " (cryptography.fernet)",
        "cases": cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {len(doc['cases'])} cases to {OUT}")
    for x in doc["cases"]:
        print(("valid  " if x["valid"] else "INVALID ") + x["name"])


if __name__ == "__main__":
    main()
