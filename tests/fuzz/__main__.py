"""``python -m tests.fuzz TARGET [--seconds N] [--seed S] [--atheris [LIBFUZZER_ARGS]]``."""

from __future__ import annotations

import argparse
import sys

from . import TARGETS, load, run_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run (default 60)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random choice sequences")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided, with atheris")
    # anything else (e.g. -max_total_time=600) goes to atheris/libFuzzer
    args, rest = parser.parse_known_args(argv)
    if args.atheris:
        import atheris  # type: ignore[import-not-found]

        test = load(args.target)
        atheris.instrument_all()  # coverage feedback from every loaded module, qrpay included
        atheris.Setup([sys.argv[0], *[a for a in rest if a != "--"]], test.hypothesis.fuzz_one_input)
        atheris.Fuzz()
        return 0
    runs = run_for(args.target, args.seconds, args.seed)
    print(f"{args.target}: {runs} inputs in {args.seconds:g} s, no failure")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
