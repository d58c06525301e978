{#- Every raw row that broke the contract, with the reason. Nothing is dropped silently:
    raw_row_reconciliation proves raw = clean + quarantined per table. -#}
with int_player_boxscores__checked as (

    select * from {{ ref('int_player_boxscores__checked') }} where quarantine_reason is not null

),

int_team_boxscores__checked as (

    select * from {{ ref('int_team_boxscores__checked') }} where quarantine_reason is not null

),

int_schedule__checked as (

    select * from {{ ref('int_schedule__checked') }} where quarantine_reason is not null

),

int_player_shot_zones__checked as (

    select * from {{ ref('int_player_shot_zones__checked') }} where quarantine_reason is not null

),

int_prop_lines__checked as (

    select * from {{ ref('int_prop_lines__checked') }} where quarantine_reason is not null

),

int_injuries__checked as (

    select * from {{ ref('int_injuries__checked') }} where quarantine_reason is not null

),

final as (

    select 'player_boxscores' as source_table,
        {{ dbt.concat(["coalesce(game_id, '?')", "'/'", "coalesce(cast(player_id as " ~ dbt.type_string() ~ "), '?')"]) }} as record_key,
        game_date, quarantine_reason
    from int_player_boxscores__checked
    union all
    select 'team_boxscores' as source_table,
        {{ dbt.concat(["coalesce(game_id, '?')", "'/'", "coalesce(team_abbr, '?')"]) }} as record_key,
        game_date, quarantine_reason
    from int_team_boxscores__checked
    union all
    select 'schedule' as source_table, coalesce(game_id, '?') as record_key, game_date, quarantine_reason
    from int_schedule__checked
    union all
    select 'player_shot_zones' as source_table,
        {{ dbt.concat(["coalesce(game_id, '?')", "'/'", "coalesce(cast(player_id as " ~ dbt.type_string() ~ "), '?')"]) }} as record_key,
        game_date, quarantine_reason
    from int_player_shot_zones__checked
    union all
    select 'prop_lines' as source_table,
        {{ dbt.concat(["coalesce(cast(game_date as " ~ dbt.type_string() ~ "), '?')", "'/'", "coalesce(bookmaker, '?')", "'/'", "coalesce(player_name, '?')", "'/'", "coalesce(cast(line as " ~ dbt.type_string() ~ "), '?')"]) }} as record_key,
        game_date, quarantine_reason
    from int_prop_lines__checked
    union all
    select 'injuries' as source_table,
        {{ dbt.concat(["coalesce(cast(transaction_date as " ~ dbt.type_string() ~ "), '?')", "'/'", "coalesce(player_name, '?')", "'/'", "coalesce(action, '?')"]) }} as record_key,
        transaction_date as game_date, quarantine_reason
    from int_injuries__checked

)

select * from final
