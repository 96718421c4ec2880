{#- Fails for rows whose grade `column_name` is not the band of `grades` (scoring_grades) that holds `score_column` for `grade_type`. -#}
{% test grade_matches_score(model, column_name, score_column, grade_type, grades) %}

with

bands as (
    select
        grade,
        min_score,
        lead(min_score) over (order by min_score nulls first) as max_score_exclusive
    from {{ grades }}
    where
        grade_type = '{{ grade_type }}'
        -- the bands of the scoring-model version in force at as_of (the version of the graded scores)
        and model_version in (
            select model_version from {{ ref('int_scoring_model_versions') }}
            where is_in_force_at_as_of
        )
),

expected as (
    select
        model_rows.{{ column_name }} as actual_grade,
        model_rows.{{ score_column }} as score,
        bands.grade as expected_grade
    from {{ model }} as model_rows
    left join bands
        on {{ lead_funnel.scoring_in_grade_band('model_rows.' ~ score_column, 'bands') }}
)

select * from expected
where actual_grade is null
    or expected_grade is null
    or actual_grade <> expected_grade

{% endtest %}
