{#-
    One row per scoring-model version and integer engagement score it can give (grain in YAML): the
    grade of that exact score, so a reader joins on equality instead of a range join on the bands.
-#}
{#- the lowest engagement a version gives: every negative type at its cap (unsubscribe, bounce); one
    text, read by the CTE below and by the query that sizes the score series -#}
{%- set negative_caps_select -%}
    select
        model_version,
        sum(case when cap_per_window < 0 then cap_per_window else 0 end) as lowest_score
    from {{ ref('scoring_activity_points') }}
    group by 1
{%- endset -%}
{#- the series covers the widest range of scores of any version (from its lowest to the cap), read
    from the seeds when the model runs: no constant to outgrow. A unit test's inputs are CTEs that
    cannot be queried before it runs, and a linter's compile has no seeds: both get 1,024 values (a
    unit test's range is far smaller). -#}
{%- set score_series_size = 1024 -%}
{%- if execute and model.resource_type != 'unit_test'
    and load_relation(ref('scoring_activity_points')) is not none -%}
    {%- set span_query -%}
        select coalesce(min(lowest_score), 0) as lowest_score from ({{ negative_caps_select }}) as negative_caps
    {%- endset -%}
    {%- set lowest = run_query(span_query).columns[0].values()[0] | int -%}
    {%- set score_series_size = [var('scoring_engagement_cap') | int - [lowest, 0] | min + 1, 1] | max -%}
{%- endif -%}

with

grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'engagement'
),

score_offsets as (
    -- 1 .. score_series_size: the widest range of scores of any version (a row rule checks that
    -- every score from lowest to highest has its row)
    {{ dbt.generate_series(score_series_size) }}
),

negative_caps as (
    {{ negative_caps_select }}
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
