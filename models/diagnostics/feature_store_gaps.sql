{{ config(**merged_by_key_config(unique_key=['player_id', 'game_date'])) }}
{#- The gap log: one row per (player, game date) of the universe that was missing from the
    feature store or not clean (did not pass the gate) in some build. A gap is resolved only by a
    later build whose store row passes the gate; that build's time and invocation id are kept,
    and a gap that turns bad again is re-opened. The log keeps its history across builds (a
    full refresh does not wipe it); only the build window's dates are examined. -#}
{%- set now = "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "' as timestamp)" -%}

with upcoming_player_game_context as (

    select player_id, game_date, game_id, team_abbr, opponent_abbr, season
    from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}
        and in_universe

),

ml_feature_store_v2 as (

    select player_id, game_date, is_quality_ready, quality_gate_reason, required_default_count
    from {{ ref('ml_feature_store_v2') }}
    where {{ in_build_window('game_date') }}

),

current_gaps as (

    select
        upcoming_player_game_context.*,
        case when ml_feature_store_v2.player_id is null then 'missing_from_store' else ml_feature_store_v2.quality_gate_reason end as reason,
        ml_feature_store_v2.required_default_count
    from upcoming_player_game_context
    left join ml_feature_store_v2
        on ml_feature_store_v2.player_id = upcoming_player_game_context.player_id
        and ml_feature_store_v2.game_date = upcoming_player_game_context.game_date
    where ml_feature_store_v2.player_id is null or not ml_feature_store_v2.is_quality_ready

),

previous as (

    {% if is_incremental() -%}
    select * from {{ this }}
    where {{ in_build_window('game_date') }}
    {%- else -%}
    select
        cast(null as {{ dbt.type_bigint() }}) as player_id,
        cast(null as date) as game_date,
        cast(null as {{ dbt.type_string() }}) as game_id,
        cast(null as {{ dbt.type_string() }}) as team_abbr,
        cast(null as {{ dbt.type_string() }}) as opponent_abbr,
        cast(null as {{ dbt.type_bigint() }}) as season,
        cast(null as {{ dbt.type_string() }}) as reason,
        cast(null as {{ dbt.type_bigint() }}) as required_default_count,
        cast(null as timestamp) as detected_at,
        cast(null as {{ dbt.type_string() }}) as detected_by,
        cast(null as timestamp) as last_seen_at,
        cast(null as timestamp) as resolved_at,
        cast(null as {{ dbt.type_string() }}) as resolved_by
    where false
    {%- endif %}

),

merged as (

    select
        coalesce(current_gaps.player_id, previous.player_id) as player_id,
        coalesce(current_gaps.game_date, previous.game_date) as game_date,
        coalesce(current_gaps.game_id, previous.game_id) as game_id,
        coalesce(current_gaps.team_abbr, previous.team_abbr) as team_abbr,
        coalesce(current_gaps.opponent_abbr, previous.opponent_abbr) as opponent_abbr,
        coalesce(current_gaps.season, previous.season) as season,
        coalesce(current_gaps.reason, previous.reason) as reason,
        coalesce(current_gaps.required_default_count, previous.required_default_count) as required_default_count,
        coalesce(previous.detected_at, {{ now }}) as detected_at,
        coalesce(previous.detected_by, '{{ invocation_id }}') as detected_by,
        case when current_gaps.player_id is not null then {{ now }} else previous.last_seen_at end as last_seen_at,
        case
            when current_gaps.player_id is not null then null
            when previous.resolved_at is not null then previous.resolved_at
            when ml_feature_store_v2.is_quality_ready then {{ now }}
        end as resolved_at,
        case
            when current_gaps.player_id is not null then null
            when previous.resolved_at is not null then previous.resolved_by
            when ml_feature_store_v2.is_quality_ready then '{{ invocation_id }}'
        end as resolved_by
    from current_gaps
    full outer join previous
        on previous.player_id = current_gaps.player_id
        and previous.game_date = current_gaps.game_date
    left join ml_feature_store_v2
        on ml_feature_store_v2.player_id = previous.player_id
        and ml_feature_store_v2.game_date = previous.game_date

),

final as (

    select * from merged

)

select * from final
