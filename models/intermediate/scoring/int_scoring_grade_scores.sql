{#-
    One row per scoring-model version and integer engagement score it can give (grain in YAML): the
    grade of that exact score, so a reader joins on equality instead of a range join on the bands.
-#}
{%- set score_series_size = 1024 -%}

with

grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'engagement'
),

activity_points as (
    select * from {{ ref('scoring_activity_points') }}
),

score_offsets as (
    -- 1 .. score_series_size: the widest range of scores covered per version (a row rule checks that
    -- every score from lowest to highest has its row)
    {{ dbt.generate_series(score_series_size) }}
),

negative_caps as (
    -- the lowest engagement a version gives: every negative type at its cap (unsubscribe, bounce)
    select
        model_version,
        sum(case when cap_per_window < 0 then cap_per_window else 0 end) as lowest_score
    from activity_points
    group by 1
),

version_bounds as (
    select distinct
        grade_bands.model_version,
        cast(coalesce(negative_caps.lowest_score, 0) as integer) as lowest_score,
        cast({{ var('scoring_engagement_cap') }} as integer) as highest_score
    from grade_bands
    left join negative_caps
        on grade_bands.model_version = negative_caps.model_version
),

scores as (
    select
        version_bounds.model_version,
        version_bounds.lowest_score,
        version_bounds.highest_score,
        version_bounds.lowest_score + cast(score_offsets.generated_number as integer) - 1 as score
    from version_bounds
    cross join score_offsets
    where
        version_bounds.lowest_score + cast(score_offsets.generated_number as integer) - 1
        <= version_bounds.highest_score
),

final as (
    select
        scores.model_version,
        grade_bands.grade_type,
        scores.score,
        grade_bands.grade,
        scores.lowest_score,
        scores.highest_score,
        count(*) over (partition by scores.model_version, grade_bands.grade_type) as version_score_count
    from scores
    inner join grade_bands
        on
            scores.model_version = grade_bands.model_version
            and {{ lead_funnel.scoring_in_grade_band('scores.score', 'grade_bands') }}
)

select * from final
