#!/usr/bin/env python3
"""Writes a rule directory of N rules for the throughput-vs-rule-count benchmark (`bench/run --rule-counts`).

Usage:
    bench/synthetic_rules.py --count 100 --base rules -o DIR [--seed 1]

DIR/share/logmedic/rules gets every rule file of --base (the real catalog, finding and context rules alike) plus synthetic finding
rules until it holds --count rules; a --count below the catalog's size takes a subset of it instead (context
rules first, then by file name). A synthetic rule is one real PostgreSQL 15 server message, taken from the
English message ids of the server's own translation catalog (/usr/share/locale/*/LC_MESSAGES/postgres-15.mo),
with every printf placeholder made a capture: `relation "%s" does not exist` becomes
`relation "(?<v1>[^"\\r\\n]{1,255})" does not exist`. So the literals the prefilter gets are the vocabulary real
rules are written from, with realistic lengths and overlaps, not random strings. Each rule carries one match
example (the message with its placeholders filled) and one look-alike, so `rules test` can run on DIR.

Same arguments => the same files. Standard library only.
"""

from __future__ import annotations

import argparse
import gettext
import glob
import os
import random
import re
import shutil
import sys

SPEC = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[sdiufxXcpgem]")
REGEX_META = set("\\^$.|?*+()[]{}")


def message_ids() -> list[str]:
    paths = sorted(glob.glob("/usr/share/locale/*/LC_MESSAGES/postgres-15.mo"))
    if not paths:
        sys.exit("synthetic_rules: no /usr/share/locale/*/LC_MESSAGES/postgres-15.mo (install postgresql-15)")
    with open(paths[0], "rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog  # the msgids are the server's English messages
    ids = set()
    for key in catalog:
        text = key if isinstance(key, str) else key[0]
        if not text or "\n" in text or "\t" in text or len(text) < 24 or "%m" in text or "%%" in text:
            continue
        pieces = SPEC.split(text)
        # The prefilter needs a literal of >= 4 JSON-safe bytes; ask for a longer one, as rule authors do.
        if max(len(p) for p in pieces) < 10 or not text.isascii():
            continue
        # Rule authors start a pattern with fixed wording: one that starts with a capture makes PCRE2 try
        # every position of an event with a long class repeat, which no catalog rule does.
        if len(pieces[0].strip()) < 4:
            continue
        ids.add(text)
    return sorted(ids)


def pattern_of(message: str) -> tuple[str, str]:
    """The PCRE2 pattern of a message and a text it matches."""
    pattern, example, n = [], [], 0
    pos = 0
    for m in SPEC.finditer(message):
        literal = message[pos:m.start()]
        pattern.append("".join("\\" + c if c in REGEX_META else c for c in literal))
        example.append(literal)
        n += 1
        if m.group().endswith(("s", "c", "p")):
            pattern.append(f"(?<v{n}>[^\"\\r\\n]{{1,255}})")
            example.append(f"name_{n}")
        else:
            pattern.append(f"(?<v{n}>-?[0-9.]{{1,20}})")
            example.append(str(40 + n))
        pos = m.end()
    literal = message[pos:]
    pattern.append("".join("\\" + c if c in REGEX_META else c for c in literal))
    example.append(literal)
    return "".join(pattern), "".join(example)


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--base", default=os.path.join(os.path.dirname(__file__), "..", "rules"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()

    base = sorted(glob.glob(os.path.join(a.base, "*.yaml")))
    # Below the catalog's size, a subset of it: context rules first (the scan needs them), then by file name.
    def is_context(path: str) -> bool:
        with open(path, encoding="utf-8") as f:
            return any(line.strip() == "kind: context" for line in f)
    base = [p for p in base if is_context(p)] + [p for p in base if not is_context(p)]
    shutil.rmtree(a.output, ignore_errors=True)
    out = os.path.join(a.output, "share", "logmedic", "rules")  # where a binary in DIR/bin finds its catalog
    os.makedirs(out)
    for path in base[: a.count]:
        shutil.copy(path, out)
    base = base[: a.count]

    messages = message_ids()
    random.Random(a.seed).shuffle(messages)
    for n, message in enumerate(messages[: a.count - len(base)], start=1):
        pattern, example = pattern_of(message)
        with open(os.path.join(out, f"synthetic_{n:04d}.yaml"), "w", encoding="utf-8") as f:
            f.write(f"""id: synthetic_{n:04d}
title: {quoted("Server message: " + message)}
severity: medium
category: database
patterns:
  - {quoted(pattern)}
explain: |
  Generated by bench/synthetic_rules.py from a PostgreSQL 15 server message, for benchmarks only.
examples:
  match:
    - text: {quoted("ERROR:  " + example)}
  no_match:
    - 'LOG:  checkpoint starting: time'
""")
    print(f"synthetic_rules: {out}: {len(base)} rules of {a.base} + {max(0, a.count - len(base))} synthetic",
          file=sys.stderr)


if __name__ == "__main__":
    main()
