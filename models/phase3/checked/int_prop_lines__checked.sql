{#- Every raw prop line with the player's name resolved to a player_id, the line matched to its
    scheduled game and its quarantine_reason (NULL = clean): the first that applies of the
    record checks (staging), the team check, the value checks (staging), then the name and the
    game (the order the contract lists them in), then one player's line listed twice by a book
    in one snapshot under two spellings of his name (staging's key holds the name as written):
    the same prices keep the first spelling by name, differing prices reject every copy, as a
    conflicting duplicate key does. -#}
with stg_nba__prop_lines as (

    select * from {{ ref('stg_nba__prop_lines') }}

),

stg_nba__teams as (

    select team_abbr from {{ ref('stg_nba__teams') }}

),

int_schedule__clean as (

    select * from {{ ref('int_schedule__clean') }}

),

resolved as (

    select
        stg_nba__prop_lines.*,
        {{ resolved_player_id('name_') }} as player_id,
        {{ name_is_ambiguous('name_') }} as is_ambiguous_name,
        int_schedule__clean.game_id,
        stg_nba__prop_lines.home_team_abbr in (select team_abbr from stg_nba__teams) and stg_nba__prop_lines.away_team_abbr in (select team_abbr from stg_nba__teams) as _teams_known
    from stg_nba__prop_lines
    {{ resolve_player_name_joins('stg_nba__prop_lines', 'player_name', 'name_') }}
    {#- the two teams on the date, in either order: a feed may designate a neutral-site game's
        home side unlike the NBA, and two teams meet at most once a day -#}
    left join int_schedule__clean
        on int_schedule__clean.game_date = stg_nba__prop_lines.game_date
        and least(int_schedule__clean.home_team_abbr, int_schedule__clean.away_team_abbr)
        = least(stg_nba__prop_lines.home_team_abbr, stg_nba__prop_lines.away_team_abbr)
        and greatest(int_schedule__clean.home_team_abbr, int_schedule__clean.away_team_abbr)
        = greatest(stg_nba__prop_lines.home_team_abbr, stg_nba__prop_lines.away_team_abbr)

),

checked as (

    select
        resolved.*,
        case
            when record_reason is not null then record_reason
            when not _teams_known then 'unknown_team'
            when value_reason is not null then value_reason
            when player_id is null and is_ambiguous_name then 'ambiguous_player_name'
            when player_id is null then 'unresolved_player_name'
            when game_id is null then 'game_not_in_schedule'
        end as _row_reason
    from resolved

),

{#- Copies of one (snapshot, game, book, player, line) among the rows clean so far. -#}
spellings as (

    select
        checked.*,
        row_number() over (
            partition by _row_reason is null, snapshot_utc, game_id, bookmaker, player_id, line
            order by player_name, commence_utc, home_team_abbr
        ) as _spelling_number,
        min({{ row_fingerprint(['over_price', 'under_price']) }}) over (
            partition by _row_reason is null, snapshot_utc, game_id, bookmaker, player_id, line
        ) != max({{ row_fingerprint(['over_price', 'under_price']) }}) over (
            partition by _row_reason is null, snapshot_utc, game_id, bookmaker, player_id, line
        ) as _is_conflicting_spelling
    from checked

),

final as (

    select
        game_id, game_date, commence_utc, snapshot_utc, home_team_abbr, away_team_abbr,
        bookmaker, market, player_name, player_id, line, over_price, under_price,
        case
            when _row_reason is not null then _row_reason
            when _is_conflicting_spelling then 'conflicting_player_spelling'
            when _spelling_number > 1 then 'duplicate_player_spelling'
        end as quarantine_reason
    from spellings

)

select * from final
