"""Reads the per-round results of bench/compare.sh, prints the side-by-side table and checks the budget."""

import argparse
import re
import statistics
import sys
from pathlib import Path

LINE = re.compile(r"^(\S+)\s+([\d.]+) req/s\s+p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms\s+non-2xx (\d+) of (\d+)")


def load(folder: Path, target: str):
    """scenario -> {rps, p50, p99, non2xx}, medians over the rounds; plus the single-number facts."""
    runs, facts = {}, {}
    for path in sorted(folder.glob(f"{target}.*")):
        for line in path.read_text().splitlines():
            if match := LINE.match(line):
                name, rps, p50, p99, non2xx, total = match.groups()
                runs.setdefault(name, []).append((float(rps), float(p50), float(p99), int(non2xx), int(total)))
            elif line.startswith(("floor_pair", "pg_status_pair")):
                kind, first, second = line.split()
                facts.setdefault(kind + "s", []).append((float(first), float(second)))
            elif line.startswith(("startup_ms", "idle_rss_mb")):
                key, value = line.split()
                facts.setdefault(key, []).append(float(value))
    table = {
        name: {
            "rps": statistics.median(r[0] for r in rows),
            "p50": statistics.median(r[1] for r in rows),
            "p99": statistics.median(r[2] for r in rows),
            "non2xx": sum(r[3] for r in rows),
            "requests": sum(r[4] for r in rows),
        }
        for name, rows in runs.items()
    }
    pairs = {key: facts.pop(key) for key in ("floor_pairs", "pg_status_pairs") if key in facts}
    facts = {key: statistics.median(values) for key, values in facts.items()}
    if floor_pairs := pairs.get("floor_pairs"):
        # The floor's bursts stand in for its status line; the pairs give the ratio (see run_floor in compare.sh).
        table["status"] = {"rps": statistics.median(floor for _, floor in floor_pairs), "p50": 0.0, "p99": 0.0, "non2xx": 0, "requests": 0}
    facts.update(pairs)
    return table, facts


def paired_ratio(pairs):
    """The median of second ÷ first over the pairs, and the middle half of those ratios."""
    ratios = [second / first for first, second in pairs]
    low, _, high = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (ratios[0],) * 3
    return statistics.median(ratios), low, high


def tail_shape(row, connections):
    """p99 ÷ mean latency, the mean from Little's law (connections ÷ req/s): how unevenly a server shares its time."""
    return row["p99"] / (connections / row["rps"] * 1000) if row and row["rps"] and row["p99"] else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--cores", type=int, required=True)
    parser.add_argument("--hash-ms", type=float, required=True)
    parser.add_argument("--cost", type=int, required=True)
    parser.add_argument("--connections", type=int, default=64, help="wrk connections of the read scenarios")
    args = parser.parse_args()

    tokengate, facts = load(args.results, "tokengate")
    floor, floor_facts = load(args.results, "floor")
    peer, _ = load(args.results, "peer")
    vapor, _ = load(args.results, "vapor")
    postgres, postgres_facts = load(args.results, "tokengate_pg")

    print(f"| scenario | TokenGate req/s | p50 ms | p99 ms | non-2xx | floor req/s | Flask req/s | Flask p50 ms | Flask p99 ms | Flask non-2xx | TokenGate ÷ Flask req/s | Flask p99 ÷ TokenGate p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in ["status", "books_list", "login", "refresh", "bad_token", "mixed"]:
        ours, theirs, base = tokengate.get(name), peer.get(name), floor.get(name)
        if not ours:
            continue
        cells = [name, f"{ours['rps']:.0f}", f"{ours['p50']:.2f}", f"{ours['p99']:.2f}", str(ours["non2xx"])]
        cells.append(f"{base['rps']:.0f}" if base else "")
        if theirs:
            cells += [f"{theirs['rps']:.0f}", f"{theirs['p50']:.2f}", f"{theirs['p99']:.2f}", str(theirs["non2xx"])]
            cells.append(f"{ours['rps'] / theirs['rps']:.1f}×" if theirs["rps"] else "∞")
            cells.append(f"{theirs['p99'] / ours['p99']:.1f}×" if ours["p99"] else "∞")
        else:
            cells += [""] * 6
        print("| " + " | ".join(cells) + " |")
    if vapor or postgres:
        print()
        print("| scenario | TokenGate req/s (p99 ms) | Vapor req/s (p99 ms) | TokenGate ÷ Vapor req/s | Vapor p99 ÷ TokenGate p99 | TokenGate on PostgreSQL req/s (p99 ms) | PostgreSQL ÷ SQLite req/s |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in ["status", "books_list", "login", "refresh", "bad_token", "mixed"]:
            ours, theirs, pg = tokengate.get(name), vapor.get(name), postgres.get(name)
            if not ours:
                continue
            cells = [name, f"{ours['rps']:.0f} ({ours['p99']:.2f})"]
            if theirs:
                cells += [f"{theirs['rps']:.0f} ({theirs['p99']:.2f})", f"{ours['rps'] / theirs['rps']:.1f}×" if theirs["rps"] else "∞",
                          f"{theirs['p99'] / ours['p99']:.1f}×" if ours["p99"] else "∞"]
            else:
                cells += ["", "", ""]
            ratio = f"{pg['rps'] / ours['rps'] * 100:.0f} %" if pg else ""
            if name == "status" and (pairs := postgres_facts.get("pg_status_pairs")):
                ratio = f"{paired_ratio(pairs)[0] * 100:.0f} % (in pairs)"
            cells += [f"{pg['rps']:.0f} ({pg['p99']:.2f})", ratio] if pg else ["", ""]
            print("| " + " | ".join(cells) + " |")
    print()
    rss = f"{facts['idle_rss_mb']:.1f} MB" if "idle_rss_mb" in facts else "not measured"
    startup = f"{facts['startup_ms']:.0f} ms" if "startup_ms" in facts else "not measured"
    print(f"TokenGate idle RSS: {rss}; start to first 200 on /health: {startup}; one bcrypt hash at cost {args.cost}: {args.hash_ms:.1f} ms "
          f"({args.cores} cores → bcrypt bound {args.cores / (args.hash_ms / 1000):.1f} logins/s)")
    for name in ["status", "books_list"]:
        shapes = [(label, tail_shape(table.get(name), args.connections))
                  for label, table in [("TokenGate", tokengate), ("Flask", peer), ("Vapor", vapor), ("TokenGate on PostgreSQL", postgres)]]
        if shown := [f"{label} {shape:.2f}" for label, shape in shapes if shape]:
            print(f"{name} p99 ÷ mean latency ({args.connections} ÷ req/s): " + ", ".join(shown))
    print()

    checks = []

    def check(label, value, limit, ok):
        checks.append(ok)
        print(f"{'PASS' if ok else 'MISS'}  {label}: {value} (budget {limit})")

    status, pstatus = tokengate.get("status"), peer.get("status")
    if pairs := floor_facts.get("floor_pairs"):
        ratio, low, high = paired_ratio([(floor, ours) for ours, floor in pairs])
        check("status vs floor", f"{ratio * 100:.0f} % of the floor's req/s (median of {len(pairs)} paired bursts, middle half "
              f"{low * 100:.0f}–{high * 100:.0f} %)", "≥ 75 %", ratio >= 0.75)
    if pairs := postgres_facts.get("pg_status_pairs"):
        ratio, low, high = paired_ratio(pairs)
        check("status on PostgreSQL vs on SQLite", f"{ratio * 100:.0f} % (median of {len(pairs)} paired bursts, middle half "
              f"{low * 100:.0f}–{high * 100:.0f} %)", "within 10 %", abs(ratio - 1) <= 0.10)
    if not status:
        sys.exit(0 if all(checks) else 1)
    if pstatus:
        check("status vs Flask req/s", f"{status['rps'] / pstatus['rps']:.1f}×", "≥ 15×", status["rps"] >= 15 * pstatus["rps"])
        check("status p99 vs Flask", f"{status['p99']:.2f} ms vs {pstatus['p99']:.2f} ms", "≤ 1/10", status["p99"] * 10 <= pstatus["p99"])
    books, pbooks = tokengate.get("books_list"), peer.get("books_list")
    if books and pbooks:
        check("books_list vs Flask req/s", f"{books['rps'] / pbooks['rps']:.1f}×", "≥ 10×", books["rps"] >= 10 * pbooks["rps"])
        check("books_list p99 vs Flask", f"{books['p99']:.2f} ms vs {pbooks['p99']:.2f} ms", "≤ 1/10", books["p99"] * 10 <= pbooks["p99"])
    for name, times in [("status", 8), ("books_list", 5)]:
        ours, theirs = tokengate.get(name), vapor.get(name)
        if ours and theirs:
            check(f"{name} vs Vapor req/s", f"{ours['rps'] / theirs['rps']:.1f}×", f"≥ {times}×", ours["rps"] >= times * theirs["rps"])
            check(f"{name} p99 vs Vapor", f"{ours['p99']:.2f} ms vs {theirs['p99']:.2f} ms", "≤ 1/3", ours["p99"] * 3 <= theirs["p99"])
    if postgres.get("status") and not postgres_facts.get("pg_status_pairs"):
        ratio = postgres["status"]["rps"] / status["rps"]
        check("status on PostgreSQL vs on SQLite", f"{ratio * 100:.0f} %", "within 10 %", abs(ratio - 1) <= 0.10)
    if postgres.get("books_list") and pbooks:
        check("books_list on PostgreSQL vs Flask on SQLite", f"{postgres['books_list']['rps'] / pbooks['rps']:.1f}×", "≥ 5×",
              postgres["books_list"]["rps"] >= 5 * pbooks["rps"])
    bound = args.cores / (args.hash_ms / 1000)
    # (A run limited to some scenarios with BENCH_SCENARIOS checks only their lines.)
    if login := tokengate.get("login"):
        check("login vs bcrypt bound", f"{login['rps']:.1f} logins/s = {login['rps'] / bound:.2f} × {bound:.1f}", "≥ 0.9×", login["rps"] >= 0.9 * bound)
    if mixed := tokengate.get("mixed"):
        check("mixed status p99 while logins saturate", f"{mixed['p99']:.2f} ms", "< 20 ms", mixed["p99"] < 20)
    if (rss := facts.get("idle_rss_mb")) is not None:
        check("idle RSS", f"{rss:.1f} MB", "< 40 MB", rss < 40)
    if (startup := facts.get("startup_ms")) is not None:
        check("start to first 200 on /health", f"{startup:.0f} ms", "< 500 ms", startup < 500)
    if bad := tokengate.get("bad_token"):
        check("bad_token never answered 2xx", f"{bad['non2xx']} of {bad['requests']} non-2xx", "all", bad["non2xx"] == bad["requests"] > 0)
    sys.exit(0 if all(checks) else 1)


if __name__ == "__main__":
    main()
