{#- Every raw schedule row with its quarantine_reason (NULL = clean): record checks, the team
    check, value checks (macros/quarantine.sql checked_against_teams). -#}
{{ checked_against_teams(ref('stg_nba__schedule'), ['home_team_abbr', 'away_team_abbr']) }}
