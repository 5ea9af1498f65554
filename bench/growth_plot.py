"""Plots docs/growth.tsv (bench/growth.sh): requests per second of each scenario, and RSS, against the row count.

    python bench/growth_plot.py docs/growth.tsv docs/growth.png
"""

import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    source, target = sys.argv[1], sys.argv[2]
    series, rss = {}, {}
    with open(source) as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rows = int(row["rows"])
            if row["scenario"] == "rss_mb":
                rss[rows] = float(row["req_s"])
            else:
                series.setdefault(row["scenario"], {})[rows] = float(row["req_s"])
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, points in sorted(series.items()):
        xs = sorted(points)
        left.plot(xs, [points[x] for x in xs], marker="o", label=name)
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("users = books (revoked live sessions: a tenth)")
    left.set_ylabel("requests per second (median of the rounds, 10 s each)")
    left.set_title("TokenGate on SQLite: throughput as the data grows")
    left.legend(loc="center", bbox_to_anchor=(0.5, 0.43), ncol=3, fontsize="small")
    left.grid(True, which="both", alpha=0.3)
    xs = sorted(rss)
    right.plot(xs, [rss[x] for x in xs], marker="o", color="tab:red")
    right.axhline(100, linestyle="--", color="grey", label="budget 100 MB")
    right.set_xscale("log")
    right.set_xlabel("users = books (revoked live sessions: a tenth)")
    right.set_ylabel("RSS after start (MB)")
    right.set_title("Server memory")
    right.legend()
    right.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(target, dpi=110)


if __name__ == "__main__":
    main()
