-- The floor: the least work any implementation of lead_funnel's core outputs must do, written by
-- hand as one DuckDB script straight from the raw Parquet and the rule seeds (bench/bench.py
-- substitutes $raw, $seeds, $as_of and $model_version, the scoring-model version in force at as_of). It assumes clean input (the generator without --dirty):
-- no quarantine or outcome bookkeeping, no persisted intermediates, no tests; an activity sent
-- twice is still counted once.
-- Outputs: floor_lead_scores (score at as_of), floor_mql_events (with recycling),
-- floor_funnel_monthly (leads per creation month, funnel MQLs per MQL month).

create or replace temp table seg as
select
    segment,
    min_employee_count,
    max_employee_count,
    is_default_segment,
    mql_score_threshold,
    recency_window_days
from read_csv('$seeds/**/scoring_segments.csv', header = true)
where model_version = '$model_version';

create or replace temp table pts as
select
    activity_type,
    points,
    cap_per_window,
    is_hand_raiser
from read_csv('$seeds/**/scoring_activity_points.csv', header = true)
where model_version = '$model_version';

create or replace temp table fit_rules as
select
    rule_id,
    lead_attribute,
    lower(nullif(trim(match_value), '')) as match_value,
    min_value,
    max_value,
    points,
    nullif(trim(disqualification_reason), '') as disqualification_reason
from read_csv('$seeds/**/scoring_fit_rules.csv', header = true, all_varchar = false)
where model_version = '$model_version';

-- leads with everything fit needs ------------------------------------------------------------
create or replace temp table lead_base as
with
accounts as (
    select
        trim(account_id) as account_id,
        regexp_replace(lower(trim(domain)), '^(https?://)?(www\.)?|/.*$$', '', 'g') as domain,
        lower(trim(industry)) as industry,
        employee_count,
        created_at
    from read_parquet('$raw/accounts.parquet')
    where not coalesce(is_deleted, false)
),

by_domain as (
    select
        domain,
        arg_min(account_id, (created_at, account_id)) as account_id
    from accounts
    where domain is not null
    group by 1
),

leads as (
    select
        trim(lead_id) as lead_id,
        split_part(lower(trim(email)), '@', 2) as email_domain,
        lower(trim(job_title)) as job_title,
        trim(account_id) as crm_account_id,
        lower(trim(lead_source)) as lead_source,
        lower(trim(country)) as country,
        created_at
    from read_parquet('$raw/leads.parquet')
    where not coalesce(is_deleted, false)
),

free_mail as (select lower(domain) as domain from read_csv('$seeds/**/free_mail_domains.csv', header = true)),

academic as (select pattern from read_csv('$seeds/**/scoring_academic_domain_patterns.csv', header = true)),

competitors as (
    select lower(trim(domain)) as domain from read_csv('$seeds/**/scoring_competitor_domains.csv', header = true)
),

icp as (select lower(trim(industry)) as industry from read_csv('$seeds/**/scoring_icp_industries.csv', header = true)),

titles as (
    -- per title and dimension, the value of the first matching pattern by priority
    select
        distinct_titles.job_title,
        title_patterns.dimension,
        arg_min(title_patterns.value, (title_patterns.priority, title_patterns.value)) as title_value
    from (
        select distinct job_title from leads
        where job_title is not null
    ) as distinct_titles
    inner join read_csv('$seeds/**/scoring_title_patterns.csv', header = true) as title_patterns
        on
            regexp_matches(distinct_titles.job_title, title_patterns.pattern)
            and title_patterns.model_version = '$model_version'
    group by 1, 2
),

account_segments as (
    -- the highest headcount band that holds the account (no band: the default segment)
    select
        accounts.account_id,
        arg_max(seg.segment, coalesce(seg.min_employee_count, -1)) as segment
    from accounts
    inner join seg
        on
            accounts.employee_count >= coalesce(seg.min_employee_count, accounts.employee_count)
            and accounts.employee_count <= coalesce(seg.max_employee_count, accounts.employee_count)
    group by 1
),

matched as (
    select
        leads.*,
        coalesce(crm.account_id, dom.account_id) as account_id,
        free_mail.domain is not null as is_free_mail
    from leads
    left join free_mail on leads.email_domain = free_mail.domain
    left join accounts as crm on leads.crm_account_id = crm.account_id
    left join by_domain as dom on leads.email_domain = dom.domain and free_mail.domain is null
)

select
    matched.lead_id,
    matched.created_at,
    matched.lead_source,
    matched.country,
    case
        when matched.is_free_mail then 'free_mail'
        when
            exists (
                select 1 from academic
                where regexp_matches(matched.email_domain, academic.pattern)
            )
            then 'academic'
        else 'corporate'
    end as email_type,
    exists(
        select 1 from competitors
        where
            matched.email_domain = competitors.domain
            or matched.email_domain like '%.' || competitors.domain
            or accounts.domain = competitors.domain
    ) as is_competitor,
    coalesce(sen.title_value, 'other') as seniority,
    coalesce(per.title_value, 'other') as persona,
    accounts.employee_count,
    icp.industry is not null as is_icp_industry,
    coalesce(
        account_segments.segment,
        (
            select default_segment.segment from seg as default_segment
            where default_segment.is_default_segment
        )
    ) as segment
from matched
left join accounts on matched.account_id = accounts.account_id
left join icp on accounts.industry = icp.industry
left join account_segments on accounts.account_id = account_segments.account_id
left join titles as sen on matched.job_title = sen.job_title and sen.dimension = 'seniority'
left join titles as per on matched.job_title = per.job_title and per.dimension = 'persona';

create or replace temp table lead_fit as
with
attributes as (
    unpivot (
        select
            lead_id,
            seniority,
            persona,
            email_type,
            lead_source,
            country,
            segment,
            cast(is_icp_industry as varchar) as is_icp_industry,
            cast(is_competitor as varchar) as is_competitor
        from lead_base
    ) on seniority, persona, email_type, lead_source, country, segment, is_icp_industry, is_competitor
    into name lead_attribute value text_value
),

matches as (
    select
        attributes.lead_id,
        fit_rules.points,
        fit_rules.disqualification_reason
    from attributes
    inner join fit_rules
        on
            attributes.lead_attribute = fit_rules.lead_attribute
            and attributes.text_value = fit_rules.match_value
    union all
    select
        lead_base.lead_id,
        fit_rules.points,
        fit_rules.disqualification_reason
    from lead_base
    inner join fit_rules
        on
            fit_rules.lead_attribute = 'employee_count'
            and fit_rules.match_value is null
            and lead_base.employee_count >= coalesce(fit_rules.min_value, lead_base.employee_count)
            and lead_base.employee_count <= coalesce(fit_rules.max_value, lead_base.employee_count)
),

fit as (
    select
        lead_id,
        sum(points) as fit_score,
        count(disqualification_reason) > 0 as is_disqualified
    from matches
    group by 1
)

select
    lead_base.lead_id,
    lead_base.created_at,
    lead_base.segment,
    cast(coalesce(fit.fit_score, 0) as integer) as fit_score,
    coalesce(fit.is_disqualified, false) as is_disqualified,
    coalesce(rules.is_hand_raiser_only, false) as is_hand_raiser_only,
    seg.mql_score_threshold,
    seg.recency_window_days
from lead_base
left join fit on lead_base.lead_id = fit.lead_id
left join seg on lead_base.segment = seg.segment
left join read_csv('$seeds/**/scoring_lead_source_rules.csv', header = true) as rules
    on
        lead_base.lead_source = rules.lead_source
        and rules.model_version = '$model_version';

-- activities up to as_of with their points; an activity_id sent twice counts once (the latest
-- occurrence among those not dated beyond as_of + 1 day wins) ------------------------------------
create or replace temp table acts as
with
deduplicated as (
    select
        trim(activity_id) as activity_id,
        trim(lead_id) as lead_id,
        lower(trim(activity_type)) as activity_type,
        occurred_at
    from read_parquet('$raw/activities.parquet')
    where occurred_at <= timestamp '$as_of' + interval 1 day
    qualify row_number() over (partition by trim(activity_id) order by occurred_at desc) = 1
)

select
    a.activity_id,
    lead_fit.lead_id,
    a.activity_type,
    a.occurred_at,
    coalesce(pts.points, 0) as points,
    coalesce(pts.cap_per_window, 0) as cap,
    coalesce(pts.is_hand_raiser, false) as is_hand_raiser,
    lead_fit.recency_window_days
from deduplicated as a
inner join lead_fit on a.lead_id = lead_fit.lead_id
left join pts on a.activity_type = pts.activity_type
where a.occurred_at <= timestamp '$as_of';

-- score at as_of ------------------------------------------------------------------------------------
create or replace temp table floor_lead_scores as
with
by_type as (
    select
        lead_id,
        activity_type,
        any_value(cap) as cap,
        sum(points) as window_points
    from acts
    where occurred_at >= timestamp '$as_of' - to_days(recency_window_days)
    group by 1, 2
),

engagement as (
    select
        lead_id,
        least(40, sum(case when cap >= 0 then least(window_points, cap) else greatest(window_points, cap) end))
            as engagement_score
    from by_type
    group by 1
)

select
    lead_fit.lead_id,
    lead_fit.fit_score,
    cast(coalesce(engagement.engagement_score, 0) as integer) as engagement_score,
    cast(lead_fit.fit_score + coalesce(engagement.engagement_score, 0) as integer) as lead_score
from lead_fit
left join engagement on lead_fit.lead_id = engagement.lead_id;

-- engagement at every activity: +points at occurred_at, -points after the window ---------------------
create or replace temp table floor_mql_events as
with
deltas as (
    select
        lead_id,
        activity_id,
        activity_type,
        cap,
        is_hand_raiser,
        occurred_at as t,
        0 as o,
        points as d
    from acts
    union all
    select
        lead_id,
        activity_id,
        activity_type,
        cap,
        is_hand_raiser,
        occurred_at + to_days(recency_window_days) as t,
        1 as o,
        -points as d
    from acts
    where occurred_at + to_days(recency_window_days) <= timestamp '$as_of'
),

typed as (
    select
        *,
        sum(d) over (partition by lead_id, activity_type order by t, o) as in_window
    from deltas
),

capped as (
    select
        *,
        case when cap >= 0 then least(in_window, cap) else greatest(in_window, cap) end as capped
    from typed
),

changes as (
    select
        *,
        capped - coalesce(
            lag(capped) over (partition by lead_id, activity_type order by t, o, activity_id), 0
        ) as capped_change
    from capped
),

engagement as (
    select
        *,
        least(40, sum(capped_change) over (partition by lead_id order by t, o)) as engagement_score
    from changes
),

qualifying as (
    select
        engagement.lead_id,
        engagement.activity_id,
        engagement.t as occurred_at
    from engagement
    inner join lead_fit on engagement.lead_id = lead_fit.lead_id
    where
        engagement.o = 0
        and not lead_fit.is_disqualified
        and (
            (
                not lead_fit.is_hand_raiser_only
                and lead_fit.fit_score >= 25 and engagement.engagement_score >= 10
                and lead_fit.fit_score + engagement.engagement_score >= lead_fit.mql_score_threshold
            )
            or (engagement.is_hand_raiser and lead_fit.fit_score >= 25)
        )
),

recycles as (
    select
        trim(lead_id) as lead_id,
        changed_at
    from read_parquet('$raw/lead_status_history.parquet')
    where lower(trim(status)) in ('rejected', 'nurture') and changed_at <= timestamp '$as_of'
),

stream as (
    select
        lead_id,
        activity_id,
        occurred_at as t,
        0 as o
    from qualifying
    union all
    select
        lead_id,
        null as activity_id,
        changed_at as t,
        1 as o
    from recycles
),

cycles as (
    select
        *,
        sum(o) over (partition by lead_id order by t, o, activity_id rows unbounded preceding) as recycle_count
    from stream
)

-- the first qualifying activity after each recycle status (and the first one of all) is an MQL
select
    lead_id,
    recycle_count,
    arg_min(activity_id, (t, activity_id)) as activity_id,
    min(t) as mql_at
from cycles
where o = 0
group by 1, 2;

-- monthly funnel: leads by creation month, funnel MQLs (marketing entry) by MQL month -------------
create or replace temp table floor_funnel_monthly as
with
first_mql as (
    select
        lead_id,
        min(mql_at) as first_mql_at
    from floor_mql_events
    group by 1
),

sales_stages as (
    select
        trim(lead_id) as lead_id,
        changed_at as reached_at
    from read_parquet('$raw/lead_status_history.parquet')
    where lower(trim(status)) in ('accepted', 'qualified') and changed_at <= timestamp '$as_of'
    union all
    select
        trim(lead_id) as lead_id,
        created_at as reached_at
    from read_parquet('$raw/opportunities.parquet')
    where lead_id is not null and created_at <= timestamp '$as_of'
),

first_sales as (
    select
        sales_stages.lead_id,
        min(sales_stages.reached_at) as first_sales_at
    from sales_stages
    inner join lead_fit on sales_stages.lead_id = lead_fit.lead_id
    where sales_stages.reached_at >= lead_fit.created_at
    group by 1
),

funnel as (
    select
        lead_fit.lead_id,
        lead_fit.created_at as lead_at,
        case
            when first_mql.first_mql_at is null then null
            when first_sales.first_sales_at < first_mql.first_mql_at then null
            else greatest(first_mql.first_mql_at, lead_fit.created_at)
        end as mql_at
    from lead_fit
    left join first_mql on lead_fit.lead_id = first_mql.lead_id
    left join first_sales on lead_fit.lead_id = first_sales.lead_id
)

select
    'lead' as cohort_type,
    cast(date_trunc('month', lead_at) as date) as cohort_month,
    count(*) as n
from funnel
group by 1, 2
union all
select
    'mql' as cohort_type,
    cast(date_trunc('month', mql_at) as date) as cohort_month,
    count(*) as n
from funnel
where mql_at is not null
group by 1, 2;
