"""Allow ``python -m nba_props``."""

from nba_props.cli import main

if __name__ == "__main__":
    main()
