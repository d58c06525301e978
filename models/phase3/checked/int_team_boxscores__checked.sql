{#- Every raw team box score with its quarantine_reason (NULL = clean): record checks, the team
    check, value checks (macros/quarantine.sql checked_against_teams). -#}
{{ checked_against_teams(ref('stg_nba__team_boxscores'), ['team_abbr', 'opponent_abbr']) }}
