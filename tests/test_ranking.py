"""The ranking is a pure function of (items, calendar, settings, day); its invariants."""

import random
from bangongshi.model.record import replace
from datetime import date, timedelta

from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from bangongshi.domain import ranking
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.ranking import Candidate
from bangongshi.domain.settings import DEFAULTS, RULES
from bangongshi.model import Attention, Folder, Kind

CALENDAR = Calendar(package_data())
DAY = date(2026, 11, 20)


def item(id=1, **changes) -> Candidate:
    base = Candidate(id, Folder.TODO, False, False, False, False, False, None, None, None, None, None)
    return replace(base, **changes)


candidates = st.builds(
    Candidate,
    id=st.integers(1, 10**6),
    folder=st.sampled_from([Folder.TODO, Folder.TEMP]),
    important=st.booleans(), urgent=st.booleans(), key=st.booleans(), constrained=st.booleans(),
    locked=st.booleans(),
    due=st.one_of(st.none(), st.dates(date(2026, 9, 1), date(2027, 3, 1))),
    assigned_at=st.one_of(st.none(), st.dates(date(2026, 6, 1), DAY)),
    attention=st.one_of(st.none(), st.sampled_from(list(Attention))),
    estimate_minutes=st.one_of(st.none(), st.integers(5, 600)),
    kind=st.one_of(st.none(), st.sampled_from(list(Kind))),
)


def score(candidate, day=DAY, weights=None, tomorrow=frozenset()):
    chosen = DEFAULTS if weights is None else replace(DEFAULTS, weights={**DEFAULTS.weights, **weights})
    return ranking.explain(ranking.rank([candidate], CALENDAR, chosen, day, tomorrow), CALENDAR, chosen, day, tomorrow)[0]


@hypothesis_settings(max_examples=200, deadline=None)
@given(candidates)
def test_constrained_ranks_above_an_otherwise_equal_self_directed_item(candidate):
    free = replace(candidate, constrained=False, folder=Folder.TODO)
    bound = replace(free, constrained=True)
    assert score(bound).score > score(free).score


@hypothesis_settings(max_examples=200, deadline=None)
@given(candidates, st.integers(1, 30))
def test_an_overdue_item_ranks_above_the_same_item_not_yet_due(candidate, days_late):
    overdue = replace(candidate, due=DAY - timedelta(days=days_late))
    for later in (None, DAY + timedelta(days=days_late)):
        assert score(overdue).score > score(replace(candidate, due=later)).score


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.lists(candidates, min_size=1, max_size=40, unique_by=lambda c: c.id), st.randoms())
def test_the_order_is_total_and_stable(items, shuffler):
    first = [r.candidate.id for r in ranking.rank(items, CALENDAR, DEFAULTS, DAY)]
    shuffled = list(items)
    shuffler.shuffle(shuffled)
    assert [r.candidate.id for r in ranking.rank(shuffled, CALENDAR, DEFAULTS, DAY)] == first
    ranked = ranking.rank(items, CALENDAR, DEFAULTS, DAY)
    assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:]))


@hypothesis_settings(max_examples=200, deadline=None)
@given(candidates)
def test_the_score_is_the_sum_of_the_named_rules(candidate):
    ranked = score(candidate)
    assert [c.rule for c in ranked.contributions] == list(DEFAULTS.weights)
    assert abs(ranked.score - sum(c.points for c in ranked.contributions)) < 0.05
    assert all(c.points == round(c.signal * c.weight, 2) for c in ranked.contributions)


@hypothesis_settings(max_examples=100, deadline=None)
@given(candidates, st.integers(0, 40), st.integers(0, 40))
def test_a_nearer_deadline_never_ranks_lower(candidate, a, b):
    near, far = sorted((a, b))
    assert score(replace(candidate, due=DAY + timedelta(days=near))).score >= \
        score(replace(candidate, due=DAY + timedelta(days=far))).score


def test_quadrants_and_urgency_counted_in_workdays():
    assert score(item(important=True, urgent=True)).quadrant == 1
    assert score(item(important=True)).quadrant == 2
    assert score(item(urgent=True)).quadrant == 3
    assert score(item()).quadrant == 4
    # From Tuesday 2026-09-29, Thursday 10-08 is 2 workdays away (9-30, then 国庆 until 10-07, then 10-08):
    # nine calendar days, but urgent.
    over_the_holiday = score(item(due=date(2026, 10, 8)), day=date(2026, 9, 29))
    assert over_the_holiday.workdays_to_due == 2 and over_the_holiday.urgent_effective
    assert not score(item(due=date(2026, 11, 26))).urgent_effective  # 4 workdays away
    assert score(item(due=date(2026, 11, 24))).urgent_effective  # Tuesday: 2 workdays
    assert score(item(due=date(2026, 11, 19))).workdays_to_due == -1


def test_a_locked_item_ranks_as_important():
    locked = score(item(locked=True))
    assert locked.quadrant == 2
    assert "加密视为重要" in locked.contributions[0].why


def test_age_since_assigned_raises_constrained_items_only():
    young = score(item(constrained=True, assigned_at=DAY))
    old = score(item(constrained=True, assigned_at=DAY - timedelta(days=21)))
    assert old.score > young.score and old.age_workdays == 15
    assert score(item(assigned_at=DAY - timedelta(days=21))).age_workdays is None


def test_attention_and_tomorrow_list_and_weights():
    plain = score(item())
    # Attention 高 is a leader's signal: its 10 points, and important (40 × 0.6) as well (issue #16).
    assert score(item(attention=Attention.HIGH)).score == plain.score + 10 + 24
    assert score(item(), tomorrow=frozenset({1})).score == plain.score + 20
    no_deadline_rule = score(item(due=DAY), weights={"deadline": 0})
    assert next(c for c in no_deadline_rule.contributions if c.rule == "deadline").points == 0


def test_ten_thousand_items_rank_in_one_pass():
    rng = random.Random(7)
    many = [item(i, due=DAY + timedelta(days=rng.randint(-60, 300)), important=rng.random() < .3)
            for i in range(1, 10_001)]
    ranked = ranking.rank(many, CALENDAR, DEFAULTS, DAY)
    assert len(ranked) == 10_000 and ranked[0].score >= ranked[-1].score


@hypothesis_settings(max_examples=50, deadline=None)
@given(st.lists(candidates, min_size=1, max_size=20, unique_by=lambda c: c.id))
def test_explaining_keeps_the_order_and_the_scores(items):
    ranked = ranking.rank(items, CALENDAR, DEFAULTS, DAY)
    explained = ranking.explain(ranked, CALENDAR, DEFAULTS, DAY)
    assert [(r.candidate.id, r.score) for r in explained] == [(r.candidate.id, r.score) for r in ranked]
    assert all(len(r.contributions) == len(RULES) for r in explained)
