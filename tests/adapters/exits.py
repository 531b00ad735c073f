"""An adapter that writes a hostile line to stderr and exits at once with status 3."""

import sys


def main() -> None:
    sys.stderr.write("cannot start: \x1b]0;pwned\x07\x1b[2J\n")
    sys.exit(3)


if __name__ == "__main__":
    main()
