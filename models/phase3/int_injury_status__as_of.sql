{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Injury status of each universe row as known before its game date. The log records status
    changes: the latest transaction before the date (within 365 days) decides, and an `out` is
    closed by a `returned` or by a game the player played after it. No open `out` = healthy. -#}
with int_player_game_universe as (

    select player_id, game_date from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

int_injuries__clean as (

    select * from {{ ref('int_injuries__clean') }}

),

int_player_last_played__as_of as (

    select * from {{ ref('int_player_last_played__as_of') }}

),

latest_transaction as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        int_injuries__clean.transaction_date,
        int_injuries__clean.action,
        int_injuries__clean.notes,
        row_number() over (
            partition by int_player_game_universe.player_id, int_player_game_universe.game_date
            order by int_injuries__clean.transaction_date desc,
                case when int_injuries__clean.action = 'out' then 0 else 1 end,
                case when lower(int_injuries__clean.notes) like '%dtd%' then 1 else 0 end,
                int_injuries__clean.notes
        ) as recency_rank
    from int_player_game_universe
    inner join int_injuries__clean
        on int_injuries__clean.player_id = int_player_game_universe.player_id
        and int_injuries__clean.transaction_date < int_player_game_universe.game_date
        and int_injuries__clean.transaction_date >= {{ dbt.dateadd('day', -365, 'int_player_game_universe.game_date') }}

),

final as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        latest_transaction.transaction_date as last_transaction_date,
        latest_transaction.notes as last_transaction_notes,
        case
            when latest_transaction.action is null or latest_transaction.action = 'returned' then 'healthy'
            when int_player_last_played__as_of.last_played_date > latest_transaction.transaction_date then 'healthy'
            when lower(latest_transaction.notes) like '%dtd%' then 'day_to_day'
            else 'out'
        end as injury_status
    from int_player_game_universe
    left join latest_transaction
        on latest_transaction.player_id = int_player_game_universe.player_id
        and latest_transaction.game_date = int_player_game_universe.game_date
        and latest_transaction.recency_rank = 1
    left join int_player_last_played__as_of
        on int_player_last_played__as_of.player_id = int_player_game_universe.player_id
        and int_player_last_played__as_of.game_date = int_player_game_universe.game_date

)

select * from final
