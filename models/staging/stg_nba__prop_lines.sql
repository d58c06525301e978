{#- Every raw prop line, typed, with the reasons it breaks the contract on its own
    (record_reason, value_reason; NULL = none). Resolving the player's name, matching the game in
    the schedule, the team check and the clean rows are in phase3/checked
    (int_prop_lines__checked). -#}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['snapshot_utc', 'timestamp'], ['commence_utc', 'timestamp'], ['game_date', 'date'],
    ['line', type_double()], ['over_price', dbt.type_bigint()], ['under_price', dbt.type_bigint()]] -%}

with raw_prop_lines as (

    select * from {{ source('nba_raw', 'prop_lines') }}
    {{ known_raw_rows('prop_lines') }}

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
    from raw_prop_lines

),

flagged as (

    select
        typed.*,
        {{ duplicate_flags(
            ['snapshot_utc', 'commence_utc', 'home_team_abbr', 'away_team_abbr', 'bookmaker', 'player_name', 'line'],
            ['over_price', 'under_price', 'market', 'game_date']) }}
    from typed

),

final as (

    select
        game_date, commence_utc, snapshot_utc, home_team_abbr, away_team_abbr,
        bookmaker, market, player_name, line, over_price, under_price,
        case
            when _unparseable_reason is not null then _unparseable_reason
            when commence_utc is null or bookmaker is null or player_name is null or line is null then 'missing_key'
            when game_date is null then 'unparseable_game_date'
            {{ duplicate_reason_whens() }}
        end as record_reason,
        case
            when market != 'player_points' then 'unsupported_market'
            when line <= 0 then 'non_positive_line'
            {#- American odds are at least 100 in size (+100 and -100 are even money): 0 or 50
                is no price a book quotes, and would price the offer at infinite or false odds -#}
            when abs(over_price) < 100 or abs(under_price) < 100 then 'invalid_american_price'
        end as value_reason
    from flagged

)

select * from final
