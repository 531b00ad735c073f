"""A conformance adapter written from docs/conformance.md alone: syntax only, no rules.

TLV in characters, CRC-16/CCITT-FALSE over UTF-8 up to and including 6304 (compared
case-insensitively); children for IDs 26-51, 62, 64 and 80-99 where they parse. It
omits ``rules`` (so that aspect is unsupported) and answers encode ``unsupported``.
"""

from __future__ import annotations

import json
import sys

TEMPLATES = {f"{n:02d}" for n in range(26, 52)} | {"62", "64"} | {str(n) for n in range(80, 100)}


def crc16(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def tlv(text: str) -> list[list[object]] | None:
    out: list[list[object]] = []
    i = 0
    while i < len(text):
        tag, size = text[i : i + 2], text[i + 2 : i + 4]
        if len(tag) < 2 or not tag.isdigit() or len(size) < 2 or not size.isdigit():
            return None
        value = text[i + 4 : i + 4 + int(size)]
        if len(value) != int(size):
            return None
        out.append([tag, value])
        i += 4 + int(size)
    return out


def decode(payload: str) -> dict[str, object]:
    objects = tlv(payload)
    if not objects or objects[-1][0] != "63" or len(str(objects[-1][1])) != 4:
        return {"syntax": "invalid"}
    try:
        data = payload[:-4].encode("utf-8")
    except UnicodeEncodeError:
        return {"syntax": "invalid"}
    if f"{crc16(data):04X}" != payload[-4:].upper():
        return {"syntax": "invalid"}
    for item in objects:
        if item[0] in TEMPLATES:
            children = tlv(str(item[1]))
            if children:
                item.append(children)
    return {"syntax": "valid", "objects": objects}


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("op") == "decode":
            response = {"id": request["id"], **decode(request["payload"])}
        else:
            response = {"id": request["id"], "unsupported": True}
        print(json.dumps(response), flush=True)


if __name__ == "__main__":
    main()
