{#- Every raw player box score with its quarantine_reason (NULL = clean): record checks, the team
    check, value checks (macros/quarantine.sql checked_against_teams). -#}
{{ checked_against_teams(ref('stg_nba__player_boxscores'), ['team_abbr', 'opponent_abbr']) }}
