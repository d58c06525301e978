"""The dbt project as the runner sees it: relations, selectors and vars, learnt from dbt.

The runner never writes a ``schema.table`` of its own. A model (or source table) it reads or
writes carries a role in its YAML, ``config: meta: {runner: <role>}`` (``accuracy``,
``candidates``, ...), and :class:`DbtProject` finds the node of each role in the parsed manifest
(``target/manifest.json``, written by every dbt command) with its database, schema and
identifier, as dbt-score reads a manifest. The runner's node selections are named selectors in
``selectors.yml``, checked against the manifest. Renaming or moving a model changes nothing
in Python: its role moves with its YAML entry.

dbt keeps the project's vars out of the manifest, so the vars come from ``dbt_project.yml``,
read here and nowhere else (the feature contract, the prediction columns, the pick rule), and
the dbt target's adapter type from ``profiles.yml``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nba_props.config import Settings

#: The source whose tables are the raw contract (models/staging/_nba__sources.yml).
RAW_SOURCE = "nba_raw"
#: The meta key of a node's runner role.
ROLE_KEY = "runner"
#: The manifest nodes that are relations dbt builds (looked up by name with ``model``).
MODEL_TYPES = ("model", "seed", "snapshot")
#: The dbt target in use (profiles.yml reads the same variable).
ENV_TARGET = "NBA_PROPS_TARGET"
DEFAULT_TARGET = "dev"
#: What the manifest is parsed from: a file here newer than the manifest makes it stale.
PROJECT_INPUTS = ("dbt_project.yml", "selectors.yml", "profiles.yml")
PROJECT_FOLDERS = ("models", "macros", "tests", "seeds", "snapshots")

Parse = Callable[[Settings], None]
"""Writes a fresh manifest for the settings (``dbt parse``)."""


class UnknownRelationError(LookupError):
    """No model or source of the project carries that runner role, or one selector is missing."""


@dataclass(frozen=True)
class Relation:
    """Where dbt puts a node: its database (the BigQuery project; DuckDB's catalog), schema
    (the layer's schema or dataset, as ``generate_schema_name`` names it on the target) and
    identifier (the table's name)."""

    database: str | None
    schema: str
    identifier: str
    #: The model or source table's dbt name (for messages).
    node_name: str

    @property
    def schema_table(self) -> str:
        """``schema.identifier``: the relation in the connection's own database (DuckDB's file;
        on BigQuery the project is added by the warehouse layer)."""
        return f"{self.schema}.{self.identifier}"


def _relation(node: Mapping[str, Any]) -> Relation:
    """Where dbt puts a manifest node (a model, seed or source table)."""
    return Relation(
        database=node.get("database"),
        schema=str(node["schema"]),
        identifier=str(node.get("alias") or node.get("identifier") or node["name"]),
        node_name=str(node["name"]),
    )


#: libyaml's loader where PyYAML was built with it: dbt_project.yml (42 kB of vars) loads in
#: 8 ms instead of 67 ms, and the runner reads it several times a command.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load``, with libyaml when it is there."""
    return yaml.load(text, Loader=_YAML_LOADER)


def project_vars(project_dir: Path) -> dict[str, Any]:
    """The ``vars:`` of ``dbt_project.yml`` as written (jinja in a value stays unrendered)."""
    project = load_yaml((project_dir / "dbt_project.yml").read_text())
    return dict(project.get("vars") or {})


def target_type(settings: Settings, environ: Mapping[str, str] | None = None) -> str:
    """The adapter type (``duckdb``, ``bigquery``) of the dbt target in use
    (``NBA_PROPS_TARGET``, default ``dev``), from ``profiles.yml``.

    Raises:
        UnknownRelationError: the profile has no such target.
    """
    env = os.environ if environ is None else environ
    path = settings.profiles_dir / "profiles.yml"
    outputs = load_yaml(path.read_text())["nba_props"]["outputs"]
    name = env.get(ENV_TARGET, DEFAULT_TARGET)
    if name not in outputs:
        raise UnknownRelationError(f"no dbt target {name!r} in {path}")
    return str(outputs[name]["type"])


def manifest_path(settings: Settings) -> Path:
    """Where dbt writes the manifest for these settings (``--target-path``, default target/)."""
    target = settings.target_path or settings.project_dir / "target"
    return target / "manifest.json"


def _project_files(project_dir: Path) -> Iterable[Path]:
    for name in PROJECT_INPUTS:
        if (project_dir / name).is_file():
            yield project_dir / name
    for folder in PROJECT_FOLDERS:
        if (project_dir / folder).is_dir():
            yield from (path for path in (project_dir / folder).rglob("*") if path.is_file())


def current_manifest(settings: Settings, adapter_type: str) -> dict[str, Any] | None:
    """The manifest, if it exists, was parsed for ``adapter_type`` and is newer than every
    file of the project it was parsed from; else None."""
    path = manifest_path(settings)
    if not path.is_file():
        return None
    written = path.stat().st_mtime
    if any(file.stat().st_mtime > written for file in _project_files(settings.project_dir)):
        return None
    manifest: dict[str, Any] = json.loads(path.read_text())
    if manifest.get("metadata", {}).get("adapter_type") != adapter_type:
        return None
    return manifest


def _dbt_parse(settings: Settings) -> None:
    from nba_props.dbt_runner import run_dbt

    run_dbt(settings, ["parse", "--quiet"])


@dataclass(frozen=True)
class DbtProject:
    """The runner's view of one parsed dbt project: role -> relation, the selectors, the vars
    and the raw contract (the columns of the raw sources)."""

    relations: Mapping[str, Relation]
    selectors: frozenset[str]
    variables: Mapping[str, Any]
    raw_columns: Mapping[str, Mapping[str, str]]
    #: Every model and seed by its dbt name (tests and tools that read a model without a role).
    models: Mapping[str, Relation] = field(default_factory=dict)

    @classmethod
    def from_manifest(cls, manifest: Mapping[str, Any], variables: Mapping[str, Any]) -> DbtProject:
        """Read the roles, selectors and raw contract from a parsed ``manifest``.

        Raises:
            UnknownRelationError: two nodes carry the same role.
        """
        relations: dict[str, Relation] = {}
        nodes = [*manifest.get("nodes", {}).values(), *manifest.get("sources", {}).values()]
        models = {
            str(node["name"]): _relation(node)
            for node in manifest.get("nodes", {}).values()
            if node.get("resource_type") in MODEL_TYPES
        }
        for node in nodes:
            role = (node.get("config", {}).get("meta") or node.get("meta") or {}).get(ROLE_KEY)
            if role is None:
                continue
            if role in relations:
                raise UnknownRelationError(
                    f"runner role {role!r} is on both {relations[role].node_name} and "
                    f"{node['name']}; a role names one node"
                )
            relations[str(role)] = _relation(node)
        raw_columns = {
            str(source["name"]): {
                str(column["name"]): str(column["data_type"]).lower()
                for column in source.get("columns", {}).values()
            }
            for source in manifest.get("sources", {}).values()
            if source.get("source_name") == RAW_SOURCE
        }
        return cls(
            relations=relations,
            selectors=frozenset(manifest.get("selectors", {})),
            variables=dict(variables),
            raw_columns=dict(sorted(raw_columns.items())),
            models=models,
        )

    @classmethod
    def load(cls, settings: Settings, parse: Parse = _dbt_parse) -> DbtProject:
        """The project of ``settings``, from its manifest; ``parse`` (``dbt parse``) writes a
        fresh one first when it is missing, older than a project file or of another target."""
        manifest = current_manifest(settings, target_type(settings))
        if manifest is None:
            parse(settings)
            manifest = json.loads(manifest_path(settings).read_text())
        return cls.from_manifest(manifest, project_vars(settings.project_dir))

    def relation(self, role: str) -> Relation:
        """The relation of the node carrying ``role``.

        Raises:
            UnknownRelationError: no node of the project carries it.
        """
        try:
            return self.relations[role]
        except KeyError as exc:
            known = ", ".join(sorted(self.relations))
            raise UnknownRelationError(
                f"no dbt model or source has `meta: {{{ROLE_KEY}: {role}}}` (roles: {known})"
            ) from exc

    def model(self, name: str) -> Relation:
        """The relation dbt builds for the model (or seed) ``name``.

        Raises:
            UnknownRelationError: the project has no model of that name.
        """
        try:
            return self.models[name]
        except KeyError as exc:
            raise UnknownRelationError(f"no dbt model {name!r} in the manifest") from exc

    def selector(self, name: str) -> list[str]:
        """The dbt arguments selecting the named selector of ``selectors.yml``.

        Raises:
            UnknownRelationError: the project defines no such selector.
        """
        if name not in self.selectors:
            known = ", ".join(sorted(self.selectors))
            raise UnknownRelationError(f"no selector {name!r} in selectors.yml (have: {known})")
        return ["--selector", name]
