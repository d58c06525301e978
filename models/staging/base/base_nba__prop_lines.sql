{#- Typed prop lines, player names resolved to ids and lines matched to a scheduled game, with a
    quarantine_reason per row (NULL = clean). -#}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['snapshot_utc', 'timestamp'], ['commence_utc', 'timestamp'], ['game_date', 'date'],
    ['line', type_double()], ['over_price', dbt.type_bigint()], ['under_price', dbt.type_bigint()]] -%}

with source as (

    select * from {{ source('nba_raw', 'prop_lines') }}
    {{ known_raw_rows('prop_lines') }}

),

teams as (

    select team_abbr from {{ source('nba_raw', 'teams') }}

),

schedule as (

    select * from {{ ref('stg_nba__schedule') }}

),

typed as (

    select
        cast(home_team_abbr as {{ dbt.type_string() }}) as home_team_abbr,
        cast(away_team_abbr as {{ dbt.type_string() }}) as away_team_abbr,
        cast(bookmaker as {{ dbt.type_string() }}) as bookmaker,
        cast(market as {{ dbt.type_string() }}) as market,
        cast(player_name as {{ dbt.type_string() }}) as player_name,
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason
    from source

),

resolved as (

    select
        typed.*,
        {{ resolved_player_id('name_') }} as player_id,
        {{ name_is_ambiguous('name_') }} as is_ambiguous_name,
        schedule.game_id,
        {{ duplicate_flags(
            ['typed.snapshot_utc', 'typed.commence_utc', 'typed.home_team_abbr', 'typed.away_team_abbr', 'typed.bookmaker', 'typed.player_name', 'typed.line'],
            ['typed.over_price', 'typed.under_price', 'typed.market', 'typed.game_date']) }},
        typed.home_team_abbr in (select team_abbr from teams) and typed.away_team_abbr in (select team_abbr from teams) as _teams_known
    from typed
    {{ resolve_player_name_joins('typed', 'player_name', 'name_') }}
    left join schedule
        on schedule.game_date = typed.game_date
        and schedule.home_team_abbr = typed.home_team_abbr
        and schedule.away_team_abbr = typed.away_team_abbr

),

final as (

    select
        game_id, game_date, commence_utc, snapshot_utc, home_team_abbr, away_team_abbr,
        bookmaker, market, player_name, player_id, line, over_price, under_price,
        case
            when _unparseable_reason is not null then _unparseable_reason
            when commence_utc is null or bookmaker is null or player_name is null or line is null then 'missing_key'
            when game_date is null then 'unparseable_game_date'
            {{ duplicate_reason_whens() }}
            when not _teams_known then 'unknown_team'
            when market != 'player_points' then 'unsupported_market'
            when line <= 0 then 'non_positive_line'
            when player_id is null and is_ambiguous_name then 'ambiguous_player_name'
            when player_id is null then 'unresolved_player_name'
            when game_id is null then 'game_not_in_schedule'
        end as quarantine_reason
    from resolved

)

select * from final
