"""An adapter that hangs on every request whose id contains "hang" (it never answers and
ignores SIGTERM), and answers the others ``unsupported``. With ``--count FILE`` it
appends a line to FILE each time it starts. With ``--deaf`` it never reads stdin at all."""

from __future__ import annotations

import json
import signal
import sys
import time


def main() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if "--count" in sys.argv:
        with open(sys.argv[sys.argv.index("--count") + 1], "a") as handle:
            handle.write("start\n")
    if "--deaf" in sys.argv:
        while True:
            time.sleep(60)

    for line in sys.stdin:
        request = json.loads(line)
        if "hang" in request["id"]:
            while True:
                time.sleep(60)
        print(json.dumps({"id": request["id"], "unsupported": True}), flush=True)


if __name__ == "__main__":
    main()
