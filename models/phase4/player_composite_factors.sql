{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Composite factors per universe row (features 5-8). A factor built from a missing input is
    NULL with the reason, never a fabricated constant. A factor over a player window that
    reached into the previous season (player_daily_cache) carries its `prior_season` label. -#}
with upcoming_player_game_context as (

    select * from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}

),

player_daily_cache as (

    select * from {{ ref('player_daily_cache') }}

),

team_defense_zone_analysis as (

    select * from {{ ref('team_defense_zone_analysis') }}

),

int_team_form__as_of as (

    select * from {{ ref('int_team_form__as_of') }}

),

int_player_seasons__clean as (

    select * from {{ ref('int_player_seasons__clean') }}

),

joined as (

    select
        upcoming_player_game_context.player_id,
        upcoming_player_game_context.game_date,
        upcoming_player_game_context.game_id,
        upcoming_player_game_context.season,
        upcoming_player_game_context.team_abbr,
        upcoming_player_game_context.opponent_abbr,
        upcoming_player_game_context.player_days_rest,
        coalesce(this_season.age, previous_season.age + 1) as player_age,
        player_daily_cache.games_played_window,
        player_daily_cache.last_10_window_source,
        player_daily_cache.season_window_source,
        player_daily_cache.games_in_last_7_days,
        player_daily_cache.minutes_in_last_7_days,
        player_daily_cache.back_to_backs_last_14_days,
        {{ safe_div('player_daily_cache.minutes_in_last_7_days', 'player_daily_cache.games_in_last_7_days') }} as avg_minutes_per_game_last_7,
        {{ safe_div('1.0 * player_daily_cache.fg3a_last_10', 'player_daily_cache.fga_last_10') }} as three_share_last_10,
        player_daily_cache.usage_rate_last_3,
        player_daily_cache.usage_rate_season,
        player_daily_cache.usage_games_last_3,
        team_defense_zone_analysis.two_pt_defense_vs_league_avg,
        team_defense_zone_analysis.three_pt_defense_vs_league_avg,
        team_defense_zone_analysis.defense_vs_league_default_reason,
        own_form.pace_last_10 as team_pace_last_10,
        own_form.last_10_default_reason as team_form_default_reason,
        opponent_form.pace_last_10 as opponent_pace_last_10,
        opponent_form.last_10_default_reason as opponent_form_default_reason
    from upcoming_player_game_context
    left join player_daily_cache
        on player_daily_cache.player_id = upcoming_player_game_context.player_id
        and player_daily_cache.game_date = upcoming_player_game_context.game_date
    left join team_defense_zone_analysis
        on team_defense_zone_analysis.team_abbr = upcoming_player_game_context.opponent_abbr
        and team_defense_zone_analysis.game_date = upcoming_player_game_context.game_date
    left join int_team_form__as_of as own_form
        on own_form.team_abbr = upcoming_player_game_context.team_abbr
        and own_form.game_date = upcoming_player_game_context.game_date
    left join int_team_form__as_of as opponent_form
        on opponent_form.team_abbr = upcoming_player_game_context.opponent_abbr
        and opponent_form.game_date = upcoming_player_game_context.game_date
    left join int_player_seasons__clean as this_season
        on this_season.player_id = upcoming_player_game_context.player_id
        and this_season.season = upcoming_player_game_context.season
    left join int_player_seasons__clean as previous_season
        on previous_season.player_id = upcoming_player_game_context.player_id
        and previous_season.season = upcoming_player_game_context.season - 1

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
