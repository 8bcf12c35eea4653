import random

from synth import cooccurrence
from synth.generate import age, engine, notes


def test_a_condition_of_later_life_is_not_written_for_a_young_adult():
    assert age.age_range("M48.061", ["M48.061", "E78.5"]) == (55, 90)
    assert age.age_range("L70.0", ["L70.0"]) == (18, 35)
    assert age.age_range("J06.9", ["J06.9"]) == tuple(age.table()["default"])
    # every code's range counts: heart failure and atrial fibrillation together
    assert age.age_range("I50.9", ["I50.9", "I48.91", "E11.9"]) == (55, 90)
    # ranges that do not meet: the seed decides
    assert age.age_range("F90.0", ["F90.0", "G30.9"]) == (18, 45)


def test_generated_patients_have_the_ages_of_their_conditions(full_index):
    model = cooccurrence.build_model(None)
    writer = engine.NoteWriter(full_index)
    rng = random.Random(4)
    ages = {}
    for seed in ["S72.001A", "M17.11", "K35.80", "O80"] * 10:
        plan = notes.plan_note(seed, model, full_index, rng, {})
        low, high = age.age_range(plan["seed"], plan["codes"])
        assert low <= plan["age"] <= high
        ages.setdefault(seed, []).append(plan["age"])
        notes.generate_note(plan, writer, rng)
    assert min(ages["S72.001A"]) >= 65 and max(ages["K35.80"]) <= 55 and max(ages["O80"]) <= 41
