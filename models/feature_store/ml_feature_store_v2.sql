{{ config(**window_incremental_config(cluster_by=['player_id', 'feature_version'], wide_rows=true)) }}
{#- The feature store: one row per (player_id, game_date) of the player universe, generated
    from the feature contract (macros/feature_contract.sql). Per feature: the real value (NULL
    when default), `<name>_source` and `<name>_default_reason`. Then the model vector
    `features` (NaN where default), `default_feature_indices`, counts, the quality score,
    category percentages, alert level and the gate (`quality_gate_reason`, `is_quality_ready`). -#}
{%- set contract = feature_contract() -%}
{%- set weights = feature_source_weights() -%}
{%- set scored_features = quality_scored_features() -%}
{#- Models read since v10, each keyed by (player_id, game_date) and read in the build window.
    Every upstream is imported under its model name, the name the contract's `upstream` gives. -#}
{%- set player_date_upstreams = ['int_player_minutes_role__as_of', 'int_teammates_out__as_of',
    'int_opponent_position_defense__as_of', 'int_line_vs_recent_average__as_of'] -%}

with upcoming_player_game_context as (

    select * from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}

),

player_daily_cache as (

    select * from {{ ref('player_daily_cache') }}

),

player_composite_factors as (

    select * from {{ ref('player_composite_factors') }}

),

player_shot_zone_analysis as (

    select * from {{ ref('player_shot_zone_analysis') }}

),

team_defense_zone_analysis as (

    select * from {{ ref('team_defense_zone_analysis') }}

),
{%- for upstream in player_date_upstreams %}

{{ upstream }} as (

    select * from {{ ref(upstream) }}
    where {{ in_build_window('game_date') }}

),
{%- endfor %}

joined as (

    select
        upcoming_player_game_context.player_id,
        upcoming_player_game_context.game_date,
        upcoming_player_game_context.game_id,
        upcoming_player_game_context.season,
        upcoming_player_game_context.team_abbr,
        upcoming_player_game_context.opponent_abbr,
        upcoming_player_game_context.is_home,
        upcoming_player_game_context.in_universe,
        cast(upcoming_player_game_context.player_days_rest as {{ dbt.type_bigint() }}) as days_rest,
        cast(coalesce(player_daily_cache.games_played_season, 0) as {{ dbt.type_bigint() }}) as games_played_season,
        cast(coalesce(player_daily_cache.prior_season_games, 0) as {{ dbt.type_bigint() }}) as prior_season_games,
        {%- for f in contract %}
        {%- set col = feature_column(f) %}
        {{ f.upstream }}.{{ col }} as {{ f.name }}__value,
        {{ f.upstream }}.{{ col }}_default_reason as {{ f.name }}__reason,
        {%- if f.get('labelled') %}
        {{ f.upstream }}.{{ col }}_source as {{ f.name }}__label,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ f.name }}__label,
        {%- endif %}
        {{ f.upstream }}.{{ 'player_id' if f.upstream != 'team_defense_zone_analysis' else 'team_abbr' }} is not null as {{ f.name }}__has_row{{ "," if not loop.last }}
        {%- endfor %}
    from upcoming_player_game_context
    left join player_daily_cache
        on player_daily_cache.player_id = upcoming_player_game_context.player_id
        and player_daily_cache.game_date = upcoming_player_game_context.game_date
    left join player_composite_factors
        on player_composite_factors.player_id = upcoming_player_game_context.player_id
        and player_composite_factors.game_date = upcoming_player_game_context.game_date
    left join player_shot_zone_analysis
        on player_shot_zone_analysis.player_id = upcoming_player_game_context.player_id
        and player_shot_zone_analysis.game_date = upcoming_player_game_context.game_date
    left join team_defense_zone_analysis
        on team_defense_zone_analysis.team_abbr = upcoming_player_game_context.opponent_abbr
        and team_defense_zone_analysis.game_date = upcoming_player_game_context.game_date
    {%- for upstream in player_date_upstreams %}
    left join {{ upstream }}
        on {{ upstream }}.player_id = upcoming_player_game_context.player_id
        and {{ upstream }}.game_date = upcoming_player_game_context.game_date
    {%- endfor %}

),

labelled as (

    select
        player_id,
        game_date,
        game_id,
        season,
        team_abbr,
        opponent_abbr,
        is_home,
        in_universe,
        days_rest,
        games_played_season,
        prior_season_games,
        {#- A value outside the contract's range (a broken upstream: ranges describe what is
            possible) is not real: default with its reason, so the gate blocks it if required. -#}
        {%- for f in contract %}
        {%- set in_range = f.name ~ '__value between ' ~ f.min_value ~ ' and ' ~ f.max_value %}
        cast(case when {{ in_range }} then {{ f.name }}__value end as {{ type_double() }}) as {{ f.name }},
        case
            when {{ in_range }} then coalesce({{ f.name }}__label, '{{ f.source_class | lower }}')
            else '{{ "missing" if f.get("optional") else "default" }}'
        end as {{ f.name }}_source,
        case
            when {{ in_range }} then null
            when {{ f.name }}__value is not null then 'out_of_contract_range'
            when not {{ f.name }}__has_row then 'no_{{ f.upstream }}_row'
            else coalesce({{ f.name }}__reason, 'unexplained_null')
        end as {{ f.name }}_default_reason{{ "," if not loop.last }}
        {%- endfor %}
    from joined

),

{%- set default_pairs = [] -%}
{%- set required_pairs = [] -%}
{%- for f in contract -%}
    {%- do default_pairs.append([f.index, f.name ~ ' is null']) -%}
    {%- if not f.get('optional') %}{% do required_pairs.append([f.index, f.name ~ ' is null']) %}{% endif -%}
{%- endfor %}

scored as (

    select
        labelled.*,
        {%- for f in contract %}
        case {{ f.name }}_source
            {%- for label, weight in weights.items() %}
            when '{{ label }}' then {{ weight }}
            {%- endfor %}
        end as {{ f.name }}__weight,
        {%- endfor %}
        {{ default_feature_indices(default_pairs) }} as default_feature_indices,
        {{ default_feature_indices(required_pairs) }} as required_default_indices,
        {{ double_array(contract | map(attribute='name') | list) }} as features
    from labelled

),

quality as (

    select
        scored.*,
        cast({{ array_len('default_feature_indices') }} as {{ dbt.type_bigint() }}) as default_feature_count,
        cast({{ array_len('required_default_indices') }} as {{ dbt.type_bigint() }}) as required_default_count,
        cast(round(({% for f in scored_features %}{{ f.name }}__weight{{ " + " if not loop.last }}{% endfor %}) / {{ scored_features | length }}.0, 2) as {{ type_double() }}) as feature_quality_score,
        {%- for category in feature_categories() %}
        {%- set members = scored_features | selectattr('category', 'equalto', category) | list %}
        cast(round(({% for f in members %}{{ f.name }}__weight{{ " + " if not loop.last }}{% endfor %}) / {{ members | length }}.0, 1) as {{ type_double() }}) as {{ category }}_quality_pct,
        cast({% for f in members %}case when {{ f.name }} is null then 1 else 0 end{{ " + " if not loop.last }}{% endfor %} as {{ dbt.type_bigint() }}) as {{ category }}_default_count{{ "," if not loop.last }}
        {%- endfor %}
    from scored

),

gated as (

    select
        quality.*,
        case
            when feature_quality_score >= 95 then 'gold'
            when feature_quality_score >= 85 then 'silver'
            when feature_quality_score >= 70 then 'bronze'
            when feature_quality_score >= 50 then 'poor'
            when feature_quality_score is not null then 'critical'
        end as quality_tier,
        {{ quality_alert_level() }} as quality_alert_level
    from quality

),

final as (

    select
        player_id,
        game_date,
        game_id,
        season,
        team_abbr,
        opponent_abbr,
        is_home,
        in_universe,
        days_rest,
        games_played_season,
        prior_season_games,
        games_played_season < 10 as early_season_flag,
        {%- for f in contract %}
        {{ f.name }},
        {{ f.name }}_source,
        {{ f.name }}_default_reason,
        {%- endfor %}
        features,
        default_feature_indices,
        default_feature_count,
        required_default_count,
        feature_quality_score,
        quality_tier,
        {%- for category in feature_categories() %}
        {{ category }}_quality_pct,
        {{ category }}_default_count,
        {%- endfor %}
        quality_alert_level,
        {{ quality_gate_reason() }} as quality_gate_reason,
        coalesce({{ quality_gate_reason() }} is null, false) as is_quality_ready,
        coalesce(
            {{ quality_gate_reason() }} is null
            and quality_tier in ('gold', 'silver')
            and matchup_quality_pct >= 70
            and player_history_quality_pct >= 80,
            false) as is_training_ready,
        '{{ var("feature_version") }}' as feature_version
    from gated

)

select * from final
