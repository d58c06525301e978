"""The report as one self-contained HTML page: Plotly charts (plotly.js inlined once, so the
file opens from disk with no network) and plain tables.

Each chart is a ``<div class="chart" id="chart-...">`` (:data:`CHART_IDS`); a section without
data says so in a paragraph instead of drawing an empty chart.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nba_props.report.model import BLOCK_LABELS, Report, Section, wilson_interval
from nba_props.report.terminal import (
    LINE_STAGE_NOTE,
    count,
    expected_value_text,
    model_shaped,
    offer_text,
    percent,
    points,
    reasons_text,
    stage_text,
)

#: Every chart the page can hold, in page order.
CHART_IDS = (
    "chart-coverage",
    "chart-default-heatmap",
    "chart-what-if",
    "chart-edge-buckets",
    "chart-over-under",
    "chart-reliability",
    "chart-mae-weekly",
    "chart-pick-explanation",
)
EDGE_ORDER = ("under_1", "1-2", "2-3", "3-5", "5+")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
.note { color: #666; font-size: 0.85rem; } .chart { min-height: 420px; }
"""


class _Page:
    """The page under construction: sections of HTML, plotly.js inlined with the first chart."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.has_plotly = False

    def heading(self, title: str, note: str = "") -> None:
        self.parts.append(f"<h2>{html.escape(title)}</h2>")
        if note:
            self.note(note)

    def note(self, text: str) -> None:
        self.parts.append(f'<p class="note">{html.escape(text)}</p>')

    def chart(self, chart_id: str, figure: go.Figure) -> None:
        figure.update_layout(template="plotly_white", margin={"t": 50, "l": 60, "r": 30, "b": 50})
        self.parts.append(
            figure.to_html(
                full_html=False,
                include_plotlyjs=not self.has_plotly,
                div_id=chart_id,
                config=PLOTLY_CONFIG,
            ).replace(f'<div id="{chart_id}"', f'<div class="chart" id="{chart_id}"', 1)
        )
        self.has_plotly = True

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], text: int = 1) -> None:
        """A table; the first ``text`` columns are left-aligned text."""
        head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td{' class=text' if i < text else ''}>{html.escape(cell)}</td>"
                for i, cell in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
        self.parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _available(page: _Page, section: Section, what: str) -> bool:
    if section.available and section.rows:
        return True
    page.note(f"No {what} in the window ({section.relation}).")
    return False


def _coverage(page: _Page, section: Section) -> None:
    page.heading(
        "Coverage per day",
        "Candidates (universe rows), those with no required default, those predicted, and the "
        "blocked ones stacked by the gate's reason (prediction_coverage_daily).",
    )
    if not _available(page, section, "predictions"):
        return
    rows = section.rows
    days = [row["game_date"] for row in rows]
    figure = go.Figure()
    for reason, label in BLOCK_LABELS.items():
        values = [row[reason] for row in rows]
        if any(values):
            figure.add_bar(x=days, y=values, name=f"blocked: {label}")
    for column, label in (("candidates", "candidates"), ("clean_rows", "no required default"),
                          ("predicted", "predicted")):  # fmt: skip
        figure.add_scatter(x=days, y=[row[column] for row in rows], name=label, mode="lines")
    figure.update_layout(barmode="stack", title="Candidates per day", yaxis_title="rows")
    page.chart("chart-coverage", figure)


def _heatmap(page: _Page, section: Section) -> None:
    page.heading(
        "Default rate by feature and week",
        "Share of feature-store rows where the feature was default (feature_default_weekly); "
        "features never defaulted in the window are left out.",
    )
    if not _available(page, section, "feature-store rows"):
        return
    defaulted = {row["feature_name"] for row in section.rows if row["default_count"]}
    if not defaulted:
        page.note("No feature was ever default in the window.")
        return
    weeks = sorted({row["week_start"] for row in section.rows})
    features = [
        name for name in dict.fromkeys(row["feature_name"] for row in section.rows)
        if name in defaulted
    ]  # fmt: skip
    cells = {(row["feature_name"], row["week_start"]): row["default_share"] for row in section.rows}
    figure = go.Figure(
        go.Heatmap(
            x=weeks,
            y=features,
            z=[[cells.get((feature, week)) for week in weeks] for feature in features],
            colorscale="Reds",
            zmin=0,
            zmax=1,
            colorbar={"title": "default share", "tickformat": ".0%"},
            hovertemplate="%{y}<br>week of %{x}<br>%{z:.1%} default<extra></extra>",
        )
    )
    figure.update_layout(
        title="Default rate by feature and week",
        height=max(420, 22 * len(features) + 150),
        yaxis={"autorange": "reversed"},
    )
    page.chart("chart-default-heatmap", figure)


def _what_if(page: _Page, section: Section, top: int) -> None:
    page.heading(
        "What fixing one gap would buy",
        "Blocked candidates that would have passed the gate had this feature alone (or every "
        "feature of this source class) been real, and how many of them had a line "
        "(coverage_what_if, the gate's own macros).",
    )
    if not _available(page, section, "blocked candidates"):
        return
    features = [row for row in section.rows if row["what_if_kind"] == "feature"][:top]
    classes = [row for row in section.rows if row["what_if_kind"] == "source_class"]
    shown = [row for row in features if row["blocked_with_gap"]]
    figure = go.Figure()
    names = [f"{row['what_if_name']} ({row['source_class']})" for row in shown][::-1]
    figure.add_bar(y=names, x=[row["would_pass"] for row in shown][::-1], orientation="h",
                   name="would pass")  # fmt: skip
    figure.add_bar(y=names, x=[row["would_pass_with_line"] for row in shown][::-1],
                   orientation="h", name="would pass, with a line")  # fmt: skip
    figure.update_layout(
        barmode="group", title=f"Top {len(shown)} features by gain", xaxis_title="candidates",
        height=max(420, 40 * len(shown) + 150),
    )  # fmt: skip
    page.chart("chart-what-if", figure)
    page.table(
        ("what if real", "kind", "source class", "blocked with it default", "would pass",
         "of them with a line"),
        [
            (row["what_if_name"], row["what_if_kind"].replace("_", " "), row["source_class"],
             count(row["blocked_with_gap"]), count(row["would_pass"]),
             count(row["would_pass_with_line"]))
            for row in [*features, *classes]
        ],
        text=3,
    )  # fmt: skip


def _interval_bars(rows: Sequence[Mapping[str, Any]], labels: Sequence[str], name: str) -> go.Bar:
    """Hit-rate bars with 95 % Wilson intervals, the graded-pick count written on each."""
    rates, low, high, texts = [], [], [], []
    for row in rows:
        graded = int(row["graded_picks"] or 0)
        interval = wilson_interval(int(row["correct_picks"] or 0), graded)
        rate = row["hit_rate"]
        rates.append(rate)
        low.append(None if interval is None or rate is None else rate - interval[0])
        high.append(None if interval is None or rate is None else interval[1] - rate)
        texts.append(f"n={graded:,}")
    return go.Bar(
        x=list(labels), y=rates, name=name, text=texts, textposition="inside",
        error_y={"type": "data", "array": high, "arrayminus": low, "visible": True},
    )  # fmt: skip


def _slice(section: Section, name: str) -> dict[str, Mapping[str, Any]]:
    """The accuracy rows of one slice, by slice value."""
    return {row["slice_value"]: row for row in section.rows if row["slice_name"] == name}


def _accuracy(page: _Page, section: Section) -> None:
    page.heading(
        "Hit rate and MAE by edge bucket; OVER vs UNDER",
        "Graded OVER/UNDER picks (no push, no void) with 95 % Wilson intervals; MAE on the same "
        "rows, model vs line (prediction_accuracy_daily summed over the window).",
    )
    if not _available(page, section, "graded predictions"):
        return
    buckets = _slice(section, "edge_bucket")
    order = [bucket for bucket in EDGE_ORDER if bucket in buckets]
    if order:
        figure = make_subplots(rows=1, cols=2, subplot_titles=("hit rate", "MAE (points)"))
        figure.add_trace(_interval_bars([buckets[b] for b in order], order, "hit rate"), 1, 1)
        for column, label in (("model_mae", "model MAE"), ("line_mae", "line MAE")):
            figure.add_bar(x=order, y=[buckets[b][column] for b in order], name=label,
                           row=1, col=2)  # fmt: skip
        figure.add_hline(y=0.5238, line_dash="dot", row=1, col=1, annotation_text="-110 break-even")
        figure.update_yaxes(tickformat=".0%", range=[0, 1], row=1, col=1)
        figure.update_layout(title="By |edge| bucket")
        page.chart("chart-edge-buckets", figure)
    sides = _slice(section, "recommendation")
    present = [side for side in ("OVER", "UNDER") if side in sides]
    if present:
        figure = go.Figure(_interval_bars([sides[s] for s in present], present, "hit rate"))
        figure.update_yaxes(tickformat=".0%", range=[0, 1])
        figure.update_layout(title="OVER vs UNDER hit rate")
        page.chart("chart-over-under", figure)
    page.table(
        ("slice", "rows w/ line", "model MAE", "line MAE", "L10 MAE", "picks", "hit rate"),
        [
            (f"{row['slice_name']}: {row['slice_value']}", count(row["rows_with_line"]),
             points(row["model_mae"]), points(row["line_mae"]), points(row["baseline_mae"]),
             count(row["graded_picks"]), percent(row["hit_rate"]))
            for row in section.rows
        ],
    )  # fmt: skip
    for alarm in section.summary["leakage_alarms"]:
        page.note(f"Leakage alarm (treated as a leak until proven otherwise): {alarm}")


def _reliability(page: _Page, section: Section) -> None:
    page.heading(
        "Reliability of prob_over",
        "Rows with an outcome against the line, in tenths of prob_over: the observed over rate "
        "(95 % interval) beside the mean probability; calibrated points lie on the diagonal.",
    )
    if not _available(page, section, "graded rows"):
        return
    low, high = [], []
    for row in section.rows:
        n = int(row["rows_with_outcome"])
        interval = wilson_interval(int(row["went_over_count"]), n)
        low.append(row["over_rate"] - interval[0] if interval else None)
        high.append(interval[1] - row["over_rate"] if interval else None)
    figure = go.Figure()
    figure.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect", line={"dash": "dot"})
    figure.add_scatter(
        x=[row["mean_prob_over"] for row in section.rows],
        y=[row["over_rate"] for row in section.rows],
        mode="markers+text", name="observed",
        text=[f"n={int(row['rows_with_outcome']):,}" for row in section.rows],
        textposition="top left",
        error_y={"type": "data", "array": high, "arrayminus": low, "visible": True},
    )  # fmt: skip
    brier = section.summary.get("brier_score")
    figure.update_layout(
        title=f"Reliability diagram (Brier {brier:.3f}; a constant 0.5 scores 0.250)"
        if brier is not None else "Reliability diagram",
        xaxis={"title": "mean prob_over", "range": [0, 1]},
        yaxis={"title": "went over", "range": [0, 1]},
    )  # fmt: skip
    page.chart("chart-reliability", figure)


def _weekly(page: _Page, section: Section) -> None:
    page.heading(
        "Model vs line vs last-10 MAE by week",
        "Mean absolute error on the same rows (predicted, played, with a line) per week.",
    )
    if not _available(page, section, "graded weeks"):
        return
    weeks = [row["week_start"] for row in section.rows]
    figure = go.Figure()
    for column, label in (("model_mae", "model"), ("line_mae", "line"),
                          ("baseline_mae", "last-10 average")):  # fmt: skip
        figure.add_scatter(x=weeks, y=[row[column] for row in section.rows], name=label,
                           mode="lines+markers")  # fmt: skip
    figure.update_layout(title="MAE by week", yaxis_title="points", xaxis_title="week of")
    page.chart("chart-mae-weekly", figure)


def _picks(page: _Page, section: Section) -> None:
    day = section.summary.get("date")
    page.heading(
        f"Picks of {day}" if day else "Picks",
        "OVER/UNDER picks, best expected value first, each with the offer it is graded at "
        "(line @ American price, book; * = assumed price), what produced the prediction (the "
        "model, the model + line stage, or the line), the model's three largest reasons "
        "(feature contributions in points) and, for the first pick the model shaped, how the "
        f"model's points add up. {LINE_STAGE_NOTE[:1].upper()}{LINE_STAGE_NOTE[1:]}.",
    )
    if not _available(page, section, "picks"):
        return
    page.table(
        ("player", "team", "opp", "line (book)", "predicted", "from", "edge", "P(over)", "pick",
         "offer", "EV", "reasons"),
        [
            (row["player_name"] or str(row["player_id"]), row["team_abbr"], row["opponent_abbr"],
             f"{row['line_value']} ({row['line_book']})", points(row["predicted_points"]),
             stage_text(row), points(row["edge"]), percent(row["prob_over"]), row["recommendation"],
             offer_text(row), expected_value_text(row), reasons_text(row))
            for row in section.rows
        ],
        text=3,
    )  # fmt: skip
    # the model's contributions add up to the model's points, which a line-stage pick ignores
    first = next(
        (
            row
            for row in section.rows
            if row.get("explanation_base_points") is not None and model_shaped(row)
        ),
        None,
    )
    if first is None:
        return
    steps = [("base value", first["explanation_base_points"])]
    steps += [
        (first[f"reason_{rank}_feature"], first[f"reason_{rank}_points"])
        for rank in range(1, 6)
        if first.get(f"reason_{rank}_feature") is not None
    ]
    steps.append(("every other feature", first["explanation_rest_points"]))
    figure = go.Figure(
        go.Waterfall(
            x=[label for label, _ in steps] + ["model's points"],
            y=[value for _, value in steps] + [None],
            measure=["absolute"] + ["relative"] * (len(steps) - 1) + ["total"],
            text=[f"{value:+.1f}" for _, value in steps] + [points(first["model_points"])],
        )
    )
    figure.add_hline(y=first["line_value"], line_dash="dot", annotation_text="line")
    figure.update_layout(
        title=f"{first['player_name']}, {day}: model {points(first['model_points'])}, "
        f"predicted {points(first['predicted_points'])} ({stage_text(first)}) "
        f"vs line {first['line_value']} ({first['recommendation']})",
        yaxis_title="points", showlegend=False,
    )  # fmt: skip
    page.chart("chart-pick-explanation", figure)


def render_html(report: Report, top: int = 10) -> str:
    """The whole page as one HTML document (plotly.js inlined once)."""
    page = _Page()
    overall = report.overall
    page.note(
        f"Feature store: {overall.rows:,} rows over {overall.dates:,} dates "
        f"({overall.first_date} .. {overall.last_date}); {percent(overall.clean_share)} clean, "
        f"{percent(overall.quality_ready_share)} pass the gate; with a line and >= 10 earlier "
        f"games: {percent(overall.line_and_history_ready_share)} pass."
    )
    coverage = report.prediction_coverage.summary
    if coverage.get("dates"):
        page.note(
            f"Predictions: {coverage['candidates']:,} candidates on {coverage['dates']:,} days, "
            f"{coverage['predicted']:,} predicted, {coverage['blocked']:,} blocked "
            f"({percent(coverage['blocked_share'])})."
        )
    _coverage(page, report.prediction_coverage)
    _heatmap(page, report.default_heatmap)
    _what_if(page, report.what_if, top)
    _accuracy(page, report.accuracy)
    _reliability(page, report.calibration)
    _weekly(page, report.accuracy_weekly)
    _picks(page, report.picks)
    title = f"nba-props report ({report.window.label})"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{''.join(page.parts)}</body></html>\n"
    )


def write_html(report: Report, path: Path, top: int = 10) -> Path:
    """Write :func:`render_html` to ``path`` (parent folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, top), encoding="utf-8")
    return path
