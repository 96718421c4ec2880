{#-
    Every scoring-model version a build evaluates (int_scoring_model_versions: the versions in
    force over the history and the draft) is a complete model: it has rows in every versioned
    scoring seed and exactly one default segment. Fails with one row per version and missing part.
-#}

with

model_versions as (
    select model_version from {{ ref('int_scoring_model_versions') }}
),

seed_rows as (
    select
        model_version,
        'scoring_fit_rules' as seed_name
    from {{ ref('scoring_fit_rules') }}
    union all
    select
        model_version,
        'scoring_title_patterns' as seed_name
    from {{ ref('scoring_title_patterns') }}
    union all
    select
        model_version,
        'scoring_activity_points' as seed_name
    from {{ ref('scoring_activity_points') }}
    union all
    select
        model_version,
        'scoring_segments' as seed_name
    from {{ ref('scoring_segments') }}
    union all
    select
        model_version,
        'scoring_lead_source_rules' as seed_name
    from {{ ref('scoring_lead_source_rules') }}
    union all
    select
        model_version,
        'scoring_grades' as seed_name
    from {{ ref('scoring_grades') }}
),

seed_names as (
    select distinct seed_name from seed_rows
),

present as (
    select distinct
        model_version,
        seed_name
    from seed_rows
),

default_segments as (
    select
        model_version,
        count(*) as default_segment_count
    from {{ ref('scoring_segments') }}
    where is_default_segment
    group by 1
),

missing_seed_rows as (
    select
        model_versions.model_version,
        'no rows in ' || seed_names.seed_name as problem
    from model_versions
    cross join seed_names
    left join present
        on
            model_versions.model_version = present.model_version
            and seed_names.seed_name = present.seed_name
    where present.model_version is null
),

bad_default_segments as (
    select
        model_versions.model_version,
        'default segments: ' || cast(coalesce(default_segments.default_segment_count, 0) as {{ dbt.type_string() }})
            as problem
    from model_versions
    left join default_segments
        on model_versions.model_version = default_segments.model_version
    where coalesce(default_segments.default_segment_count, 0) <> 1
)

select * from missing_seed_rows
union all
select * from bad_default_segments
