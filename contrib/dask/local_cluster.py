#!/usr/bin/env python3
"""Runs a command against a throwaway Dask cluster on this machine: one `dask scheduler` and N
`dask worker` processes, each a separate process as on real hosts.

    python local_cluster.py [--workers N] -- COMMAND...

COMMAND runs with DASK_SCHEDULER_ADDRESS set, for at most --timeout seconds; its exit status is this
script's. The scheduler and the workers are stopped however COMMAND ends (also on an exception or
SIGTERM/SIGINT), and they and COMMAND die with this script even when it is killed outright
(PR_SET_PDEATHSIG): a leftover worker holding a pipe open would keep a CI step waiting. Their output goes
to files in a temporary directory, printed when something fails.
"""

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import time

from dask.distributed import Client

PR_SET_PDEATHSIG = 1
LIBC = ctypes.CDLL(None, use_errno=True)


def _dying_with_parent():
    LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _own_session_dying_with_parent():
    os.setsid()
    _dying_with_parent()


class Cluster:
    def __init__(self, workers, directory):
        self.count = workers
        self.directory = directory
        self.scheduler_file = os.path.join(directory, "scheduler.json")
        self.processes = []

    def start(self, timeout=90):
        self._spawn("scheduler", ["dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", self.scheduler_file])
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.scheduler_file):
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"the scheduler wrote no {self.scheduler_file} within {timeout} s")
            time.sleep(0.1)
        for index in range(self.count):
            self._spawn(f"worker-{index}", ["dask", "worker", "--scheduler-file", self.scheduler_file, "--nthreads", "1",
                                            "--no-nanny", "--no-dashboard", "--name", f"worker-{index}",
                                            "--local-directory", self.directory])
        with Client(scheduler_file=self.scheduler_file, timeout=timeout) as client:
            client.wait_for_workers(self.count, timeout=max(1, deadline - time.monotonic()))
            return client.scheduler.address

    def _spawn(self, name, command):
        bin_dir = os.path.dirname(sys.executable)
        command = [os.path.join(bin_dir, command[0]), *command[1:]]
        log = open(os.path.join(self.directory, f"{name}.log"), "wb")
        self.processes.append((name, log, subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                                           preexec_fn=_own_session_dying_with_parent)))

    def _check_alive(self):
        for name, _, process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(f"dask {name} exited with status {process.returncode}")

    def stop(self):
        for _, _, process in self.processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _, log, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            log.close()

    def print_logs(self, lines=20):
        for name, _, _ in self.processes:
            with open(os.path.join(self.directory, f"{name}.log"), errors="replace") as log:
                tail = log.read().splitlines()[-lines:]
            print(f"--- last lines of dask {name} ---", *tail, sep="\n", file=sys.stderr)


def _signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _stop_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def main(argv):
    cut = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600, help="seconds COMMAND may run before it is stopped")
    args = parser.parse_args(argv[:cut])
    command = argv[cut + 1 :]
    if not command:
        parser.error("give the command to run after --")
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    with tempfile.TemporaryDirectory(prefix="logmedic-dask-") as directory:
        cluster = Cluster(args.workers, directory)
        status = 1
        try:
            address = cluster.start()
            status = subprocess.run(command, env={**os.environ, "DASK_SCHEDULER_ADDRESS": address},
                                    timeout=args.timeout, preexec_fn=_dying_with_parent).returncode
        finally:
            cluster.stop()
            if status != 0:
                cluster.print_logs()
        return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
