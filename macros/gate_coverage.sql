{#- Rows of one upstream model of ml_feature_store_v2 for the gate-coverage unit tests
    (models/feature_store/_feature_store__gate_coverage_unit_tests.yml), built from the
    contract: crafted player-days on 2024-11-10 where a present input is the middle of its
    contract range (labelled phase4 where the upstream labels it) and a missing one is NULL
    with the reason crafted_missing_input. missing='each': player N lacks only the input of
    contract index N; missing='all': player 0 lacks every input. Each player meets a team of
    his own (opp_N), so the team-keyed team_defense_zone_analysis can lack one player's input. -#}
{% macro gate_coverage_fixture(model_name, missing) -%}
{%- set contract = feature_contract() -%}
{%- set features = contract | selectattr('upstream', 'equalto', model_name) | list -%}
{%- set missing_text = "'crafted_missing_input'" -%}
{%- set null_text = 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
{%- for player in (range(contract | length) if missing == 'each' else [0]) %}
select
    {%- if model_name == 'team_defense_zone_analysis' %}
    'opp_{{ player }}' as team_abbr,
    {%- else %}
    cast({{ player }} as {{ dbt.type_bigint() }}) as player_id,
    {%- endif %}
    {%- if model_name == 'upcoming_player_game_context' %}
    'g{{ player }}' as game_id,
    cast(2024 as {{ dbt.type_bigint() }}) as season,
    'BOS' as team_abbr,
    'opp_{{ player }}' as opponent_abbr,
    true as is_home,
    true as in_universe,
    cast(2 as {{ dbt.type_bigint() }}) as player_days_rest,
    {%- elif model_name == 'player_daily_cache' %}
    cast(12 as {{ dbt.type_bigint() }}) as games_played_season,
    cast(0 as {{ dbt.type_bigint() }}) as prior_season_games,
    {%- endif %}
    {%- for f in features %}
    {%- set lacks = missing == 'all' or f.index == player %}
    {%- set column = feature_column(f) %}
    cast({{ 'null' if lacks else (f.min_value + f.max_value) / 2 }} as {{ type_double() }}) as {{ column }},
    {{ missing_text if lacks else null_text }} as {{ column }}_default_reason,
    {%- if f.get('labelled') %}
    {{ null_text if lacks else "'phase4'" }} as {{ column }}_source,
    {%- endif %}
    {%- endfor %}
    cast('2024-11-10' as date) as game_date
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- endmacro %}
