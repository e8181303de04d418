#!/usr/bin/env python3
"""Draws an experiment report from report.json (written by `tengen report`).

    render_report.py REPORT_JSON OUT_DIR

writes OUT_DIR/report.html (self-contained: inline SVG and CSS, nothing
fetched), OUT_DIR/report.md and the panels as OUT_DIR/report-*.svg (Markdown
cannot inline SVG). All numbers come from report.json; this script only lays
them out. It is embedded in the tengen binary, so it must run with the
standard library and matplotlib alone.
"""

import html
import io
import json
import math
import os
import re
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib.ticker import PercentFormatter  # noqa: E402

# Text stays text (small, selectable, searchable); DejaVu Sans ships with
# matplotlib and fonts-dejavu-core, and any sans-serif is an acceptable
# fallback. The hash salt makes element ids, and so the files, reproducible.
matplotlib.rcParams.update({
    "svg.fonttype": "none",
    "svg.hashsalt": "tengen-report",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.figsize": (6.0, 3.9),
})

ELO_CAPTION = ("Error bars: 95% intervals (Bradley-Terry, {anchor}). Dashed: players that are no checkpoint "
               "(anchors, references). Checkpoints without games are left out.")
EVAL_CAPTION = "Dashed: reference players evaluated on the same positions."
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
ARM_TITLES = {
    "imitation": "imitation (human games)",
    "selfplay_zero": "self-play from zero",
    "selfplay_bootstrap": "self-play from imitation",
}


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def fmt_int(v):
    return f"{int(v):,}" if is_num(v) else "–"


def fmt_sci(v):
    if not is_num(v):
        return "–"
    if v == 0:
        return "0"
    return f"{v:.3g}" if 1e-3 <= abs(v) < 1e5 else f"{v:.2e}"


def whole(v):
    # round() first: an anchor fitted to -0.3 must read "0", not "-0".
    return f"{round(v) + 0:d}"


def fmt_elo(v):
    return whole(v) if is_num(v) else "–"


def fmt_interval(lo, hi):
    return f"[{whole(lo)}, {whole(hi)}]" if is_num(lo) and is_num(hi) else "–"


def fmt_pct(v):
    return f"{100 * v:.1f}%" if is_num(v) else "–"


def fmt_mse(v):
    return f"{v:.4f}" if is_num(v) else "–"


# ---------------------------------------------------------------- panels


def elo_point(c, x):
    if not is_num(x) or not is_num(c.get("elo")):
        return None
    return {"x": x, "y": c["elo"], "lo": c.get("elo_low"), "hi": c.get("elo_high"), "player": c["player"]}


def plain_point(c, x, key):
    if not is_num(x) or not is_num(c.get(key)):
        return None
    return {"x": x, "y": c[key], "lo": None, "hi": None, "player": c["player"]}


def build_panels(report):
    """Each panel: every arm's points on the same axes, plus reference lines."""
    anchors = [{"name": a["name"], "y": a["elo"]} for a in report.get("anchors", []) if is_num(a.get("elo"))]
    refs = report.get("references", [])

    def ref_lines(key):
        return [{"name": r["name"], "y": r[key]} for r in refs if is_num(r.get(key))]

    specs = [
        ("elo-positions", "Elo vs training positions", "training positions", "Elo",
         lambda c: elo_point(c, c.get("training_positions")), anchors, None),
        ("elo-flops", "Elo vs total compute", "total FLOPs (training + generation)", "Elo",
         lambda c: elo_point(c, c.get("total_flops")), anchors, "log"),
        ("elo-seconds", "Elo vs device time", "device seconds", "Elo",
         lambda c: elo_point(c, c.get("device_seconds")), anchors, None),
        ("human-top1", "Human move prediction (held-out games)", "training positions", "top-1 accuracy",
         lambda c: plain_point(c, c.get("training_positions"), "human_top1"), ref_lines("human_top1"), None),
        ("human-value-mse", "Value MSE on human game outcomes", "training positions", "value MSE",
         lambda c: plain_point(c, c.get("training_positions"), "human_value_mse"), ref_lines("human_value_mse"),
         None),
        ("alphago-top1", "Agreement with AlphaGo's moves", "training positions", "top-1 agreement",
         lambda c: plain_point(c, c.get("training_positions"), "alphago_top1"), ref_lines("alphago_top1"), None),
    ]
    panels = []
    for pid, title, xlabel, ylabel, point_fn, hlines, xscale in specs:
        series = []
        for arm in report.get("arms", []):
            points = [p for p in (point_fn(c) for c in arm.get("checkpoints", [])) if p is not None]
            if xscale == "log":
                points = [p for p in points if p["x"] > 0]
            series.append({"arm": arm["name"], "points": points})
        xs = [p["x"] for s in series for p in s["points"] if p["x"] > 0]
        if xscale is None:
            # Checkpoints usually double their data: spread them evenly.
            xscale = "log" if xs and min(xs) > 0 and max(xs) / min(xs) >= 30 else "linear"
        panels.append({
            "id": pid,
            "title": title,
            "xlabel": xlabel,
            "ylabel": ylabel,
            "xscale": xscale,
            "percent": ylabel.startswith("top-1"),
            "series": series,
            "hlines": hlines,
            "caption": (ELO_CAPTION.format(anchor=report.get("ratings", {}).get("anchor") or "the mean")
                        if ylabel == "Elo" else EVAL_CAPTION),
        })
    return panels


def arm_style(index):
    return COLORS[index % len(COLORS)], MARKERS[index % len(MARKERS)]


def draw(panel, arm_names):
    fig, ax = plt.subplots()
    any_points = False
    for s in panel["series"]:
        pts = s["points"]
        color, marker = arm_style(arm_names.index(s["arm"]))
        label = ARM_TITLES.get(s["arm"], s["arm"])
        if not pts:
            # Keeps the legend's colours the same in every panel.
            ax.plot([], [], color=color, marker=marker, label=label)
            continue
        any_points = True
        xs = [p["x"] for p in pts]
        ys = [p["y"] for p in pts]
        if all(is_num(p["lo"]) and is_num(p["hi"]) for p in pts):
            yerr = [[max(0.0, p["y"] - p["lo"]) for p in pts], [max(0.0, p["hi"] - p["y"]) for p in pts]]
            ax.errorbar(xs, ys, yerr=yerr, color=color, marker=marker, markersize=5, capsize=3, linewidth=1.5,
                        label=label)
        else:
            ax.plot(xs, ys, color=color, marker=marker, markersize=5, linewidth=1.5, label=label)
    for h in panel["hlines"]:
        ax.axhline(h["y"], color="0.45", linestyle="--", linewidth=1)
        ax.annotate(h["name"], xy=(0.995, h["y"]), xycoords=("axes fraction", "data"), ha="right", va="bottom",
                    fontsize=7.5, color="0.3")
    if panel["xscale"] == "log" and any_points:
        ax.set_xscale("log")
    if panel["percent"]:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    if not any_points:
        ax.text(0.5, 0.5, "no data yet", transform=ax.transAxes, ha="center", va="center", color="0.4",
                fontsize=12)
    ax.set_title(panel["title"])
    ax.set_xlabel(panel["xlabel"])
    ax.set_ylabel(panel["ylabel"])
    if panel["series"]:
        ax.legend(fontsize=7.5, loc="best")
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


def inline_svg(svg, prefix):
    """An SVG file's text made fit for inlining in HTML: no XML prolog,
    DOCTYPE, metadata or namespace URLs (the HTML parser knows SVG), and ids
    prefixed so that several figures in one page cannot collide."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))

    def rename(m):
        return m.group(1) + prefix + m.group(2) if m.group(2) in ids else m.group(0)

    svg = re.sub(r'(\bid="|url\(#|href="#)([^")]+)', rename, svg)
    # Scales with the page; the viewBox keeps the aspect ratio.
    svg = re.sub(r'<svg([^>]*?)\swidth="[^"]*"\s+height="[^"]*"', r'<svg\1 class="panel"', svg, count=1)
    return svg.strip()


# ---------------------------------------------------------------- tables


def arm_of_players(report):
    out = {}
    for arm in report.get("arms", []):
        for c in arm.get("checkpoints", []):
            out[c["player"]] = arm["name"]
    return out


def ratings_rows(report):
    arms = arm_of_players(report)
    rows = []
    for i, p in enumerate(report.get("ratings", {}).get("players", [])):
        games = p.get("games", 0)
        score = p.get("score")
        role = arms.get(p["name"], "anchor (fixed)" if p.get("anchored") else "anchor")
        rows.append([
            str(i + 1), p["name"], role, fmt_elo(p.get("elo")),
            "fixed" if p.get("anchored") else fmt_interval(p.get("low"), p.get("high")),
            str(games), fmt_pct(score / games) if games and is_num(score) else "–"
        ])
    return ["#", "player", "arm", "Elo", "95% interval", "games", "score"], rows


def h2h_rows(report):
    h = report.get("head_to_head", {})
    players = h.get("players", [])
    wins, losses, draws = h.get("wins", []), h.get("losses", []), h.get("draws", [])
    rows = []
    for i, name in enumerate(players):
        cells = [f"{i + 1} {name}"]
        for j in range(len(players)):
            if i == j:
                cells.append("·")
                continue
            w, l, d = wins[i][j], losses[i][j], draws[i][j]
            if w + l + d == 0:
                cells.append("")
            else:
                cells.append(f"{w}-{l}" + (f"-{d}" if d else ""))
        rows.append(cells)
    return ["W-L(-D) of row vs column"] + [str(j + 1) for j in range(len(players))], rows


def checkpoint_rows(report):
    rows = []
    for arm in report.get("arms", []):
        for c in arm.get("checkpoints", []):
            rows.append([
                arm["name"], c["player"], fmt_int(c.get("training_positions")), fmt_sci(c.get("total_flops")),
                fmt_sci(c.get("device_seconds")), fmt_int(c.get("selfplay_games")), fmt_elo(c.get("elo")),
                fmt_interval(c.get("elo_low"), c.get("elo_high")), fmt_pct(c.get("human_top1")),
                fmt_mse(c.get("human_value_mse")), fmt_pct(c.get("alphago_top1"))
            ])
    for r in report.get("references", []):
        rows.append([
            "reference", r["name"], "–", "–", "–", "–", fmt_elo(r.get("elo")), "–", fmt_pct(r.get("human_top1")),
            fmt_mse(r.get("human_value_mse")), fmt_pct(r.get("alphago_top1"))
        ])
    return ["arm", "player", "training positions", "total FLOPs", "device s", "self-play games", "Elo",
            "95% interval", "human top-1", "value MSE", "AlphaGo top-1"], rows


def settings_rows(report):
    rows = [[k, str(v)] for k, v in report.get("run_info", {}).items()]
    rows.append(["run folder", report.get("run_dir", "")])
    rows.append(["python", sys.version.split()[0]])
    rows.append(["matplotlib", matplotlib.__version__])
    return ["setting", "value"], rows


def skipped_rows(report):
    missing = set(report.get("missing_files", []))
    rows = []
    for f, n in report.get("skipped_lines", {}).items():
        rows.append([f, str(n), "missing" if f in missing else "read"])
    for f in sorted(missing - set(report.get("skipped_lines", {}))):
        rows.append([f, "0", "missing"])
    return ["file", "skipped lines", "status"], rows


def rating_summary(report):
    r = report.get("ratings", {})
    if r.get("error"):
        return f"No ratings: {r['error']} ({r.get('games', 0)} games)."
    h = r.get("first_move_elo")
    first = (f"; first-move advantage {whole(h)} Elo {fmt_interval(r.get('first_move_low'), r.get('first_move_high'))}"
             if is_num(h) else "")
    return (f"Bradley-Terry ratings from {r.get('games', 0)} games, anchored at {r.get('anchor') or 'the mean'}"
            f"{first}; 95% intervals from the Hessian.")


# ---------------------------------------------------------------- HTML

CSS = """
body { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; margin: 24px; color: #1a1a1a; background: #fff;
       font-size: 14px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ccc; padding-bottom: 3px; }
.sub { color: #555; margin-top: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 14px; }
figure { margin: 0; border: 1px solid #e2e2e2; padding: 6px; background: #fff; }
figcaption { font-size: 12px; color: #555; }
svg.panel { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; font-size: 12.5px; margin: 6px 0; }
th, td { border: 1px solid #d5d5d5; padding: 3px 7px; text-align: right; }
th { background: #f1f3f6; }
th:first-child, td.text { text-align: left; }
tr:nth-child(even) td { background: #fafafa; }
.h2h td { text-align: center; min-width: 34px; }
.h2h td:first-child { text-align: left; white-space: nowrap; }
pre { background: #f6f6f6; padding: 10px; overflow-x: auto; font-size: 12px; }
.problems { font-family: monospace; font-size: 12px; color: #8a1f11; }
"""


NUMERIC = re.compile(r"[-+–·]?[\d.,%e+\-\[\] ]*")


def html_table(header, rows, cls=""):
    e = html.escape
    out = [f'<table class="{cls}">' if cls else "<table>"]
    out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
    for r in rows:
        # Numbers align right, names and text left.
        out.append("<tr>" + "".join(f"<td>{e(c)}</td>" if NUMERIC.fullmatch(c) else f'<td class="text">{e(c)}</td>'
                                    for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(report, panels, svgs, path):
    e = html.escape
    info = report.get("run_info", {})
    title = "tengen experiment report"
    if info.get("preset"):
        title += f": {info['preset']}"
    sub = " · ".join(x for x in [report.get("run_dir", ""), info.get("started_at", ""), info.get("commit", "")] if x)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{e(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>", f"<h1>{e(title)}</h1>",
        f'<p class="sub">{e(sub)}</p>', "<h2>Figures</h2>", '<div class="grid">'
    ]
    for i, p in enumerate(panels):
        parts.append(f'<figure id="fig-{e(p["id"])}">')
        parts.append(inline_svg(svgs[p["id"]], f"f{i}-"))
        parts.append(f"<figcaption>{e(p['caption'])}</figcaption></figure>")
    parts.append("</div>")
    parts.append("<h2>Ratings</h2>")
    parts.append(f"<p>{e(rating_summary(report))}</p>")
    parts.append(html_table(*ratings_rows(report)))
    parts.append("<h2>Head to head</h2>")
    header, rows = h2h_rows(report)
    parts.append(html_table(header, rows, "h2h") if rows else "<p>No games.</p>")
    parts.append("<h2>Checkpoints</h2>")
    parts.append(html_table(*checkpoint_rows(report)))
    parts.append("<h2>Settings</h2>")
    parts.append(html_table(*settings_rows(report)))
    parts.append("<h2>Skipped lines</h2>")
    parts.append(html_table(*skipped_rows(report)))
    problems = report.get("problems", [])
    if problems:
        parts.append('<div class="problems">' + "<br>".join(e(p) for p in problems) + "</div>")
    config = report.get("config_text")
    parts.append("<h2>Experiment config</h2>")
    if config is None:
        parts.append("<p>experiment.pbtxt is missing.</p>")
    else:
        parts.append(f"<details><summary>experiment.pbtxt</summary><pre>{e(config)}</pre></details>")
    parts += ["</body>", "</html>", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


# ---------------------------------------------------------------- Markdown


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(header, rows):
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        out.append("| " + " | ".join(md_cell(c) for c in r) + " |")
    return "\n".join(out)


def write_md(report, panels, path):
    info = report.get("run_info", {})
    title = "tengen experiment report" + (f": {info['preset']}" if info.get("preset") else "")
    out = [f"# {title}", "", f"Run folder: `{report.get('run_dir', '')}`", "", "## Figures", ""]
    for p in panels:
        out += [f"![{p['title']}](report-{p['id']}.svg)", ""]
    out += ["## Ratings", "", rating_summary(report), "", md_table(*ratings_rows(report)), ""]
    header, rows = h2h_rows(report)
    out += ["## Head to head", "", md_table(header, rows) if rows else "No games.", ""]
    out += ["## Checkpoints", "", md_table(*checkpoint_rows(report)), ""]
    out += ["## Panel data", ""]
    for p in panels:
        out += [f"### {p['title']}", "", f"x: {p['xlabel']}; y: {p['ylabel']}", ""]
        rows = []
        for s in p["series"]:
            for pt in s["points"]:
                y = fmt_pct(pt["y"]) if p["percent"] else (fmt_mse(pt["y"]) if "MSE" in p["ylabel"] else
                                                          fmt_elo(pt["y"]))
                rows.append([s["arm"], pt["player"], fmt_sci(pt["x"]), y, fmt_interval(pt["lo"], pt["hi"])])
        for h in p["hlines"]:
            y = fmt_pct(h["y"]) if p["percent"] else (fmt_mse(h["y"]) if "MSE" in p["ylabel"] else fmt_elo(h["y"]))
            rows.append(["reference line", h["name"], "–", y, "–"])
        out += [md_table(["arm", "player", "x", "y", "95% interval"], rows) if rows else "No data yet.", ""]
    out += ["## Settings", "", md_table(*settings_rows(report)), ""]
    out += ["## Skipped lines", "", md_table(*skipped_rows(report)), ""]
    for prob in report.get("problems", []):
        out.append(f"- `{prob}`")
    if report.get("problems"):
        out.append("")
    out += ["## Experiment config", ""]
    config = report.get("config_text")
    if config is None:
        out += ["experiment.pbtxt is missing.", ""]
    else:
        fence = "```"
        while fence in config:
            fence += "`"
        out += [fence + "protobuf", config.rstrip("\n"), fence, ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: render_report.py REPORT_JSON OUT_DIR\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        report = json.load(f)
    out_dir = argv[2]
    os.makedirs(out_dir, exist_ok=True)
    panels = build_panels(report)
    arm_names = [a["name"] for a in report.get("arms", [])]
    svgs = {}
    for p in panels:
        svgs[p["id"]] = draw(p, arm_names)
        with open(os.path.join(out_dir, f"report-{p['id']}.svg"), "w", encoding="utf-8") as f:
            f.write(svgs[p["id"]])
    write_html(report, panels, svgs, os.path.join(out_dir, "report.html"))
    write_md(report, panels, os.path.join(out_dir, "report.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
