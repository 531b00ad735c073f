"""A lying adapter: ``valid`` says everything is valid (no objects of substance);
``wrong`` gives well-formed answers with wrong content (shuffled objects, a changed value,
other rule ids, another payload)."""

from __future__ import annotations

import json
import sys


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "valid"
    for line in sys.stdin:
        request = json.loads(line)
        ident = request["id"]
        if request["op"] == "encode":
            if mode == "valid":
                response = {"id": ident, "payload": "00020101021163041234"}
            else:
                response = {"id": ident, "refused": True, "reason": "no"}
        elif mode == "valid":
            response = {"id": ident, "syntax": "valid", "objects": [], "rules": "valid", "rule_ids": []}
        else:
            payload = request["payload"]
            objects = [["00", payload[4:6]], ["99", "x" * 3]]
            response = {
                "id": ident,
                "syntax": "valid",
                "objects": objects,
                "rules": "invalid",
                "rule_ids": ["made.up"],
            }
        print(json.dumps(response), flush=True)


if __name__ == "__main__":
    main()
