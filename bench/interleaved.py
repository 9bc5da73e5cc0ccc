#!/usr/bin/env python3
"""Runs commands in turn, round after round, and compares each with the last one (the reference).

    bench/interleaved.py ROUNDS NAME -- COMMAND... [NAME -- COMMAND...]...

Best-of-N runs of one command after another meet different neighbours on a shared machine: one command may
have a quiet minute, the next a busy one, and a difference of a few per cent is then luck. Run in turn (each
round starting with the next command), each round gives every command the same conditions, so the share of
rounds a command is at least as fast as the reference is a fair verdict. Prints, per command, the best and median wall and CPU seconds (user + system, of
the process and its threads, read with wait4) and in how many rounds its wall time was at most the
reference's. Output goes to /dev/null; standard error too.
"""

import os
import statistics
import sys
import time


def parse(args):
    """[(name, argv)] from `NAME -- COMMAND... NAME -- COMMAND...`: a name is the word before a `--`."""
    commands, i = [], 0
    while i < len(args):
        if i + 1 >= len(args) or args[i + 1] != "--":
            sys.exit(f"interleaved.py: expected NAME -- COMMAND at {args[i]!r}")
        end = next((j - 1 for j in range(i + 3, len(args)) if args[j] == "--"), len(args))
        commands.append((args[i], args[i + 2:end]))
        i = end
    return commands


def run(argv, devnull):
    """Wall and CPU seconds of one run of argv."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) == 127:
        sys.exit(f"interleaved.py: cannot run {argv[0]}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    rounds = int(sys.argv[1])
    commands = parse(sys.argv[2:])
    devnull = os.open(os.devnull, os.O_WRONLY)
    times = {name: [] for name, _ in commands}
    for r in range(rounds):
        # Each round starts with another command: none always runs after the same one.
        for name, argv in commands[r % len(commands):] + commands[:r % len(commands)]:
            times[name].append(run(argv, devnull))
    reference = commands[-1][0]
    for name, _ in commands:
        walls = [w for w, _ in times[name]]
        cpus = [c for _, c in times[name]]
        line = (f"{name:<44} wall best {min(walls):6.3f} median {statistics.median(walls):6.3f} s"
                f"   CPU best {min(cpus):6.3f} median {statistics.median(cpus):6.3f} s")
        if name != reference:
            wins = sum(1 for (w, _), (r, _) in zip(times[name], times[reference]) if w <= r)
            line += f"   at most {reference}'s wall in {wins} of {rounds} rounds"
        print(line)


if __name__ == "__main__":
    main()
