#!/usr/bin/env python3
"""The straightforward log scanner a team would write first, as a baseline for logmedic.

Usage: bench/python_baseline.py PATTERNS_FILE LOG_FILE

Reads one PCRE2 pattern per line from PATTERNS_FILE (blank lines ignored), rewrites PCRE2 named groups
`(?<name>...)` to Python's `(?P<name>...)`, compiles each with re.MULTILINE, then reads LOG_FILE line by line
(text mode, UTF-8, errors="replace") and counts the lines that at least one pattern matches (re.search).
Prints that count on stdout.

When a pattern uses PCRE2-only syntax that does not change which lines match (branch reset `(?|...)`, the
duplicate capture names it allows), it is compiled with its capture names removed and `(?|` made `(?:`.
A pattern that still doesn't compile is reported on stderr and skipped (and the number skipped is reported),
so the comparison stays honest; pass --strict to fail instead.
"""

import re
import sys

NAMED_GROUP = re.compile(r"\(\?<(?![=!])")  # (?<name> but not lookbehind (?<= or (?<!
WHOLE_NAMED_GROUP = re.compile(r"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>")  # (?<name> or (?P<name>, name included


def load_patterns(path: str, strict: bool) -> list[re.Pattern]:
    compiled, stripped, skipped = [], 0, 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            pat = line.rstrip("\r\n")
            if not pat:
                continue
            try:
                compiled.append(re.compile(NAMED_GROUP.sub("(?P<", pat), re.MULTILINE))
                continue
            except re.error as e:
                first_error = e
            # PCRE2 constructs Python lacks but that don't change which lines match: branch reset groups
            # `(?|...)` (and the duplicate capture names they allow). Make them plain groups and retry.
            try:
                compiled.append(re.compile(WHOLE_NAMED_GROUP.sub("(", pat).replace("(?|", "(?:"), re.MULTILINE))
                stripped += 1
                continue
            except re.error:
                pass
            if strict:
                sys.exit(f"python_baseline: pattern {n} does not compile in Python re: {first_error}: {pat}")
            print(f"python_baseline: skipping pattern {n} (Python re: {first_error}): {pat}", file=sys.stderr)
            skipped += 1
    if stripped:
        print(f"python_baseline: {stripped} pattern(s) compiled with capture names removed "
              "(branch reset / duplicate names)", file=sys.stderr)
    if skipped:
        print(f"python_baseline: {skipped} pattern(s) skipped, {len(compiled)} used", file=sys.stderr)
    return compiled


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    args = [a for a in argv if a != "--strict"]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    patterns = load_patterns(args[0], strict)
    searches = [p.search for p in patterns]
    count = 0
    with open(args[1], encoding="utf-8", errors="replace") as f:
        for line in f:
            for search in searches:
                if search(line):
                    count += 1
                    break
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
