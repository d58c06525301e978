"""The feature contract as the runner sees it, and the docs generated from it.

The single definition lives in ``dbt_project.yml`` (var ``feature_contract``). dbt builds the
feature store and the ``feature_contract`` table from it; this module reads the same list so the
runner, the dbt docs block and the column docs of ``ml_feature_store_v2`` never drift from it
(read through :func:`nba_props.dbt_project.project_vars`, the one reader of the project's vars).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nba_props.dbt_project import project_vars

GENERATED_BEGIN = "# BEGIN GENERATED FEATURE COLUMNS (nba-props contract-docs)"
GENERATED_END = "# END GENERATED FEATURE COLUMNS"
PREDICTIONS_BEGIN = "# BEGIN GENERATED PREDICTION COLUMNS (nba-props contract-docs)"
PREDICTIONS_END = "# END GENERATED PREDICTION COLUMNS"
PREDICTIONS_YML = Path("models/predictions/_predictions__models.yml")
DOUBLE_TYPE = "\"{{ 'float64' if target.type == 'bigquery' else 'double' }}\""
MODELS_YML = Path("models/feature_store/_feature_store__models.yml")
DOCS_MD = Path("models/feature_store/_feature_store__docs.md")
GATE_TESTS_YML = Path("models/feature_store/_feature_store__gate_coverage_unit_tests.yml")
#: The features the design lets through the gate when default (DESIGN.md: the three Vegas
#: line features). Written out here, not read from the contract's ``optional`` flags, so the
#: generated gate tests check the model against the design rather than against itself.
DESIGN_OPTIONAL_INDICES = frozenset({25, 26, 27})
#: Issue 10's features (indices 37-50): optional by its design, so that they never block the
#: gate (nor, left out of the quality score, change which rows pass it).
ISSUE_10_OPTIONAL_INDICES = frozenset(range(37, 51))


@dataclass(frozen=True)
class Feature:
    """One entry of the feature contract."""

    index: int
    name: str
    feature_group: str
    category: str
    source_class: str
    #: The model the value is read from (ml_feature_store_v2 imports it under this name).
    upstream: str
    column: str
    labelled: bool
    optional: bool
    #: False for the features left out of the quality score (those added after v9).
    quality_scored: bool
    default_value: float | None
    min_value: float
    max_value: float
    description: str


@dataclass(frozen=True)
class FeatureContract:
    """The ordered feature list, the model's versioned feature lists (var model_feature_sets:
    version -> contract indices) and the version the model uses (var model_feature_set)."""

    features: tuple[Feature, ...]
    feature_sets: dict[str, tuple[int, ...]]
    feature_set: str

    def set_features(self, version: str) -> list[str]:
        """Feature names of one feature-list version, in contract order."""
        indices = set(self.feature_sets[version])
        return [f.name for f in self.features if f.index in indices]

    @property
    def model_features(self) -> list[str]:
        """Feature names the model uses (the model_feature_set version), in contract order."""
        return self.set_features(self.feature_set)

    @property
    def upstream_models(self) -> list[str]:
        """The models the features are read from, in contract order of first use."""
        return list(dict.fromkeys(f.upstream for f in self.features))

    def groups(self, version: str) -> dict[str, list[str]]:
        """The feature groups of one version, each with its feature names (contract order)."""
        grouped: dict[str, list[str]] = {}
        indices = set(self.feature_sets[version])
        for f in self.features:
            if f.index in indices:
                grouped.setdefault(f.feature_group, []).append(f.name)
        return grouped


def load_contract(project_dir: Path) -> FeatureContract:
    """Read the contract from ``dbt_project.yml`` and check it is dense and append-only shaped."""
    variables = project_vars(project_dir)
    features = tuple(
        Feature(
            index=int(entry["index"]),
            name=entry["name"],
            feature_group=entry["feature_group"],
            category=entry["category"],
            source_class=entry["source_class"],
            upstream=entry["upstream"],
            column=entry.get("column", entry["name"]),
            labelled=bool(entry.get("labelled", False)),
            optional=bool(entry.get("optional", False)),
            quality_scored=bool(entry.get("quality_scored", True)),
            default_value=entry.get("default_value"),
            min_value=float(entry["min_value"]),
            max_value=float(entry["max_value"]),
            description=entry["description"],
        )
        for entry in variables["feature_contract"]
    )
    indices = [f.index for f in features]
    if indices != list(range(len(features))):
        raise ValueError(f"feature contract indices must be 0..n-1 in order, got {indices}")
    feature_sets = {
        str(version): tuple(int(index) for index in members)
        for version, members in variables["model_feature_sets"].items()
    }
    feature_set = str(variables["model_feature_set"])
    if feature_set not in feature_sets:
        raise ValueError(f"model_feature_set {feature_set!r} is not in model_feature_sets")
    for version, members in feature_sets.items():
        unknown = sorted(set(members) - set(indices))
        if unknown:
            raise ValueError(f"feature set {version} names indices not in the contract: {unknown}")
    return FeatureContract(features=features, feature_sets=feature_sets, feature_set=feature_set)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def feature_column_yaml(contract: FeatureContract) -> str:
    """Column entries of ml_feature_store_v2 for every feature (value, source, reason)."""
    lines = [f"      {GENERATED_BEGIN}"]
    for f in contract.features:
        optional = " Optional (not gated)." if f.optional else ""
        lines += [
            f"      - name: {f.name}",
            f"        data_type: {DOUBLE_TYPE}",
            "        description: "
            + _quote(
                f"[{f.index}, {f.category}, {f.source_class}] {f.description} "
                f"NULL when default.{optional}"
            ),
            f"      - name: {f.name}_source",
            "        data_type: *string",
            "        description: "
            + _quote(
                f"Where feature {f.index} came from: the source class in lower case, a labelled "
                "fallback (prior_season, season_average, window_before_data_start), or default / "
                "missing (optional)."
            ),
            f"      - name: {f.name}_default_reason",
            "        data_type: *string",
            "        description: "
            + _quote(f"Why feature {f.index} is default; NULL when it is real."),
        ]
    lines.append(f"      {GENERATED_END}")
    return "\n".join(lines)


@dataclass(frozen=True)
class PredictionColumn:
    """A column of the runner's batch and of player_prop_predictions."""

    name: str
    duckdb_type: str
    bigquery_type: str
    description: str


def load_prediction_columns(project_dir: Path) -> tuple[PredictionColumn, ...]:
    """The prediction columns from ``dbt_project.yml`` (var ``prediction_columns``)."""
    return tuple(
        PredictionColumn(
            name=entry["name"],
            duckdb_type=entry["duckdb"],
            bigquery_type=entry["bigquery"],
            description=entry["description"],
        )
        for entry in project_vars(project_dir)["prediction_columns"]
    )


@dataclass(frozen=True)
class PickRule:
    """When a pick is recommended (dbt vars pick_min_expected_value, pick_assumed_price)."""

    min_expected_value: float = 0.0
    #: American odds of an offer the feed does not price.
    assumed_price: float = -110.0


def load_pick_rule(project_dir: Path) -> PickRule:
    """The pick rule from ``dbt_project.yml`` vars (defaults when absent)."""
    variables = project_vars(project_dir)
    default = PickRule()
    return PickRule(
        min_expected_value=float(
            variables.get("pick_min_expected_value", default.min_expected_value)
        ),
        assumed_price=float(variables.get("pick_assumed_price", default.assumed_price)),
    )


def prediction_column_yaml(columns: tuple[PredictionColumn, ...]) -> str:
    """Column entries (with per-target contract types) of player_prop_predictions."""
    lines = [f"      {PREDICTIONS_BEGIN}"]
    for column in columns:
        data_type = (
            f"\"{{{{ '{column.bigquery_type}' if target.type == 'bigquery' "
            f"else '{column.duckdb_type}' }}}}\""
        )
        lines += [
            f"      - name: {column.name}",
            f"        data_type: {data_type}",
            f"        description: {_quote(column.description)}",
        ]
    lines.append(f"      {PREDICTIONS_END}")
    return "\n".join(lines)


def _replace_region(current: str, begin: str, end: str, region: str) -> str:
    start = current.index(begin)
    line_start = current.rindex("\n", 0, start) + 1
    stop = current.index(end) + len(end)
    return current[:line_start] + region + current[stop:]


def contract_docs_markdown(contract: FeatureContract) -> str:
    """The docs block rendering the contract as a table."""
    header = (
        "{% docs feature_contract_table %}\n"
        "The feature contract (generated by `nba-props contract-docs` from `dbt_project.yml`; "
        "do not edit by hand). The model vector `features` holds NaN where a feature is default; "
        "`original default` is what the original system wrote instead, for reference. "
        f"The model uses feature set {contract.feature_set} (var model_feature_set); "
        "the sets column lists the versions (var model_feature_sets) holding each feature.\n\n"
        "| index | name | group | category | source class | original default | range | optional "
        "| sets | description |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = [
        f"| {f.index} | `{f.name}` | {f.feature_group} | {f.category} | {f.source_class} | "
        f"{'NULL' if f.default_value is None else f.default_value} | "
        f"{f.min_value:g} to {f.max_value:g} | {'yes' if f.optional else 'no'} | "
        f"{', '.join(v for v, members in contract.feature_sets.items() if f.index in members)} | "
        f"{f.description} |"
        for f in contract.features
    ]
    return header + "\n".join(rows) + "\n{% enddocs %}\n"


def render_models_yml(current: str, contract: FeatureContract) -> str:
    """Replace the generated region of the feature-store models YAML."""
    return _replace_region(current, GENERATED_BEGIN, GENERATED_END, feature_column_yaml(contract))


def _fixture_rows(contract: FeatureContract, missing: Feature) -> dict[str, dict[str, object]]:
    """One real player-day per upstream model, with ``missing``'s input taken away."""
    keys = {"player_id": 1, "game_date": "2024-11-10"}
    rows: dict[str, dict[str, object]] = {model: dict(keys) for model in contract.upstream_models}
    rows["upcoming_player_game_context"].update(
        game_id="g9",
        season=2024,
        team_abbr="BOS",
        opponent_abbr="NYK",
        is_home=True,
        player_days_rest=2,
    )
    rows["player_daily_cache"]["games_played_season"] = 12
    rows["team_defense_zone_analysis"] = {"team_abbr": "NYK", "game_date": "2024-11-10"}
    for f in contract.features:
        row = rows[f.upstream]
        if f is missing:
            row[f.column] = None
            row[f"{f.column}_default_reason"] = "crafted_missing_input"
        else:
            row[f.column] = (f.min_value + f.max_value) / 2
        if f.labelled:
            row[f"{f.column}_source"] = None if f is missing else "phase4"
    return rows


def gate_coverage_unit_tests(contract: FeatureContract) -> str:
    """dbt unit tests: for every index, a crafted row missing only that feature's input must
    list exactly that index, and pass the gate only if the design makes the feature optional
    (DESIGN_OPTIONAL_INDICES; the model reads the contract's flags)."""
    lines = [
        "# Generated by `nba-props contract-docs` from the feature contract; do not edit.",
        "version: 2",
        "",
        "unit_tests:",
    ]
    for f in contract.features:
        rows = _fixture_rows(contract, f)
        optional = f.index in DESIGN_OPTIONAL_INDICES | ISSUE_10_OPTIONAL_INDICES
        expect = {
            "player_id": 1,
            "game_date": "2024-11-10",
            "default_feature_indices": [f.index],
            "required_default_count": 0 if optional else 1,
            f"{f.name}_default_reason": "crafted_missing_input",
            "is_quality_ready": optional,
        }
        lines += [
            f"  - name: gate_coverage_{f.index:02d}_{f.name}",
            f"    description: Only feature {f.index} ({f.name}) lacks its input.",
            "    model: ml_feature_store_v2",
            "    overrides:",
            "      vars: {start_date: '1900-01-01', end_date: '2999-12-31'}",
            "    given:",
        ]
        for model, row in rows.items():
            lines += [f"      - input: ref('{model}')", f"        rows: [{_flow(row)}]"]
        lines += ["    expect:", f"      rows: [{_flow(expect)}]"]
    return "\n".join(lines) + "\n"


def _flow(row: dict[str, object]) -> str:
    """A YAML flow mapping."""
    return "{" + ", ".join(f"{key}: {_scalar(value)}" for key, value in row.items()) + "}"


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value)


def pending_contract_docs(project_dir: Path) -> dict[Path, str]:
    """Generated doc files that differ from the contract, with the text they should have."""
    contract = load_contract(project_dir)
    targets = {
        project_dir / MODELS_YML: render_models_yml(
            (project_dir / MODELS_YML).read_text(), contract
        ),
        project_dir / DOCS_MD: contract_docs_markdown(contract),
        project_dir / GATE_TESTS_YML: gate_coverage_unit_tests(contract),
        project_dir / PREDICTIONS_YML: _replace_region(
            (project_dir / PREDICTIONS_YML).read_text(),
            PREDICTIONS_BEGIN,
            PREDICTIONS_END,
            prediction_column_yaml(load_prediction_columns(project_dir)),
        ),
    }
    return {
        path: text
        for path, text in targets.items()
        if not path.exists() or path.read_text() != text
    }


def write_contract_docs(project_dir: Path) -> list[Path]:
    """Regenerate the contract docs; returns the files that changed."""
    pending = pending_contract_docs(project_dir)
    for path, text in pending.items():
        path.write_text(text)
    return list(pending)
