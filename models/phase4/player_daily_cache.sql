{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Player history before each universe row (player, cache_date = game date D): rolling points,
    minutes, usage and shooting over played games before D, team context, and the history-based
    calculated features. Each feature column has a `<feature>_default_reason` that is NULL
    exactly when the value is real.
    Windows hold this season's games; a window that this season cannot fill (last 3, 5 or 10
    games, and the season window up to var `prior_season_fill_games`) takes the player's latest
    played games of the previous season, within the 365 days before D, and its feature is
    labelled `prior_season` in `<feature>_source`; `prior_season_games` counts them. A returning
    player is real from opening night; a player without a game in either season stays default.
    A short window whose 365 days reach before the data's first date is labelled
    `window_before_data_start` (the data's first season).
    The games against the opponent are counted in the 365 days before D as far as the data goes:
    a window that reaches before the first date of the data is counted over the dates it has and
    labelled `window_before_data_start` (features 29 and 30), never passed off as the full year. -#}
{%- set fill = var('prior_season_fill_games') -%}
{%- set prior_label = "case when {} > 0 then 'prior_season' end" -%}
{#- a window short of its size whose 365 days reach before the data may be missing games the
    data does not have (the first season of the data): labelled, never passed off as complete -#}
{%- set window_label = "case when {0} > 0 then 'prior_season' when {1} between 1 and {2} - 1 and lookback_before_data_start then 'window_before_data_start' end" -%}
{%- set in_season_window = '(is_played and (not is_prior_season or played_rank <= ' ~ fill ~ '))' -%}
with int_player_game_universe as (

    select player_id, game_date, season, team_abbr, opponent_abbr
    from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

player_game_summary as (

    select * from {{ ref('player_game_summary') }}

),

int_team_form__as_of as (

    select * from {{ ref('int_team_form__as_of') }}

),

data_start as (

    select min(game_date) as first_game_date from player_game_summary

),

{#- The build window's players, from 365 days before its first date: a one-day build reads a
    year of its players' games, not the whole history. -#}
history_games as (

    select player_game_summary.*
    from player_game_summary
    where player_game_summary.player_id in (select int_player_game_universe.player_id from int_player_game_universe)
        and player_game_summary.game_date >= (select {{ dbt.dateadd('day', -365, 'min(int_player_game_universe.game_date)') }} from int_player_game_universe)

),

{#- The history H of a universe row (player, D, season S): his box-score rows of seasons S-1
    and S dated in the 365 days before D, ranked newest first among played games (played_rank)
    and among all rows including DNP (row_rank). Joining every row to all of H (about 60 rows)
    was the slowest step of the build; every feature but the season windows reads only the
    newest rows of H, so H is read in two parts:
    - season_frames: per universe row and season (S, S-1), window frames over that season's
      rows in the 365 days before D (the universe row is a marker row among the games, so the
      frame is exactly D-365..D-1): the count of played games, the number of the newest row and
      played game, and the season-window means and sums;
    - history: per universe row, the newest `depth` played games and 10 rows of each of the two
      seasons (numbered within the season, looked up by number), cut to the 365 days. The top
      ranks of H are among them, so played_rank <= depth and row_rank <= 10 are H's own ranks;
      depth covers the last-N windows and the 14-day window (a player has one game a date).
    The season window reads all of this season's games: from history when they all are there,
    else from season_frames (exactly this season's games when no earlier game is in the fill). -#}
{%- set depth = [14, 10, fill] | max %}
{#- The season-window mean of a played-game value (points, minutes, usage_rate): from history
    when all of this season's games are there; else this season's games from season_frames,
    plus the fill's previous-season games when there are any (exact sums). -#}
{%- set season_window_mean = "case when this_season.played_games <= " ~ depth ~ " then aggregated.{0}_season_mean when this_season_sums.is_whole_season and coalesce(aggregated.prior_fill_{0}_count, 0) = 0 then this_season_sums.{0}_running_mean else cast(this_season_sums.{0}_sum + coalesce(aggregated.prior_fill_{0}_sum, 0) as " ~ type_double() ~ ") / nullif(this_season_sums.{0}_count + coalesce(aggregated.prior_fill_{0}_count, 0), 0) end" -%}

numbered_games as (

    select
        player_id,
        season,
        game_id,
        game_date,
        {{ day_number('game_date') }} as day_number,
        is_played,
        is_dnp,
        points,
        minutes,
        ftm,
        fga,
        fg3a,
        usage_rate,
        row_number() over season_so_far as season_row_number,
        case when is_played then count(case when is_played then 1 end) over season_so_far end as season_played_number,
        {#- the season-window values over the season's played games so far: the means the way
            the windows compute them (exact decimals but points), and exact sums and counts -#}
        {%- for value in ['points', 'minutes', 'usage_rate'] %}
        {%- set exact = 'case when is_played then ' ~ (value if value == 'points' else 'cast(' ~ value ~ ' as ' ~ type_exact_decimal() ~ ')') ~ ' end' %}
        {{ 'avg(' ~ exact ~ ')' if value == 'points' else 'cast(avg(' ~ exact ~ ') over season_so_far as ' ~ type_double() ~ ')' }}{{ ' over season_so_far' if value == 'points' }} as {{ value }}_running_mean,
        sum({{ exact }}) over season_so_far as {{ value }}_running_sum,
        count({{ exact }}) over season_so_far as {{ value }}_running_count{{ ',' if not loop.last }}
        {%- endfor %}
    from history_games
    window season_so_far as (
        partition by player_id, season order by game_date, game_id
        rows between unbounded preceding and current row
    )

),

{#- One marker per universe row and history season (this one and the previous one). -#}
season_markers as (

    select player_id, game_date, season as universe_season, season as history_season
    from int_player_game_universe
    union all
    select player_id, game_date, season as universe_season, season - 1 as history_season
    from int_player_game_universe

),

season_stream as (

    select
        player_id,
        history_season as season,
        game_date,
        {{ day_number('game_date') }} as day_number,
        universe_season,
        true as is_marker,
        cast(null as {{ dbt.type_bigint() }}) as season_row_number,
        cast(null as {{ dbt.type_bigint() }}) as season_played_number
    from season_markers
    union all
    select
        player_id,
        season,
        game_date,
        day_number,
        cast(null as {{ dbt.type_bigint() }}) as universe_season,
        false as is_marker,
        season_row_number,
        season_played_number
    from numbered_games

),

season_frames as (

    select
        player_id,
        game_date,
        universe_season,
        season as history_season,
        last_row_number,
        last_played_number,
        coalesce(played_games, 0) as played_games
    from (
        select
            player_id,
            season,
            game_date,
            universe_season,
            is_marker,
            max(season_row_number) over season_history as last_row_number,
            max(season_played_number) over season_history as last_played_number,
            count(season_played_number) over season_history as played_games
        from season_stream
        window season_history as (
            partition by player_id, season order by day_number
            range between 365 preceding and 1 preceding
        )
    ) as framed
    where is_marker

),

{#- The frames whose newest rows are looked up: this season's always; the previous season's
    unless this season's `depth` newest played games (and so 10 rows) are all later than its
    newest row (mid-season, most rows: a third fewer rows to rank). -#}
lookup_frames as (

    select player_id, game_date, universe_season, history_season, last_row_number, last_played_number
    from season_frames
    where history_season = universe_season
    union all
    select
        prior_season.player_id,
        prior_season.game_date,
        prior_season.universe_season,
        prior_season.history_season,
        prior_season.last_row_number,
        prior_season.last_played_number
    from season_frames as prior_season
    inner join season_frames as this_season
        on this_season.player_id = prior_season.player_id
        and this_season.game_date = prior_season.game_date
        and this_season.history_season = this_season.universe_season
    left join numbered_games as prior_newest
        on prior_newest.player_id = prior_season.player_id
        and prior_newest.season = prior_season.history_season
        and prior_newest.season_row_number = prior_season.last_row_number
    left join numbered_games as this_oldest_needed
        on this_oldest_needed.player_id = this_season.player_id
        and this_oldest_needed.season = this_season.history_season
        and this_oldest_needed.season_played_number = this_season.last_played_number - {{ depth - 1 }}
    where prior_season.history_season = prior_season.universe_season - 1
        and prior_newest.player_id is not null
        {# no such game (fewer than `depth` this season): looked up #}
        and not coalesce(prior_newest.day_number < this_oldest_needed.day_number, false)

),

{#- This season's played games in the 365 days before D: sums and counts of the season-window
    values (the running sums at the newest of them minus those at the game before them). -#}
this_season_sums as (

    select
        season_frames.player_id,
        season_frames.game_date,
        {#- all of the season's games so far are in the 365 days (a season is shorter) -#}
        before_frame.player_id is null as is_whole_season,
        {%- for value in ['points', 'minutes', 'usage_rate'] %}
        newest.{{ value }}_running_mean,
        newest.{{ value }}_running_sum - coalesce(before_frame.{{ value }}_running_sum, 0) as {{ value }}_sum,
        newest.{{ value }}_running_count - coalesce(before_frame.{{ value }}_running_count, 0) as {{ value }}_count{{ ',' if not loop.last }}
        {%- endfor %}
    from season_frames
    inner join numbered_games as newest
        on newest.player_id = season_frames.player_id
        and newest.season = season_frames.history_season
        and newest.season_played_number = season_frames.last_played_number
    left join numbered_games as before_frame
        on before_frame.player_id = season_frames.player_id
        and before_frame.season = season_frames.history_season
        and before_frame.season_played_number = season_frames.last_played_number - season_frames.played_games
    where season_frames.history_season = season_frames.universe_season

),

rank_offsets as (

    {% for offset in range(depth) -%}
    select {{ offset }} as rank_offset{% if not loop.last %} union all{% endif %}
    {% endfor %}

),

{#- The newest `depth` played games and the newest 10 rows of each history season (a row in
    both is taken once, as a played game), cut to the 365 days before D. -#}
history_candidates as (
{#- (numbering, its newest number, how many): the played games, then the rows. -#}
{%- set lookups = [
    ('season_played_number', 'last_played_number', depth),
    ('season_row_number', 'last_row_number', 10),
] %}
{%- for number_column, last_column, how_many in lookups %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        lookup_frames.player_id,
        lookup_frames.game_date,
        numbered_games.season < lookup_frames.universe_season as is_prior_season,
        numbered_games.game_date as history_date,
        numbered_games.game_id,
        numbered_games.is_played,
        numbered_games.is_dnp,
        numbered_games.points,
        numbered_games.minutes,
        numbered_games.ftm,
        numbered_games.fga,
        numbered_games.fg3a,
        numbered_games.usage_rate
    from (
        {#- the wanted number first, so the join is on equal numbers (not a cross product) -#}
        select lookup_frames.*, lookup_frames.{{ last_column }} - rank_offsets.rank_offset as wanted_number
        from lookup_frames
        cross join rank_offsets
        where rank_offsets.rank_offset < {{ how_many }}
    ) as lookup_frames
    inner join numbered_games
        on numbered_games.player_id = lookup_frames.player_id
        and numbered_games.season = lookup_frames.history_season
        and numbered_games.{{ number_column }} = lookup_frames.wanted_number
    {%- if not loop.first %}
    where not coalesce(numbered_games.season_played_number > lookup_frames.last_played_number - {{ depth }}, false)
    {%- endif %}
{%- endfor %}

),

history as (

    select
        player_id,
        game_date,
        history_date,
        is_prior_season,
        is_played,
        is_dnp,
        points,
        minutes,
        ftm,
        fga,
        fg3a,
        usage_rate,
        {#- one order for both ranks (the row's player has one row per game id) -#}
        case when is_played then count(case when is_played then 1 end) over (
            partition by player_id, game_date
            order by history_date desc, game_id desc
            rows between unbounded preceding and current row
        ) end as played_rank,
        row_number() over (
            partition by player_id, game_date
            order by history_date desc, game_id desc
        ) as row_rank,
        {#- the date of the played game before this one in the history (back-to-backs) -#}
        first_value(case when is_played then history_date end ignore nulls) over (
            partition by player_id, game_date
            order by history_date desc, game_id desc
            rows between 1 following and unbounded following
        ) as previous_played_date
    from history_candidates
    where history_date >= {{ dbt.dateadd('day', -365, 'game_date') }}

),

{#- Played games against this opponent in the 365 days before D (any season). -#}
opponent_history as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        count(*) as games_vs_opponent,
        avg(history_games.points) as avg_points_vs_opponent
    from int_player_game_universe
    inner join history_games
        on history_games.player_id = int_player_game_universe.player_id
        and history_games.opponent_abbr = int_player_game_universe.opponent_abbr
        and history_games.is_played
        and history_games.game_date < int_player_game_universe.game_date
        and history_games.game_date >= {{ dbt.dateadd('day', -365, 'int_player_game_universe.game_date') }}
    group by int_player_game_universe.player_id, int_player_game_universe.game_date

),

aggregated as (

    select
        player_id,
        game_date,
        count(case when is_prior_season and played_rank <= 3 then 1 end) as prior_games_last_3,
        count(case when is_prior_season and played_rank <= 5 then 1 end) as prior_games_last_5,
        count(case when is_prior_season and played_rank <= 10 then 1 end) as prior_games_last_10,
        count(case when is_prior_season and played_rank <= {{ fill }} then 1 end) as prior_games_season_window,
        count(case when is_prior_season and played_rank <= {{ [10, fill] | max }} then 1 end) as prior_season_games,
        count(case when is_prior_season and row_rank <= 10 then 1 end) as prior_rows_last_10,
        avg(case when {{ in_season_window }} then points end) as points_season_mean,
        avg(case when played_rank <= 5 then points end) as points_avg_last_5,
        avg(case when played_rank <= 10 then points end) as points_avg_last_10,
        {{ integer_stddev_samp('case when played_rank <= 10 then points end') }} as points_std_last_10,
        count(case when is_played and history_date >= {{ dbt.dateadd('day', -7, 'game_date') }} then 1 end) as games_in_last_7_days,
        sum(case when is_played and history_date >= {{ dbt.dateadd('day', -7, 'game_date') }} then minutes else 0 end) as minutes_in_last_7_days,
        count(case when is_played and history_date >= {{ dbt.dateadd('day', -14, 'game_date') }} then 1 end) as games_in_last_14_days,
        {#- back-to-back pairs among the played games of the 14 days before D -#}
        count(case
            when is_played and history_date >= {{ dbt.dateadd('day', -14, 'game_date') }}
                and previous_played_date >= {{ dbt.dateadd('day', -14, 'game_date') }}
                and {{ dbt.datediff('previous_played_date', 'history_date', 'day') }} = 1
            then 1
        end) as back_to_backs_last_14_days,
        {{ stable_avg('case when ' ~ in_season_window ~ ' then minutes end') }} as minutes_season_mean,
        {{ stable_avg('case when played_rank <= 10 then minutes end') }} as minutes_avg_last_10,
        {{ stable_avg('case when played_rank <= 10 and minutes > 0 then points / minutes end') }} as ppm_avg_last_10,
        avg(case when played_rank <= 3 then points end) as points_avg_last_3,
        avg(case when played_rank in (4, 5) then points end) as points_avg_games_4_5,
        sum(case when played_rank <= 10 then ftm end) as ftm_last_10,
        sum(case when played_rank <= 10 then points end) as points_sum_last_10,
        sum(case when played_rank <= 10 then fg3a end) as fg3a_last_10,
        sum(case when played_rank <= 10 then fga end) as fga_last_10,
        {{ stable_avg('case when played_rank <= 3 then usage_rate end') }} as usage_rate_last_3,
        count(case when played_rank <= 3 then usage_rate end) as usage_games_last_3,
        {{ stable_avg('case when ' ~ in_season_window ~ ' then usage_rate end') }} as usage_rate_season_mean,
        count(case when row_rank <= 10 then 1 end) as rows_last_10,
        {#- the fill's previous-season games, for a season window that this season's games fill
            but that also takes earlier ones (seasons out of date order) -#}
        sum(case when is_prior_season and played_rank <= {{ fill }} then points end) as prior_fill_points_sum,
        count(case when is_prior_season and played_rank <= {{ fill }} then points end) as prior_fill_points_count,
        sum(case when is_prior_season and played_rank <= {{ fill }} then cast(minutes as {{ type_exact_decimal() }}) end) as prior_fill_minutes_sum,
        count(case when is_prior_season and played_rank <= {{ fill }} then minutes end) as prior_fill_minutes_count,
        sum(case when is_prior_season and played_rank <= {{ fill }} then cast(usage_rate as {{ type_exact_decimal() }}) end) as prior_fill_usage_rate_sum,
        count(case when is_prior_season and played_rank <= {{ fill }} then usage_rate end) as prior_fill_usage_rate_count,
        count(case when row_rank <= 10 and is_dnp then 1 end) as dnp_rows_last_10,
        {#- least-squares slope of points on x = -played_rank over the last 10 played games -#}
        count(case when played_rank <= 10 then 1 end) as slope_n,
        sum(case when played_rank <= 10 then -1.0 * played_rank end) as slope_sx,
        sum(case when played_rank <= 10 then 1.0 * points end) as slope_sy,
        sum(case when played_rank <= 10 then -1.0 * played_rank * points end) as slope_sxy,
        sum(case when played_rank <= 10 then 1.0 * played_rank * played_rank end) as slope_sxx
    from history
    group by player_id, game_date

),

joined as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        int_player_game_universe.season,
        int_player_game_universe.team_abbr,
        int_player_game_universe.opponent_abbr,
        this_season.played_games as games_played_season,
        this_season.played_games + prior_season.played_games as games_played_window,
        coalesce(aggregated.prior_games_last_3, 0) as prior_games_last_3,
        coalesce(aggregated.prior_games_last_5, 0) as prior_games_last_5,
        coalesce(aggregated.prior_games_last_10, 0) as prior_games_last_10,
        coalesce(aggregated.prior_games_season_window, 0) as prior_games_season_window,
        coalesce(aggregated.prior_season_games, 0) as prior_season_games,
        coalesce(aggregated.prior_rows_last_10, 0) as prior_rows_last_10,
        coalesce(aggregated.rows_last_10, 0) as rows_last_10,
        aggregated.points_avg_last_5,
        aggregated.points_avg_last_10,
        {{ season_window_mean.format('points') }} as points_avg_season,
        aggregated.points_std_last_10,
        aggregated.games_in_last_7_days,
        aggregated.minutes_in_last_7_days,
        aggregated.games_in_last_14_days,
        coalesce(aggregated.back_to_backs_last_14_days, 0) as back_to_backs_last_14_days,
        {{ season_window_mean.format('minutes') }} as minutes_avg_season,
        aggregated.minutes_avg_last_10,
        aggregated.ppm_avg_last_10,
        aggregated.points_avg_last_3,
        aggregated.points_avg_games_4_5,
        aggregated.ftm_last_10,
        aggregated.points_sum_last_10,
        aggregated.fg3a_last_10,
        aggregated.fga_last_10,
        aggregated.usage_rate_last_3,
        coalesce(aggregated.usage_games_last_3, 0) as usage_games_last_3,
        {{ season_window_mean.format('usage_rate') }} as usage_rate_season,
        aggregated.dnp_rows_last_10,
        aggregated.slope_n,
        {{ safe_div(
            'aggregated.slope_n * aggregated.slope_sxy - aggregated.slope_sx * aggregated.slope_sy',
            'aggregated.slope_n * aggregated.slope_sxx - aggregated.slope_sx * aggregated.slope_sx') }} as points_slope,
        coalesce(opponent_history.games_vs_opponent, 0) as games_vs_opponent_count,
        opponent_history.avg_points_vs_opponent as avg_points_vs_opponent_raw,
        {{ dbt.dateadd('day', -365, 'int_player_game_universe.game_date') }} < data_start.first_game_date as lookback_before_data_start,
        int_team_form__as_of.pace_last_10 as team_pace_last_10,
        int_team_form__as_of.off_rating_last_10 as team_off_rating_last_10,
        int_team_form__as_of.last_10_default_reason as team_form_default_reason,
        coalesce(int_team_form__as_of.games_season, 0) as team_games_season,
        int_team_form__as_of.win_pct_season as team_win_pct_season,
        int_team_form__as_of.win_pct_prior_season_games as team_win_pct_prior_season_games
    from int_player_game_universe
    cross join data_start
    inner join season_frames as this_season
        on this_season.player_id = int_player_game_universe.player_id
        and this_season.game_date = int_player_game_universe.game_date
        and this_season.history_season = int_player_game_universe.season
    inner join season_frames as prior_season
        on prior_season.player_id = int_player_game_universe.player_id
        and prior_season.game_date = int_player_game_universe.game_date
        and prior_season.history_season = int_player_game_universe.season - 1
    left join this_season_sums
        on this_season_sums.player_id = int_player_game_universe.player_id
        and this_season_sums.game_date = int_player_game_universe.game_date
    left join aggregated
        on aggregated.player_id = int_player_game_universe.player_id
        and aggregated.game_date = int_player_game_universe.game_date
    left join opponent_history
        on opponent_history.player_id = int_player_game_universe.player_id
        and opponent_history.game_date = int_player_game_universe.game_date
    left join int_team_form__as_of
        on int_team_form__as_of.team_abbr = int_player_game_universe.team_abbr
        and int_team_form__as_of.game_date = int_player_game_universe.game_date

),

final as (

    select
        player_id,
        game_date as cache_date,
        game_date,
        season,
        team_abbr,
        opponent_abbr,
        games_played_season,
        games_played_window,
        prior_season_games,
        games_played_season < 10 as early_season_flag,
        games_in_last_14_days,
        minutes_in_last_7_days,
        back_to_backs_last_14_days,
        minutes_avg_season,
        usage_rate_last_3,
        usage_rate_season,
        usage_games_last_3,
        fg3a_last_10,
        fga_last_10,
        {{ window_label.format('prior_games_last_10', 'games_played_window', 10) }} as last_10_window_source,
        {{ window_label.format('prior_games_season_window', 'games_played_window', fill) }} as season_window_source,

        {#- 0-4 -#}
        points_avg_last_5,
        {{ window_label.format('prior_games_last_5', 'games_played_window', 5) }} as points_avg_last_5_source,
        case when games_played_window = 0 then 'no_games_before_date' end as points_avg_last_5_default_reason,
        points_avg_last_10,
        {{ window_label.format('prior_games_last_10', 'games_played_window', 10) }} as points_avg_last_10_source,
        case when games_played_window = 0 then 'no_games_before_date' end as points_avg_last_10_default_reason,
        points_avg_season,
        {{ window_label.format('prior_games_season_window', 'games_played_window', fill) }} as points_avg_season_source,
        case when games_played_window = 0 then 'no_games_before_date' end as points_avg_season_default_reason,
        points_std_last_10,
        {{ window_label.format('prior_games_last_10', 'games_played_window', 10) }} as points_std_last_10_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when games_played_window < 2 then 'fewer_than_2_games'
        end as points_std_last_10_default_reason,
        {#- a day window: 0 games in the off-season is a real observation for a returning player -#}
        case when games_played_window > 0 then cast(games_in_last_7_days as {{ type_double() }}) end as games_in_last_7_days,
        case when games_played_window = 0 then 'no_games_before_date' end as games_in_last_7_days_default_reason,

        {#- 11, 12 -#}
        case when games_played_window >= 5 then cast(
            case
                when points_avg_last_3 - points_avg_games_4_5 >= 5 then 2
                when points_avg_last_3 - points_avg_games_4_5 >= 2 then 1
                when points_avg_last_3 - points_avg_games_4_5 <= -5 then -2
                when points_avg_last_3 - points_avg_games_4_5 <= -2 then -1
                else 0
            end as {{ type_double() }}) end as recent_trend,
        {{ window_label.format('prior_games_last_5', 'games_played_window', 5) }} as recent_trend_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when games_played_window < 5 then 'fewer_than_5_games'
        end as recent_trend_default_reason,
        case when minutes_avg_season > 0 then cast(
            case
                when (minutes_avg_last_10 - minutes_avg_season) / minutes_avg_season >= 0.2 then 2
                when (minutes_avg_last_10 - minutes_avg_season) / minutes_avg_season >= 0.1 then 1
                when (minutes_avg_last_10 - minutes_avg_season) / minutes_avg_season <= -0.2 then -2
                when (minutes_avg_last_10 - minutes_avg_season) / minutes_avg_season <= -0.1 then -1
                else 0
            end as {{ type_double() }}) end as minutes_change,
        {{ window_label.format('prior_games_last_10 + prior_games_season_window', 'games_played_window', [10, fill] | max) }} as minutes_change_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when not minutes_avg_season > 0 then 'no_minutes_played'
        end as minutes_change_default_reason,

        {#- 21 -#}
        {{ clamp(safe_div('ftm_last_10', 'points_sum_last_10'), 0, 0.5) }} as pct_free_throw,
        {{ window_label.format('prior_games_last_10', 'games_played_window', 10) }} as pct_free_throw_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when not points_sum_last_10 > 0 then 'no_points_in_window'
        end as pct_free_throw_default_reason,

        {#- 22-24 -#}
        team_pace_last_10 as team_pace,
        case when team_pace_last_10 is null then coalesce(team_form_default_reason, 'fewer_than_3_team_games') end as team_pace_default_reason,
        team_off_rating_last_10 as team_off_rating,
        case when team_off_rating_last_10 is null then coalesce(team_form_default_reason, 'fewer_than_3_team_games') end as team_off_rating_default_reason,
        team_win_pct_season as team_win_pct,
        {{ prior_label.format('team_win_pct_prior_season_games') }} as team_win_pct_source,
        case when team_win_pct_season is null then 'no_team_games_before_date' end as team_win_pct_default_reason,

        {#- 29-32 -#}
        coalesce(avg_points_vs_opponent_raw, points_avg_season) as avg_points_vs_opponent,
        case
            when avg_points_vs_opponent_raw is not null and lookback_before_data_start then 'window_before_data_start'
            when avg_points_vs_opponent_raw is not null then 'phase4'
            when points_avg_season is not null then 'season_average'
        end as avg_points_vs_opponent_source,
        case when avg_points_vs_opponent_raw is null and points_avg_season is null then 'no_games_before_date' end as avg_points_vs_opponent_default_reason,
        cast(games_vs_opponent_count as {{ type_double() }}) as games_vs_opponent,
        case when lookback_before_data_start then 'window_before_data_start' end as games_vs_opponent_source,
        cast(null as {{ dbt.type_string() }}) as games_vs_opponent_default_reason,
        minutes_avg_last_10,
        {{ window_label.format('prior_games_last_10', 'games_played_window', 10) }} as minutes_avg_last_10_source,
        case when games_played_window = 0 then 'no_games_before_date' end as minutes_avg_last_10_default_reason,
        ppm_avg_last_10,
        {{ window_label.format('prior_games_last_10', 'games_played_window', 10) }} as ppm_avg_last_10_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when ppm_avg_last_10 is null then 'no_minutes_played'
        end as ppm_avg_last_10_default_reason,

        {#- 33-36 -#}
        {{ safe_div('1.0 * dnp_rows_last_10', 'rows_last_10') }} as dnp_rate,
        {{ window_label.format('prior_rows_last_10', 'rows_last_10', 10) }} as dnp_rate_source,
        case when rows_last_10 = 0 then 'no_box_score_rows_before_date' end as dnp_rate_default_reason,
        case when slope_n >= 5 then points_slope end as pts_slope_10g,
        {{ window_label.format('prior_games_last_10', 'games_played_window', 10) }} as pts_slope_10g_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when games_played_window < 5 then 'fewer_than_5_games'
        end as pts_slope_10g_default_reason,
        case when points_std_last_10 > 0 then
            {{ clamp('(points_avg_last_5 - points_avg_season) / points_std_last_10', -3, 3) }}
        end as pts_vs_season_zscore,
        {{ window_label.format('prior_games_last_10 + prior_games_season_window', 'games_played_window', [10, fill] | max) }} as pts_vs_season_zscore_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when games_played_window < 2 then 'fewer_than_2_games'
            when not points_std_last_10 > 0 then 'zero_points_variance'
        end as pts_vs_season_zscore_default_reason,
        case when points_std_last_10 is not null then cast(
            case when points_avg_last_5 > points_avg_season + 1.5 * points_std_last_10 then 1 else 0 end
            as {{ type_double() }}) end as breakout_flag,
        {{ window_label.format('prior_games_last_10 + prior_games_season_window', 'games_played_window', [10, fill] | max) }} as breakout_flag_source,
        case
            when games_played_window = 0 then 'no_games_before_date'
            when games_played_window < 2 then 'fewer_than_2_games'
        end as breakout_flag_default_reason
    from joined

)

select * from final
