#!/usr/bin/env python3
"""Runs a command and prints its wall time and the CPU time of each of its threads, read from
/proc/PID/task/*/stat every few milliseconds (Linux only).

    bench/thread_times.py COMMAND...     ->  wall=7.512 cpu=7.480 busiest_thread=7.401 threads=3

`busiest_thread` is the CPU time of the thread that worked longest: on a machine with a free core per
thread, the command cannot finish sooner than that, whatever else runs. On a busy machine it is a steadier
measure of how well the work is spread than the wall time, which then mostly says how much CPU the
other processes left over. (CPU time of threads that ended more than one poll before the process is kept.)
"""

import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
POLL_SECONDS = 0.005


def thread_cpu(pid):
    """CPU seconds per thread id of process `pid` (utime + stime)."""
    times = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return times
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # After the name: state is field 3 of stat(5); utime and stime are fields 14 and 15.
        times[tid] = (int(fields[11]) + int(fields[12])) / TICKS
    return times


def main(command):
    if not command:
        sys.exit("usage: bench/thread_times.py COMMAND...")
    started = time.monotonic()
    process = subprocess.Popen(command)
    seen = {}
    while process.poll() is None:
        seen.update(thread_cpu(process.pid))
        time.sleep(POLL_SECONDS)
    wall = time.monotonic() - started
    if process.returncode not in (0, 1):
        sys.exit(f"bench/thread_times.py: {command[0]} exited with status {process.returncode}")
    busiest = max(seen.values(), default=0.0)
    print(f"wall={wall:.3f} cpu={sum(seen.values()):.3f} busiest_thread={busiest:.3f} threads={len(seen)}")


if __name__ == "__main__":
    main(sys.argv[1:])
