"""The engine's entry point: what asking for less explanation changes, and what it must not."""

import dataclasses

from omhub.sentencing import CORPUS_BANK_HOLIDAYS, calculate
from tests.sentencing.corpus import case_names, load


def test_without_explanations_every_reference_case_gives_the_same_result_with_a_shorter_breakdown():
    """Runs over a whole establishment keep only the dates: leaving out how each sentence's dates were
    worked out must not change a date, a validation message, an error or a tranche, on any case."""
    shorter = 0
    for name in case_names():
        case = load(name).case
        full = calculate(case, bank_holidays=CORPUS_BANK_HOLIDAYS)
        quick = calculate(case, bank_holidays=CORPUS_BANK_HOLIDAYS, explain=False)
        assert dataclasses.replace(quick, breakdown=()) == dataclasses.replace(full, breakdown=()), name
        assert set(quick.breakdown) <= set(full.breakdown), name
        shorter += len(quick.breakdown) < len(full.breakdown)
    assert shorter > 500


def test_a_sentences_dates_follow_every_change_to_what_they_are_calculated_from():
    """The timeline keeps each sentence's last dates while nothing they are worked out from has changed;
    a change to any counter, to the sentence's state or to a multiplier must give fresh dates."""
    from omhub.sentencing import legislation as law
    from omhub.sentencing.extraction import extract
    from omhub.sentencing.parse import parse_request
    from omhub.sentencing.sentence_dates import calculate as dates_of
    from omhub.sentencing.timeline import Timeline

    checked = 0
    for name in case_names()[:150]:
        request = parse_request(load(name).case)
        try:
            timeline = Timeline(request, law.PROFILES[request.profile], frozenset(CORPUS_BANK_HOLIDAYS), extract)
            timeline.run()
        except Exception:  # noqa: BLE001 - cases the engine refuses have no sentences to follow
            continue
        for cs in [cs for group in timeline.released for cs in group.sentences]:
            assert timeline.dates(cs) is timeline.dates(cs), "kept while nothing changes"
            for holder, field, value in ((cs.counters, "remand", cs.counters.remand + 3),
                                         (cs.counters, "ual_custody", cs.counters.ual_custody + 2),
                                         (cs, "tranche_date", None), (cs, "pm_type_switch", not cs.pm_type_switch)):
                setattr(holder, field, value)
                assert timeline.dates(cs) == dates_of(cs, timeline.context), name
            for index in cs.key:
                if index in timeline.multipliers:
                    timeline.multipliers[index] = law.ONE_HALF
                    assert timeline.dates(cs) == dates_of(cs, timeline.context), name
            checked += 1
    assert checked > 100
