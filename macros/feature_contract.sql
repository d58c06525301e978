{#- THE feature contract lives in dbt_project.yml (var `feature_contract`) so that Jinja, the
    manifest and the Python runner read the same list. Keys of each entry:
      index, name       position in `features` and the column name in ml_feature_store_v2
      feature_group     what the feature measures; `nba-props evaluate` removes a group at a time
                        (ablation): expected_minutes, teammates_out, role, opponent_position, ...
      category          quality category (matchup, player_history, team_context, vegas, game_context)
      source_class      Phase4 / Phase3 / Calculated / Vegas / ShotZone (diagnostics)
      upstream          the model the value is read from, by its name (ml_feature_store_v2
                        imports each upstream under that name; team_defense_zone_analysis is
                        joined on the opponent's row, every other on the player's)
      column            the upstream column (defaults to name); the upstream also carries
                        `<column>_default_reason`, NULL when the value is real
      labelled          true when the upstream carries `<column>_source`, a label for a real
                        fallback (prior_season, season_average, window_before_data_start)
      optional          excluded from the zero-tolerance gate (required_default_count)
      quality_scored    false: left out of the quality score and the category percentages (the
                        features added after v9: the gate, and so the rows trained and served,
                        stay those of v9, and a v9/v10 comparison is on the same rows)
      default_value     the value the original system wrote when the input was missing; kept for
                        reference only: our `features` vector carries NaN there
      min_value, max_value   valid range of a real value
      description       what the feature is and where it differs from the original -#}
{% macro feature_contract() %}
{{ return(var('feature_contract')) }}
{% endmacro %}

{#- The features the quality score and the category percentages weigh (quality_scored). -#}
{% macro quality_scored_features() %}
{{ return(feature_contract() | rejectattr('quality_scored', 'false') | list) }}
{% endmacro %}

{#- Per-source weight of the quality score. -#}
{% macro feature_source_weights() %}
{{ return({'phase4': 100, 'calculated': 100, 'vegas': 100, 'phase3': 87, 'shotzone': 100,
           'prior_season': 90, 'season_average': 90, 'window_before_data_start': 90, 'default': 40, 'missing': 0}) }}
{% endmacro %}

{#- The quality-score weight of a row's feature, from its `<name>_source` label. -#}
{% macro feature_source_weight(f) -%}
    case {{ f.name }}_source
        {%- for label, weight in feature_source_weights().items() %}
        when '{{ label }}' then {{ weight }}
        {%- endfor %}
    end
{%- endmacro %}

{#- What a defaulted feature's weight would gain were its value real (weighted as its source
    class); 0 when it already is real. -#}
{% macro feature_real_weight_gain(f) -%}
    {%- if f.get('quality_scored', true) is false %}0{% else -%}
    case when {{ f.name }} is null then {{ feature_source_weights()[f.source_class | lower] }} - {{ feature_source_weight(f) }} else 0 end
    {%- endif %}
{%- endmacro %}

{% macro feature_categories() %}
{{ return(['matchup', 'player_history', 'team_context', 'vegas', 'game_context']) }}
{% endmacro %}

{#- Column of a contract entry in its upstream model. -#}
{% macro feature_column(f) -%}
{{ f.get('column', f.name) }}
{%- endmacro %}

{#- The model's feature lists by version (var model_feature_sets: version -> contract indices). -#}
{% macro model_feature_sets() %}
{{ return(var('model_feature_sets', {})) }}
{% endmacro %}

{#- The version the runner trains and serves (var model_feature_set). -#}
{% macro model_feature_set() -%}{{ var('model_feature_set', '') }}{%- endmacro %}

{#- The alert level of a row from its quality score, matchup share and required defaults (the
    store and the coverage what-if both read it from here). -#}
{% macro quality_alert_level() -%}
    case
        when feature_quality_score is null or matchup_quality_pct is null then 'red'
        when matchup_quality_pct < 50 or feature_quality_score < 50 then 'red'
        when required_default_count > 0 or feature_quality_score < 70 or matchup_quality_pct < 70 then 'yellow'
        else 'green'
    end
{%- endmacro %}

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

{#- The number of played games behind the contract's *_last_82 features (a season's worth): a
    constant the feature names hold, a macro so that a unit test can shrink the window. -#}
{% macro last_82_window_games() -%}
    {{ return(82) }}
{%- endmacro %}
