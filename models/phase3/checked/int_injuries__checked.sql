{#- Every raw injury transaction with the name resolved to a player_id and its
    quarantine_reason (NULL = clean): the first that applies of the record checks (staging),
    the team check, the value checks (staging), then the name (the order the contract lists
    them in). A name resolves by either spelling (alias or unique normalised name); a name
    several players share resolves to the one who played for the listed team in the
    transaction's season or the one before. -#}
with staged as (

    select * from {{ ref('stg_nba__injuries') }}

),

teams as (

    select team_abbr from {{ ref('stg_nba__teams') }}

),

name_index as (

    select * from {{ ref('int_player_name_index') }}

),

player_team_seasons as (

    select distinct player_id, team_abbr, season
    from {{ ref('int_player_boxscores__clean') }}

),

disambiguated as (

    select
        staged.player_name,
        staged.team_abbr,
        staged.transaction_date,
        min(name_index.player_id) as player_id
    from staged
    inner join name_index
        on name_index.match_rule = 'normalized_name'
        and name_index.candidate_count > 1
        and name_index.lookup_name = {{ normalize_person_name('staged.first_spelling') }}
    inner join player_team_seasons
        on player_team_seasons.player_id = name_index.player_id
        and player_team_seasons.team_abbr = staged.team_abbr
        and player_team_seasons.season between {{ season_of_date('staged.transaction_date') }} - 1
            and {{ season_of_date('staged.transaction_date') }}
    group by staged.player_name, staged.team_abbr, staged.transaction_date
    having count(distinct name_index.player_id) = 1

),

resolved as (

    select
        staged.*,
        coalesce(
            {{ resolved_player_id('first_') }},
            {{ resolved_player_id('second_') }},
            disambiguated.player_id
        ) as player_id,
        {{ name_is_ambiguous('first_') }} as is_ambiguous_name,
        staged.team_abbr in (select team_abbr from teams) as _team_known
    from staged
    {{ resolve_player_name_joins('staged', 'first_spelling', 'first_') }}
    {{ resolve_player_name_joins('staged', 'second_spelling', 'second_') }}
    left join disambiguated
        on disambiguated.player_name = staged.player_name
        and disambiguated.team_abbr = staged.team_abbr
        and disambiguated.transaction_date = staged.transaction_date

),

final as (

    select
        transaction_date, team_abbr, player_name, player_id, action, notes,
        case
            when record_reason is not null then record_reason
            when not _team_known then 'unknown_team'
            when value_reason is not null then value_reason
            when player_id is null and is_ambiguous_name then 'ambiguous_player_name'
            when player_id is null then 'unresolved_player_name'
        end as quarantine_reason
    from resolved

)

select * from final
