"""An adapter that answers each request with the garbage its id names (see tests)."""

from __future__ import annotations

import json
import sys

out = sys.stdout.buffer


def send(data: bytes) -> None:
    out.write(data)
    out.flush()


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        ident = request["id"]
        kind = ident.split("-", 1)[1] if "-" in ident else ident
        if kind == "text":
            send(b"hello, I am not JSON\n")
        elif kind == "huge":
            send(b'{"id": "' + b"A" * (3 * 1024 * 1024) + b'"}\n')
        elif kind == "huge-unterminated":
            send(b"B" * (3 * 1024 * 1024))
            sys.exit(0)
        elif kind == "binary":
            send(b"\xff\xfe\x00\x1b[2J\x9b\x00garbage\n")
        elif kind == "wrong-id":
            send(json.dumps({"id": "someone-else", "syntax": "invalid"}).encode() + b"\n")
        elif kind == "array":
            send(b'["not", "an", "object"]\n')
        elif kind == "no-syntax":
            send(json.dumps({"id": ident, "objects": []}).encode() + b"\n")
        elif kind == "bad-objects":
            send(json.dumps({"id": ident, "syntax": "valid", "objects": [["00", 1], "x"]}).encode() + b"\n")
        elif kind == "deep":
            send(
                b'{"id": "'
                + ident.encode()
                + b'", "syntax": "valid", "objects": '
                + b"[" * 100000
                + b"]" * 100000
                + b"}\n"
            )
        elif kind == "bigint":
            send(b'{"id": ' + b"9" * 100000 + b"}\n")
        elif kind == "escape":
            send(
                json.dumps({"id": ident, "syntax": "maybe \x1b]0;pwned\x07 \u202e|*[x](y)"}).encode() + b"\n"
            )
        elif kind == "bad-rules":
            send(
                json.dumps({"id": ident, "syntax": "invalid", "rules": "perhaps", "rule_ids": "x"}).encode()
                + b"\n"
            )
        elif kind == "stderr-flood":
            sys.stderr.write("\x1b[2J noise " * 2_000_000)
            sys.stderr.flush()
            send(json.dumps({"id": ident, "unsupported": True}).encode() + b"\n")
        elif kind == "twice":
            send(json.dumps({"id": ident, "unsupported": True}).encode() + b"\n")
            send(json.dumps({"id": ident, "unsupported": True}).encode() + b"\n")
        elif kind == "die":
            sys.exit(7)
        else:
            send(json.dumps({"id": ident, "unsupported": True}).encode() + b"\n")


if __name__ == "__main__":
    main()
