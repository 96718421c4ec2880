with

grades as (
    select * from {{ ref('scoring_grades') }}
),

final as (
    -- each band runs from its min_score (inclusive) to the next band's min_score (exclusive) of
    -- the same model version; a null min_score is the open lowest band, a null upper bound the
    -- open highest band
    select
        model_version,
        grade_type,
        grade,
        min_score,
        lead(min_score) over (
            partition by model_version, grade_type
            order by min_score nulls first
        ) as max_score_exclusive,
        description as grade_description
    from grades
)

select * from final
