"""The report: :mod:`.marts` reads the dbt marts into a :class:`.model.Report`, and one renderer
per format draws it (:mod:`.terminal` with rich, :meth:`.model.Report.to_dict` for JSON,
:mod:`.html` a self-contained page with Plotly charts). ``nba-props picks`` reads and draws the
day's picks with the same pieces."""
