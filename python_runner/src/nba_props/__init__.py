"""nba-props: build the dbt feature store and report on it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nba-props")
except PackageNotFoundError:  # running from a source checkout without installing
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
