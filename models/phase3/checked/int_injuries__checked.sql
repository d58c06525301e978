{#- Every raw injury transaction with the name resolved to a player_id and its
    quarantine_reason (NULL = clean): the first that applies of the record checks (staging),
    the team check, the value checks (staging), then the name (the order the contract lists
    them in). A name resolves by either spelling (alias or unique normalised name); a name
    several players share resolves to the one who played for the listed team in the
    transaction's season or the one before. -#}
with stg_nba__injuries as (

    select * from {{ ref('stg_nba__injuries') }}

),

stg_nba__teams as (

    select team_abbr from {{ ref('stg_nba__teams') }}

),

int_player_name_index as (

    select * from {{ ref('int_player_name_index') }}

),

int_player_boxscores__clean as (

    select player_id, team_abbr, season from {{ ref('int_player_boxscores__clean') }}

),

player_team_seasons as (

    select distinct player_id, team_abbr, season
    from int_player_boxscores__clean

),

disambiguated as (

    select
        stg_nba__injuries.player_name,
        stg_nba__injuries.team_abbr,
        stg_nba__injuries.transaction_date,
        min(int_player_name_index.player_id) as player_id
    from stg_nba__injuries
    inner join int_player_name_index
        on int_player_name_index.match_rule = 'normalized_name'
        and int_player_name_index.candidate_count > 1
        and int_player_name_index.lookup_name = {{ normalize_person_name('stg_nba__injuries.first_spelling') }}
    inner join player_team_seasons
        on player_team_seasons.player_id = int_player_name_index.player_id
        and player_team_seasons.team_abbr = stg_nba__injuries.team_abbr
        and player_team_seasons.season between {{ season_of_date('stg_nba__injuries.transaction_date') }} - 1
            and {{ season_of_date('stg_nba__injuries.transaction_date') }}
    group by stg_nba__injuries.player_name, stg_nba__injuries.team_abbr, stg_nba__injuries.transaction_date
    having count(distinct int_player_name_index.player_id) = 1

),

resolved as (

    select
        stg_nba__injuries.*,
        coalesce(
            {{ resolved_player_id('first_') }},
            {{ resolved_player_id('second_') }},
            disambiguated.player_id
        ) as player_id,
        {{ name_is_ambiguous('first_') }} as is_ambiguous_name,
        stg_nba__injuries.team_abbr in (select team_abbr from stg_nba__teams) as _team_known
    from stg_nba__injuries
    {{ resolve_player_name_joins('stg_nba__injuries', 'first_spelling', 'first_') }}
    {{ resolve_player_name_joins('stg_nba__injuries', 'second_spelling', 'second_') }}
    left join disambiguated
        on disambiguated.player_name = stg_nba__injuries.player_name
        and disambiguated.team_abbr = stg_nba__injuries.team_abbr
        and disambiguated.transaction_date = stg_nba__injuries.transaction_date

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
