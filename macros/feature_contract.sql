{#- THE feature contract: the one definition of the 37 features (indices 0-36, append-only).
    Everything else is generated from it: the feature-store columns and arrays, the
    `feature_contract` table, the docs, and the runner's feature list (which reads that table).

    Keys:
      index, name       position in `features` and the column name in ml_feature_store_v2
      category          quality category (matchup, player_history, team_context, vegas, game_context)
      source_class      Phase4 / Phase3 / Calculated / Vegas / ShotZone (diagnostics)
      upstream          alias of the model the value is read from in ml_feature_store_v2:
                          pdc = player_daily_cache, pcf = player_composite_factors,
                          psza = player_shot_zone_analysis, tdza = team_defense_zone_analysis
                          (the opponent's row), ctx = upcoming_player_game_context
      column            the upstream column (defaults to name); the upstream also carries
                        `<column>_default_reason`, NULL when the value is real
      labelled          true when the upstream carries `<column>_source`, a label for a real
                        fallback (prior_season, season_average)
      default_value     the value the original system wrote when the input was missing; kept for
                        reference only: our `features` vector carries NaN there
      min_value, max_value   valid range of a real value
      optional          excluded from the zero-tolerance gate (required_default_count)
      in_model          part of the V9 model contract (0-32)
      description       what the feature is and where it differs from the original -#}
{% macro feature_contract() %}
{{ return([
  {'index': 0, 'name': 'points_avg_last_5', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 10.0, 'min_value': 0, 'max_value': 70,
   'description': 'Mean points over the player\'s 5 most recent played games this season before the game date (fewer if fewer were played).'},
  {'index': 1, 'name': 'points_avg_last_10', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 10.0, 'min_value': 0, 'max_value': 70,
   'description': 'Mean points over the 10 most recent played games this season before the game date.'},
  {'index': 2, 'name': 'points_avg_season', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 10.0, 'min_value': 0, 'max_value': 70,
   'description': 'Mean points over every played game this season before the game date.'},
  {'index': 3, 'name': 'points_std_last_10', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 5.0, 'min_value': 0, 'max_value': 30,
   'description': 'Sample standard deviation (n-1) of points over the last 10 played games; needs 2 games.'},
  {'index': 4, 'name': 'games_in_last_7_days', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 3.0, 'min_value': 0, 'max_value': 5,
   'description': 'Played games in the 7 days before the game date (D-7 to D-1); default when the player has no earlier game this season.'},
  {'index': 5, 'name': 'fatigue_score', 'category': 'matchup', 'source_class': 'Phase4', 'upstream': 'pcf', 'default_value': 50.0, 'min_value': 0, 'max_value': 100,
   'description': 'Rest score 0-100 (higher = fresher) from days of rest, games and minutes in the last 7 days, back-to-backs in 14 days and age; default when any input is missing.'},
  {'index': 6, 'name': 'shot_zone_mismatch_score', 'category': 'matchup', 'source_class': 'Phase4', 'upstream': 'pcf', 'default_value': 0.0, 'min_value': -15, 'max_value': 15,
   'description': 'Player two/three-point attempt shares (last 10 games, box score) weighted by how much worse than league average the opponent defends each zone (last 15 games). Box-score zones, so it exists for every season.'},
  {'index': 7, 'name': 'pace_score', 'category': 'matchup', 'source_class': 'Phase4', 'upstream': 'pcf', 'default_value': 0.0, 'min_value': -8, 'max_value': 8,
   'description': '(team pace last 10 - opponent pace last 10) / 2, clamped to +-3. No date floor (the original silently read 0 before 2024-10-01).'},
  {'index': 8, 'name': 'usage_spike_score', 'category': 'matchup', 'source_class': 'Phase4', 'upstream': 'pcf', 'default_value': 0.0, 'min_value': -8, 'max_value': 8,
   'description': '0.3 x (usage rate over the last 3 played games - season usage rate), clamped to +-3; needs 3 games. Replaces the original\'s never-populated projected usage.'},
  {'index': 9, 'name': 'rest_advantage', 'category': 'game_context', 'source_class': 'Calculated', 'upstream': 'ctx', 'default_value': 0.0, 'min_value': -3, 'max_value': 3,
   'description': 'Team days of rest minus opponent days of rest, both from the schedule, clamped to +-2 (the original hard-coded opponent rest to 0).'},
  {'index': 10, 'name': 'injury_risk', 'category': 'game_context', 'source_class': 'Calculated', 'upstream': 'ctx', 'default_value': 0.0, 'min_value': 0, 'max_value': 3,
   'description': 'Injury status known before the game date: 0 healthy, 2 day-to-day, 3 out; an out record is closed by a return or by a later played game.'},
  {'index': 11, 'name': 'recent_trend', 'category': 'game_context', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.0, 'min_value': -2, 'max_value': 2,
   'description': 'Mean points of the 3 latest played games minus games 4-5, bucketed to -2..2 (positive = heating up; the original\'s sign was inverted); needs 5 games.'},
  {'index': 12, 'name': 'minutes_change', 'category': 'game_context', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.0, 'min_value': -2, 'max_value': 2,
   'description': 'Minutes over the last 10 played games vs the season, bucketed at +-10% and +-20% to -2..2.'},
  {'index': 13, 'name': 'opponent_def_rating', 'category': 'matchup', 'source_class': 'Phase4', 'upstream': 'tdza', 'column': 'defensive_rating_last_15', 'default_value': 112.0, 'min_value': 80, 'max_value': 140,
   'description': 'Opponent points allowed per 100 possessions over its last 15 games before the game date (needs 5).'},
  {'index': 14, 'name': 'opponent_pace', 'category': 'matchup', 'source_class': 'Phase4', 'upstream': 'tdza', 'column': 'opponent_pace_last_15', 'default_value': 100.0, 'min_value': 80, 'max_value': 120,
   'description': 'Possessions per 48 minutes in the opponent\'s last 15 games (minute-normalised, unlike the original).'},
  {'index': 15, 'name': 'home_away', 'category': 'game_context', 'source_class': 'Phase3', 'upstream': 'ctx', 'default_value': 0.0, 'min_value': 0, 'max_value': 1,
   'description': '1 if the player\'s team is the designated home team in the schedule.'},
  {'index': 16, 'name': 'back_to_back', 'category': 'game_context', 'source_class': 'Phase3', 'upstream': 'ctx', 'default_value': 0.0, 'min_value': 0, 'max_value': 1,
   'description': '1 if the player played the day before.'},
  {'index': 17, 'name': 'playoff_game', 'category': 'game_context', 'source_class': 'Phase3', 'upstream': 'ctx', 'default_value': 0.0, 'min_value': 0, 'max_value': 1,
   'description': '1 for playoff and play-in games (from the schedule\'s season type, not the month).'},
  {'index': 18, 'name': 'pct_paint', 'category': 'game_context', 'source_class': 'ShotZone', 'upstream': 'psza', 'labelled': true, 'default_value': none, 'min_value': 0, 'max_value': 1,
   'description': 'Share of field-goal attempts in the paint (restricted area + paint), last 10 games with zone data this season (needs 5); else the previous season\'s share, labelled prior_season.'},
  {'index': 19, 'name': 'pct_mid_range', 'category': 'game_context', 'source_class': 'ShotZone', 'upstream': 'psza', 'labelled': true, 'default_value': none, 'min_value': 0, 'max_value': 1,
   'description': 'Share of field-goal attempts from mid-range, same windows and fallback as pct_paint.'},
  {'index': 20, 'name': 'pct_three', 'category': 'game_context', 'source_class': 'ShotZone', 'upstream': 'psza', 'default_value': none, 'min_value': 0, 'max_value': 1,
   'description': 'Share of field-goal attempts from three, last 10 played games with an attempt, from the box score (3PA / FGA), so it exists in every season.'},
  {'index': 21, 'name': 'pct_free_throw', 'category': 'game_context', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.15, 'min_value': 0, 'max_value': 0.5,
   'description': 'Free throws made / points over the last 10 played games, clamped to [0, 0.5]; default when those games have no points.'},
  {'index': 22, 'name': 'team_pace', 'category': 'team_context', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 100.0, 'min_value': 80, 'max_value': 120,
   'description': 'Team possessions per 48 minutes over its last 10 games before the game date (within 365 days).'},
  {'index': 23, 'name': 'team_off_rating', 'category': 'team_context', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 112.0, 'min_value': 80, 'max_value': 140,
   'description': 'Team points per 100 possessions over its last 10 games before the game date (within 365 days).'},
  {'index': 24, 'name': 'team_win_pct', 'category': 'team_context', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.5, 'min_value': 0, 'max_value': 1,
   'description': 'Team wins / games this season before the game date; default before the team\'s first game.'},
  {'index': 25, 'name': 'vegas_points_line', 'category': 'vegas', 'source_class': 'Vegas', 'upstream': 'ctx', 'optional': true, 'default_value': none, 'min_value': 0, 'max_value': 80,
   'description': 'Consensus points line: median over books of each book\'s main line in its latest snapshot before tip-off.'},
  {'index': 26, 'name': 'vegas_opening_line', 'category': 'vegas', 'source_class': 'Vegas', 'upstream': 'ctx', 'optional': true, 'default_value': none, 'min_value': 0, 'max_value': 80,
   'description': 'Consensus line in each book\'s earliest timed snapshot; default when the feed has no snapshot times.'},
  {'index': 27, 'name': 'vegas_line_move', 'category': 'vegas', 'source_class': 'Vegas', 'upstream': 'ctx', 'optional': true, 'default_value': none, 'min_value': -15, 'max_value': 15,
   'description': 'vegas_points_line - vegas_opening_line.'},
  {'index': 28, 'name': 'has_vegas_line', 'category': 'vegas', 'source_class': 'Calculated', 'upstream': 'ctx', 'default_value': 0.0, 'min_value': 0, 'max_value': 1,
   'description': '1 if a pre-game line exists for the player and game, else 0 (a real observation either way).'},
  {'index': 29, 'name': 'avg_points_vs_opponent', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'labelled': true, 'default_value': none, 'min_value': 0, 'max_value': 70,
   'description': 'Mean points in played games against this opponent in the 365 days before the game date; without such games the season average, labelled season_average.'},
  {'index': 30, 'name': 'games_vs_opponent', 'category': 'player_history', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.0, 'min_value': 0, 'max_value': 100,
   'description': 'Played games against this opponent in the 365 days before the game date.'},
  {'index': 31, 'name': 'minutes_avg_last_10', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 28.0, 'min_value': 0, 'max_value': 48,
   'description': 'Mean minutes over the last 10 played games this season (the original used a 30-day window under this name).'},
  {'index': 32, 'name': 'ppm_avg_last_10', 'category': 'player_history', 'source_class': 'Phase4', 'upstream': 'pdc', 'default_value': 0.4, 'min_value': 0, 'max_value': 3,
   'description': 'Mean of points / minutes over the last 10 played games with minutes > 0.'},
  {'index': 33, 'name': 'dnp_rate', 'category': 'player_history', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.0, 'min_value': 0, 'max_value': 1,
   'description': 'DNP rows / box-score rows over the player\'s last 10 rows this season. Only 2024-25 has DNP rows, so other seasons read 0.'},
  {'index': 34, 'name': 'pts_slope_10g', 'category': 'player_history', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.0, 'min_value': -10, 'max_value': 10,
   'description': 'Least-squares slope of points over the last 10 played games, oldest to newest; needs 5 games.'},
  {'index': 35, 'name': 'pts_vs_season_zscore', 'category': 'player_history', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.0, 'min_value': -4, 'max_value': 4,
   'description': '(points_avg_last_5 - points_avg_season) / points_std_last_10, clamped to +-3; default when an input is missing or the deviation is 0.'},
  {'index': 36, 'name': 'breakout_flag', 'category': 'player_history', 'source_class': 'Calculated', 'upstream': 'pdc', 'default_value': 0.0, 'min_value': 0, 'max_value': 1,
   'description': '1 if points_avg_last_5 > points_avg_season + 1.5 x points_std_last_10; default when an input is missing.'},
]) }}
{% endmacro %}

{#- Upstream aliases used by the contract, with the model each one reads. -#}
{% macro feature_upstreams() %}
{{ return({
  'pdc': 'player_daily_cache',
  'pcf': 'player_composite_factors',
  'psza': 'player_shot_zone_analysis',
  'tdza': 'team_defense_zone_analysis',
  'ctx': 'upcoming_player_game_context',
}) }}
{% endmacro %}

{#- Per-source weight of the quality score. -#}
{% macro feature_source_weights() %}
{{ return({'phase4': 100, 'calculated': 100, 'vegas': 100, 'phase3': 87, 'shotzone': 100,
           'prior_season': 90, 'season_average': 90, 'default': 40, 'missing': 0}) }}
{% endmacro %}

{% macro feature_categories() %}
{{ return(['matchup', 'player_history', 'team_context', 'vegas', 'game_context']) }}
{% endmacro %}

{#- Column of a contract entry in its upstream model. -#}
{% macro feature_column(f) -%}
{{ f.get('column', f.name) }}
{%- endmacro %}

{#- Number of features in the V9 model contract (indices 0..n-1). -#}
{% macro model_feature_count() -%}33{%- endmacro %}

{#- The zero-tolerance gate, one definition for serving and training: NULL when the row may be
    used, else the first reason that blocks it. Unknown (NULL) quality blocks. -#}
{% macro quality_gate_reason() -%}
    case
        when required_default_count is null or feature_quality_score is null
            or matchup_quality_pct is null or quality_alert_level is null then 'unknown_quality'
        when required_default_count > 0 then {{ dbt.concat(["'required_defaults_'", "cast(required_default_count as " ~ dbt.type_string() ~ ")"]) }}
        when quality_alert_level = 'red' then 'red_alert'
        when matchup_quality_pct < 50 then 'matchup_below_50'
        when feature_quality_score < 70 then 'quality_below_70'
    end
{%- endmacro %}
