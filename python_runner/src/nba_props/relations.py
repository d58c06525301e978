"""Where dbt puts a model: its layer, read from the dbt project rather than written out.

A model's layer is the ``+schema`` of its folder under ``models:`` in ``dbt_project.yml`` (the
schema on DuckDB; on BigQuery the dataset ``<prefix>_<layer>``, see
``macros/generate_schema_name.sql``). :class:`DbtRelations` finds the model's file under
``models/`` and walks its folders, the nearest ``+schema`` winning, as dbt does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nba_props.warehouse import WarehouseReader


class UnknownModelError(LookupError):
    """No model of that name in the dbt project, or no schema configured for its folder."""


@dataclass(frozen=True)
class DbtRelations:
    """Model name -> layer, for one dbt project directory."""

    layers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_project(cls, project_dir: Path) -> DbtRelations:
        """Read every model file under ``models/`` and its folder's ``+schema``."""
        project = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
        config: dict[str, Any] = project.get("models", {}).get(project["name"], {})
        layers: dict[str, str] = {}
        models_dir = project_dir / "models"
        for path in sorted(models_dir.rglob("*.sql")):
            schema = None
            node: Any = config
            for folder in path.relative_to(models_dir).parts[:-1]:
                node = node.get(folder, {}) if isinstance(node, dict) else {}
                schema = node.get("+schema", schema) if isinstance(node, dict) else schema
            if schema is not None:
                layers[path.stem] = str(schema)
        return cls(layers=layers)

    def layer(self, model: str) -> str:
        """The layer (schema) of ``model``.

        Raises:
            UnknownModelError: the project has no such model (or no schema for it).
        """
        try:
            return self.layers[model]
        except KeyError as exc:
            raise UnknownModelError(f"no dbt model {model!r} with a schema in the project") from exc

    def key(self, model: str) -> tuple[str, str]:
        """``(layer, model)``, what ``relation`` and ``relation_exists`` of a warehouse take."""
        return self.layer(model), model

    def name(self, warehouse: WarehouseReader, model: str) -> str:
        """How SQL on ``warehouse`` names ``model``."""
        return warehouse.relation(*self.key(model))

    def exists(self, warehouse: WarehouseReader, model: str) -> bool:
        """Whether ``model`` has been built in ``warehouse``."""
        return warehouse.relation_exists(*self.key(model))
