"""Reads `swift package benchmark` text output on stdin and prints the p50 wall-clock time of one password hash in ms."""

import re
import sys

text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", sys.stdin.read())
headers = [m.end() for m in re.finditer(r"^password hash at cost \d+\s*$", text, re.M)]
if not headers:
    sys.exit("no password hash benchmark in the output")
section = text[headers[-1]:]
row = re.search(r"Time \(wall clock\) \((ns|μs|us|ms|s)\) \*?\s*│\s*([\d.]+)\s*│\s*([\d.]+)\s*│\s*([\d.]+)", section)
if not row:
    sys.exit("no password hash timing in the benchmark output")
unit, p50 = row.group(1), float(row.group(4))
scale = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}[unit]
print(round(p50 * scale, 1))
