"""The feature contract as the runner sees it, and the docs generated from it.

The single definition lives in ``dbt_project.yml`` (var ``feature_contract``). dbt builds the
feature store and the ``feature_contract`` table from it; this module reads the same list so the
runner, the dbt docs block and the column docs of ``ml_feature_store_v2`` never drift from it
(read through :func:`nba_props.dbt_project.project_vars`, the one reader of the project's vars).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from nba_props.dbt_project import project_vars

GENERATED_BEGIN = "# BEGIN GENERATED FEATURE COLUMNS (nba-props contract-docs)"
GENERATED_END = "# END GENERATED FEATURE COLUMNS"
PREDICTIONS_BEGIN = "# BEGIN GENERATED PREDICTION COLUMNS (nba-props contract-docs)"
PREDICTIONS_END = "# END GENERATED PREDICTION COLUMNS"
PREDICTIONS_YML = Path("models/predictions/_predictions__models.yml")
MODELS_YML = Path("models/feature_store/_feature_store__models.yml")
DOCS_MD = Path("models/feature_store/_feature_store__docs.md")
GATE_TESTS_YML = Path("models/feature_store/_feature_store__gate_coverage_unit_tests.yml")
CONTRACT_TABLE_BEGIN = "<!-- BEGIN GENERATED CONTRACT TABLE (nba-props contract-docs) -->"
CONTRACT_TABLE_END = "<!-- END GENERATED CONTRACT TABLE -->"
#: The features the design lets through the gate when default (DESIGN.md: the three Vegas
#: line features). Written out here, not read from the contract's ``optional`` flags, so the
#: generated gate tests check the model against the design rather than against itself.
DESIGN_OPTIONAL_INDICES = frozenset({25, 26, 27})
#: Issue 10's features (indices 37-53): optional by its design, so that they never block the
#: gate (nor, left out of the quality score, change which rows pass it).
ISSUE_10_OPTIONAL_INDICES = frozenset(range(37, 54))


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


class _GeneratedYaml(yaml.SafeDumper):
    """PyYAML as the generated dbt YAML is written: keys in insertion order (``sort_keys``
    off at the call), sequences indented under their key, every scalar on one line, a scalar
    that cannot stay plain in double quotes (PyYAML would pick single quotes and double every
    apostrophe of the prose)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style


class _Quoted(str):
    """Text written in double quotes even where plain would do (the prediction columns keep
    the quoting they always had)."""


class _OneLine(dict[str, object]):
    """A mapping written on one line (a unit test's row, a fixture input)."""


class _OneLineList(list[object]):
    """A sequence written on one line."""


_GeneratedYaml.add_representer(
    _Quoted, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)
_GeneratedYaml.add_representer(
    _OneLine,
    lambda dumper, row: dumper.represent_mapping("tag:yaml.org,2002:map", row, flow_style=True),
)
_GeneratedYaml.add_representer(
    _OneLineList,
    lambda dumper, items: dumper.represent_sequence("tag:yaml.org,2002:seq", items, True),
)


def _yaml(document: object, indent: int = 0) -> str:
    """``document`` as generated YAML, every line indented by ``indent`` spaces."""
    text = yaml.dump(document, Dumper=_GeneratedYaml, sort_keys=False, width=1_000_000)
    return "".join(" " * indent + line for line in text.splitlines(keepends=True))


def feature_column_yaml(contract: FeatureContract) -> str:
    """Column entries of ml_feature_store_v2 for every feature (value, source, reason); the
    prose shared by every feature is in the doc blocks of _feature_store__docs.md."""
    columns: list[dict[str, object]] = []
    for f in contract.features:
        optional = " Optional (not gated)." if f.optional else ""
        real = f"{f.source_class.lower()}{' or a fallback label' if f.labelled else ''}"
        columns += [
            {
                "name": f.name,
                "data_type": "float64",
                "description": f"[{f.index}, {f.category}, {f.source_class}] {f.description} "
                f"NULL when default.{optional}",
            },
            {
                "name": f"{f.name}_source",
                "data_type": "string",
                "description": f"{real} when real, {'missing' if f.optional else 'default'} "
                'otherwise. {{ doc("feature_source") }}',
            },
            {
                "name": f"{f.name}_default_reason",
                "data_type": "string",
                "description": f"Why feature {f.index} is default, NULL when real; the "
                f"upstream's reason is {f.upstream}.{f.column}_default_reason. "
                '{{ doc("feature_default_reason") }}',
            },
        ]
    return f"      {GENERATED_BEGIN}\n{_yaml(columns, indent=6)}      {GENERATED_END}"


@dataclass(frozen=True)
class PredictionColumn:
    """A column of the runner's batch and of player_prop_predictions."""

    name: str
    #: A contract type name (var ``contract_types``); :func:`contract_data_type` gives the
    #: type on a target.
    data_type: str
    description: str


def load_contract_types(project_dir: Path) -> dict[str, str]:
    """The contract type names (var ``contract_types``: GoogleSQL's names, which BigQuery
    takes as written) and the DuckDB type of each."""
    types = project_vars(project_dir)["contract_types"]
    return {str(name): str(duckdb) for name, duckdb in types.items()}


def contract_data_type(contract_types: dict[str, str], name: str, target_type: str) -> str:
    """The type contract type ``name`` is on ``target_type`` (the runner's twin of the
    ``contract_data_type`` macro in macros/cross_db.sql).

    Raises:
        ValueError: ``name`` is not a contract type.
    """
    if name not in contract_types:
        raise ValueError(
            f"contract type {name!r} is not one of var contract_types: {', '.join(contract_types)}"
        )
    return name if target_type == "bigquery" else contract_types[name]


def load_prediction_columns(project_dir: Path) -> tuple[PredictionColumn, ...]:
    """The prediction columns from ``dbt_project.yml`` (var ``prediction_columns``)."""
    return tuple(
        PredictionColumn(
            name=entry["name"], data_type=entry["type"], description=entry["description"]
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
    """Column entries (with their contract type names) of player_prop_predictions."""
    entries = [
        {
            "name": column.name,
            "data_type": column.data_type,
            "description": _Quoted(column.description),
        }
        for column in columns
    ]
    return f"      {PREDICTIONS_BEGIN}\n{_yaml(entries, indent=6)}      {PREDICTIONS_END}"


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
    table = header + "\n".join(rows) + "\n{% enddocs %}"
    return f"{CONTRACT_TABLE_BEGIN}\n{table}\n{CONTRACT_TABLE_END}"


def render_models_yml(current: str, contract: FeatureContract) -> str:
    """Replace the generated region of the feature-store models YAML."""
    return _replace_region(current, GENERATED_BEGIN, GENERATED_END, feature_column_yaml(contract))


def render_docs_md(current: str, contract: FeatureContract) -> str:
    """Replace the generated contract table of the feature-store docs (the doc blocks around
    it are written by hand)."""
    return _replace_region(
        current, CONTRACT_TABLE_BEGIN, CONTRACT_TABLE_END, contract_docs_markdown(contract)
    )


GATE_TESTS_HEADER = """\
# Generated by `nba-props contract-docs` (nba_props.contract.gate_coverage_unit_tests) from the
# feature contract in dbt_project.yml; do not edit. The guarantee: every contract index can be
# default, and a default blocks the gate unless the design makes the feature optional.
#   gate_coverage_each_index: player N lacks only the input of contract index N (the fixture
#     macro gate_coverage_fixture builds each upstream's rows from the contract); his row must
#     list exactly [N] as default, count it as required unless N is optional, and pass the gate
#     only then. The optional indices are the design's ({optional}), written in contract.py,
#     not read from the contract's `optional` flags, so the test holds the model to the design.
#   gate_coverage_every_reason: a player lacking every input gets each feature's own reason.
"""


def _index_ranges(indices: frozenset[int]) -> str:
    """25-27, 37-50: consecutive indices as ranges."""
    ordered = sorted(indices)
    starts = [i for i in ordered if i - 1 not in indices]
    ends = [i for i in ordered if i + 1 not in indices]
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in zip(starts, ends, strict=True))


def _fixture_call(model: str, missing: str) -> str:
    """The Jinja that builds one input's rows (macros/gate_coverage.sql). Raw, because dbt
    renders the YAML when it parses it and the macro exists only when the fixture compiles."""
    call = f"gate_coverage_fixture('{model}', '{missing}')"
    return f"{{% raw %}}{{{{ {call} }}}}{{% endraw %}}"


def gate_coverage_unit_tests(contract: FeatureContract) -> str:
    """dbt unit tests: for every index, a crafted row missing only that feature's input must
    list exactly that index, and pass the gate only if the design makes the feature optional
    (DESIGN_OPTIONAL_INDICES; the model reads the contract's flags); a row missing every input
    carries each feature's own reason."""
    optional = DESIGN_OPTIONAL_INDICES | ISSUE_10_OPTIONAL_INDICES

    def test(name: str, description: str, missing: str, rows: Sequence[object]) -> object:
        return {
            "name": name,
            "description": description,
            "model": "ml_feature_store_v2",
            "overrides": {"vars": _OneLine(start_date="1900-01-01", end_date="2999-12-31")},
            "given": [
                _OneLine(input=f"ref('{model}')", format="sql", rows=_fixture_call(model, missing))
                for model in contract.upstream_models
            ],
            "expect": {"rows": rows},
        }

    each_index = [
        _OneLine(
            player_id=f.index,
            default_feature_indices=[f.index],
            required_default_count=0 if f.index in optional else 1,
            is_quality_ready=f.index in optional,
        )
        for f in contract.features
    ]
    every_reason: dict[str, object] = {
        "player_id": 0,
        "default_feature_indices": _OneLineList(f.index for f in contract.features),
        "required_default_count": sum(f.index not in optional for f in contract.features),
        "is_quality_ready": False,
        **{f"{f.name}_default_reason": "crafted_missing_input" for f in contract.features},
    }
    tests = [
        test(
            "gate_coverage_each_index",
            "Player N lacks only the input of contract index N: N alone is default, and it "
            "blocks the gate unless the design makes it optional.",
            "each",
            each_index,
        ),
        test(
            "gate_coverage_every_reason",
            "A player lacking every input: every index is default, each with its own reason.",
            "all",
            [every_reason],
        ),
    ]
    header = GATE_TESTS_HEADER.format(optional=_index_ranges(optional))
    return header + _yaml({"version": 2, "unit_tests": tests})


def pending_contract_docs(project_dir: Path) -> dict[Path, str]:
    """Generated doc files that differ from the contract, with the text they should have."""
    contract = load_contract(project_dir)
    targets = {
        project_dir / MODELS_YML: render_models_yml(
            (project_dir / MODELS_YML).read_text(), contract
        ),
        project_dir / DOCS_MD: render_docs_md((project_dir / DOCS_MD).read_text(), contract),
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
