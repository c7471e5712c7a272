#!/usr/bin/env python3
"""Renders the panels of cachet-grafana.json from real /actuator/prometheus scrapes (record.sh) as
one HTML page in Grafana's dark style, and screenshots it with headless Chromium. Grafana is not
needed: each panel's PromQL is evaluated here for the few forms the dashboard uses (a counter's
rate over a window, sums and maxima by a label, ratios), on the scrapes' own timestamps.

Usage: python3 docs/dashboard/render.py SCRAPES_DIR OUT.png [chromium]"""
import html
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
WINDOW = 10  # seconds: the rate window, as $__rate_interval would be for a 2 s scrape
COLORS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#f2495c", "#b877d9", "#8ab8ff", "#96d98d", "#ffb357", "#ca95e5"]


def scrapes(directory):
    """[(time, {(name, labels-tuple): value})] in time order."""
    out = []
    for f in sorted(os.listdir(directory)):
        if not f.endswith(".prom"):
            continue
        samples = {}
        for line in open(os.path.join(directory, f), encoding="utf-8"):
            m = SAMPLE.match(line)
            if m and not line.startswith("#"):
                labels = tuple(sorted(LABEL.findall(m.group(3) or "")))
                samples[(m.group(1), labels)] = float(m.group(4))
        out.append((int(f[:-5]), samples))
    return out


def select(samples, name, **match):
    for (n, labels), v in samples.items():
        d = dict(labels)
        if n == name and all(d.get(k) == want for k, want in match.items()):
            yield d, v


def by(samples, name, label, **match):
    """sum by (label) (name{match})"""
    out = defaultdict(float)
    for d, v in select(samples, name, **match):
        out[d.get(label, "")] += v
    return out


def rate(series, name, label, **match):
    """sum by (label) (rate(name{match}[WINDOW])) at each scrape that has one WINDOW before it."""
    out = []
    for i, (t, s) in enumerate(series):
        earlier = [(t0, s0) for t0, s0 in series[:i] if t - t0 >= WINDOW]
        if not earlier:
            continue
        t0, s0 = earlier[-1]
        now, then = by(s, name, label, **match), by(s0, name, label, **match)
        out.append((t, {k: max(0.0, v - then.get(k, 0.0)) / (t - t0) for k, v in now.items()}))
    return out


def gauge(series, name, label, aggregate=sum):
    out = []
    for t, s in series:
        groups = defaultdict(list)
        for d, v in select(s, name):
            groups[d.get(label, "")].append(v)
        out.append((t, {k: aggregate(v) for k, v in groups.items()}))
    return out


def ratio(num, den):
    dens = dict(den)
    return [(t, {k: v / dens[t][k] for k, v in n.items() if dens[t].get(k)}) for t, n in num if t in dens]


def panels(series):
    """Each panel of the dashboard by id: {legend: [(time, value)]}, as its expressions define."""
    def lines(points, legend):
        out = defaultdict(list)
        for t, values in points:
            for k, v in values.items():
                out[legend.replace("{k}", k)].append((t, v))
        return out
    used = {k for k, v in by(series[-1][1], "cache_gets_total", "cache").items() if v > 0}
    only = lambda d: {k: v for k, v in d.items() if k in used}
    hit = ratio(rate(series, "cache_gets_total", "cache", result="hit"), rate(series, "cache_gets_total", "cache"))
    p99 = [(t, only(v)) for t, v in gauge(series, "cachet_load_p99_seconds", "cache", max)]
    errors = rate(series, "cachet_errors_total", "kind")
    bypasses = [(t, {"bypassed Redis": sum(v.values())}) for t, v in rate(series, "cachet_bypasses_total", "cache")]
    circuit_open = [(t, {"open (1) / closed (0)": max(v.values() or [0])}) for t, v in gauge(series, "cachet_circuit_open", "x", max)]
    opened = [(t, {"times opened": sum(v.values()) * WINDOW}) for t, v in rate(series, "cachet_circuit_opened_total", "x")]
    return {
        1: lines([(t, only(v)) for t, v in hit], "{k}"),
        2: lines([(t, only(v)) for t, v in gauge(series, "cachet_time_saved_seconds", "cache")], "{k}"),
        3: lines(p99, "p99 {k}"),
        4: {**lines(errors, "error {k}"), **lines(bypasses, "{k}")},
        5: {**lines(circuit_open, "{k}"), **lines(opened, "{k}")},
    }


def fmt(v, unit):
    if unit == "percentunit":
        return f"{v * 100:.0f}%"
    if unit == "s":
        return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.1f} s"
    if unit == "ops":
        return f"{v:.2g}/s"
    return f"{v:g}"


def svg(lines, unit, width, height, start):
    left, right, top, bottom = 70, 10, 10, 24
    w, h = width - left - right, height - top - bottom
    points = [p for pts in lines.values() for p in pts]
    if not points:
        return f'<svg width="{width}" height="{height}"><text x="20" y="40" fill="#ccccdc">No data</text></svg>'
    t0, t1 = min(p[0] for p in points), max(p[0] for p in points)
    hi = max(p[1] for p in points)
    hi = 1.0 if unit == "percentunit" else (hi * 1.1 or 1.0)
    x = lambda t: left + (t - t0) / max(1, t1 - t0) * w
    y = lambda v: top + h - v / hi * h
    out = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i in range(5):
        v = hi * i / 4
        out.append(f'<line x1="{left}" x2="{left + w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#2c3235"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#8e8e8e" font-size="11">{fmt(v, unit)}</text>')
    for i in range(6):
        t = t0 + (t1 - t0) * i / 5
        label = f"{int(t - start) // 60}:{int(t - start) % 60:02d}"
        out.append(f'<text x="{x(t):.1f}" y="{height - 6}" text-anchor="middle" fill="#8e8e8e" font-size="11">{label}</text>')
    for i, (name, pts) in enumerate(sorted(lines.items())):
        path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{COLORS[i % len(COLORS)]}" stroke-width="1.6"/>')
    out.append("</svg>")
    return "".join(out)


def page(dashboard, computed, start):
    cell = 66  # pixels per grid column of Grafana's 24
    row = 36
    parts = ['<html><head><meta charset="utf-8"><style>body{margin:0;background:#111217;font-family:Inter,Helvetica,Arial,sans-serif;color:#ccccdc}',
             '.bar{padding:12px 16px;font-size:18px}.bar small{color:#8e8e8e;font-size:12px;margin-left:12px}',
             '.panel{position:absolute;background:#181b1f;border:1px solid #2c3235;border-radius:2px;box-sizing:border-box}',
             '.title{font-size:13px;font-weight:500;padding:6px 8px}.legend{font-size:11px;padding:0 8px;line-height:16px}',
             '.legend span{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}',
             '</style></head><body>',
             f'<div class="bar">{html.escape(dashboard["title"])}<small>rendered from /actuator/prometheus scrapes of '
             'it-tests/boot-app with the agent (docs/dashboard/record.sh: a workload, evictions, a Redis outage)</small></div>']
    for p in dashboard["panels"]:
        g = p["gridPos"]
        width, height = g["w"] * cell - 6, g["h"] * row - 6
        lines = computed[p["id"]]
        legend = "".join(f'<span><i style="background:{COLORS[i % len(COLORS)]}"></i>{html.escape(n)}</span>'
                         for i, n in enumerate(sorted(lines)))
        chart = svg(lines, p["fieldConfig"]["defaults"]["unit"], width - 4, height - 30 - 16 * (1 + len(lines) // 6), start)
        parts.append(f'<div class="panel" style="left:{g["x"] * cell + 8}px;top:{g["y"] * row + 48}px;width:{width}px;height:{height}px">'
                     f'<div class="title">{html.escape(p["title"])}</div>{chart}<div class="legend">{legend}</div></div>')
    parts.append("</body></html>")
    bottom = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in dashboard["panels"]) * row + 60
    return "".join(parts), 24 * cell + 16, bottom


def main():
    directory, png = sys.argv[1], sys.argv[2]
    chromium = sys.argv[3] if len(sys.argv) > 3 else "/usr/bin/chromium"
    here = os.path.dirname(os.path.abspath(__file__))
    dashboard = json.load(open(os.path.join(here, "cachet-grafana.json"), encoding="utf-8"))
    series = scrapes(directory)
    text, width, height = page(dashboard, panels(series), series[0][0])
    target = os.path.join(os.path.abspath(directory), "dashboard.html")
    open(target, "w", encoding="utf-8").write(text)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={width},{height}", f"--screenshot={os.path.abspath(png)}", "file://" + target],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"{png}: {len(series)} scrapes, {width}x{height}")


if __name__ == "__main__":
    main()
