{{ config(severity='error') }}
{#- Freshness gate for same-day builds. When the build window reaches the run date (var
    run_date, default today), every scheduled game of the three days before it must have its box
    score; otherwise the inputs are stale and this test fails, so dbt build skips everything
    downstream of the universe instead of producing features from stale history. Each failing
    row names a game whose box score is missing. -#}
{%- set run_date = var('run_date', none) -%}
{%- set today = "cast('" ~ run_date ~ "' as date)" if run_date else 'current_date' -%}

with schedule as (

    select * from {{ ref('int_schedule__clean') }}

),

played as (

    select distinct game_id from {{ ref('int_team_boxscores__clean') }}

),

universe as (

    select count(*) as universe_rows from {{ ref('int_player_game_universe') }}

),

final as (

    select
        schedule.game_id,
        schedule.game_date,
        schedule.home_team_abbr,
        schedule.away_team_abbr,
        'box score missing for a game before a same-day build' as problem
    from schedule
    cross join universe
    where cast('{{ var("end_date") }}' as date) >= {{ today }}
        and schedule.game_date < {{ today }}
        and schedule.game_date >= {{ dbt.dateadd('day', -3, today) }}
        and schedule.game_id not in (select game_id from played)

)

select * from final
