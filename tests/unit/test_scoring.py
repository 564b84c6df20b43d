"""Scoring of attempts (docs/statistics.md), including properties checked with hypothesis."""
from decimal import Decimal

from hypothesis import given, strategies as st

from trainings.assessments.scoring import QuestionKey, score_attempt

SINGLE = QuestionKey(1, Decimal(1), frozenset({11}))
MULTI = QuestionKey(2, Decimal(2), frozenset({21, 23}))
TRUE_FALSE = QuestionKey(3, Decimal(1), frozenset({31}))
KEYS = [SINGLE, MULTI, TRUE_FALSE]


def test_single_choice_full_points_only_for_the_correct_answer():
    assert score_attempt([SINGLE], {1: [11]}).percent == 100
    assert score_attempt([SINGLE], {1: [12]}).percent == 0


def test_multiple_choice_is_all_or_nothing():
    assert score_attempt([MULTI], {2: [21, 23]}).percent == 100
    assert score_attempt([MULTI], {2: [21]}).percent == 0
    assert score_attempt([MULTI], {2: [21, 22, 23]}).percent == 0


def test_true_false():
    assert score_attempt([TRUE_FALSE], {3: [31]}).earned == 1
    assert score_attempt([TRUE_FALSE], {3: [32]}).earned == 0


def test_unanswered_question_earns_zero_and_counts_in_the_maximum():
    score = score_attempt(KEYS, {1: [11]})
    assert (score.earned, score.possible) == (Decimal(1), Decimal(4))
    assert score.percent == 25.0


def test_points_weight_the_percentage():
    assert score_attempt(KEYS, {2: [21, 23]}).percent == 50.0


def test_answers_to_questions_outside_the_test_are_ignored():
    assert score_attempt([SINGLE], {1: [11], 99: [1]}).percent == 100


def test_a_test_without_points_scores_zero():
    assert score_attempt([], {}).percent == 0.0


def test_pass_mark():
    score = score_attempt(KEYS, {1: [11], 2: [21, 23]})  # 3 of 4 points
    assert score.passed(70) and not score.passed(80)


keys_strategy = st.lists(
    st.builds(lambda qid, pts, correct: QuestionKey(qid, Decimal(pts), frozenset(correct)),
              st.integers(1, 10_000), st.integers(1, 5),
              st.sets(st.integers(1, 8), min_size=1, max_size=4)),
    min_size=1, max_size=12, unique_by=lambda k: k.question_id)


@given(keys_strategy, st.data())
def test_a_score_is_always_between_0_and_100(keys, data):
    answers = {k.question_id: data.draw(st.lists(st.integers(1, 8), max_size=5)) for k in keys}
    assert 0 <= score_attempt(keys, answers).percent <= 100


@given(keys_strategy)
def test_all_correct_gives_100(keys):
    assert score_attempt(keys, {k.question_id: sorted(k.correct) for k in keys}).percent == 100


@given(keys_strategy, st.data())
def test_the_order_of_choices_never_changes_a_score(keys, data):
    answers = {k.question_id: data.draw(st.lists(st.integers(1, 8), max_size=5)) for k in keys}
    shuffled = {qid: data.draw(st.permutations(chosen)) for qid, chosen in answers.items()}
    assert score_attempt(keys, answers).percent == score_attempt(keys, shuffled).percent


@given(keys_strategy, st.randoms())
def test_the_order_of_questions_never_changes_a_score(keys, rnd):
    answers = {k.question_id: sorted(k.correct) for k in keys[::2]}
    shuffled = list(keys)
    rnd.shuffle(shuffled)
    assert score_attempt(keys, answers).percent == score_attempt(shuffled, answers).percent
