"""The report and the day's picks as rich tables on a console."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from nba_props.market import MIN_STAGE_ROWS, STAGE_LINE, STAGE_MODEL, STAGE_MODEL_LINE
from nba_props.report.model import MIN_EARLIER_GAMES, Report, Section

#: Reasons shown per pick (the largest contributions, in points).
PICK_REASONS = 3
#: What produced a prediction (``prediction_stage``), in the picks' "from" column.
STAGE_LABELS = {STAGE_MODEL: "model", STAGE_MODEL_LINE: "model + line", STAGE_LINE: "line"}
#: The picks' footnote when the line itself is a prediction.
LINE_STAGE_NOTE = (
    f"from line: fewer than {MIN_STAGE_ROWS} earlier graded predictions with a line, so the "
    "line is the prediction and the model's reasons do not apply"
)


def percent(value: float | None) -> str:
    """``12.3%`` (``-`` for None)."""
    return "-" if value is None else f"{100 * value:.1f}%"


def count(value: Any) -> str:
    """``1,234`` (``-`` for None)."""
    return "-" if value is None else f"{int(value):,}"


def points(value: Any) -> str:
    """``12.3`` (``-`` for None)."""
    return "-" if value is None else f"{value:.1f}"


def decimal(value: Any) -> str:
    """``1.234`` (``-`` for None)."""
    return "-" if value is None else f"{value:.3f}"


def text(value: Any) -> str:
    """A readable cell for arbitrary (possibly nested) report values."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {text(item)}" for key, item in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(text(item) for item in value)
    return str(value)


def stage_text(row: Mapping[str, Any]) -> str:
    """What produced the prediction: ``model``, ``model + line`` or ``line`` (``-`` for none)."""
    return STAGE_LABELS.get(str(row.get("prediction_stage")), "-")


def model_shaped(row: Mapping[str, Any]) -> bool:
    """Whether the model shaped the prediction: not where the line itself is the prediction,
    which the model's contributions do not explain."""
    return row.get("prediction_stage") != STAGE_LINE


def reasons_text(row: Mapping[str, Any], top: int = PICK_REASONS) -> str:
    """The pick's ``top`` largest contributions in words: ``points_avg_last_5 +2.1, ...``;
    ``-`` where the model did not shape the prediction (:func:`model_shaped`)."""
    if not model_shaped(row):
        return "-"
    reasons = [
        f"{row[f'reason_{rank}_feature']} {row[f'reason_{rank}_points']:+.1f}"
        for rank in range(1, top + 1)
        if row.get(f"reason_{rank}_feature") is not None
    ]
    return ", ".join(reasons) or "-"


def offer_text(row: Mapping[str, Any]) -> str:
    """The offer a pick is graded at: ``16.5 @ -110 underdog`` (``*`` marks an assumed price),
    ``-`` for a row without an OVER / UNDER."""
    if row.get("recommendation") not in ("OVER", "UNDER") or row.get("pick_line") is None:
        return "-"
    assumed = "*" if row.get("pick_price_assumed") else ""
    return f"{row['pick_line']} @ {row['pick_price']:+.0f}{assumed} {row['pick_book']}"


def expected_value_text(row: Mapping[str, Any]) -> str:
    """``+3.2%`` per unit staked (``-`` without an offer)."""
    value = row.get("expected_value")
    return "-" if value is None else f"{100 * value:+.1f}%"


def _unavailable(console: Console, section: Section, title: str) -> None:
    console.print(f"[bold]{title}[/bold]: [yellow]{section.relation} not in the warehouse[/yellow]")


def _table(title: str, columns: Sequence[str], left: Sequence[str] = ()) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, justify="left" if column in left else "right", no_wrap=True)
    return table


def _render_overall(console: Console, report: Report) -> None:
    overall = report.overall
    table = Table(
        title=f"Feature store ({report.window.label})", show_header=False, title_justify="left"
    )
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("rows", count(overall.rows))
    table.add_row("dates", f"{overall.dates:,} ({overall.first_date} .. {overall.last_date})")
    table.add_row("clean rows (no defaulted feature)", percent(overall.clean_share))
    table.add_row("quality-ready rows", percent(overall.quality_ready_share))
    table.add_row("rows with a points line", count(overall.rows_with_line))
    table.add_row(
        f"line + >= {MIN_EARLIER_GAMES} earlier games: quality-ready",
        f"{percent(overall.line_and_history_ready_share)} of {overall.line_and_history_rows:,}",
    )
    console.print(table)


def _render_gaps(console: Console, section: Section) -> None:
    title = "Feature gaps"
    if not section.available:
        _unavailable(console, section, title)
        return
    summary = section.summary
    table = Table(
        title=(
            f"{title}: top {summary['top']} by defaulted rows, all dates "
            f"({summary['first_date']} .. {summary['last_date']}; "
            f"{summary['features_with_defaults']} of {summary['features']} features have "
            f"defaults; {summary['out_of_range_values']} values out of contract range)"
        ),
        title_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("feature", no_wrap=True)
    table.add_column("category / source", overflow="fold")
    for column in ("defaults", "share", "players", "out of range"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("top reasons", overflow="fold", min_width=20)
    for row in section.rows:
        reasons = row["top_reasons"]
        table.add_row(
            str(row["feature_index"]),
            f"{row['feature_name']}{' (optional)' if row['is_optional'] else ''}",
            f"{text(row['category'])} / {text(row['source_class'])}",
            count(row["default_count"]),
            percent(row["default_share"]),
            count(row["affected_players"]),
            count(row["out_of_range_count"]),
            reasons.replace(", ", "\n") if isinstance(reasons, str) else text(reasons),
        )
    console.print(table)


def _render_daily(console: Console, section: Section) -> None:
    summary = section.summary
    table = _table(
        f"Daily coverage: last {len(section.rows)} of {summary['dates']} dates "
        f"(mean ready share {percent(summary['mean_daily_quality_ready_share'])}, weakest "
        f"{summary['weakest_date']} at {percent(summary['weakest_quality_ready_share'])})",
        ("date", "players", "clean", "ready", "ready %", "required defaults", "with line",
         "ready with line"),
        left=("date",),
    )  # fmt: skip
    for row in section.rows:
        table.add_row(
            str(row["game_date"]),
            count(row["players"]),
            count(row["clean_rows"]),
            count(row["quality_ready_rows"]),
            percent(row["quality_ready_share"]),
            count(row["rows_with_required_defaults"]),
            count(row["rows_with_line"]),
            count(row["ready_rows_with_line"]),
        )
    console.print(table)


def _render_quarantine(console: Console, section: Section) -> None:
    title = "Raw rows and quarantine"
    if not section.available:
        _unavailable(console, section, title)
        return
    reasons: dict[str, list[str]] = {}
    for reason in section.summary.get("reasons", []):
        reasons.setdefault(reason["source_table"], []).append(
            f"{reason['quarantine_reason']} ({reason['row_count']:,})"
        )
    table = Table(title=title, title_justify="left")
    for column in ("table", "raw", "clean", "quarantined", "reconciles", "reasons"):
        numeric = column in {"raw", "clean", "quarantined"}
        table.add_column(column, justify="right" if numeric else "left", no_wrap=numeric)
    for row in section.rows:
        table.add_row(
            str(row["source_table"]),
            count(row["raw_rows"]),
            count(row["clean_rows"]),
            count(row["quarantined_rows"]),
            "yes" if row["reconciles"] else "[red]NO[/red]",
            ", ".join(reasons.get(row["source_table"], [])) or "-",
        )
    console.print(table)


def _render_prediction_coverage(console: Console, section: Section) -> None:
    title = "Predictions and the gate"
    if not section.available or not section.summary.get("dates"):
        console.print(f"[dim]{title}: no predictions yet (`nba-props predict`)[/dim]")
        return
    summary = section.summary
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("dates", count(summary["dates"]))
    table.add_row("candidates", count(summary["candidates"]))
    table.add_row("predicted", count(summary["predicted"]))
    table.add_row("predictions per day", f"{summary['predictions_per_day']:.1f}")
    table.add_row("blocked", f"{count(summary['blocked'])} ({percent(summary['blocked_share'])})")
    for reason, rows in summary["blocked_by_reason"].items():
        table.add_row(f"  {reason.removeprefix('blocked_')}", count(rows))
    table.add_row(
        "predicted with a line",
        f"{count(summary['predicted_with_line'])} of {count(summary['with_line'])}",
    )
    console.print(table)


def _render_what_if(console: Console, section: Section, top: int) -> None:
    title = "What fixing one gap would buy"
    if not section.available or not section.rows:
        console.print(f"[dim]{title}: no blocked candidates in the window[/dim]")
        return
    table = _table(
        f"{title} (blocked candidates that would pass the gate; top {top} features, every "
        "source class)",
        ("what if real", "kind", "source", "blocked with it default", "would pass",
         "of them with a line"),
        left=("what if real", "kind", "source"),
    )  # fmt: skip
    features = [row for row in section.rows if row["what_if_kind"] == "feature"][:top]
    classes = [row for row in section.rows if row["what_if_kind"] == "source_class"]
    for row in [*features, *classes]:
        table.add_row(
            row["what_if_name"],
            row["what_if_kind"].replace("_", " "),
            row["source_class"],
            count(row["blocked_with_gap"]),
            count(row["would_pass"]),
            count(row["would_pass_with_line"]),
        )
    console.print(table)


def _graded(console: Console, section: Section, title: str) -> bool:
    """Whether a grading section has rows; says so in a dim line when it has none."""
    if section.available and section.rows:
        return True
    console.print(f"[dim]{title}: nothing graded yet (`nba-props grade`)[/dim]")
    return False


def _render_accuracy(console: Console, section: Section) -> None:
    title = "Accuracy (graded, predicted rows)"
    if not _graded(console, section, title):
        return
    summary = section.summary
    table = _table(
        f"{title}, {summary['first_game_date']} .. {summary['last_game_date']}",
        ("slice", "rows w/ line", "model MAE", "line MAE", "L10 MAE", "bias", "picks",
         "hit rate [95% CI]", "pushes", "voids"),
        left=("slice",),
    )  # fmt: skip
    for row in section.rows:
        low, high = percent(row["hit_rate_low"]), percent(row["hit_rate_high"])
        interval = "-" if row["hit_rate"] is None else f"{percent(row['hit_rate'])} [{low}-{high}]"
        label = row["slice_value"]
        table.add_row(
            f"edge {label}" if row["slice_name"] == "edge_bucket" else str(label),
            count(row["rows_with_line"]),
            decimal(row["model_mae"]),
            decimal(row["line_mae"]),
            decimal(row["baseline_mae"]),
            decimal(row["bias"]),
            count(row["graded_picks"]),
            interval,
            count(row["pushes"]),
            count(row["voids"]),
        )
    console.print(table)
    for alarm in summary["leakage_alarms"]:
        console.print(
            f"[bold red]Leakage alarm[/] (treated as a leak until proven otherwise): {alarm}"
        )


def _render_calibration(console: Console, section: Section) -> None:
    title = "prob_over calibration against the line"
    if not _graded(console, section, title):
        return
    summary = section.summary
    table = _table(
        f"{title}: Brier {decimal(summary['brier_score'])} on "
        f"{count(summary['rows_with_outcome'])} rows "
        f"(a constant 0.5 scores {summary['constant_half_brier_score']:.3f})",
        ("prob_over", "rows", "mean prob_over", "went over", "Brier"),
        left=("prob_over",),
    )
    for row in section.rows:
        table.add_row(
            f"{row['prob_from']:.1f}-{row['prob_to']:.1f}",
            count(row["rows_with_outcome"]),
            percent(row["mean_prob_over"]),
            percent(row["over_rate"]),
            decimal(row["brier_score"]),
        )
    console.print(table)


def render_report(report: Report, console: Console, top: int = 10) -> None:
    """Draw the report as rich tables on ``console``."""
    _render_overall(console, report)
    _render_gaps(console, report.feature_gaps)
    _render_daily(console, report.daily_coverage)
    _render_quarantine(console, report.quarantine)
    _render_prediction_coverage(console, report.prediction_coverage)
    _render_what_if(console, report.what_if, top)
    _render_accuracy(console, report.accuracy)
    _render_calibration(console, report.calibration)


def no_picks_text(day: date, predictions: int | None) -> str:
    """Why a day lists no row: nothing predicted, or predictions without an OVER / UNDER."""
    if not predictions:
        return f"{day}: no predictions (no game that day, or not predicted yet)"
    return (
        f"{day}: {predictions:,} predictions, none an OVER / UNDER pick "
        f"(`nba-props picks --date {day} --all` lists them)"
    )


def render_picks(
    console: Console,
    day: date,
    picks: Sequence[Mapping[str, Any]],
    predictions: int | None = None,
) -> None:
    """The day's rows as one rich table with each pick's top reasons; a dim line when there
    is none, saying whether ``day`` has ``predictions`` (its candidates' rows) at all."""
    if not picks:
        console.print(f"[dim]{no_picks_text(day, predictions)}[/dim]")
        return
    table = Table(title=f"{day}: {len(picks)} rows", title_justify="left")
    # the reasons column is never narrower than its longest "feature +1.2," (long v10 names):
    # the table wraps between words, never inside a feature's name
    longest_reason = max(
        (
            len(str(row.get(f"reason_{rank}_feature") or ""))
            for row in picks
            if model_shaped(row)
            for rank in (1, 2, 3)
        ),
        default=0,
    )
    for column in (
        "player", "team", "opp", "line (book)", "predicted", "from", "edge", "P(over)", "pick",
        "offer", "EV", "reasons",
    ):  # fmt: skip
        left = column in {"player", "from", "pick", "offer", "reasons"}
        minimum = longest_reason + len(" +10.0,") if column == "reasons" else None
        table.add_column(column, justify="left" if left else "right", min_width=minimum)
    for row in picks:
        line = "-" if row["line_value"] is None else f"{row['line_value']} ({row['line_book']})"
        pick = row["recommendation"] or f"blocked: {row['gate_reason']}"
        table.add_row(
            row["player_name"] or str(row["player_id"]),
            row["team_abbr"],
            row["opponent_abbr"],
            line,
            points(row["predicted_points"]),
            stage_text(row),
            points(row["edge"]),
            percent(row["prob_over"]),
            pick,
            offer_text(row),
            expected_value_text(row),
            reasons_text(row),
        )
    console.print(table)
    if any(row.get("pick_price_assumed") for row in picks):
        console.print("[dim]* the feed has no price for this offer: the assumed price[/dim]")
    if not all(model_shaped(row) for row in picks):
        console.print(f"[dim]{LINE_STAGE_NOTE}[/dim]")
