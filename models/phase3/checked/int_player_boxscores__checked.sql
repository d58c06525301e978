{#- Every raw player box score with its quarantine_reason (NULL = clean): record checks, the team
    check, value checks, then minutes over the game's length (macros/quarantine.sql
    checked_against_teams): a contract range from what a game allows, 48 minutes and 5 per
    overtime, not a fixed cap that a five-overtime game would break. -#}
{{ checked_against_teams(ref('stg_nba__player_boxscores'), ['team_abbr', 'opponent_abbr'], minutes_in_game_length=true) }}
