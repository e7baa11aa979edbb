#!/usr/bin/env python3
"""Regenerates the parameter tables of docs/simulator.md and docs/run-config.md from the
parameter registry (`spatten-cli params --markdown hw|run`), between the
<!-- params:hw --> ... <!-- /params:hw --> (and params:run) markers. tst_param_docs checks them.

Usage (from the repository root): tools/docs/update_param_tables.py [build/ci/app/cli/spatten-cli]
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def update(cli, doc, name):
    table = subprocess.run([cli, "params", "--markdown", name], check=True,
                           capture_output=True, text=True).stdout
    path = os.path.join(ROOT, doc)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    open_m, close_m = f"<!-- params:{name} -->\n", f"<!-- /params:{name} -->"
    a, b = text.index(open_m) + len(open_m), text.index(close_m)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text[:a] + table + text[b:])
    os.replace(path + ".tmp", path)


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/ci/app/cli/spatten-cli")
    update(cli, "docs/simulator.md", "hw")
    update(cli, "docs/run-config.md", "run")


if __name__ == "__main__":
    main()
