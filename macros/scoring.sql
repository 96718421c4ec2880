{#- Scoring helpers: the rules live in seeds/vars; these macros only apply them. -#}

{% macro regex_matches_column(value, pattern_column) -%}
    {#- True when `value` matches the regular expression held in the column `pattern_column`. -#}
    {{ return(adapter.dispatch('regex_matches_column', 'lead_funnel')(value, pattern_column)) }}
{%- endmacro %}

{% macro default__regex_matches_column(value, pattern_column) -%}
    regexp_like({{ value }}, {{ pattern_column }})
{%- endmacro %}

{% macro duckdb__regex_matches_column(value, pattern_column) -%}
    regexp_matches({{ value }}, {{ pattern_column }})
{%- endmacro %}

{% macro spark__regex_matches_column(value, pattern_column) -%}
    ({{ value }} rlike {{ pattern_column }})
{%- endmacro %}

{% macro bigquery__regex_matches_column(value, pattern_column) -%}
    regexp_contains({{ value }}, {{ pattern_column }})
{%- endmacro %}


{% macro scoring_capped(value, cap) -%}
    {#-
        `value` limited by `cap`: at most cap for a positive cap, at least cap for a negative one
        (unsubscribe: -10 per window). A null cap leaves the value as it is. Both sides are
        coalesced because least()/greatest() skip nulls on some engines (DuckDB).
    -#}
    case
        when coalesce({{ cap }}, 0) >= 0
            then least(coalesce({{ value }}, 0), coalesce({{ cap }}, {{ value }}, 0))
        else greatest(coalesce({{ value }}, 0), coalesce({{ cap }}, {{ value }}, 0))
    end
{%- endmacro %}


{% macro scoring_sql_list(values) -%}
    {#- A var holding a list of strings as a SQL list literal: ['a', 'b'] -> ('a', 'b'). -#}
    {%- if values is string -%}{%- set values = [values] -%}{%- endif -%}
    ({%- for value in values -%}'{{ value | replace("'", "''") }}'{%- if not loop.last -%}, {% endif -%}{%- endfor -%})
{%- endmacro %}


{% macro scoring_decay_factor(occurred_at) -%}
    {#-
        Weight of an activity at as_of: 0.5 ^ (age in days / var scoring_decay_half_life_days)
        when var scoring_decay_enabled is true, else exactly 1 (no decay, integer points).
    -#}
    {%- if var('scoring_decay_enabled', false) -%}
        power(
            0.5,
            cast({{ dbt.datediff(occurred_at, lead_funnel.as_of(), 'second') }} as {{ lead_funnel.type_double() }})
            / (86400 * {{ var('scoring_decay_half_life_days') }})
        )
    {%- else -%}
        1
    {%- endif -%}
{%- endmacro %}


{% macro scoring_engagement_total_capped(engagement_before_total_cap) -%}
    {#-
        Engagement after the total cap (var scoring_engagement_cap): the sum of the per-type capped
        points, at most the cap; no points (null) is 0.
    -#}
    least({{ var('scoring_engagement_cap') }}, coalesce({{ engagement_before_total_cap }}, 0))
{%- endmacro %}


{% macro scoring_in_engagement_window(occurred_at, snapshot_at, window_days) -%}
    {#-
        True for an activity inside the recency window of `window_days` days ending at
        `snapshot_at`: not after the snapshot, and at most `window_days` days before it (an
        activity exactly `window_days` days old counts).
    -#}
    (
        {{ occurred_at }} <= {{ snapshot_at }}
        and {{ occurred_at }} >= {{ dbt.dateadd('day', '-1 * ' ~ window_days, snapshot_at) }}
    )
{%- endmacro %}


{% macro scoring_window_expires_at(occurred_at, window_days) -%}
    {#-
        When an activity leaves the recency window of `window_days` days: occurred_at + window
        days (it still counts at that instant; see scoring_in_engagement_window).
    -#}
    {{ dbt.dateadd('day', window_days, occurred_at) }}
{%- endmacro %}


{% macro scoring_in_grade_band(score, bands) -%}
    {#-
        True when `score` lies in the grade band `bands` (a relation with min_score, inclusive,
        and max_score_exclusive; a null bound is open), as int_scoring_grade_bands defines them.
    -#}
    (
        {{ score }} >= coalesce({{ bands }}.min_score, {{ score }})
        and (
            {{ bands }}.max_score_exclusive is null
            or {{ score }} < {{ bands }}.max_score_exclusive
        )
    )
{%- endmacro %}


{% macro scoring_capped_engagement_ctes(point_deltas, partition_key, running_sums={}, with_last_of_peers=false, type_key='activity_type') -%}
    {#-
        The capped-engagement running sum over point deltas, as CTEs to put after `point_deltas`
        in a `with` clause. `point_deltas` holds one row per change of a type's points in the
        window: partition_key, activity_type, cap_per_window, delta_at, delta_order
        (0: the activity's points arrive, 1: they expire, after any arrival at that instant) and
        point_delta (cap_per_window the same on every row of a key and type). A running sum per key
        and type gives the type's points in the window; its capped value (scoring_capped) changes
        only at that type's deltas, so the running sum of those changes per key is the sum of
        capped type points at every moment (peers at the same delta_at and delta_order summed
        together). The change at a row is capped(points through the row) - capped(points through
        the row before), both from one running sum: no lag(), no second sort. Defines engagement_type_points,
        engagement_type_capped, engagement_type_changes, engagement_running and, last,
        engagement_capped: every column of `point_deltas` plus type_points_in_window, type_points_through_row, type_capped_points,
        capped_points_change,
        engagement_before_total_cap and engagement_score (after the total cap). `running_sums` ({column:
        SQL expression over a delta row}) adds running sums per key in the same window as
        engagement_before_total_cap (one sort shared, peers included), e.g. the hand-raisers in the window.
        `with_last_of_peers` adds is_last_of_peers: true on exactly one row of each instant and
        order (key, delta_at, delta_order), from the same sort (the next row, lead(), is at another
        instant or order, or there is none: cheaper than a row number against a count of the rows
        through the peers, a second frame aggregate): a reader wanting one state per instant filters
        on it instead of grouping the deltas again (every running sum is the same on all peers).
        `type_key`: the column of `point_deltas` that tells the types apart in the per-type window
        (default activity_type; int_lead_score_changes passes the integer activity_type_key, cheaper
        to partition on; rows that share a key must share the type's points, or score 0).
    -#}
engagement_type_points as (
    -- points of the type in the window at each delta (peers at the same time are summed together),
    -- and through this row (peers in any order): one sort for both
    select
        {{ point_deltas }}.*,
        sum({{ point_deltas }}.point_delta) over (
            partition by {{ point_deltas }}.{{ partition_key }}, {{ point_deltas }}.{{ type_key }}
            order by {{ point_deltas }}.delta_at, {{ point_deltas }}.delta_order
        ) as type_points_in_window,
        sum({{ point_deltas }}.point_delta) over (
            partition by {{ point_deltas }}.{{ partition_key }}, {{ point_deltas }}.{{ type_key }}
            order by {{ point_deltas }}.delta_at, {{ point_deltas }}.delta_order
            rows between unbounded preceding and current row
        ) as type_points_through_row
    from {{ point_deltas }}
),

engagement_type_capped as (
    select
        engagement_type_points.*,
        {{ lead_funnel.scoring_capped(
            'engagement_type_points.type_points_in_window', 'engagement_type_points.cap_per_window'
        ) }} as type_capped_points
    from engagement_type_points
),

engagement_type_changes as (
    -- how much this row moved the type's capped contribution: capped through this row minus capped
    -- through the previous one (that sum less this delta; 0 before the first). Over the peers of an
    -- instant the changes add up to the move of the type's capped points there, whatever their order.
    select
        engagement_type_capped.*,
        {{ lead_funnel.scoring_capped(
            'engagement_type_capped.type_points_through_row', 'engagement_type_capped.cap_per_window'
        ) }}
        - {{ lead_funnel.scoring_capped(
            '(engagement_type_capped.type_points_through_row - engagement_type_capped.point_delta)',
            'engagement_type_capped.cap_per_window'
        ) }} as capped_points_change
    from engagement_type_capped
),

engagement_running as (
    select
        engagement_type_changes.*,
        sum(engagement_type_changes.capped_points_change) over (
            partition by engagement_type_changes.{{ partition_key }}
            order by engagement_type_changes.delta_at, engagement_type_changes.delta_order
        ) as engagement_before_total_cap
        {%- for column, expression in running_sums.items() %},
        sum({{ expression }}) over (
            partition by engagement_type_changes.{{ partition_key }}
            order by engagement_type_changes.delta_at, engagement_type_changes.delta_order
        ) as {{ column }}
        {%- endfor %}
        {%- if with_last_of_peers %},
        lead(engagement_type_changes.delta_at) over (
            partition by engagement_type_changes.{{ partition_key }}
            order by engagement_type_changes.delta_at, engagement_type_changes.delta_order
        ) as next_delta_at,
        lead(engagement_type_changes.delta_order) over (
            partition by engagement_type_changes.{{ partition_key }}
            order by engagement_type_changes.delta_at, engagement_type_changes.delta_order
        ) as next_delta_order
        {%- endif %}
    from engagement_type_changes
),

engagement_capped as (
    select
        engagement_running.*,
        {{ lead_funnel.scoring_engagement_total_capped('engagement_running.engagement_before_total_cap') }}
            as engagement_score
        {%- if with_last_of_peers %},
        coalesce(
            engagement_running.next_delta_at <> engagement_running.delta_at
            or engagement_running.next_delta_order <> engagement_running.delta_order,
            true
        ) as is_last_of_peers
        {%- endif %}
    from engagement_running
)
{%- endmacro %}


{#-
    The MQL criteria (docs/scoring.md), one definition for every model and test that evaluates
    them. Arguments are SQL expressions; the defaults are the usual column names.
    - score path: fit >= var scoring_fit_gate, engagement >= var scoring_engagement_gate and
      fit + engagement >= the segment's threshold, never for a hand-raiser-only lead source;
    - hand-raiser fast track: a hand-raiser activity and fit >= var scoring_fast_track_min_fit;
    - never for a disqualified lead; the score path wins when both hold (trigger `score`).
-#}

{% macro mql_meets_score_threshold(
    fit_score='fit_score', engagement_score='engagement_score', lead_score='lead_score',
    mql_score_threshold='mql_score_threshold'
) -%}
    (
        {{ fit_score }} >= {{ var('scoring_fit_gate') }}
        and {{ engagement_score }} >= {{ var('scoring_engagement_gate') }}
        and {{ lead_score }} >= {{ mql_score_threshold }}
    )
{%- endmacro %}


{% macro mql_meets_hand_raiser_fast_track(has_hand_raiser='is_hand_raiser', fit_score='fit_score') -%}
    (
        {{ has_hand_raiser }}
        and {{ fit_score }} >= {{ var('scoring_fast_track_min_fit') }}
    )
{%- endmacro %}


{% macro mql_qualifies_by_score(
    fit_score='fit_score', engagement_score='engagement_score', lead_score='lead_score',
    mql_score_threshold='mql_score_threshold', is_disqualified='is_disqualified',
    is_hand_raiser_only_source='is_hand_raiser_only_source'
) -%}
    (
        not {{ is_disqualified }}
        and not {{ is_hand_raiser_only_source }}
        and {{ lead_funnel.mql_meets_score_threshold(fit_score, engagement_score, lead_score, mql_score_threshold) }}
    )
{%- endmacro %}


{% macro mql_qualifies_by_hand_raiser(
    has_hand_raiser='is_hand_raiser', fit_score='fit_score', is_disqualified='is_disqualified'
) -%}
    (
        not {{ is_disqualified }}
        and {{ lead_funnel.mql_meets_hand_raiser_fast_track(has_hand_raiser, fit_score) }}
    )
{%- endmacro %}


{% macro mql_meets_criteria(
    fit_score='fit_score', engagement_score='engagement_score', lead_score='lead_score',
    mql_score_threshold='mql_score_threshold', has_hand_raiser='is_hand_raiser',
    is_disqualified='is_disqualified', is_hand_raiser_only_source='is_hand_raiser_only_source'
) -%}
    (
        {{ lead_funnel.mql_qualifies_by_score(
            fit_score, engagement_score, lead_score, mql_score_threshold, is_disqualified,
            is_hand_raiser_only_source
        ) }}
        or {{ lead_funnel.mql_qualifies_by_hand_raiser(has_hand_raiser, fit_score, is_disqualified) }}
    )
{%- endmacro %}


{% macro mql_trigger(
    fit_score='fit_score', engagement_score='engagement_score', lead_score='lead_score',
    mql_score_threshold='mql_score_threshold', has_hand_raiser='is_hand_raiser',
    is_disqualified='is_disqualified', is_hand_raiser_only_source='is_hand_raiser_only_source'
) -%}
    case
        when {{ lead_funnel.mql_qualifies_by_score(
            fit_score, engagement_score, lead_score, mql_score_threshold, is_disqualified,
            is_hand_raiser_only_source
        ) }} then 'score'
        when {{ lead_funnel.mql_qualifies_by_hand_raiser(has_hand_raiser, fit_score, is_disqualified) }}
            then 'hand_raiser'
    end
{%- endmacro %}


{% macro aql_qualification_ctes(timeline, activities, accounts) -%}
    {#-
        The AQL qualifications (int_aql_qualifications_observed), as CTEs to put in a `with` clause after the
        three relations: `timeline` (int_aql_account_timeline), `activities`
        (int_aql_contact_activities) and `accounts` (int_aql_accounts_scored). A qualifying stretch
        runs from the change point where the criteria start to hold to the one where they stop;
        it is observed at its first contact activity (the start itself when an activity started
        it; after a start by an expiry, the next activity before the stretch stopped); the first
        observed stretch is a qualification, a later one only when observed at least one window
        (the account segment's) after the previous observed stretch stopped. Defines flagged,
        transitions, stretches, observed_at_start, observed_after_expiry_start, observations,
        observed_stretches and, last, qualifications (account_id, started_at, start_order,
        stopped_at, stop_order, first_qualifying_at, recency_window_days, previous_stopped_at).
    -#}
flagged as (
    select
        {{ timeline }}.*,
        coalesce(
            lag({{ timeline }}.is_qualifying) over (
                partition by {{ timeline }}.account_id
                order by {{ timeline }}.changed_at, {{ timeline }}.change_order
            ),
            false
        ) as was_qualifying
    from {{ timeline }}
),

transitions as (
    -- the change points where the account starts or stops meeting the criteria
    select
        flagged.*,
        lead(flagged.changed_at) over (
            partition by flagged.account_id
            order by flagged.changed_at, flagged.change_order
        ) as next_transition_at,
        lead(flagged.change_order) over (
            partition by flagged.account_id
            order by flagged.changed_at, flagged.change_order
        ) as next_transition_order
    from flagged
    where flagged.is_qualifying <> flagged.was_qualifying
),

stretches as (
    -- one row per qualifying stretch; stopped_at null = still qualifying at as_of
    select
        account_id,
        changed_at as started_at,
        change_order as start_order,
        next_transition_at as stopped_at,
        next_transition_order as stop_order
    from transitions
    where is_qualifying
),

observed_at_start as (
    select
        account_id,
        started_at,
        started_at as first_qualifying_at
    from stretches
    where start_order = 0
),

observed_after_expiry_start as (
    -- the first activity after the start (an arrival at the start instant precedes the expiry)
    -- and before the stretch stopped (an arrival at the stop instant counts when it stopped by an expiry)
    select
        stretches.account_id,
        stretches.started_at,
        min({{ activities }}.occurred_at) as first_qualifying_at
    from stretches
    inner join {{ activities }}
        on
            stretches.account_id = {{ activities }}.account_id
            and stretches.started_at < {{ activities }}.occurred_at
            and (
                stretches.stopped_at is null
                or stretches.stopped_at > {{ activities }}.occurred_at
                or (stretches.stopped_at = {{ activities }}.occurred_at and stretches.stop_order = 1)
            )
    where stretches.start_order = 1
    group by 1, 2
),

observations as (
    select * from observed_at_start
    union all
    select * from observed_after_expiry_start
),

observed_stretches as (
    select
        stretches.*,
        observations.first_qualifying_at,
        {{ accounts }}.recency_window_days,
        lag(stretches.stopped_at) over (
            partition by stretches.account_id
            order by stretches.started_at, stretches.start_order
        ) as previous_stopped_at
    from stretches
    inner join observations
        on
            stretches.account_id = observations.account_id
            and stretches.started_at = observations.started_at
    inner join {{ accounts }}
        on stretches.account_id = {{ accounts }}.account_id
),

qualifications as (
    select * from observed_stretches
    where
        previous_stopped_at is null
        or first_qualifying_at >= {{ dbt.dateadd('day', 'recency_window_days', 'previous_stopped_at') }}
)
{%- endmacro %}


{% macro scoring_model_version_in_force_at(versions, at) -%}
    {#-
        True when the version row `versions` (an int_scoring_model_versions alias) is the scoring
        model in force at `at`: from its effective_from (the first version also before it,
        backfilled) until the next version's effective_from (exclusive). Exactly one version holds
        at any time.
    -#}
    (
        {{ versions }}.has_been_in_force
        and ({{ versions }}.is_first_version or {{ at }} >= {{ versions }}.in_force_from)
        and ({{ versions }}.in_force_until is null or {{ at }} < {{ versions }}.in_force_until)
    )
{%- endmacro %}


{% macro scoring_model_version_is(version_flag=none, model_version='model_version') -%}
    {#-
        True for rows whose scoring-model version (column `model_version`) has `version_flag`, a
        boolean column of int_scoring_model_versions: is_in_force_at_as_of (the version of every
        "now" model), has_been_in_force (the score history), is_draft (the backtest); without a
        flag, any version evaluated (a row of int_scoring_model_versions). One definition of "the
        rows of the version(s) ..." for every reader of a versioned seed or by-version model.
    -#}
    {{ model_version }} in (
        select model_version from {{ ref('int_scoring_model_versions') }}
        {%- if version_flag is not none %}
            where {{ version_flag }}
        {%- endif %}
    )
{%- endmacro %}


{% macro mql_events_ctes(evaluations, keys=none) -%}
    {#-
        MQL events with recycling, set-based, as CTEs to put in a `with` clause after
        `evaluations` (qualifying rows of int_lead_mql_evaluations, one scoring-model version per
        activity): one definition for the events of the versions in force (int_lead_mql_events)
        and the draft's replay (int_lead_mql_events_backtested). Recycling reads the statuses of
        var scoring_recycle_statuses up to as_of (mql_recycle_statuses); the account comes from
        int_leads_enriched (mql_leads). Qualifying activities and recycle statuses form one
        time-ordered stream per lead; the number of recycle statuses strictly before a
        qualifying activity is its cycle (at equal timestamps the activity comes first, so a
        status must be strictly before the next MQL). The first qualifying activity of each cycle
        is an MQL event: the first one overall, then the first one after each recycle status,
        which therefore always follows the previous MQL. Defines mql_recycle_statuses, mql_leads,
        mql_stream, mql_cycles, mql_cycle_firsts, mql_event_rows and, last, mql_events (the
        columns of fct_mql_events). With `keys` (a CTE of lead_ids: an incremental run's affected
        leads) only those leads' statuses and attributes are read; `evaluations` must hold only
        those leads too.
    -#}
{%- set recycle_statuses = 'mql_recycle_statuses' %}
{%- set leads = 'mql_leads' %}
mql_recycle_statuses as (
    select
        lead_id,
        changed_at
    from {{ ref('int_lead_status_history_repointed') }}
    where
        status in {{ lead_funnel.scoring_sql_list(var('scoring_recycle_statuses')) }}
        and changed_at <= {{ lead_funnel.as_of() }}
        {%- if keys %}
        and lead_id in (select {{ keys }}.lead_id from {{ keys }})
        {%- endif %}
),

mql_leads as (
    select * from {{ ref('int_leads_enriched') }}
    {%- if keys %}
    where lead_id in (select {{ keys }}.lead_id from {{ keys }})
    {%- endif %}
),

mql_stream as (
    select
        lead_id,
        occurred_at as event_at,
        0 as event_order,
        activity_id
    from {{ evaluations }}
    union all
    select
        lead_id,
        changed_at as event_at,
        1 as event_order,
        cast(null as {{ dbt.type_string() }}) as activity_id
    from {{ recycle_statuses }}
),

mql_cycles as (
    select
        *,
        sum(event_order) over (
            partition by lead_id
            order by event_at, event_order, activity_id
            rows between unbounded preceding and current row
        ) as recycle_count
    from mql_stream
),

mql_cycle_firsts as (
    select
        lead_id,
        activity_id,
        row_number() over (
            partition by lead_id, recycle_count
            order by event_at, activity_id
        ) as rank_in_cycle
    from mql_cycles
    where event_order = 0
),

mql_event_rows as (
    select {{ evaluations }}.*
    from {{ evaluations }}
    inner join mql_cycle_firsts
        on
            {{ evaluations }}.activity_id = mql_cycle_firsts.activity_id
            and mql_cycle_firsts.rank_in_cycle = 1
),

mql_events as (
    select
        {{ lead_funnel.row_key(['mql_event_rows.lead_id', 'mql_event_rows.activity_id']) }} as mql_event_id,
        mql_event_rows.lead_id,
        {{ leads }}.account_id,
        cast(
            row_number() over (
                partition by mql_event_rows.lead_id
                order by mql_event_rows.occurred_at, mql_event_rows.activity_id
            ) as integer
        ) as mql_sequence,
        mql_event_rows.occurred_at as mql_at,
        mql_event_rows.mql_trigger,
        mql_event_rows.activity_id as trigger_activity_id,
        mql_event_rows.activity_type as trigger_activity_type,
        cast(mql_event_rows.fit_score as integer) as fit_score_at_mql,
        cast(mql_event_rows.engagement_score as integer) as engagement_score_at_mql,
        cast(mql_event_rows.lead_score as integer) as lead_score_at_mql,
        mql_event_rows.segment,
        case
            when
                mql_event_rows.mql_trigger = 'hand_raiser'
                or mql_event_rows.fit_grade in {{ lead_funnel.scoring_sql_list(var('scoring_high_priority_fit_grades')) }}
                then 'high'
            else 'standard'
        end as priority,
        mql_event_rows.fit_grade as fit_grade_at_mql,
        cast(mql_event_rows.mql_score_threshold as integer) as mql_score_threshold,
        mql_event_rows.model_version as scoring_model_version
    from mql_event_rows
    inner join {{ leads }}
        on mql_event_rows.lead_id = {{ leads }}.lead_id
)
{%- endmacro %}



{% macro scoring_engagement_point_deltas_ctes(activities, leads) -%}
    {#-
        The point deltas of the set-based engagement (docs/scoring.md), as CTEs to put in a `with`
        clause after `activities` (int_activities_scored_by_model_version rows up to as_of) and
        `leads` (lead_id, model_version, recency_window_days; on incremental runs and bucketed full
        builds, macro builds_lead_subset, only the leads of a CTE `affected_keys` are keyed): each
        activity adds its points when it occurs (delta_order 0) and takes them back at
        occurred_at + window (delta_order 1, after any arrival at that instant; expiries after
        as_of are left out). Defines keyed_leads (an integer lead_key per lead and version: the
        windows partition and sort on it, cheaper than text; and lead_number per lead, for windows over all its versions), windowed (one row per
        activity and version: lead_key, activity_id, activity_type, activity_type_key, occurred_at, points,
        cap_per_window, is_hand_raiser, expires_at) and point_deltas, the input of
        scoring_capped_engagement_ctes (lead_key, activity_type, activity_type_key, cap_per_window, is_hand_raiser,
        activity_id, delta_at, delta_order, point_delta; activity_id null on expiries). Both
        deltas come from ONE read of windowed (a cross join with the two delta orders): a CTE read
        twice is materialized whole by DuckDB (59M wide rows at tier M, spilled). The windows
        sort every column a reader uses: the timeline carries activity_id through them (14
        characters) rather than joining 59M arrivals back to the activities afterwards; readers
        that do not use it (int_lead_score_changes) do not sort it (DuckDB prunes unused columns
        through windows and unions). lead_id and model_version come back from keyed_leads on
        lead_key (one row per lead and version). Used by int_lead_engagement_timeline and
        int_lead_score_changes.
    -#}
{%- set keyed_leads = 'keyed_leads' %}
keyed_leads as (
    select
        {{ leads }}.lead_id,
        {{ leads }}.model_version,
        {{ leads }}.recency_window_days,
        row_number() over (order by {{ leads }}.lead_id, {{ leads }}.model_version) as lead_key,
        dense_rank() over (order by {{ leads }}.lead_id) as lead_number
    from {{ leads }}
    {% if lead_funnel.builds_lead_subset() -%}
        inner join affected_keys
            on {{ leads }}.lead_id = affected_keys.lead_id
    {%- endif %}
),

windowed as (
    select
        {{ keyed_leads }}.lead_key,
        {{ activities }}.activity_id,
        {{ activities }}.activity_type,
        {{ activities }}.activity_type_key,
        {{ activities }}.occurred_at,
        {{ activities }}.points,
        {{ activities }}.cap_per_window,
        {{ activities }}.is_hand_raiser,
        {{ lead_funnel.scoring_window_expires_at(
            activities ~ '.occurred_at', keyed_leads ~ '.recency_window_days'
        ) }} as expires_at
    from {{ activities }}
    inner join {{ keyed_leads }}
        on
            {{ activities }}.lead_id = {{ keyed_leads }}.lead_id
            and {{ activities }}.model_version = {{ keyed_leads }}.model_version
),

delta_orders as (
    -- 0: the activity's points arrive; 1: they expire (after any arrival at that time)
    select 0 as delta_order
    union all
    select 1 as delta_order
),

point_deltas as (
    -- two rows per activity from one read of windowed; an expiry after as_of precedes no evaluation.
    -- Narrow (integer key, no text but the type and the arrival's activity_id): the windows sort them.
    select
        windowed.lead_key,
        windowed.activity_type,
        windowed.activity_type_key,
        windowed.cap_per_window,
        windowed.is_hand_raiser,
        case when delta_orders.delta_order = 0 then windowed.activity_id end as activity_id,
        case when delta_orders.delta_order = 0 then windowed.occurred_at else windowed.expires_at end as delta_at,
        delta_orders.delta_order,
        case when delta_orders.delta_order = 0 then windowed.points else -windowed.points end as point_delta
    from windowed
    cross join delta_orders
    where
        delta_orders.delta_order = 0
        or windowed.expires_at <= {{ lead_funnel.as_of() }}
)
{%- endmacro %}


{% macro scoring_history_marker_ctes(keyed_leads, leads, model_versions) -%}
    {#-
        The point-less deltas of the score history (int_lead_score_changes), as a CTE `markers` with
        the columns of point_deltas: per lead and version in force, the lead's creation, or the
        moment a later version took effect when the lead existed before (delta_order -1: the state
        before any arrival at that instant). `leads`: int_leads_enriched_by_model_version rows;
        `model_versions`: int_scoring_model_versions rows in force over the history. Then CTE
        history_deltas: point_deltas (scoring_engagement_point_deltas_ctes) and the markers up to as_of.
    -#}
markers as (
    select
        {{ keyed_leads }}.lead_key,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        0 as activity_type_key,
        0 as cap_per_window,
        false as is_hand_raiser,
        cast(null as {{ dbt.type_string() }}) as activity_id,
        case
            when
                {{ model_versions }}.is_first_version
                or {{ leads }}.lead_created_at >= {{ model_versions }}.in_force_from
                then {{ leads }}.lead_created_at
            else {{ model_versions }}.in_force_from
        end as delta_at,
        -1 as delta_order,
        0 as point_delta
    from {{ keyed_leads }}
    inner join {{ leads }}
        on
            {{ keyed_leads }}.lead_id = {{ leads }}.lead_id
            and {{ keyed_leads }}.model_version = {{ leads }}.model_version
    inner join {{ model_versions }}
        on {{ keyed_leads }}.model_version = {{ model_versions }}.model_version
    where
        {{ model_versions }}.in_force_until is null
        or {{ leads }}.lead_created_at < {{ model_versions }}.in_force_until
),

history_deltas as (
    select * from point_deltas
    union all
    select * from markers
    where delta_at <= {{ lead_funnel.as_of() }}
)
{%- endmacro %}


{% macro scoring_history_affected_keys_ctes(leads, model_versions) -%}
    {#-
        The leads an incremental run of the score history (int_lead_score_changes) recomputes: on
        incremental runs CTEs, each followed by a comma (nothing on full builds; the refs are
        taken on every render, so dbt sees the dependencies when it parses), after `leads`
        (int_leads_enriched_by_model_version rows in force) and `model_versions`
        (int_scoring_model_versions in force). Imports affected_leads (int_leads_affected: new,
        removed and changed leads, new, late, re-pointed, removed or re-sent activities and status
        changes) and timeline (int_lead_engagement_timeline: the activities, stored, under every
        version). A history row is not one row per activity and an activity leaving its window
        changes a score without a new activity, so add, since the lookback before the latest
        loaded change (history_bounds.reprocess_from, at most as_of: a run after a pause in the
        data catches up): the leads with an activity leaving its window (from the timeline, not
        the activity views), every lead when a version took force, and the leads with loaded rows
        after as_of (as_of moved back). Defines affected_leads, history_bounds,
        history_longest_window, timeline (only the rows that can have left a window since
        reprocess_from, filtered before the join), history_leaving_window, history_versions_taking_force, history_every_lead and, last,
        affected_keys (distinct lead_id). On a bucketed full build only affected_keys: one bucket
        of `leads` (macro full_build_lead_bucket_keys).
    -#}
{%- set affected_leads_relation = ref('int_leads_affected') -%}
{%- set timeline_relation = ref('int_lead_engagement_timeline') -%}
{%- set affected_leads = 'affected_leads' -%}
{%- set timeline = 'timeline' -%}
{%- if is_incremental() %}
affected_leads as (
    select lead_id from {{ affected_leads_relation }}
),

history_bounds as (
    select {{ lead_funnel.incremental_reprocess_from('changed_at', lead_funnel.as_of()) }} as reprocess_from
    from {{ lead_funnel.incremental_loaded() }}
),

history_longest_window as (
    select max(recency_window_days) as recency_window_days
    from {{ leads }}
),

timeline as (
    -- the stored activities that can leave a window since reprocess_from: out of the longest
    -- window then, a necessary condition of history_leaving_window read before its join (the
    -- stored timeline is every activity under every version: most of it is older)
    select
        stored_timeline.lead_id,
        stored_timeline.model_version,
        stored_timeline.occurred_at
    from {{ timeline_relation }} as stored_timeline
    cross join history_bounds
    cross join history_longest_window
    where
        {{ lead_funnel.scoring_window_expires_at(
            'stored_timeline.occurred_at', 'history_longest_window.recency_window_days'
        ) }}
        >= history_bounds.reprocess_from
),

history_leaving_window as (
    -- an activity leaving the lead's window under a version in force, since reprocess_from
    select {{ timeline }}.lead_id
    from {{ timeline }}
    inner join {{ leads }}
        on
            {{ timeline }}.lead_id = {{ leads }}.lead_id
            and {{ timeline }}.model_version = {{ leads }}.model_version
    cross join history_bounds
    where
        {{ lead_funnel.scoring_window_expires_at(timeline ~ '.occurred_at', leads ~ '.recency_window_days') }}
        >= history_bounds.reprocess_from
        and {{ lead_funnel.scoring_window_expires_at(timeline ~ '.occurred_at', leads ~ '.recency_window_days') }}
        <= {{ lead_funnel.as_of() }}
),

history_versions_taking_force as (
    select {{ model_versions }}.model_version
    from {{ model_versions }}
    cross join history_bounds
    where
        {{ model_versions }}.in_force_from > history_bounds.reprocess_from
        and {{ model_versions }}.in_force_from <= {{ lead_funnel.as_of() }}
),

history_every_lead as (
    -- nothing loaded yet, or a version taking force since reprocess_from: every lead
    select {{ leads }}.lead_id
    from {{ leads }}
    cross join history_bounds
    where
        history_bounds.reprocess_from is null
        or exists (select 1 from history_versions_taking_force)
),

affected_keys as (
    select distinct lead_id
    from (
        select lead_id from {{ affected_leads }}
        union all
        select lead_id from history_leaving_window
        union all
        select lead_id from history_every_lead
        union all
        select lead_id from {{ lead_funnel.incremental_loaded() }}
        where changed_at > {{ lead_funnel.as_of() }}
    ) as affected
),
{%- else %}
{{ lead_funnel.full_build_lead_bucket_keys('affected_keys', leads) }}
{%- endif %}
{%- endmacro %}


{% macro scoring_history_lead_lookup_ctes(keyed_leads, leads, model_versions, activity_leads) -%}
    {#-
        The lead attributes of the score history (int_lead_score_changes) as ONE small integer-keyed
        lookup, as CTEs to put after `keyed_leads` (scoring_engagement_point_deltas_ctes: lead_key
        per lead and version, lead_number per lead), `leads` (int_leads_enriched_by_model_version
        rows in force), `model_versions` (int_scoring_model_versions in force) and `activity_leads`
        (lead_id and model_version of the activities up to as_of). Defines lead_activity_counts
        (per lead_number) and lead_lookup: one row per lead_key with lead_number, lead_id, model_version, the
        lead's fit_score, fit_grade, segment, mql_score_threshold, is_disqualified,
        is_hand_raiser_only_source, its version's model_version_key (an integer column of
        `model_versions`) and in-force columns (has_been_in_force,
        is_first_version, in_force_from, in_force_until: scoring_model_version_in_force_at reads
        them) and activity_count. The text keys (lead_id, model_version) are joined once here, on
        the leads; the tens of millions of state rows join lead_lookup on the integer lead_key.
    -#}
lead_activity_counts as (
    select
        {{ keyed_leads }}.lead_number,
        count({{ activity_leads }}.lead_id) as activity_count
    from {{ keyed_leads }}
    left join {{ activity_leads }}
        on
            {{ keyed_leads }}.lead_id = {{ activity_leads }}.lead_id
            and {{ keyed_leads }}.model_version = {{ activity_leads }}.model_version
    group by 1
),

lead_lookup as (
    -- one row per lead and version in force (lead_key), read by the joins before and after the windows
    select
        {{ keyed_leads }}.lead_key,
        {{ keyed_leads }}.lead_number,
        {{ keyed_leads }}.lead_id,
        {{ keyed_leads }}.model_version,
        {{ leads }}.fit_score,
        {{ leads }}.fit_grade,
        {{ leads }}.segment,
        {{ leads }}.mql_score_threshold,
        {{ leads }}.is_disqualified,
        {{ leads }}.is_hand_raiser_only_source,
        {{ model_versions }}.model_version_key,
        {{ model_versions }}.has_been_in_force,
        {{ model_versions }}.is_first_version,
        {{ model_versions }}.in_force_from,
        {{ model_versions }}.in_force_until,
        lead_activity_counts.activity_count
    from {{ keyed_leads }}
    inner join {{ leads }}
        on
            {{ keyed_leads }}.lead_id = {{ leads }}.lead_id
            and {{ keyed_leads }}.model_version = {{ leads }}.model_version
    inner join {{ model_versions }}
        on {{ keyed_leads }}.model_version = {{ model_versions }}.model_version
    inner join lead_activity_counts
        on {{ keyed_leads }}.lead_number = lead_activity_counts.lead_number
)
{%- endmacro %}


{% macro scored_activities_select(version_flag=none) -%}
    {#-
        The one definition of a scored activity (int_activities_scored_by_model_version, and
        int_activities_scored with version_flag 'is_in_force_at_as_of'), as a `with` clause whose
        last CTE is `final`: macro scored_activities_ctes.
    -#}
with
{{ lead_funnel.scored_activities_ctes('final', version_flag) }}
{%- endmacro %}


{% macro scored_activities_ctes(name='final', version_flag=none, only_leads=none) -%}
    {#-
        scored_activities_select as CTEs to put in a `with` clause: `<name>__activities` ..
        `<name>` (the scored activities). only_leads: a relation or CTE with a lead_id column of
        surviving leads (int_leads_affected on incremental runs); when given, the staged activities
        are filtered to the lead records of those leads in the first CTE, at the scan, before the
        re-pointing and version joins (a filter on the view's output is applied after them).
    -#}
{{ name }}__leads as (
    {{ lead_funnel.canonical_leads_select() }}
    {%- if only_leads is not none %}
    where {{ lead_funnel.canonical_lead_id() }} in (
        select {{ name }}__only_leads.lead_id from {{ only_leads }} as {{ name }}__only_leads
    )
    {%- endif %}
),

{{ name }}__activities as (
    select * from {{ ref('stg_raw__activities') }}
    {%- if only_leads is not none %}
    where lead_id in (select {{ name }}__leads.lead_id from {{ name }}__leads)
    {%- endif %}
),

{{ name }}__model_versions as (
    select model_version from {{ ref('int_scoring_model_versions') }}
    {%- if version_flag is not none %}
    where {{ version_flag }}
    {%- endif %}
),

{{ name }}__activity_points_seed as (
    select * from {{ ref('scoring_activity_points') }}
),

{{ name }}__activity_type_keys as (
    -- one integer per scored type (the same under every version); unscored types share 0 (0 points)
    select
        activity_type,
        row_number() over (order by activity_type) as activity_type_key
    from {{ name }}__activity_points_seed as activity_points_seed
    group by 1
),

{{ name }}__activity_points as (
    -- the seed with the type's key: the activities join it once (no second join for the key)
    select
        activity_points_seed.*,
        activity_type_keys.activity_type_key
    from {{ name }}__activity_points_seed as activity_points_seed
    inner join {{ name }}__activity_type_keys as activity_type_keys
        on activity_points_seed.activity_type = activity_type_keys.activity_type
),

{{ name }} as (
    select
        activities.activity_id,
        model_versions.model_version,
        leads.canonical_lead_id as lead_id,
        activities.lead_id as source_lead_id,
        leads.canonical_lead_id <> activities.lead_id as is_repointed,
        activities.activity_type,
        coalesce(activity_points.activity_type_key, 0) as activity_type_key,
        activities.occurred_at,
        activities.asset,
        activities.campaign_id,
        activities.is_known_activity_type,
        activity_points.activity_type is not null as is_scored_activity_type,
        coalesce(activity_points.points, 0) as points,
        coalesce(activity_points.cap_per_window, 0) as cap_per_window,
        coalesce(activity_points.is_hand_raiser, false) as is_hand_raiser
    from {{ name }}__activities as activities
    inner join {{ name }}__leads as leads
        on activities.lead_id = leads.lead_id
    cross join {{ name }}__model_versions as model_versions
    left join {{ name }}__activity_points as activity_points
        on
            activities.activity_type = activity_points.activity_type
            and model_versions.model_version = activity_points.model_version
)
{%- endmacro %}



{% macro canonical_lead_id(lead_id='lead_id', duplicate_of_lead_id='duplicate_of_lead_id') -%}
    {#- The one definition of the person a lead record belongs to: the surviving lead of a flagged
        duplicate (stg_raw__leads.duplicate_of_lead_id), else the record itself. -#}
    coalesce({{ duplicate_of_lead_id }}, {{ lead_id }})
{%- endmacro %}


{% macro canonical_leads_select() -%}
    {#- Every staged lead record (lead_id) and the person it belongs to (canonical_lead_id, macro
        canonical_lead_id): the map the re-pointing models join their rows through. -#}
    -- every staged lead record and the person it belongs to (the surviving duplicate)
    select
        lead_id,
        {{ lead_funnel.canonical_lead_id() }} as canonical_lead_id
    from {{ ref('stg_raw__leads') }}
{%- endmacro %}


{% macro lead_engagement_components_ctes(name='final', only_leads=none) -%}
    {#-
        The one definition of engagement at as_of per lead and activity type (the view
        int_lead_engagement_components is `select * from` it), as CTEs to put in a `with` clause:
        `<name>__activities` .. `<name>`, the last one with the view's columns. only_leads: a
        relation or CTE with a lead_id column (int_leads_affected on an incremental run); when
        given, the activities (macro scored_activities_ctes, the definition of
        int_activities_scored, inlined: filtered at their scan; a caller passing only_leads on
        incremental runs only declares depends_on stg_raw__activities, stg_raw__leads,
        int_scoring_model_versions and scoring_activity_points) and leads are filtered to those
        leads in the first CTEs, before the joins and group-bys (a filter on the view's output is
        not pushed under its aggregates: every lead was computed to keep a few).
    -#}
{%- if only_leads is not none %}
{{ lead_funnel.scored_activities_ctes(name ~ '__scored', 'is_in_force_at_as_of', only_leads) }},
{%- endif %}

{{ name }}__activities as (
    -- int_activities_scored, or its definition (macro scored_activities_ctes) for only_leads
    select * from {{ name ~ '__scored' if only_leads is not none else ref('int_activities_scored') }}
    where occurred_at <= {{ lead_funnel.as_of() }}
),

{{ name }}__leads as (
    select
        lead_id,
        recency_window_days
    from {{ ref('int_leads_enriched') }}
    {%- if only_leads is not none %}
    where lead_id in (select {{ name }}__only_leads.lead_id from {{ only_leads }} as {{ name }}__only_leads)
    {%- endif %}
),

{{ name }}__in_window as (
    select
        activities.lead_id,
        activities.activity_type,
        activities.occurred_at,
        activities.points * {{ lead_funnel.scoring_decay_factor('activities.occurred_at') }} as points,
        activities.cap_per_window,
        activities.is_hand_raiser,
        leads.recency_window_days
    from {{ name }}__activities as activities
    inner join {{ name }}__leads as leads
        on activities.lead_id = leads.lead_id
    where {{ lead_funnel.scoring_in_engagement_window(
        'activities.occurred_at', lead_funnel.as_of(), 'leads.recency_window_days'
    ) }}
),

{{ name }}__by_type as (
    select
        lead_id,
        activity_type,
        max(recency_window_days) as recency_window_days,
        max(cap_per_window) as cap_per_window,
        sum(points) as window_points,
        count(*) as activity_count,
        sum(case when is_hand_raiser then 1 else 0 end) as hand_raiser_activity_count,
        min(occurred_at) as earliest_occurred_at,
        max(occurred_at) as latest_occurred_at
    from {{ name }}__in_window
    group by 1, 2
),

{{ name }}__type_components as (
    select
        lead_id,
        activity_type as component,
        recency_window_days,
        cast(round(window_points) as integer) as uncapped_points,
        cast(round({{ lead_funnel.scoring_capped('window_points', 'cap_per_window') }}) as integer) as points,
        activity_count,
        hand_raiser_activity_count,
        earliest_occurred_at,
        latest_occurred_at
    from {{ name }}__by_type
),

{{ name }}__lead_totals as (
    select
        lead_id,
        max(recency_window_days) as recency_window_days,
        sum(points) as capped_points
    from {{ name }}__type_components
    group by 1
),

{{ name }}__total_cap_components as (
    -- what the total cap takes back (only for leads above it)
    select
        lead_id,
        'engagement_total_cap' as component,
        recency_window_days,
        cast(null as integer) as uncapped_points,
        cast({{ lead_funnel.scoring_engagement_total_capped('capped_points') }} - capped_points as integer) as points,
        cast(null as bigint) as activity_count,
        cast(null as bigint) as hand_raiser_activity_count,
        cast(null as {{ dbt.type_timestamp() }}) as earliest_occurred_at,
        cast(null as {{ dbt.type_timestamp() }}) as latest_occurred_at
    from {{ name }}__lead_totals
    where capped_points > {{ var('scoring_engagement_cap') }}
),

{{ name }} as (
    select * from {{ name }}__type_components
    union all
    select * from {{ name }}__total_cap_components
)
{%- endmacro %}


{% macro leads_scored_ctes(name='final', only_leads=none) -%}
    {#-
        The one definition of every canonical lead scored at as_of (the view int_leads_scored is
        `select * from` it), as CTEs to put in a `with` clause: `<name>__leads` .. `<name>`, the
        last one with the view's columns. only_leads: a relation or CTE with a lead_id column
        (int_leads_affected on dim_leads' incremental runs): the leads and their engagement
        (macro lead_engagement_components_ctes) are filtered to them in the first CTEs.
    -#}
{{ name }}__leads as (
    select * from {{ ref('int_leads_enriched') }}
    {%- if only_leads is not none %}
    where lead_id in (select {{ name }}__only_leads.lead_id from {{ only_leads }} as {{ name }}__only_leads)
    {%- endif %}
),

{{ lead_funnel.lead_engagement_components_ctes(name ~ '__engagement_components', only_leads) }},

{{ name }}__engagement_grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'engagement'
),

{{ name }}__current_activity_points as (
    select * from {{ ref('scoring_activity_points') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
),

{{ name }}__engagement as (
    -- engagement at as_of and whether a hand-raiser activity is inside the window
    select
        engagement_components.lead_id,
        sum(engagement_components.points) as engagement_score,
        max(case when current_activity_points.is_hand_raiser then 1 else 0 end) as has_hand_raiser_in_window
    from {{ name }}__engagement_components as engagement_components
    left join {{ name }}__current_activity_points as current_activity_points
        on engagement_components.component = current_activity_points.activity_type
    group by 1
),

{{ name }}__scored as (
    select
        leads.*,
        cast(coalesce(engagement.engagement_score, 0) as integer) as engagement_score,
        coalesce(engagement.has_hand_raiser_in_window, 0) = 1 as has_hand_raiser_in_window
    from {{ name }}__leads as leads
    left join {{ name }}__engagement as engagement
        on leads.lead_id = engagement.lead_id
),

{{ name }}__graded as (
    select
        scored.*,
        scored.fit_score + scored.engagement_score as lead_score,
        engagement_grade_bands.grade as engagement_grade
    from {{ name }}__scored as scored
    left join {{ name }}__engagement_grade_bands as engagement_grade_bands
        on
            scored.model_version = engagement_grade_bands.model_version
            and {{ lead_funnel.scoring_in_grade_band('scored.engagement_score', 'engagement_grade_bands') }}
),

{{ name }} as (
    -- the MQL criteria at as_of (macros/scoring.sql), hand-raiser: one inside the window
    select
        lead_id,
        fit_score,
        engagement_score,
        lead_score,
        engagement_grade,
        has_hand_raiser_in_window,
        {{ lead_funnel.mql_meets_criteria(has_hand_raiser='has_hand_raiser_in_window') }} as meets_mql_criteria
    from {{ name }}__graded
)
{%- endmacro %}
