{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Composite factors per universe row (features 5-8). A factor built from a missing input is
    NULL with the reason, never a fabricated constant. A factor over a player window that
    reached into the previous season (player_daily_cache) carries its `prior_season` label. -#}
with context as (

    select * from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}

),

daily_cache as (

    select * from {{ ref('player_daily_cache') }}

),

opponent_defense as (

    select * from {{ ref('team_defense_zone_analysis') }}

),

team_form as (

    select * from {{ ref('int_team_form__as_of') }}

),

player_seasons as (

    select * from {{ ref('stg_nba__player_seasons') }}

),

joined as (

    select
        context.player_id,
        context.game_date,
        context.game_id,
        context.season,
        context.team_abbr,
        context.opponent_abbr,
        context.player_days_rest,
        coalesce(this_season.age, previous_season.age + 1) as player_age,
        daily_cache.games_played_window,
        daily_cache.last_10_window_source,
        daily_cache.season_window_source,
        daily_cache.games_in_last_7_days,
        daily_cache.minutes_in_last_7_days,
        daily_cache.back_to_backs_last_14_days,
        {{ safe_div('daily_cache.minutes_in_last_7_days', 'daily_cache.games_in_last_7_days') }} as avg_minutes_per_game_last_7,
        {{ safe_div('1.0 * daily_cache.fg3a_last_10', 'daily_cache.fga_last_10') }} as three_share_last_10,
        daily_cache.usage_rate_last_3,
        daily_cache.usage_rate_season,
        daily_cache.usage_games_last_3,
        opponent_defense.two_pt_defense_vs_league_avg,
        opponent_defense.three_pt_defense_vs_league_avg,
        opponent_defense.defense_vs_league_default_reason,
        own_form.pace_last_10 as team_pace_last_10,
        own_form.last_10_default_reason as team_form_default_reason,
        opponent_form.pace_last_10 as opponent_pace_last_10,
        opponent_form.last_10_default_reason as opponent_form_default_reason
    from context
    left join daily_cache
        on daily_cache.player_id = context.player_id
        and daily_cache.game_date = context.game_date
    left join opponent_defense
        on opponent_defense.team_abbr = context.opponent_abbr
        and opponent_defense.game_date = context.game_date
    left join team_form as own_form
        on own_form.team_abbr = context.team_abbr
        and own_form.game_date = context.game_date
    left join team_form as opponent_form
        on opponent_form.team_abbr = context.opponent_abbr
        and opponent_form.game_date = context.game_date
    left join player_seasons as this_season
        on this_season.player_id = context.player_id
        and this_season.season = context.season
    left join player_seasons as previous_season
        on previous_season.player_id = context.player_id
        and previous_season.season = context.season - 1

),

scored as (

    select
        joined.*,
        100
            + case when player_days_rest = 1 then -15 when player_days_rest >= 3 then 5 else 0 end
            + case when games_in_last_7_days >= 4 then -10 else 0 end
            + case when minutes_in_last_7_days > 240 then -10 else 0 end
            + case when avg_minutes_per_game_last_7 > 35 then -8 else 0 end
            + case when back_to_backs_last_14_days >= 2 then -12 when back_to_backs_last_14_days = 1 then -5 else 0 end
            + case when player_age >= 35 then -10 when player_age >= 30 then -5 else 0 end
            as fatigue_raw,
        (1 - three_share_last_10) * two_pt_defense_vs_league_avg
            + three_share_last_10 * three_pt_defense_vs_league_avg as mismatch_raw,
        (team_pace_last_10 - opponent_pace_last_10) / 2.0 as pace_raw,
        0.3 * (usage_rate_last_3 - usage_rate_season) as usage_spike_raw
    from joined

),

final as (

    select
        player_id,
        game_date,
        game_id,
        season,
        team_abbr,
        opponent_abbr,
        player_age,
        player_days_rest,
        avg_minutes_per_game_last_7,
        three_share_last_10,

        case when player_days_rest is not null and player_age is not null and games_played_window > 0
            then cast({{ clamp('fatigue_raw', 0, 100) }} as {{ type_double() }}) end as fatigue_score,
        case
            when player_days_rest is null or not games_played_window > 0 then 'no_games_before_date'
            when player_age is null then 'no_player_age'
        end as fatigue_score_default_reason,

        round({{ clamp('mismatch_raw', -10, 10) }}, 1) as shot_zone_mismatch_score,
        last_10_window_source as shot_zone_mismatch_score_source,
        case
            when three_share_last_10 is null then 'no_shot_attempts_before_date'
            when three_pt_defense_vs_league_avg is null then coalesce(defense_vs_league_default_reason, 'opponent_defense_missing')
        end as shot_zone_mismatch_score_default_reason,

        round({{ clamp('pace_raw', -3, 3) }}, 1) as pace_score,
        case
            when team_pace_last_10 is null then coalesce(team_form_default_reason, 'fewer_than_3_team_games')
            when opponent_pace_last_10 is null and opponent_form_default_reason = 'window_before_data_start' then opponent_form_default_reason
            when opponent_pace_last_10 is null then 'opponent_fewer_than_3_games'
        end as pace_score_default_reason,

        case when usage_games_last_3 >= 3 then round({{ clamp('usage_spike_raw', -3, 3) }}, 1) end as usage_spike_score,
        {#- the season window holds every game of the last-3 window -#}
        season_window_source as usage_spike_score_source,
        case when not usage_games_last_3 >= 3 or usage_games_last_3 is null then 'fewer_than_3_games_with_usage' end as usage_spike_score_default_reason
    from scored

)

select * from final
