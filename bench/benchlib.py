"""What the benchmarks share: where the platform is, starting and stopping it, and how figures are printed.

A benchmark starts a platform of its own (a fresh data directory, its ports shifted by its own offset) and
stops it at the end, unless --data-dir names a running platform: it then uses that one (--port-offset must
be the one it was started with) and leaves it running. --smoke runs the benchmark with tiny counts and
durations, to check that it still works and produces its figures (the suite runs every benchmark so);
smoke figures mean nothing. Every benchmark ends with one line `figures: {json}`, the numbers it
measured, and exits non-zero, with the failing tool's own message, when it could not produce them.
"""
import contextlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IOTP = os.path.join(ROOT, "iotp")


def add_platform_arguments(parser, default_offset):
    parser.add_argument("--data-dir", help="use the platform running from this data directory (left running)")
    parser.add_argument("--port-offset", type=int, default=default_offset,
                        help=f"the platform's port offset (default {default_offset})")
    parser.add_argument("--keep-platform", action="store_true", help="leave the platform this run started up")
    parser.add_argument("--smoke", action="store_true",
                        help="tiny counts and durations: checks that the benchmark works, its figures mean nothing")


@contextlib.contextmanager
def platform(args, name, up_arguments=()):
    """Yields (data directory, iotp options) of the platform to measure, started here unless --data-dir."""
    own = args.data_dir is None
    data = args.data_dir or tempfile.mkdtemp(prefix=f"iotp-bench-{name}.")
    options = ["--data-dir", data, "--port-offset", str(args.port_offset)]
    try:  # `down` also when `up` itself fails or is interrupted: it stops whatever `up` had started
        if own:
            run([IOTP, "up", *up_arguments, *options], f"{name}: iotp up")
        yield data, options
    finally:
        if own and args.keep_platform:
            print(f"platform left up: {' '.join([IOTP, 'down', *options])}", flush=True)
        elif own:
            subprocess.run([IOTP, "down", *options], stdout=subprocess.DEVNULL)


def run(command, what, timeout=900):
    """Runs a command in the repository; when it fails, its own output is shown and the benchmark exits non-zero."""
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
                            cwd=ROOT)
    if result.returncode != 0:
        sys.stderr.write(result.stdout)
        raise SystemExit(f"{what} failed with exit code {result.returncode} (its output above)")
    return result.stdout


def admin_login(data):
    """The generated admin's user name and password, from the platform's data directory."""
    return open(os.path.join(data, "admin-credentials")).read().strip().split(":", 1)


def print_figures(figures):
    """The last line of every benchmark: what it measured, as JSON (numbers, or null where not measured)."""
    print("figures: " + json.dumps(figures, sort_keys=True), flush=True)
