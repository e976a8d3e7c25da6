"""What the stance stage feeds the model for each (speech, target) of a real debate: metadata filled
in from the page, the Chair recognised, Government and Opposition sides dated correctly."""
from __future__ import annotations

from conftest import SEED, annotate
from pipeline.parties import governing_parties, official_opposition
from pipeline.stance.stage import StanceStage


def test_pairs_for_the_seed_page():
    record = annotate(SEED)
    pairs = StanceStage.pairs(record)
    assert len(pairs) == sum(len(s.targets) for s in record.speeches)
    by_speaker = {}
    for i, tid, pair in pairs:
        by_speaker.setdefault(record.speeches[i].speaker.name, []).append((tid, pair))
    # TWFY gives the Chair only a party; announcing the grouping makes her the Chair.
    assert {p.speaker.role for _, p in by_speaker["Julie Elliott"]} == {"Chair"}
    # Frontbenchers are printed with their office, not their party: dated inference fills it in.
    assert {p.speaker.party for _, p in by_speaker["Alex Norris"]} == {"Labour"}
    assert {p.speaker.party for _, p in by_speaker["Edward Argar"]} == {"Conservative"}
    a55 = next(p for tid, p in by_speaker["James Davies"] if tid == "amendment-55")
    assert (a55.sponsor.party, a55.sponsor.government) == ("Conservative", False)  # a backbench amendment
    assert a55.target.startswith("Amendment 55") and "(2A) When appointing members" in a55.target
    clause = next(p for tid, p in by_speaker["Edward Argar"] if tid == "clause-20")
    assert (clause.sponsor.party, clause.sponsor.government) == ("Conservative", True)  # the Bill's own clause


def test_dated_sides():
    assert governing_parties("2009-10-27") == {"Labour"} and official_opposition("2009-10-27") == "Conservative"
    assert governing_parties("2014-03-01") == {"Conservative", "Liberal Democrat"} and official_opposition("2014-03-01") == "Labour"
    assert governing_parties("2021-09-16") == {"Conservative"} and official_opposition("2021-09-16") == "Labour"
    assert official_opposition(None) is None and governing_parties(None) == frozenset()
