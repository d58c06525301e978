{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Injury status of each universe row as known before its game date. The log records status
    changes: the latest transaction before the date (within 365 days) decides, and an `out` is
    closed by a `returned` or by a game the player played after it. No open `out` = healthy. -#}
with universe as (

    select player_id, game_date from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

injuries as (

    select * from {{ ref('int_injuries__clean') }}

),

played as (

    select player_id, game_date from {{ ref('player_game_summary') }} where is_played

),

latest_transaction as (

    select
        universe.player_id,
        universe.game_date,
        injuries.transaction_date,
        injuries.action,
        injuries.notes,
        row_number() over (
            partition by universe.player_id, universe.game_date
            order by injuries.transaction_date desc,
                case when injuries.action = 'out' then 0 else 1 end,
                case when lower(injuries.notes) like '%dtd%' then 1 else 0 end,
                injuries.notes
        ) as recency_rank
    from universe
    inner join injuries
        on injuries.player_id = universe.player_id
        and injuries.transaction_date < universe.game_date
        and injuries.transaction_date >= {{ dbt.dateadd('day', -365, 'universe.game_date') }}

),

last_played as (

    select
        universe.player_id,
        universe.game_date,
        max(played.game_date) as last_played_date
    from universe
    inner join played
        on played.player_id = universe.player_id
        and played.game_date < universe.game_date
        and played.game_date >= {{ dbt.dateadd('day', -365, 'universe.game_date') }}
    group by universe.player_id, universe.game_date

),

final as (

    select
        universe.player_id,
        universe.game_date,
        latest_transaction.transaction_date as last_transaction_date,
        latest_transaction.notes as last_transaction_notes,
        case
            when latest_transaction.action is null or latest_transaction.action = 'returned' then 'healthy'
            when last_played.last_played_date > latest_transaction.transaction_date then 'healthy'
            when lower(latest_transaction.notes) like '%dtd%' then 'day_to_day'
            else 'out'
        end as injury_status
    from universe
    left join latest_transaction
        on latest_transaction.player_id = universe.player_id
        and latest_transaction.game_date = universe.game_date
        and latest_transaction.recency_rank = 1
    left join last_played
        on last_played.player_id = universe.player_id
        and last_played.game_date = universe.game_date

)

select * from final
