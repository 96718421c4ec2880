{#-
    One row per staged activity and scoring-model version evaluated (int_scoring_model_versions):
    re-pointed to the surviving lead, with that version's points, cap per window and hand-raiser
    flag (seed scoring_activity_points; a type the version does not list scores 0), and an
    integer activity_type_key for the engagement windows' partitions (cheaper than the text).
    int_activities_scored is the version in force at as_of.
-#}

{{ lead_funnel.scored_activities_select() }}

select * from final
