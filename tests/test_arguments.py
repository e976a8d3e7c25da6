"""Claims and cited evidence (the `arguments` stage and its spaCy components) on real debate text."""
from __future__ import annotations

import json

import pytest
import spacy

from conftest import FIXTURES, NEWS, PARLPARSE, STANDING, WESTMINSTER_HALL, annotate
from conftest import SEED as SEED_PAGE
ARGUMENTS = "segment,procedure,arguments"


@pytest.fixture(scope="module")
def seed_record():
    return annotate(SEED_PAGE, ARGUMENTS)


@pytest.fixture(scope="module")
def nlp():
    from parlmine.arguments.nlp import arguments_nlp

    return arguments_nlp()


def evidence_by_source(record):
    return {e.source: (speech, e) for speech in record.speeches for e in speech.evidence}


def test_seed_page_citations(seed_record):
    found = evidence_by_source(seed_record)
    speech, barnardos = found["Barnardo's"]
    assert barnardos.source_kind == "organisation" and barnardos.evidence_type == "testimony"
    assert "worst health outcomes in Europe" in barnardos.quote
    assert "written evidence" in barnardos.text
    _, young_minds = found["YoungMinds"]
    assert (young_minds.evidence_type, young_minds.statistics) == ("study", ["77%"])
    _, action = found["Action for Children"]
    assert action.evidence_type == "statistic" and action.statistics == ["over 4 million", "46%"]
    _, francis = found["Sir Robert Francis"]
    assert (francis.source_kind, francis.evidence_type) == ("person", "expert")
    assert "evidence session" in francis.text
    _, leadsom = found["the Leadsom review"]
    assert leadsom.source_kind == "report"
    # Named, but nothing attributed to them: mentions, not citations.
    keys = {e.source.lower() for e in (ev for _, ev in found.values())}
    assert not any("children's bureau" in k or "local government association" in k for k in keys)
    # Action for Children and Barnardo's are in the shadow minister's speech; offsets index its text.
    assert speech.speaker.name == "Alex Norris"
    for s in seed_record.speeches:
        for e in s.evidence:
            assert s.text[e.start:e.end] == e.text
        for c in s.claims:
            assert s.text[c.start:c.end] == c.text and 0.5 <= c.score <= 1
        ids = {c.id for c in s.claims}
        assert all(e.claim is None or e.claim in ids for e in s.evidence)


def test_claims_are_some_sentences_not_all(seed_record, nlp):
    speech = next(s for s in seed_record.speeches if "YoungMinds" in s.text)
    sentences = [s for s in nlp(speech.text).sents if s.text.strip()]
    claims = [c.text for c in speech.claims]
    assert 0 < len(claims) < len(sentences)
    assert any("We cannot afford for that to be replicated" in c for c in claims)
    assert not any(c.startswith("I move the amendment") for s in seed_record.speeches for c in [x.text for x in s.claims])
    young_minds = next(e for e in speech.evidence if e.source == "YoungMinds")
    assert young_minds.claim is not None


def test_news_report_warning_in_narration():
    record = annotate(NEWS, ARGUMENTS)
    narrated = [e for event in record.events for e in event.evidence]
    warning = next(e for e in narrated if e.source == "Healthwatch England")
    assert "warned" in warning.text and "super CCGs" in warning.text
    # The Minister's own words reported in the article are not outside evidence.
    assert not any(e.source_kind == "person" and "Lamb" in e.source for s in record.speeches for e in s.evidence)


def test_components_on_their_own():
    """`parlmine_claims` and `parlmine_evidence` added to a plain spaCy pipeline, results on Doc._/Span._."""
    import parlmine.arguments.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("parlmine_claims")
    nlp.add_pipe("parlmine_evidence")
    text = SEED_PAGE.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if "Analysis by YoungMinds" in p)
    doc = nlp(paragraph)
    (young_minds,) = [e for e in doc._.evidence if e._.source == "YoungMinds"]
    assert young_minds._.evidence_type == "study" and young_minds._.statistics == ("77%",)
    assert young_minds._.cue == "Analysis" and young_minds._.claim is not None
    assert all(c._.claim_score >= 0.5 for c in doc._.claims)


@pytest.mark.parametrize("spelling", ["Barnardo's", "Barnardo’s", "Barnardos"])
def test_apostrophes_normalise_alike(nlp, spelling):
    doc = nlp(f"{spelling} said in its written evidence that 27 per cent of care leavers were homeless.")
    (e,) = doc._.evidence
    assert e._.source == "Barnardo's" and e._.statistics == ("27 per cent",)


def test_figures():
    from parlmine.arguments.figures import find_figures

    text = "over 4 million children, 46% of them; the 10 per cent. target; £4.3 billion; one in three; amendment 55 in 2009"
    assert [f for _, _, f in find_figures(text)] == ["over 4 million", "46%", "10 per cent", "£4.3 billion", "one in three"]


def test_user_gazetteer_extends_sources(tmp_path):
    from parlmine.resources import gazetteer_path
    from parlmine.arguments.nlp import arguments_nlp

    sentence = "According to GCF, 40% of kinship carers give up work."
    assert all(e._.source != "Grandchildren Forum" for e in arguments_nlp(ner=False)(sentence)._.evidence)
    extra = tmp_path / "sources.jsonl"
    extra.write_text(json.dumps({"name": "Grandchildren Forum", "kind": "organisation", "aliases": ["GCF"]}) + "\n")
    doc = arguments_nlp(sources=[gazetteer_path(), extra], ner=False)(sentence)
    assert [(e._.source, e._.source_kind, e._.evidence_type) for e in doc._.evidence] == [
        ("Grandchildren Forum", "organisation", "statistic")]


@pytest.mark.xfail(strict=True, reason="issue 15's adjudication: a named document is cited under its own name; "
                                        "the rules still cite its publisher (as HM Government)")
def test_a_page_of_a_document_named_before_cites_the_document(nlp):
    """Sitting 07, 2.19: the document is named with its publisher, then quoted by page."""
    doc = nlp("I was genuinely pleased when I picked up “Ending child poverty: making it happen”, which was brought "
              "out earlier this year by the Department for Work and Pensions from the child poverty unit, which has "
              "done tremendous work on bringing the Bill forward. All three references to strengthening families "
              "pleased me.\n\nPage 12 of the document says:\n\n“Family breakdown and crisis can make searching for "
              "work very difficult and also increase the risk of dropping out of the labour market.”")
    [cited] = doc._.evidence
    assert cited._.source == "Ending child poverty: making it happen" and cited.text.startswith("Page 12 of the document says")
    assert cited._.quote.startswith("Family breakdown and crisis")


def test_a_department_quoted_is_the_government():
    """Death penalty debate, Westminster Hall, 28 October 2009 (71.6): "the Foreign Office replied …" cites
    HM Government (issue 15's adjudicated cases: a department quoted without a named document); the gold file agrees."""
    record = annotate(WESTMINSTER_HALL / "westminster2009-10-28a.xml", ARGUMENTS)
    sources = {e.source for s in record.speeches if s.id.endswith(".71.6") for e in s.evidence}
    assert "HM Government" in sources
    assert not sources & {"Foreign and Commonwealth Office", "Foreign, Commonwealth and Development Office"}


def test_a_renamed_body_is_written_under_the_name_it_had_that_day():
    from parlmine.arguments.gazetteer import Source, period_names

    name = period_names([Source("Social Mobility Commission", "government",
                                former_names=(("Social Mobility and Child Poverty Commission", "2016-05-16"),))])
    assert name("Social Mobility Commission", "2012-06-01") == "Social Mobility and Child Poverty Commission"
    assert name("Social Mobility Commission", "2020-06-01") == "Social Mobility Commission"
    assert name("Social Mobility Commission", None) == "Social Mobility Commission"


def test_scoring_matches_a_body_under_any_of_its_names():
    """The gold files name sources as the speech does; the score compares them as parlmine writes them."""
    from parlmine.arguments.evaluation import source_identity

    identity = source_identity()
    assert identity("Sudanese Government") == identity("Government of Sudan") != identity("Government of Sri Lanka")
    assert identity("Foreign and Commonwealth Office") == identity("Foreign, Commonwealth and Development Office")
    assert identity("Barnardo’s") == identity("Barnardos")


def test_former_names_need_a_date(tmp_path):
    from parlmine.arguments.gazetteer import load_sources
    from parlmine.errors import InputError

    bad = tmp_path / "renamed.jsonl"
    bad.write_text('{"name": "A", "kind": "government", "former_names": [{"name": "B", "until": "2010"}]}\n')
    with pytest.raises(InputError, match=r"renamed.jsonl.*line 1.*2010.*YYYY-MM-DD"):
        load_sources([bad])


def test_bad_gazetteer_line_names_file_and_line(tmp_path):
    from parlmine.arguments.gazetteer import load_sources
    from parlmine.errors import InputError

    bad = tmp_path / "sources.jsonl"
    bad.write_text('{"name": "A", "kind": "organisation"}\n{"name": "B", "kind": "charity"}\n')
    with pytest.raises(InputError, match=r"sources.jsonl.*line 2: kind 'charity'"):
        load_sources([bad])


@pytest.mark.parametrize("gold_file, transcript, floors", [
    # Sitting 07: P 0.44 / R 0.18 when first run, before rules were written from its misses; 0.90 / 0.82 then;
    # 0.63 / 0.52 once its gold followed issue 15's adjudicated cases (reports cited under their own names,
    # not their publishers': 2.19, 2.52, 2.56, 2.58, 2.64), which the rules do not do yet.
    ("childpov_07_citations.json", STANDING, (0.55, 0.45)),
    # Westminster Hall, death penalty, 28 October 2009: P 0.33 / R 0.18 when first run, 0.73 / 0.47 after
    # the fixes it prompted, 0.80 / 0.47 now.
    ("westminster_2009-10-28a_citations.json", WESTMINSTER_HALL, (0.6, 0.4)),
    # Westminster Hall, Sri Lanka (IDP camps), 28 October 2009: P 0.67 / R 0.12 when first run (other
    # countries' governments and ministers), 0.63 / 0.30 after the fixes it prompted, 0.79 / 0.33 now.
    ("westminster_2009-10-28a_srilanka_citations.json", WESTMINSTER_HALL, (0.5, 0.2)),
    # Westminster Hall, Biofuels, 27 October 2009: P 0.24 / R 0.16 when first run (its
    # sources are regulators the gazetteer named by acronym only); P 0.59 / R 0.40 with their full names,
    # 0.79 / 0.44 after the fixes it prompted, 0.84 / 0.64 now.
    ("westminster_2009-10-27a_citations.json", WESTMINSTER_HALL, (0.6, 0.45)),
    # Westminster Hall, Military Vehicles and Aircraft, 27 October 2009, annotated by a helper as a held-out
    # debate: P 0.20 / R 0.06 when first run; 0.83 / 0.31 once ranks were titles ("General Sir David Richards"
    # was written "Sir David Richards", and "General Richards" not resolved), 0.71 / 0.31 once the speech a
    # change of Chair interrupts was read as speech. No rule written from its misses.
    ("westminster_2009-10-27a_military_citations.json", WESTMINSTER_HALL, (0.6, 0.25)),
    # Commons, 26 October 2009, Marine and Coastal Access Bill, clause 291, and 27 October 2009, Parading in
    # Northern Ireland, annotated by helpers as held-out debates: P 0.70 / R 0.30 and 0.57 / 0.29 when first
    # run; 0.78 / 0.30 and 0.59 / 0.29 after the two precision fixes the blind audit of the week prompted
    # (a name cut at a bracket; read-out figures not pinned on the body named before). Clause 291 was then
    # used (0.88 / 0.61 after the fixes it prompted); no rule is written from the Parading debate's misses.
    ("commons_2009-10-26b_clause291_citations.json", PARLPARSE / "debates", (0.6, 0.3)),
    ("commons_2009-10-27d_parading_citations.json", PARLPARSE / "debates", (0.45, 0.2)),
    # Commons, Marine and Coastal Access Bill, clause 2, 27 October 2009, kept unseen for recall (no rule
    # or gazetteer entry written from its misses): P 0.33 / R 0.10 when first run, 0.40 / 0.10 now.
    ("commons_2009-10-27d_citations.json", PARLPARSE / "debates", (0.3, 0.08)),
])
def test_hand_annotated_debates_keep_their_scores(gold_file, transcript, floors):
    """Regression floors on the hand annotations first scored before any rule saw them (the other
    sittings are covered by the sentence-level tests); the issue's 0.9 targets are not met."""
    from parlmine.arguments.evaluation import load_gold, mentions_cited, score_citations

    gold = load_gold(FIXTURES / gold_file)
    record = annotate(transcript / gold["file"], ARGUMENTS)
    scores = score_citations(record, gold)
    assert scores.precision >= floors[0] and scores.recall >= floors[1], scores.as_dict()
    wrongly_cited, mentions = mentions_cited(record, gold)
    assert wrongly_cited <= 0.1 * mentions


def test_sitting_07_against_two_independent_annotations():
    """A second annotator (a helper given CITATIONS.md and the XML only) annotated sitting 07 again. The two
    annotations agree at F1 0.79 since both were aligned with issue 15's adjudicated cases (0.85 before);
    the rules, which still cite a report's publisher where the aligned files cite the report, find 12 of
    the 19 citations both list, and 13 of their 19 are listed by one or the other."""
    from parlmine.arguments.evaluation import load_gold, score_citations, two_annotator_scores

    first, second = (load_gold(FIXTURES / f"childpov_07_{name}.json") for name in ("citations", "second_annotator"))
    record = annotate(STANDING / first["file"], ARGUMENTS)
    scores = two_annotator_scores(record, first, second)
    assert scores["annotators"]["f1"] < 0.9 and scores["both"] < scores["either"]
    assert scores["parlmine_vs_first"]["precision"] == round(score_citations(record, first).precision, 4)
    assert scores["precision_on_either"] >= max(scores["parlmine_vs_first"]["precision"], scores["parlmine_vs_second"]["precision"])
    assert scores["recall_on_both"] >= 0.55 and scores["precision_on_either"] >= 0.65, scores


@pytest.mark.parametrize("task", ["claims", "evidence"])
def test_tiny_training_run_is_deterministic(tmp_path, task):
    from parlmine.arguments.train import load_config, run_training
    from parlmine.arguments.textcat import load_textcat

    config = load_config(f"configs/{task}-tiny.yaml")
    first = run_training(config, tmp_path / "a", log=lambda m: None)
    second = run_training(config, tmp_path / "b", log=lambda m: None)
    assert first["splits"] == second["splits"]
    splits = first["splits"]
    assert "ibm_test" in splits and set(splits["ibm_test"]) == {"majority", "tfidf", "textcat"}
    # Held-out IBM topics never appear in training.
    assert first["data"]["ibm_test"] > 0
    nlp = load_textcat(tmp_path / "a")
    labels = set(nlp.get_pipe("textcat").labels)
    assert labels == ({"claim", "other"} if task == "claims" else {"study", "expert", "anecdote"})
    assert (tmp_path / "a" / "README.md").read_text().count("CC BY-SA") >= 1
    assert splits["ibm_test"]["textcat"]["accuracy"] > splits["ibm_test"]["majority"]["accuracy"]


def test_train_cli_refuses_a_config_for_another_task(tmp_path):
    from typer.testing import CliRunner

    from parlmine.cli import app

    result = CliRunner().invoke(app, ["train", "claims", "--config", "configs/evidence-tiny.yaml", "--output", str(tmp_path)])
    assert result.exit_code != 0 and "not 'claims'" in result.output
    assert not any(tmp_path.iterdir())


def test_surname_resolves_to_the_full_name_cited_elsewhere():
    from parlmine.arguments.stage import full_names
    from parlmine.record import Evidence

    def cited(source: str) -> Evidence:
        return Evidence(id=source, source=source, source_kind="person", evidence_type="expert", text="", start=0, end=0)

    brewer, mr_brewer, green, kate, colin = (cited(n) for n in ("Mike Brewer", "Mr. Brewer", "Green", "Kate Green", "Colin Green"))
    full_names([brewer, mr_brewer, green, kate, colin])
    assert mr_brewer.source == "Mike Brewer"
    assert green.source == "Green"  # two Greens: left as written


def test_a_rank_is_a_title_and_a_hyphenated_office_is_not(nlp):
    """Westminster Hall, 27 October 2009, Military Vehicles and Aircraft: "General Sir David Richards has said
    that" (27.1) and "… as General Richards said" (32.0) cite one person; Sri Lanka (IDP camps), 28 October
    2009 (117.1): the "General" of "Under-Secretary-General" is not Lynn Pascoe's rank."""
    record = annotate(WESTMINSTER_HALL / "westminster2009-10-27a.xml", ARGUMENTS)
    for suffix in (".27.1", ".32.0"):
        [speech] = [s for s in record.speeches if s.id.endswith(suffix)]
        assert "General Sir David Richards" in {e.source for e in speech.evidence}
    doc = nlp("During late September, visiting UN Under-Secretary-General Lynn Pascoe expressed strong concern about "
              "how few of the displaced had been able to return home and the fact that the rest are detained against "
              "their will.")
    assert [e._.source for e in doc._.evidence] == ["Lynn Pascoe"]


@pytest.fixture(scope="module")
def sitting_08():
    return annotate(STANDING / "standing2009-10-20_CHILDPOV_08-0_2009-10-29a.xml", ARGUMENTS)


def cited_in(record, speech_suffix: str) -> dict:
    [speech] = [s for s in record.speeches if s.id.endswith(speech_suffix)]
    return {e.source: e for e in speech.evidence}


@pytest.mark.parametrize("text, governments", [
    # Westminster Hall, 28 October 2009; 27 October 2009 (family finances)
    ("At that time, the Sudanese Government were also saying that there was absolutely nothing to worry about.",
     ["Government of Sudan"]),
    # one country's government under both its names (Sri Lanka (IDP camps))
    ("A press release from the Sri Lankan Government this week stated that there were still 205,179 people in the "
     "camps.", ["Government of Sri Lanka"]),
    ("Although the Labour Government have made enormous progress over the past 12 years in providing flexible "
     "working and family rights at work, many women spoke of the increased pressure.", []),
])
def test_another_countrys_government_is_a_candidate_under_the_countrys_name_a_party_government_is_not(nlp, text, governments):
    from parlmine.arguments.citations import candidates

    [sent] = nlp(text).sents
    assert [c.name for c in candidates(sent) if c.kind == "government"] == governments


def test_two_sources_in_one_sentence_keep_their_own_source_and_content(nlp):
    """House of Lords, 26 October 2009: two citations in one sentence, each with its part of it (spaCy
    keys span attributes by boundaries, so one shared span would report the second source twice)."""
    doc = nlp("The National Audit Office report, Supporting People with Autism through Adulthood, was primarily "
              "impelled by the alarming outcome of a study by Professor Martin Knapp, which estimated the economic "
              "cost of supporting children with autism at £2.7 billion each year.")
    nao, knapp = doc._.evidence
    assert (nao._.source, knapp._.source) == ("National Audit Office", "Professor Martin Knapp")
    assert nao.text.startswith("The National Audit Office report") and "Knapp" not in nao.text
    assert "a study by Professor Martin Knapp, which estimated" in knapp.text and nao.end <= knapp.start


def test_citations_in_the_movers_speech_after_the_explanatory_statement(sitting_08):
    """08, 8.3: the mover's words after his amendment's explanatory statement are read as his speech
    (they were procedural text before), so what he cites there is found."""
    found = cited_in(sitting_08, ".8.3")
    assert {"House of Commons Library", "Harriet Townsend"} <= set(found)
    assert "according to the House of Commons Library" in found["House of Commons Library"].text


def test_a_possessive_documents_content_cites_its_author(nlp):
    doc = nlp("Of course, we heard the Prime Minister’s party conference speech on 29 September, to which my hon. "
              "Friend referred. To quote from the UN Development Programme, people living in poverty lack a voice.")
    assert [(s._.source, s._.source_kind) for s in doc.spans["evidence"]] == [
        ("HM Government", "government"), ("United Nations Development Programme", "organisation")]


def test_a_white_paper_named_by_year_takes_its_quoted_title(nlp):
    """Sitting 06: the document is cited as "the 2008 White Paper, “…”", and its title is its name."""
    doc = nlp("Therefore, as stated in the 2008 White Paper, “Governance of Britain: Constitutional Renewal”, the "
              "Government believe that pre-appointment hearings should focus on posts in which Parliament and the "
              "public have a particularly strong interest.")
    assert [s._.source for s in doc._.evidence] == ["the Governance of Britain: Constitutional Renewal white paper"]


@pytest.mark.parametrize("text", [
    # sitting 05: the benefit is named, the Minister is the one who replies
    "I do not know whether the Minister can comment on that aspect of LHA when he replies to the quite proper "
    "points made by the hon. Member for Northampton, North.",
    # sitting 05: "the shadow Treasury team" is an office, not the Treasury
    "I am sure that my hon. Friend the Member for South-West Hertfordshire, who is part of the shadow Treasury "
    "team, will have noted that the UK is forced to spend a third more than the next most troubled nation.",
])
def test_a_body_named_in_another_clause_is_not_cited(nlp, text):
    assert nlp(text)._.evidence == []


def test_a_person_stays_the_subject_of_a_clause_about_them(nlp):
    """Sitting 05: "he" is Tony Blair, so he is cited."""
    doc = nlp("We have often asked ourselves what was in Tony Blair’s mind when he suggested that he wanted to "
              "abolish child poverty.")
    assert [s._.source for s in doc._.evidence] == ["Tony Blair"]


def test_an_officer_cites_the_organisation_named_before(sitting_08):
    """Sitting 08, 2.34: "… the chief executive of the Family Rights Group … The chief executive referred
    specifically to the lack of data": the officer speaks for the organisation named last, not for
    Grandparents Plus named earlier in the speech."""
    found = cited_in(sitting_08, ".2.34")
    assert found["Family Rights Group"].text.startswith("The chief executive referred specifically to the lack of data")
    assert "Grandparents Plus" not in found


def test_a_participle_clause_runs_into_the_reporting_verb(nlp):
    """Sitting 07 (witnesses quoted from the evidence sessions): the person, not the place, is cited."""
    doc = nlp("Lastly, but certainly not least, Colin Green, speaking from his experience of Coventry said first, in "
              "response to a question from my hon. Friend the Member for South-West Hertfordshire, that it mattered.")
    assert [s._.source for s in doc._.evidence] == ["Colin Green"]


@pytest.mark.parametrize("text, sources", [
    # Westminster Hall, 28 October 2009: "Bill" is a first name here, not the Bill
    ("I wholly agree with Bill Richardson, the Governor of New Mexico, who said that there is absolutely no reason "
     "why the US should be behind the rest of the world.", ["Bill Richardson"]),
    ("Amnesty International has produced figures stating that 2,390 people were put to death in 25 countries "
     "around the world.", ["Amnesty International UK"]),
    ("On 12 October, the UN Human Rights Council called on the Belarusian Government not to execute Vasily "
     "Yuzepchuk until it had also considered the appeal of Andrei Zhuk.", ["United Nations Human Rights Council"]),
    # what was reported, not who reported it; and "put to death" reports nothing
    ("The case of Timothy Evans of Rillington place was mentioned by my hon. Friend, who rightly commented on it.", []),
    ("In America, there was a recent report about the case of Cameron Tod Willingham, who was put to death in 2004 "
     "for apparently murdering his three daughters.", []),
    # Westminster Hall, Biofuels, 27 October 2009: effort is not content, a question attributes nothing,
    # and what "we have said" is not read from the Department named at the end
    ("Anglian Water put a great deal of effort into looking into what happened and seeing what the way forward "
     "was.", []),
    ("Has Anglian Water estimated the cost of such clean-up activities in my hon. Friend's constituency?", []),
    ("Everything we have said in the debate will inform the preparation of that national action plan, which will "
     "be done across Government and will include contributions from the Department for Transport.", []),
    # sitting 05: the document quoted from
    ("I shall quote a few, briefly, from the Government document, “Ending child poverty: making it happen”.",
     ["Ending child poverty: making it happen"]),
    # sitting 07 (seen: these shapes were written from its misses)
    ("The NCB has drawn attention to the fact that we are clearly not going to get many families into the "
     "labour market.", ["National Children's Bureau"]),
    ("If memory serves me correctly, that point was made by Kevan Collins in our evidence session.", ["Kevan Collins"]),
    ("However, in the Corston report on women offenders and the sentencing of women, there are particular issues "
     "regarding women who are put into prison.", ["the Corston report"]),
    ("According to the CRC report, “State of the Countryside 2008”, there are only 31 jobcentres in sparse and "
     "rural areas.", ["Commission for Rural Communities"]),
    # sitting 06: a statistics series named in lower case, the Library's note, a view, a Member quoted
    # from another debate (named in brackets after the constituency)
    ("The figures for households below average income provide that sort of statistic for the preceding 10 years.",
     ["Households Below Average Income"]),
    ("I can do no better than quote footnote 2 in the Library note, which says:", ["House of Commons Library"]),
    ("Save the Children saw it playing a strong role, active in driving the strategy forward.", ["Save the Children"]),
    ("I raised the matter again in the House on 2 July 2007, when the hon. Member for Wallasey (Angela Eagle), "
     "then a Treasury Minister, said that we would not go down that route.", ["Angela Eagle"]),
    # sitting 08: "put a figure … on the table" does report one
    ("Clearly, a huge number of people are providing care for the children of other adults—the Family Rights Group "
     "put a figure of 200,000 or so on the table.", ["Family Rights Group"]),
    # Westminster Hall, 27 October 2009 (biofuels): a body's view, past a dash appositive, through its spokesman
    ("The Renewable Energy Association—the industry body for renewables in the UK—agreed that the anomaly could be "
     "counter-productive.", ["Renewable Energy Association"]),
    ("Does he agree with Ofgem that having a small proportion of something derived from a fossil fuel in a product "
     "makes it entirely fossil fuel?", ["Ofgem"]),
    ("In response to those concerns, a spokesman for the Department for Transport recognised that there was some "
     "controversy and, while acknowledging that the biofuels evidence is evolving, said:", ["HM Government"]),
    ("Energy producer E.ON backed that view and stated in its response to the consultation that it is", ["E.ON"]),
    # House of Lords, 29 October 2009: a report named by its publisher
    ("The Minister may have read the report published recently by the Rarer Cancers Forum, called Off Limits, which "
     "looked into the way in which acute trusts and PCTs determine requests for off-label use of drugs.",
     ["Rarer Cancers Forum"]),
    # House of Lords, 28 October 2009 and 27 October 2009: the speaker's own office is not a source
    ("However, as a spokesman for the Conservative and Unionist Party, I say that this matter should be left for "
     "devolution.", []),
    ("Interestingly enough, in my previous incarnation as director of the International Labour Organisation in London, "
     "I had people saying to me, \"Isn't it disturbing\", when someone in Scotland who had exploited about 600 people "
     "was not put in prison for trafficking or for the exploitation.", []),
    # a peer in the debate; a place; a passive: not sources (Lords 27 Oct, Commons 26 Oct, Westminster Hall 27 Oct)
    ("The noble Lord, Lord Kirkwood, said that it was not efficacious in every way, but that he does support it.", []),
    ("A recent inspection of youth offending services in Wirral found that there was much more work to be done to "
     "reduce reoffending rates.", []),
    ("It seems to me that Ofgem has been criticised for the current situation.", []),
    ("The phrase \"life imprisonment\" is sacrosanct, as the noble and learned Lord, Lord Lloyd, said, but of course, "
     "it is not true.", []),
    ("As Lord Hunt of King's Heath noted, we doubt that a court would impose such a duty of care.", []),
    # a document from a source cites it when content follows or it says whose the document is
    ("On 14 October a letter from the Prime Minister was presented to the Chinese authorities.", []),
    ("My briefing on the subject is from the Family Rights Group, and other groups including Grandparents Plus.",
     ["Family Rights Group"]),
    # Westminster Hall, 28 October 2009 (Sri Lanka): other countries' governments, and officials' declarations
    ("The Government of Sri Lanka tell us that certain agencies are allowed in.", ["Government of Sri Lanka"]),
    ("At that time, the Sudanese Government were also saying that there was absolutely nothing to worry about in "
     "certain camps.", ["Government of Sudan"]),
    ("During late September, visiting UN Under-Secretary-General Lynn Pascoe expressed strong concern about how few "
     "of the displaced had been able to return home.", ["Lynn Pascoe"]),
    ("No one, including the Sri Lankan Government—or their more responsible members— could suggest that these "
     "requests are unreasonable.", []),
    # a body as a place, the owner of something else, or the maker of a thing that does the highlighting
    ("I am certainly happy, as I know she is, to convey to our colleagues in DCLG the strength of the views that she "
     "and others in the Committee have expressed as they have reflected on what to do about overcrowding.", []),
    ("The row over the appointment of the Children’s Commissioner at least highlighted the fact that Parliament "
     "wishes to have its voice heard.", []),
    ("That need was highlighted by the judicial review brought by Friends of the Earth and Help the Aged against the "
     "Government.", []),
    ("The ORR letter to the chief executive of Dorset county council dated 1 September states that safety could be "
     "improved by the provision of supervised locking barriers.", ["ORR"]),
    ("ECCR's research into nine large British food companies, ranging from Northern Foods to Morrisons, suggested "
     "that, while all take some responsibility for what goes on lower down the food chain, by no means all do "
     "anything.", ["ECCR"]),
    ("That package also provides for the Secretary of State to give guidance to the MMO on its sustainable "
     "development objective—guidance that will make clear the Government's view of the MMO's role and the principles "
     "that it should follow in fulfilling its overall objective on sustainable development.", []),
    ("I think the Equality and Human Rights Commission might even have written it.", []),
    # what a body "has shown" by its record is not a finding (House of Lords, 27 October 2009)
    ("The GLA, whatever improvements are still needed, has shown that it can make a big impact.", []),
    # unnamed evidence is not the last body named (Westminster Hall, 28 October 2009)
    ("Revenues come directly to the Department for Transport, not the Treasury. The evidence suggests that the real "
     "problem is the volume of traffic and that, even if the toll plazas were removed, there would still be queues.", []),
    # but a body's document after "of" is the body's (House of Lords, 28 October 2009)
    ("As the noble Lord explained, his amendment would give effect to one of the recommendations of the JCHR's "
     "report Demonstrating respect for rights?", ["Joint Committee on Human Rights"]),
    # announcing a policy is not evidence; announcing that something is so reports it (sitting 07; sitting 06)
    ("Last December, the Department for Children, Schools and Families announced a series of measures, including "
     "local pilots.", []),
    ("Then, the very next day, the Prime Minister announced that the chair of the Statistics Commission would in "
     "fact be subject to parliamentary scrutiny.", ["HM Government"]),
    # the object of a preposition is still cited through a relative clause or a possessive (sitting 08, sitting 05)
    ("I go back to Harriet Townsend, the barrister who said, in the context of the Climate Change Bill:", ["Harriet Townsend"]),
    ("We have often asked ourselves what was in Tony Blair’s mind when he suggested that he wanted to abolish child "
     "poverty.", ["Tony Blair"]),
    # the documents published with a Bill are the Government's (sitting 07, 2.19; sitting 06, 6.29; House of
    # Lords, 29 October 2009)
    ("I have referred before to the impact assessment, paragraph 2.6 of which says:", ["HM Government"]),
    ("The £200,000 figure in the impact assessment is not outrageous for a research budget, and would enable the "
     "commission to pay for some tightly focused work that would enable it to do its job properly—to provide high "
     "quality advice to the Secretary of State.", ["HM Government"]),
    ("The figures given by the Government in the impact assessment do not reflect an honest picture of the cost and "
     "implications, nor indicate who will pick up the bill.", ["HM Government"]),
    # a body's name in lower case after "the" (Westminster Hall, Biofuels, 27 October 2009)
    ("Whether it involves reclaimed energy from household waste through anaerobic digestion, which the national "
     "grid estimates could supply up to 50 per cent. of our space heating needs, or wood pellet-fired heating and "
     "electric generation—a by-product of the timber industry that is undergoing huge growth—energy from waste will "
     "have a large part to play in decarbonising our economy.", ["National Grid"]),
    # a passive in a relative clause is not the reporting verb; "goes on to say" is one (Commons, 26 October
    # 2009, Marine and Coastal Access Bill, clause 291)
    ("Charles Clover, who has already been mentioned, wrote in yesterday's The Sunday Times that", ["Charles Clover"]),
    ("Charles Clover goes on to say that a place in his locality in Essex, Mistley quay, will not benefit from access "
     "as a result of the Bill.", ["Charles Clover"]),
    # told, reassured, welcomed by S; S's consultation shows (the same debate)
    ("If it is not to be placed along the entirety of the coastal route-as we have been reassured by Natural "
     "England and the Minister that it will not-the wording of the Bill should reflect that.", ["Natural England"]),
    # issue 15's adjudication: a named consultation is cited under its own name (the gold file agrees); the
    # rules cite its department, as HM Government
    pytest.param("The current Department for Environment, Food and Rural Affairs consultation on the definitions of coastal "
                 "land shows that there is an inconsistency of approach in its proposals.",
                 ["consultation on the definitions of coastal land"], marks=pytest.mark.xfail(strict=True)),
    ("The proposals emanating from it are sound, and they were welcomed by the BASC, the Angling Trust and others.",
     ["British Association for Shooting and Conservation", "Angling Trust"]),
    # "Its report … revealed" is the report of the body named before (the same debate, the Minister)
    ("Let me turn to the Natural England report that underpins the background to the amendments. Natural England "
     "conducted a study of access to England's coastline. Its report, which was published in July, revealed that "
     "almost 1,000 miles of England's coastline is either inaccessible or lacks secure access-the pertinent point is "
     "about the confidence and clarity that there will be secure access.", ["Natural England"]),
    # work commissioned from a body is its work (sitting 07, 2.21); a review it was asked for has no content yet
    # (Westminster Hall, 28 October 2009)
    ("I got the House of Commons Library to carry out some analysis of the figures.", ["House of Commons Library"]),
    ("The conflicting needs for safety and access at level crossings are one reason why my Department, in "
     "partnership with the ORR, asked the Law Commission to undertake a wide-ranging review of level crossing "
     "issues.", []),
])
def test_reporting_shapes(nlp, text, sources):
    assert [s._.source for s in nlp(text)._.evidence] == sources


def test_figures_read_out_are_not_pinned_on_the_body_named_before(nlp):
    """Commons, 27 October 2009, Parading in Northern Ireland (214.2): "The last published statistics … show"
    are unnamed; the Assembly named three paragraphs before is not their source."""
    passage = (
        'In recent days, much has been made about the financial package that the Prime Minister has offered '
        'in respect of the devolution of policing and justice responsibilities to Northern Ireland. I '
        'welcomed his publication of those proposals, and I believe that the Assembly should seriously '
        'consider them in its Assembly and Executive Review Committee. Throughout those discussions, however,'
        ' my colleagues and I have consistently argued that community confidence is a necessary pre-requisite'
        ' for any such transfer of powers. Indeed, in November 2008, in a published process paper that was '
        'agreed by the Deputy First Minister, an entire section—the so-called group 5 issues—was based on the'
        ' principle that community confidence would be required.\n\nThat group of issues identified four steps, '
        'concluding with the requirement:\n\n"Secure necessary community confidence for the transfer of policing'
        ' and justice".\n\nI have a responsibility to gauge when such confidence exists, and my best advice to '
        'the House is that, in order to increase public confidence sufficiently to create confidence in the '
        'devolution of policing and justice powers, a resolution of the parading issue will be indispensable.'
        ' In particular, such an outcome will not include the Parades Commission.\n\nResolution is possible by '
        'the establishment of an acceptable rights-based framework. It also means tackling the small number '
        'of contested parades that grab the headlines when protest descends into violence. The last published'
        ' statistics—for the year to the end of March 2008—show that in Northern Ireland there were 3,849 '
        'parades. The Parades Commission labelled 250, or 6.5 per cent., of them as "contentious", which '
        'actually means that the application required detailed consideration. Only 147 of the total, or 3.8 '
        'per cent., required the imposition of conditions. One fifth of those "contentious" parades related '
        'to the Drumcree stand-off alone. The resolution of parading issues in five areas—just five '
        'areas—would at a stroke transform the atmosphere in Northern Ireland and increase community '
        'confidence, with all the attendant benefits that that would bring.'
    )
    assert not [e for e in nlp(passage)._.evidence if e.text.startswith("The last published statistics")]


def test_a_member_in_brackets_is_not_run_into_the_next_words(nlp):
    """Commons, 26 October 2009, clause 291 (77.2): NER takes "Jenkin)-he" for a name; cut at the bracket it is
    Mr. Jenkin, who spoke in the debate, so nothing is cited."""
    doc = nlp.make_doc("On the issue raised by my hon. Friend the Member for North Essex (Mr. Jenkin)-he told us about "
                       "the rescue of an injured person-although the Health and Safety Executive has caused this "
                       "problem, it could be the solution in that it might now say that action has to be taken.")
    doc._.speakers = ["Mr. Bernard Jenkin", "Richard Benyon"]
    assert [e._.source for e in nlp(doc)._.evidence] == []


def test_he_replied_cites_the_witness_named_before(sitting_08):
    """Sitting 08, 4.12: "Mike Brewer was asked … He replied: “poverty in London goes up …”"."""
    [speech] = [s for s in sitting_08.speeches if s.id.endswith(".4.12")]
    quotes = [e.quote for e in speech.evidence if e.source == "Mike Brewer" and e.quote]
    assert any(q.startswith("poverty in London goes up") for q in quotes)


@pytest.mark.parametrize("text, sources", [
    # Westminster Hall, 28 October 2009 (the Minister on his predecessor)
    ("The first person to hold the post that I now hold was Richard Brinsley Sheridan, who was a playwright among "
     "other things, but also Under-Secretary at the Foreign Office. He said:\n\n\"The surest way to fail is not to "
     "determine to succeed.\"", ["Richard Brinsley Sheridan"]),
    # sitting 06, 6.31: "she" is the Minister, in the debate
    ("The Minister looks disgusted. She said that there should not be parliamentary overview of the appointment.", []),
])
def test_a_pronoun_cites_only_an_outside_person_named_just_before(nlp, text, sources):
    assert [s._.source for s in nlp(text)._.evidence] == sources


@pytest.mark.parametrize("text, source", [
    # Westminster Hall, 28 October 2009
    ("Network Rail says that there have been 25 incidents at the crossing in the past 12 months when the driver has "
     "had to apply brakes. It says that that is more than three times the number of incidents at any other crossing "
     "in the south-west area.", "Network Rail"),
    # sitting 07, 2.52: the benefit NER takes for an organisation is not what "it" says
    ("They are each entitled to a single person’s JSA of £64.30 per week and a HB/CTB award that would depend on "
     "where they lived.” It says:", None),
])
def test_it_cites_the_one_body_named_just_before(nlp, text, source):
    cited = [s._.source for s in nlp(text)._.evidence if s.text.startswith("It ")]
    assert cited == ([source] if source else [])


def test_descriptions_the_government_and_committee_evidence_are_candidates(nlp):
    """Issue 15's candidates beyond NER and the gazetteer: the Committee's own evidence (a Public Bill
    Committee's debate only), every "the Government", and "the committee" resolved to the committee named before."""
    finder = nlp.get_pipe("parlmine_evidence")
    text = ("As we heard in the evidence sessions, many families miss out. The Government have accepted that. "
            "The Treasury Committee reported last week. The committee pointed out a gap.")
    committee = nlp.make_doc(text)
    committee._.committee = "Child Poverty Bill Committee"
    chamber = nlp.make_doc(text)
    docs = list(nlp.pipe([committee, chamber], disable=["parlmine_claims", "parlmine_evidence"]))
    names = [{m.candidate.name for m in finder.mentions(docs, features=True) if m.doc_index == k} for k in (0, 1)]
    assert "Oral evidence to the Child Poverty Bill Committee" in names[0]
    assert "Oral evidence to the Child Poverty Bill Committee" not in names[1]
    assert {"HM Government", "Treasury Committee"} <= names[1]
    described = [m for m in finder.mentions(docs[1:], features=True) if m.candidate.origin == "description"]
    assert any(m.sentence.text.startswith("The committee pointed") and m.features["rule=none"] for m in described)


def test_citation_detector_learns_round_trips_and_decides(tmp_path):
    from parlmine.arguments.detector import CitationDetector

    cited = [{"bias": 1.0, "rule=subject": 1.0, "R1=said": 1.0}] * 20
    mentioned = [{"bias": 1.0, "rule=none": 1.0, "L1=with": 1.0}] * 20
    detector = CitationDetector.fit(cited + mentioned, [1] * 20 + [0] * 20, threshold=0.5)
    assert detector.accepts(cited[0]) and not detector.accepts(mentioned[0])
    detector.to_disk(tmp_path / "detector.json")
    loaded = CitationDetector.from_disk(tmp_path / "detector.json")
    assert abs(loaded.score(cited[0]) - detector.score(cited[0])) < 1e-4 and loaded.threshold == 0.5
    (tmp_path / "bad.json").write_text('{"format": "other"}')
    with pytest.raises(ValueError, match="bad.json"):
        CitationDetector.from_disk(tmp_path / "bad.json")


def test_lower_case_bodies_and_reports_named_after_people_are_candidates(nlp):
    """Sentences of the Parading in Northern Ireland debate (Commons, 27 October 2009) and Westminster Hall's
    military vehicles debate: bodies NER and the gazetteer miss because they are written in lower case, and
    reports known by a person's name; a generic "the local council" is not a name."""
    finder = nlp.get_pipe("parlmine_evidence")
    text = ("This year the Northern Ireland tourist board reported that the Twelfth was \"a great success.\" "
            "As I remember it, one of the Patten recommendations was the establishment of an independent body. "
            "If the Minister reads Bernard Gray's report, he will see the problem. "
            "I must inform him that the council of the Isles of Scilly is very content with the arrangements. "
            "The local council said that it would look again.")
    docs = list(nlp.pipe([nlp.make_doc(text)], disable=["parlmine_claims", "parlmine_evidence"]))
    described = {m.candidate.name: m.candidate.kind for m in finder.mentions(docs, features=True)
                 if m.candidate.origin == "description"}
    assert described["Northern Ireland Tourist Board"] == "organisation"
    assert described["Council of the Isles of Scilly"] == "organisation"
    assert described["Patten report"] == described["Bernard Gray report"] == "report"
    assert not any("Local" in name for name in described)
    # the rules alone (no detector, no features asked for) do not see these candidates
    assert not any(m.candidate.origin == "description" for m in finder.mentions(docs))


def test_train_evidence_fits_and_judges_the_citation_detector(tmp_path):
    """`parlmine train evidence` with a detector section: leave-one-debate-out over real annotated debates,
    every debate scored beside the rules, detector.json written only as the ship policy says."""
    import shutil

    from parlmine.arguments.components import DETECTOR_FILE, EvidenceFinder
    from parlmine.arguments.detector_training import DetectorConfig
    from parlmine.arguments.train import load_config, run_training

    annotations = tmp_path / "annotations"
    annotations.mkdir()
    names = ["westminster_2009-10-27a_family", "westminster_2009-10-27a_london_businesses",
             "westminster_2009-10-28a_dartford", "lords_2009-10-29a_medicines"]
    for name in names:
        shutil.copy(FIXTURES / f"{name}_citations.json", annotations)
    config = load_config("configs/evidence-tiny.yaml")
    config.detector = DetectorConfig(annotations=[str(annotations)], ship="always")
    model = tmp_path / "model"
    metrics = run_training(config, model, log=lambda m: None)["citation_detector"]
    assert sorted(metrics["per_debate"]) == sorted(names) and metrics["debates"] == 4
    for row in metrics["per_debate"].values():
        assert all(0.0 <= v <= 1.0 for v in row["detector"] + row["rules"])
        assert row["candidate_ceiling_recall"] >= row["rules"][1]  # the rules choose among the candidates
    assert metrics["shipped"] and (model / DETECTOR_FILE).exists()
    finder = EvidenceFinder("parlmine_evidence", model, ner=False, spans_key="evidence", claims_key="claims")
    assert finder.detector is not None and finder.detector.threshold == metrics["threshold"]
    assert "## Citation detector" in (model / "README.md").read_text()

    config.detector.ship = "never"
    again = run_training(config, model, log=lambda m: None)["citation_detector"]
    assert not again["shipped"] and not (model / DETECTOR_FILE).exists()
    assert again["per_debate"] == metrics["per_debate"]  # seeded: the same scores on a second run
