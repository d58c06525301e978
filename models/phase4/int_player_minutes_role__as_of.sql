{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Expected minutes, role and long-run form of each universe row (player, game date D), from his
    played games strictly before D within 365 days: the last-N windows take this season's latest
    games and, when this season has fewer than N, the previous season's latest ones (labelled
    prior_season); the season window is this season's games, filled with the previous season's
    latest up to var prior_season_fill_games; the last-82 window (a season's worth) is his
    newest 82 played games of any season in the 365 days, labelled prior_season when it reaches
    into an earlier season. Shares divide the player's totals by his team's
    totals in the same games (team_offense_game_summary). team_games_missed_since_last_played
    counts the games his side of D played (team box scores) after his latest played game. -#}
{%- set fill = var('prior_season_fill_games') -%}
{%- set season_window = '(game_season = season or (game_season = season - 1 and recency_rank <= ' ~ fill ~ '))' -%}
{%- set depth = [10, fill] | max -%}
{%- set long_window = last_82_window_games() | int -%}
with int_player_game_universe as (

    select player_id, game_date, season, team_abbr, {{ day_number('game_date') }} as day_number
    from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

player_game_summary as (

    select * from {{ ref('player_game_summary') }}

),

team_offense_game_summary as (

    select team_abbr, game_id, game_date, points, fga, fta from {{ ref('team_offense_game_summary') }}

),

team_games as (

    select
        team_abbr,
        game_id,
        {{ day_number('game_date') }} as day_number,
        points,
        fga + 0.44 * fta as shot_attempts
    from team_offense_game_summary

),

{#- The build window's players' played games from 365 days before its first date (a one-day
    build reads a year of its players' games), with their team's totals in the game. -#}
played as (

    select
        player_game_summary.player_id,
        player_game_summary.game_id,
        player_game_summary.game_date,
        {{ day_number('player_game_summary.game_date') }} as day_number,
        player_game_summary.season,
        player_game_summary.minutes,
        player_game_summary.points,
        player_game_summary.fga + 0.44 * player_game_summary.fta as shot_attempts,
        team_games.points as team_points,
        team_games.shot_attempts as team_shot_attempts
    from player_game_summary
    left join team_games
        on team_games.game_id = player_game_summary.game_id
        and team_games.team_abbr = player_game_summary.team_abbr
    where player_game_summary.is_played
        and player_game_summary.player_id in (select int_player_game_universe.player_id from int_player_game_universe)
        and player_game_summary.game_date >= (select {{ dbt.dateadd('day', -365, 'min(int_player_game_universe.game_date)') }} from int_player_game_universe)

),

{#- Each played game numbered in the player's order, with the season-window sums of his season
    so far and the running sums of his points and minutes (exact decimals, as stable_sum adds
    them: a window's sum is the difference of two running sums, the same in a one-day build
    whose running sums start later). -#}
numbered_played as (

    select
        *,
        row_number() over (partition by player_id order by game_date, game_id) as played_number,
        sum(cast(points as {{ type_exact_decimal() }})) over played_so_far as points_running,
        sum(cast(minutes as {{ type_exact_decimal() }})) over played_so_far as minutes_running,
        sum(cast(case when team_shot_attempts is not null then shot_attempts end as {{ type_exact_decimal() }})) over season_so_far as shot_attempts_season_running,
        sum(cast(team_shot_attempts as {{ type_exact_decimal() }})) over season_so_far as team_shot_attempts_season_running,
        sum(case when team_points is not null then points end) over season_so_far as points_season_running,
        sum(team_points) over season_so_far as team_points_season_running
    from played
    window
        season_so_far as (
            partition by player_id, season order by game_date, game_id
            rows between unbounded preceding and current row
        ),
        played_so_far as (
            partition by player_id order by game_date, game_id
            rows between unbounded preceding and current row
        )

),

{#- The number of the newest played game before D and before the 365-day window's first day:
    markers at D and at D - 365 among the played games, a marker sorting before the games of
    its own day. -#}
played_before_markers as (

    select player_id, game_date, season, marker, played_before
    from (
        select
            player_id,
            game_date,
            season,
            marker,
            count(case when marker is null then 1 end) over (
                partition by player_id order by day_number, marker is not null desc
                rows between unbounded preceding and current row
            ) as played_before
        from (
            select player_id, game_date, season, day_number, 'game_date' as marker from int_player_game_universe
            union all
            select player_id, game_date, season, day_number - 365 as day_number, 'window_start' as marker from int_player_game_universe
            union all
            select player_id, game_date, season, day_number, cast(null as {{ dbt.type_string() }}) as marker from played
        ) as stream
    ) as counted
    where marker is not null

),

latest_played as (

    select player_id, game_date, season, played_before as latest_played_number
    from played_before_markers
    where marker = 'game_date' and played_before > 0

),

{#- The last-82 window: his played games numbered after both the newest one before D - 365 and
    his 82nd newest before D, up to the newest before D; its sums from the running sums of the
    newest game (inclusive) and the oldest one (exclusive). -#}
long_window_bounds as (

    select
        latest_played.player_id,
        latest_played.game_date,
        latest_played.season,
        latest_played.latest_played_number,
        greatest(window_start.played_before, latest_played.latest_played_number - {{ long_window }}) + 1 as oldest_played_number
    from latest_played
    inner join played_before_markers as window_start
        on window_start.player_id = latest_played.player_id
        and window_start.game_date = latest_played.game_date
        and window_start.marker = 'window_start'

),

long_window as (

    select
        long_window_bounds.player_id,
        long_window_bounds.game_date,
        long_window_bounds.latest_played_number - long_window_bounds.oldest_played_number + 1 as games_last_82,
        newest.points_running - (oldest.points_running - cast(oldest.points as {{ type_exact_decimal() }})) as points_last_82,
        newest.minutes_running - (oldest.minutes_running - cast(oldest.minutes as {{ type_exact_decimal() }})) as minutes_last_82,
        oldest.season < long_window_bounds.season as last_82_has_prior_season
    from long_window_bounds
    inner join numbered_played as newest
        on newest.player_id = long_window_bounds.player_id
        and newest.played_number = long_window_bounds.latest_played_number
    inner join numbered_played as oldest
        on oldest.player_id = long_window_bounds.player_id
        and oldest.played_number = long_window_bounds.oldest_played_number
    where long_window_bounds.oldest_played_number <= long_window_bounds.latest_played_number

),

rank_offsets as (

    {% for offset in range(depth) -%}
    select {{ offset }} as rank_offset{% if not loop.last %} union all{% endif %}
    {% endfor %}

),

{#- The numbers of the newest `depth` played games before D (the join key is computed first, so
    the join is on equal numbers, not on the player's whole history). -#}
history_lookups as (

    select
        latest_played.player_id,
        latest_played.game_date,
        latest_played.season,
        rank_offsets.rank_offset,
        latest_played.latest_played_number - rank_offsets.rank_offset as played_number
    from latest_played
    cross join rank_offsets
    where rank_offsets.rank_offset < latest_played.latest_played_number

),

{#- The history H of a universe row (player, D, season S): his played games of seasons S-1 and
    S in the 365 days before D, ranked newest first. H is the newest part of his played games,
    so its top `depth` ranks are the games numbered back from the newest one before D; this
    season's games are all in H (a season is shorter than 365 days), their sums read from the
    running sums at the newest. -#}
history as (

    select
        latest_played.player_id,
        latest_played.game_date,
        latest_played.season,
        numbered_played.season as game_season,
        numbered_played.game_date as played_date,
        numbered_played.minutes,
        numbered_played.points,
        numbered_played.shot_attempts,
        numbered_played.team_points,
        numbered_played.team_shot_attempts,
        latest_played.rank_offset + 1 as recency_rank,
        case when latest_played.rank_offset = 0 and numbered_played.season = latest_played.season then numbered_played.shot_attempts_season_running end as shot_attempts_this_season,
        case when latest_played.rank_offset = 0 and numbered_played.season = latest_played.season then numbered_played.team_shot_attempts_season_running end as team_shot_attempts_this_season,
        case when latest_played.rank_offset = 0 and numbered_played.season = latest_played.season then numbered_played.points_season_running end as points_this_season,
        case when latest_played.rank_offset = 0 and numbered_played.season = latest_played.season then numbered_played.team_points_season_running end as team_points_this_season
    from history_lookups as latest_played
    inner join numbered_played
        on numbered_played.player_id = latest_played.player_id
        and numbered_played.played_number = latest_played.played_number
    where numbered_played.game_date >= {{ dbt.dateadd('day', -365, 'latest_played.game_date') }}
        and numbered_played.season >= latest_played.season - 1

),

aggregated as (

    select
        player_id,
        game_date,
        max(played_date) as last_played_date,
        count(case when recency_rank <= 10 then 1 end) as games_last_10,
        {{ stable_avg('case when recency_rank <= 3 then minutes end') }} as minutes_avg_last_3,
        {{ stable_avg('case when recency_rank <= 10 then minutes end') }} as minutes_avg_last_10,
        {{ stable_avg('case when recency_rank <= 10 then points end') }} as points_avg_last_10,
        {{ stable_avg('case when recency_rank <= 10 then shot_attempts end') }} as shot_attempts_avg_last_10,
        avg(case when recency_rank <= 10 then case when minutes >= 30 then 1.0 else 0.0 end end) as share_30_minute_games_last_10,
        {{ stable_sum('case when recency_rank <= 10 and team_shot_attempts is not null then shot_attempts end') }} as shot_attempts_last_10,
        {{ stable_sum('case when recency_rank <= 10 then team_shot_attempts end') }} as team_shot_attempts_last_10,
        sum(case when recency_rank <= 10 and team_points is not null then points end) as points_last_10,
        sum(case when recency_rank <= 10 then team_points end) as team_points_last_10,
        {#- the season window: this season's games (running sums), plus the previous season's
            among the newest `fill` -#}
        {%- set prior_fill = 'game_season = season - 1 and recency_rank <= ' ~ fill %}
        {%- set season_sums = [
            ('shot_attempts_season', 'shot_attempts_this_season', 'case when ' ~ prior_fill ~ ' and team_shot_attempts is not null then shot_attempts end', true),
            ('team_shot_attempts_season', 'team_shot_attempts_this_season', 'case when ' ~ prior_fill ~ ' then team_shot_attempts end', true),
            ('points_season', 'points_this_season', 'case when ' ~ prior_fill ~ ' and team_points is not null then points end', false),
            ('team_points_season', 'team_points_this_season', 'case when ' ~ prior_fill ~ ' then team_points end', false),
        ] %}
        {%- for name, this_season, prior, is_decimal in season_sums %}
        {%- set prior_value = 'cast(' ~ prior ~ ' as ' ~ type_exact_decimal() ~ ')' if is_decimal else prior %}
        {%- set total = 'coalesce(sum(' ~ this_season ~ '), 0) + coalesce(sum(' ~ prior_value ~ '), 0)' %}
        case when count({{ this_season }}) + count({{ prior }}) > 0 then {{ 'cast(' ~ total ~ ' as ' ~ type_double() ~ ')' if is_decimal else total }} end as {{ name }},
        {%- endfor %}
        max(case when recency_rank <= 3 and game_season < season then 1 else 0 end) as last_3_has_prior_season,
        max(case when recency_rank <= 10 and game_season < season then 1 else 0 end) as last_10_has_prior_season,
        max(case when {{ season_window }} and game_season < season then 1 else 0 end) as season_has_prior_season
    from history
    group by player_id, game_date

),

{#- The games his side of D played after his newest played game: the team's games before D
    minus those before the day after that game, each count read at a marker among the team's
    games (a marker sorting before the games of its own day). -#}
absence_bounds as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        int_player_game_universe.team_abbr,
        int_player_game_universe.day_number as until_day,
        {{ day_number('aggregated.last_played_date') }} + 1 as since_day
    from int_player_game_universe
    inner join aggregated
        on aggregated.player_id = int_player_game_universe.player_id
        and aggregated.game_date = int_player_game_universe.game_date

),

team_games_before as (

    select team_abbr, day_number, games_before
    from (
        select
            team_abbr,
            day_number,
            is_marker,
            count(case when not is_marker then 1 end) over (
                partition by team_abbr order by day_number, is_marker desc
                rows between unbounded preceding and current row
            ) as games_before
        from (
            select distinct team_abbr, until_day as day_number, true as is_marker from absence_bounds
            union all
            select distinct team_abbr, since_day as day_number, true as is_marker from absence_bounds
            union all
            select team_abbr, day_number, false as is_marker from team_games
        ) as stream
    ) as counted
    where is_marker

),

absences as (

    select
        absence_bounds.player_id,
        absence_bounds.game_date,
        max(until_games.games_before) - max(since_games.games_before) as team_games_missed
    from absence_bounds
    inner join team_games_before as until_games
        on until_games.team_abbr = absence_bounds.team_abbr
        and until_games.day_number = absence_bounds.until_day
    inner join team_games_before as since_games
        on since_games.team_abbr = absence_bounds.team_abbr
        and since_games.day_number = absence_bounds.since_day
    group by absence_bounds.player_id, absence_bounds.game_date

),

shares as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        aggregated.games_last_10,
        aggregated.minutes_avg_last_3,
        aggregated.minutes_avg_last_10,
        aggregated.share_30_minute_games_last_10,
        aggregated.points_avg_last_10,
        aggregated.shot_attempts_avg_last_10,
        absences.team_games_missed,
        {{ safe_div('aggregated.shot_attempts_last_10', 'aggregated.team_shot_attempts_last_10') }} as shot_attempt_share_last_10,
        {{ safe_div('aggregated.points_last_10', 'aggregated.team_points_last_10') }} as points_share_last_10,
        {{ safe_div('aggregated.shot_attempts_season', 'aggregated.team_shot_attempts_season') }} as shot_attempt_share_season,
        {{ safe_div('aggregated.points_season', 'aggregated.team_points_season') }} as points_share_season,
        case when aggregated.last_3_has_prior_season = 1 then 'prior_season' end as last_3_source,
        case when aggregated.last_10_has_prior_season = 1 then 'prior_season' end as last_10_source,
        case when aggregated.last_10_has_prior_season = 1 or aggregated.season_has_prior_season = 1 then 'prior_season' end as season_source,
        case when aggregated.player_id is null then 'no_games_before_date' end as no_games_reason,
        long_window.games_last_82,
        cast(long_window.points_last_82 / long_window.games_last_82 as {{ type_double() }}) as points_avg_last_82,
        cast(long_window.minutes_last_82 / long_window.games_last_82 as {{ type_double() }}) as minutes_avg_last_82,
        cast({{ safe_div('long_window.points_last_82', 'long_window.minutes_last_82') }} as {{ type_double() }}) as points_per_minute_last_82,
        case when long_window.last_82_has_prior_season then 'prior_season' end as last_82_source,
        case when long_window.player_id is null then 'no_games_before_date' end as no_long_window_reason
    from int_player_game_universe
    left join aggregated
        on aggregated.player_id = int_player_game_universe.player_id
        and aggregated.game_date = int_player_game_universe.game_date
    left join absences
        on absences.player_id = int_player_game_universe.player_id
        and absences.game_date = int_player_game_universe.game_date
    left join long_window
        on long_window.player_id = int_player_game_universe.player_id
        and long_window.game_date = int_player_game_universe.game_date

),

final as (

    select
        player_id,
        game_date,
        games_last_10,
        minutes_avg_last_10,
        points_avg_last_10,
        shot_attempts_avg_last_10,
        minutes_avg_last_3,
        last_3_source as minutes_avg_last_3_source,
        no_games_reason as minutes_avg_last_3_default_reason,
        case when games_last_10 >= 4 then minutes_avg_last_3 - minutes_avg_last_10 end as minutes_trend_last_3_vs_10,
        last_10_source as minutes_trend_last_3_vs_10_source,
        coalesce(no_games_reason, case when games_last_10 < 4 then 'fewer_than_4_games' end) as minutes_trend_last_3_vs_10_default_reason,
        share_30_minute_games_last_10,
        last_10_source as share_30_minute_games_last_10_source,
        no_games_reason as share_30_minute_games_last_10_default_reason,
        cast(team_games_missed as {{ type_double() }}) as team_games_missed_since_last_played,
        no_games_reason as team_games_missed_since_last_played_default_reason,
        shot_attempt_share_last_10,
        last_10_source as shot_attempt_share_last_10_source,
        coalesce(no_games_reason, case when shot_attempt_share_last_10 is null then 'no_team_shot_attempts' end) as shot_attempt_share_last_10_default_reason,
        points_share_last_10,
        last_10_source as points_share_last_10_source,
        coalesce(no_games_reason, case when points_share_last_10 is null then 'no_team_points' end) as points_share_last_10_default_reason,
        shot_attempt_share_last_10 - shot_attempt_share_season as shot_attempt_share_vs_season,
        season_source as shot_attempt_share_vs_season_source,
        coalesce(no_games_reason, case when shot_attempt_share_last_10 is null or shot_attempt_share_season is null then 'no_team_shot_attempts' end) as shot_attempt_share_vs_season_default_reason,
        points_share_last_10 - points_share_season as points_share_vs_season,
        season_source as points_share_vs_season_source,
        coalesce(no_games_reason, case when points_share_last_10 is null or points_share_season is null then 'no_team_points' end) as points_share_vs_season_default_reason,
        games_last_82,
        points_avg_last_82,
        last_82_source as points_avg_last_82_source,
        no_long_window_reason as points_avg_last_82_default_reason,
        points_per_minute_last_82,
        last_82_source as points_per_minute_last_82_source,
        coalesce(no_long_window_reason, case when points_per_minute_last_82 is null then 'no_minutes' end) as points_per_minute_last_82_default_reason,
        minutes_avg_last_82,
        last_82_source as minutes_avg_last_82_source,
        no_long_window_reason as minutes_avg_last_82_default_reason
    from shares

)

select * from final
