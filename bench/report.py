"""BENCHMARKS.md sections from the measurements of bench.run: baseline against now, with the
targets of issue 13 marked met or not met."""

from __future__ import annotations

# (size, metric) → target; a metric without a target at a size is reported, not judged.
TARGETS: dict[tuple[int, str], float] = {
    (10_000, "start"): 1.0, (10_000, "rss"): 80, (10_000, "cleared p99"): 10,
    (10_000, "zoek p99"): 15, (10_000, "subscription p99"): 20,
    (50_000, "start"): 2.0, (50_000, "rss"): 150, (50_000, "zoek p99"): 50,
}


def _verdict(size: int, metric: str, value: float) -> str:
    target = TARGETS.get((size, metric))
    if target is None:
        return "–"
    return f"≤ {target:g}: {'met' if value <= target else '**not met**'}"


def _ratio(base: float, now: float) -> str:
    return f"{base / now:.1f}×" if now > 0 else "–"


def report_size(size: int, results: dict[str, dict]) -> list[str]:
    base, now = results["baseline"], results["now"]
    bs, ns = base["serving"], now["serving"]
    lines = [f"## {size:,} announcements", "",
             "Ratio = baseline ÷ now (higher is better for now).", "",
             "| measure | baseline | now | ratio | target (now) |", "|---|---:|---:|---:|---|"]

    def row(label: str, b: float, n: float, unit: str, metric: str | None = None,
            digits: int = 1) -> None:
        verdict = _verdict(size, metric, n) if metric else "–"
        lines.append(f"| {label} | {b:.{digits}f} {unit} | {n:.{digits}f} {unit} | "
                     f"{_ratio(b, n)} | {verdict} |")

    row("ingest, per release", base["seconds"] / base["releases"] * 1000,
        now["seconds"] / now["releases"] * 1000, "ms", digits=2)
    row("ingest, peak RSS", base["peak_mb"], now["peak_mb"], "MB", digits=0)
    row("data directory on disk", base["disk_mb"], now["disk_mb"], "MB", digits=0)
    for command in ("/budget", "/zoek rechtsbijstand"):
        row(f"cold start → first `{command}`, bot", base[f"start bot {command}"],
            now[f"start bot {command}"], "s", "start", digits=2)
        row(f"cold start → first `{command}`, `briefingbot ask`", base[f"start ask {command}"],
            now[f"start ask {command}"], "s", "start", digits=2)
    row("RSS while serving (answers, searches, 20 chats' reminder plan)", bs["rss_mb"],
        ns["rss_mb"], "MB", "rss", digits=0)
    if "rss_answers_mb" in bs and "rss_answers_mb" in ns:
        row("RSS after the answers and searches, before any reminder plan",
            bs["rss_answers_mb"], ns["rss_answers_mb"], "MB", digits=0)
    row("RSS peak while serving (start included)", bs["peak_mb"], ns["peak_mb"], "MB",
        digits=0)
    subscription_b, subscription_n = bs["subscription_change"], ns["subscription_change"]
    row("subscription change + plan update, p50", subscription_b["p50"], subscription_n["p50"],
        "ms", digits=2)
    row("subscription change + plan update, p99", subscription_b["p99"], subscription_n["p99"],
        "ms", "subscription p99", digits=2)
    lines += ["", "Commands, in the serving process: the first answer after opening the store "
              "(the first command also loads the library), then "
              f"{'100' if size <= 10_000 else '25'} runs with the library's memo cleared "
              f"before each, then as many memoised.", "",
              "| command | first: baseline | first: now | cleared p50 b / now | cleared p99 b / "
              "now | target (cleared p99) | memoised p99 b / now |",
              "|---|---:|---:|---:|---:|---|---:|"]
    for command, n in ns["commands"].items():
        b = bs["commands"][command]
        metric = "zoek p99" if command.startswith("/zoek") else "cleared p99"
        lines.append(
            f"| `{command}` | {b['first']:.1f} ms | {n['first']:.1f} ms | "
            f"{b['cleared']['p50']:.2f} / {n['cleared']['p50']:.2f} ms | "
            f"{b['cleared']['p99']:.2f} / {n['cleared']['p99']:.2f} ms | "
            f"{_verdict(size, metric, n['cleared']['p99'])} | "
            f"{b['memoised']['p99']:.2f} / {n['memoised']['p99']:.2f} ms |")
    lines += ["", "`/zoek` over 1,000 different queries, each asked once (after the first "
              "search of the table above):", "",
              "| queries | p50 baseline | p50 now | p99 baseline | p99 now | ratio (p99) | "
              "target (p99) |", "|---|---:|---:|---:|---:|---:|---|"]
    for kind, n in ns["search"].items():
        b = bs["search"][kind]
        lines.append(f"| {kind} | {b['p50']:.2f} ms | {n['p50']:.2f} ms | {b['p99']:.2f} ms | "
                     f"{n['p99']:.2f} ms | {_ratio(b['p99'], n['p99'])} | "
                     f"{_verdict(size, 'zoek p99', n['p99']) if kind == 'all' else '–'} |")
    return [*lines, ""]
