"""Child process of the benchmark: one `mkdocs build`, reporting its own peak memory."""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--report", required=True, help="JSON file to write the figures to")
    parser.add_argument("--profile", help="write cProfile stats of the build to this file")
    parser.add_argument("mkdocs_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.__main__ import cli

    argv = [a for a in args.mkdocs_args if a != "--"]
    sys.argv = ["mkdocs", *argv]
    started = time.perf_counter()
    profiler = cProfile.Profile() if args.profile else None
    code = 0
    try:
        if profiler:
            profiler.enable()
        cli.main(args=argv, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (1 if stop.code else 0)
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
    except Exception as error:  # the parent reports the failure with the log
        print(f"build failed: {error}", file=sys.stderr)
        code = 1
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
    elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)  # e.g. git, the Pagefind binary
    peak_kb = max(own.ru_maxrss, helpers.ru_maxrss)
    cpu_s = own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime
    with open(args.report, "w", encoding="utf-8") as out:
        json.dump({"in_process_s": elapsed, "peak_kb": peak_kb, "cpu_s": cpu_s, "exit": code}, out)
    return code


if __name__ == "__main__":
    sys.exit(main())
