#!/usr/bin/env python3
"""Scan logs on a Dask cluster with logmedic and merge the shards into one report.

    python logmedic_dask.py [--scheduler ADDRESS] [--logmedic BIN] [--shard-mib N] LOG... [-- REPORT-OPTION...]

Each file is a shard, and a file larger than the shard size is cut into byte ranges (`scan --byte-range`;
logmedic moves each cut to an event boundary, so a traceback across a cut is still one event). Every
shard runs `logmedic scan --format groups` in a subprocess on a worker; the records come back as they
finish, in any order, and `logmedic report --findings -` here folds them into the report one `report`
over all the logs gives. Options after `--` go to `report` (`--format json`, `--db DSN`, `-o FILE`, ...).

The workers read the paths themselves: the logs must be at the same paths on every worker (shared
storage, or one worker per log host with the shards of its own logs). See README.md beside this file.
"""

import argparse
import os
import subprocess
import sys

from dask.distributed import Client, as_completed, get_worker

SUMMARY_PREFIX = b'{"scan":'


def plan_shards(paths, shard_bytes):
    """(path, "START:END" or None) per shard: whole files up to `shard_bytes`, byte ranges beyond.
    Compressed files cannot be cut (logmedic refuses a byte range of one), so they stay whole."""
    shards = []
    for path in paths:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            compressed = f.read(2) == b"\x1f\x8b"
        if compressed or size <= shard_bytes:
            shards.append((path, None))
            continue
        count = -(-size // shard_bytes)
        step = -(-size // count)
        for start in range(0, size, step):
            end = start + step
            shards.append((path, f"{start}:{end if end < size else ''}"))
    return shards


def scan_shard(logmedic, path, byte_range, scan_options):
    """Runs on a worker: the shard's partial groups, ending with its `scan` summary record."""
    command = [logmedic, "scan", "--format", "groups", "--quiet", "--fail-on", "never", "--jobs", "1", *scan_options]
    if byte_range is not None:
        command += ["--byte-range", byte_range]
    command.append(path)
    run = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
    # Exit 3 with a summary record is an unreadable input: the report counts it, as one `report` would.
    if run.returncode not in (0, 3) or SUMMARY_PREFIX not in run.stdout:
        message = run.stderr.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {run.returncode}"]
        raise RuntimeError(f"logmedic scan of {path} [{byte_range or 'whole'}] failed: {message[0]}")
    return get_worker().address, run.stdout


def main(argv):
    cut = argv.index("--") if "--" in argv else len(argv)
    own, report_options = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logs", nargs="+", help="log files, readable at the same paths on every worker")
    parser.add_argument("--scheduler", default=os.environ.get("DASK_SCHEDULER_ADDRESS"),
                        help="the scheduler's address (default: $DASK_SCHEDULER_ADDRESS)")
    parser.add_argument("--logmedic", default="logmedic", help="the logmedic binary on the workers and here")
    parser.add_argument("--shard-mib", type=float, default=256, help="files larger than this are cut into byte ranges")
    parser.add_argument("--rules", help="a rules directory, the same on every worker (scan --rules)")
    args = parser.parse_args(own)
    if not args.scheduler:
        parser.error("give --scheduler ADDRESS or set DASK_SCHEDULER_ADDRESS")
    scan_options = ["--rules", args.rules] if args.rules else []
    shards = plan_shards(args.logs, max(1, int(args.shard_mib * 1024 * 1024)))

    report = subprocess.Popen([args.logmedic, "report", "--findings", "-", *scan_options, *report_options],
                              stdin=subprocess.PIPE)
    workers = set()
    try:
        with Client(args.scheduler) as client:
            futures = [client.submit(scan_shard, args.logmedic, path, byte_range, scan_options, pure=False)
                       for path, byte_range in shards]
            # Merging is commutative: each shard's records go to the report as soon as they arrive.
            for future in as_completed(futures):
                worker, records = future.result()
                workers.add(worker)
                report.stdin.write(records)
    except BaseException:
        report.kill()
        report.wait()
        raise
    report.stdin.close()
    status = report.wait()
    print(f"logmedic-dask: {len(shards)} shards of {len(args.logs)} files scanned on {len(workers)} workers",
          file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
