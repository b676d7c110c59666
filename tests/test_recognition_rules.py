"""The recognition rules of issue 12, one test each (each fails without its rule), and a property
test of the recogniser itself.

Names are invented (or are real places from the bundled GeoNames data), so that only the rule
under test can find them.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus.corpus import Corpus
from reader.entities.places import places, word_list
from reader.entities.recognize import CANDIDATE, Recognizer
from reader.ingest.read import make_article


def corpus_of(gazetteer, *texts: str) -> Corpus:
    articles = [make_article(f"article{i}.txt", text) for i, text in enumerate(texts)]
    return Corpus.build(articles, gazetteer)


def found(corpus: Corpus, article: int = 0) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in corpus.mentions[article]}


def one(gazetteer, body: str) -> set[tuple[str, str]]:
    return found(corpus_of(gazetteer, "Headline\n\n" + body))


# ---------------------------------------------------------------- places from GeoNames and ISO 3166


def test_the_bundled_places_hold_cities_and_subdivisions_with_ambiguous_names_marked():
    known = places()
    assert len(known) > 30_000
    assert known["Kalamazoo"][2] == ""  # a city of 15,000+ people, plain
    assert known["Mobile"][2] == "c" and known["Jackson"][2] == "c"  # a common word, a family name
    assert "Summit" not in known and "University" not in known  # the recogniser's own words


def test_a_city_the_gazetteer_does_not_list_is_a_place(gazetteer):
    assert ("Kalamazoo", "GPE") in one(gazetteer, "The plant near Kalamazoo will close next year.")


def test_a_place_named_like_a_word_or_a_person_needs_context(gazetteer):
    assert ("Mobile", "GPE") not in one(gazetteer, "Banks said Mobile payments grew.")
    assert ("Mobile", "GPE") in one(gazetteer, "The storm reached the coast in Mobile on Friday.")


def test_towns_named_like_common_words_need_context(gazetteer):
    assert ("Republic", "GPE") not in one(gazetteer, "The founders rejected it at the inception of the Republic.")
    assert places()["Fate"][2] == "c"


def test_a_person_cue_beats_a_place_of_the_same_name(gazetteer):
    assert ("Jackson", "PERSON") in one(gazetteer, "The plan is flawed, Jackson said on Monday.")


# ---------------------------------------------------------------- the longest name wins


def test_a_country_inside_an_organisation_name_belongs_to_it(gazetteer):
    texts = {
        text for text, _ in one(gazetteer, "Protesters gathered outside the Chilean Embassy and the Peru Embassy.")
    }
    assert "Peru Embassy" in texts and "Peru" not in texts


def test_a_newspaper_named_after_a_country_is_one_organisation(gazetteer):
    result = one(gazetteer, "According to the Jamaica Observer, the talks failed.")
    assert ("Jamaica Observer", "ORG") in result and ("Jamaica", "GPE") not in result


def test_a_compass_word_before_a_country_makes_a_region(gazetteer):
    result = one(gazetteer, "Floods hit Southern Brazil this week.")
    assert ("Southern Brazil", "LOC") in result and ("Brazil", "GPE") not in result


def test_a_party_is_an_organisation_and_its_adjective_a_group(gazetteer):
    result = one(gazetteer, "The Republican Party chose a Democratic senator to mediate Middle Eastern disputes.")
    assert {("Republican Party", "ORG"), ("Democratic", "NORP"), ("Middle Eastern", "NORP")} <= result


def test_counties_shires_and_court_districts_are_places(gazetteer):
    result = one(
        gazetteer,
        "The warning covered County Varrow and Kelby County. He left Varnshire East for the Southern "
        "District of New York. The Kelby County Council met.",
    )
    assert {("County Varrow", "GPE"), ("Kelby County", "GPE"), ("Varnshire East", "GPE")} <= result
    assert ("Southern District of New York", "GPE") in result and ("Kelby County Council", "ORG") in result


def test_islands_and_mountains_are_also_called_by_their_name_alone(gazetteer):
    corpus = corpus_of(gazetteer, "Headline\n\nWinds hit the Korvo Islands. The airport on Korvo is flooded.")
    entities = {m.text: (m.type, m.entity) for m in corpus.mentions[0]}
    assert entities["Korvo"] == entities["Korvo Islands"] and entities["Korvo"][0] == "LOC"


def test_roads_by_number_towns_named_after_forts_and_the_americas(gazetteer):
    result = one(gazetteer, "Take State Route 9 or Interstate 75 to Fort Lee, then trade with the Americas.")
    assert {("State Route 9", "LOC"), ("Interstate 75", "LOC"), ("Fort Lee", "GPE"), ("Americas", "LOC")} <= result
    assert ("Mount Kelvar", "LOC") in one(gazetteer, "They climbed Mount Kelvar.")


def test_more_place_and_institution_cues(gazetteer):
    result = one(
        gazetteer,
        "The storm passed Bermuda Wednesday night. It landed at Velmoor, Kerala on time. Curfews hit "
        "the holy cities of Korvath and Medina. Mitch McConnell, the Senate Majority Leader, spoke to a "
        "former Army colonel. The Co-operative Commonwealth Federation merged.",
    )
    assert {("Bermuda", "GPE"), ("Velmoor", "GPE"), ("Korvath", "GPE"), ("Senate", "ORG"), ("Army", "ORG")} <= result
    assert ("Co-operative Commonwealth Federation", "ORG") in result
    assert ("Boeing", "ORG") not in one(gazetteer, "The aircraft was a Boeing 737 on its way home.")


def test_regions_have_their_adjectives_and_time_zones_name_nothing(gazetteer):
    result = one(gazetteer, "At 10 a.m. Central European Time, the Central European and East Asian states met.")
    assert {("Central European", "NORP"), ("East Asian", "NORP")} <= result
    assert not any(text.endswith("Time") for text, _ in result)
    assert [text for text, _ in result].count("Central European") == 1


def test_a_listed_place_and_state_are_that_state(gazetteer):
    result = one(gazetteer, "A New York State law applies, and Washington State agreed. Ohio State University won.")
    assert {("New York State", "GPE"), ("Washington State", "GPE"), ("Ohio State University", "ORG")} <= result


def test_a_compass_word_alone_before_a_place_makes_a_region(gazetteer):
    result = one(gazetteer, "She moved from South London to North Wales.")
    assert {("South London", "LOC"), ("North Wales", "LOC")} <= result


def test_two_party_words_make_a_party_even_over_a_listed_group(gazetteer):
    result = one(gazetteer, "The vote split the Social Democrats and the government.")
    assert ("Social Democrats", "ORG") in result
    # "liberal" and "democrat" are role words too ("liberal Smith"): the party comes first.
    result = one(gazetteer, "Voters backed the Liberal Democrats, and a Liberal National MP resigned.")
    assert {("Liberal Democrats", "ORG"), ("Liberal National", "ORG")} <= result


def test_a_company_suffix_closes_the_name_and_the_short_form_is_the_same_company(gazetteer):
    corpus = corpus_of(
        gazetteer, "Headline\n\nThe stores were sold to Varkel Group A/S on Monday. Varkel will keep the staff."
    )
    result = found(corpus)
    assert ("Varkel Group A/S", "ORG") in result and ("Varkel", "ORG") in result
    by_text = {m.text: m.entity for m in corpus.mentions[0]}
    assert by_text["Varkel"] == by_text["Varkel Group A/S"]


# ---------------------------------------------------------------- organisations and outlets


def test_a_name_before_a_country_is_the_branch_there_and_the_name_alone_the_same(gazetteer):
    corpus = corpus_of(
        gazetteer, "Headline\n\nThe firm Quorvex USA refused. A court told Quorvex to comply. John Peru arrived."
    )
    result = found(corpus)
    assert {("Quorvex USA", "ORG"), ("Quorvex", "ORG")} <= result and ("John Peru", "ORG") not in result
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["Quorvex"] == entities["Quorvex USA"]


def test_people_for_a_cause_are_an_advocacy_group(gazetteer):
    result = one(gazetteer, "She was honoured by Parliamentarians for Zembla Action. Journalists for Reuters said no.")
    assert ("Parliamentarians for Zembla Action", "ORG") in result
    assert ("Journalists for Reuters", "ORG") not in result


def test_a_company_noun_before_a_name_makes_an_organisation_everywhere_in_the_article(gazetteer):
    result = one(
        gazetteer, "The retailer Zorvex cut prices. Zorvex said sales fell. Analysts expect Zorvex to recover."
    )
    assert ("Zorvex", "ORG") in result and ("Zorvex", "PERSON") not in result


def test_a_person_described_as_a_member_of_an_organisation_stays_a_person(gazetteer):
    result = one(gazetteer, "Tom Orvik, a member of the party, agreed. Velgar, the national weather service, warned.")
    assert ("Tom Orvik", "PERSON") in result and ("Velgar", "ORG") in result


def test_what_only_an_organisation_has_makes_one(gazetteer):
    assert ("Quellmark", "ORG") in one(gazetteer, "Quellmark's chief executive resigned on Friday.")
    assert ("Brindova", "ORG") in one(gazetteer, "Investors bought shares of Brindova after the report.")


def test_an_outlet_after_told_or_before_reported_is_an_organisation_never_a_person(gazetteer):
    assert ("Daily Vortex", "ORG") in one(gazetteer, "The minister told the Daily Vortex that he would stay.")
    result = one(gazetteer, "Gazeta Nowa reported that the deal was signed.")
    assert ("Gazeta Nowa", "ORG") in result and ("Gazeta Nowa", "PERSON") not in result


def test_well_known_outlets_airlines_and_parties_are_listed_without_a_leading_the(gazetteer):
    result = one(gazetteer, "The Washington Post and USA Today said Ryanair and Sinn Féin agreed.")
    assert {("Washington Post", "ORG"), ("USA Today", "ORG"), ("Ryanair", "ORG"), ("Sinn Féin", "ORG")} <= result
    assert ("USA", "GPE") not in result


def test_listed_island_groups_churches_and_washington_dc(gazetteer):
    result = one(gazetteer, "A Pentecostal church drove from D.C. to the Azores with Pacific Islanders.")
    assert {("Pentecostal", "NORP"), ("D.C.", "GPE"), ("Azores", "GPE"), ("Pacific Islanders", "NORP")} <= result


def test_an_acronym_used_twice_is_an_organisation_and_once_is_not(gazetteer):
    assert ("KRZ", "ORG") in one(gazetteer, "The KRZ network went dark. Viewers said KRZ had warned them.")
    assert not {text for text, _ in one(gazetteer, "The QVX plan went nowhere.")} & {"QVX"}
    # Used once right after a noun of organisations, it is one.
    assert ("QVX", "ORG") in one(gazetteer, "Women serve, according to nonprofit QVX, in many roles.")


def test_an_acronym_defined_after_a_name_without_a_head_is_that_organisation(gazetteer):
    corpus = corpus_of(
        gazetteer, "Headline\n\nAccording to Letters from Varnia (LFV), prices rose. LFV named the buyers."
    )
    by_text = {m.text: m for m in corpus.mentions[0]}
    assert (
        by_text["Letters from Varnia"].type == "ORG" and by_text["LFV"].entity == by_text["Letters from Varnia"].entity
    )


def test_a_legislature_named_alone_mid_sentence_is_an_organisation(gazetteer):
    assert ("Parliament", "ORG") in one(gazetteer, "The party won a majority in Parliament last night.")
    assert ("Parliament", "ORG") not in one(gazetteer, "She became a Member of Parliament in 2010.")


def test_the_house_alone_is_the_legislature_the_article_names_in_full(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nThe Zemblan House of Deputies met on Monday. Later the House passed the bill, "
        "and the Zembla House agreed. Two Cabinet officers resigned.",
    )
    by_text = {m.text: m for m in corpus.mentions[0]}
    assert by_text["Zemblan House of Deputies"].type == "ORG" and by_text["House"].type == "ORG"
    assert by_text["House"].entity == by_text["Zemblan House of Deputies"].entity
    assert "Cabinet" not in by_text


def test_a_listed_organisation_named_with_its_country_before_it_is_that_organisation(gazetteer):
    corpus = corpus_of(gazetteer, "Headline\n\nThe United States Central Intelligence Agency said so. The CIA agreed.")
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["United States Central Intelligence Agency"] == entities["CIA"]
    # One word that is no legislature is not stripped: a newspaper named after its country.
    corpus = corpus_of(gazetteer, "Headline\n\nAccording to the Jamaica Observer, the talks failed.")
    assert [m.entity for m in corpus.mentions[0] if m.text == "Jamaica Observer"] == ["Jamaica Observer"]


def test_names_after_a_listed_organisation_are_not_part_of_it(gazetteer):
    result = one(gazetteer, "It was backed by members of the House of Representatives Tamsin Orlo and Mike Varn.")
    assert ("House of Representatives", "ORG") in result and ("Mike Varn", "PERSON") in result
    assert ("United Nations Human Rights Council", "ORG") in one(
        gazetteer, "The United Nations Human Rights Council met."
    )


def test_a_place_that_starts_with_new_stays_in_the_tail_of_an_organisation(gazetteer):
    result = one(gazetteer, "Officials of the Harbour Authority of New York and New Jersey said so.")
    assert ("Harbour Authority of New York and New Jersey", "ORG") in result
    assert ("Harbour Committee of Peru", "ORG") in one(gazetteer, "The Harbour Committee of Peru on Monday said no.")


def test_agencies_courts_and_ordinals_in_organisation_names(gazetteer):
    result = one(
        gazetteer,
        "A Zembla Oceanic and Atmospheric Administration buoy failed, the Kettel Administration said. "
        "The Second Circuit Court of Appeals and the Court of Appeals for the Third Circuit ruled. "
        "Writing for the Court, she agreed. The Virginia-based Varkel Corporation grew.",
    )
    assert {
        ("Zembla Oceanic and Atmospheric Administration", "ORG"),
        ("Second Circuit Court of Appeals", "ORG"),
        ("Court of Appeals for the Third Circuit", "ORG"),
        ("Court", "ORG"),
        ("Virginia", "GPE"),
        ("Varkel Corporation", "ORG"),
    } <= result
    # "and" joins no places before a head, and a president's administration is the president's.
    assert ("Uzbekistan Institute", "ORG") in one(
        gazetteer, "Ties between Kazakhstan and Uzbekistan Institute staff grew."
    )
    assert ("Trump", "PERSON") in one(gazetteer, "Officials of the Trump Administration denied it.")


def test_a_later_head_makes_the_name_when_the_first_head_alone_cannot(gazetteer):
    result = one(
        gazetteer,
        "Members of the Senate Foreign Relations Committee met. The Crown Court heard it, and the "
        "Russia-based Varkel Lab denied it. The Senate and House of Representatives voted.",
    )
    assert {("Senate Foreign Relations Committee", "ORG"), ("Crown Court", "ORG"), ("Varkel Lab", "ORG")} <= result
    assert ("Senate and House of Representatives", "ORG") not in result


def test_the_house_is_not_one_of_its_committees(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nThe Zemblan House of Deputies met. The House Oversight Committee agreed, and the House voted.",
    )
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["House"] == entities["Zemblan House of Deputies"]


def test_a_title_in_the_tail_of_an_organisation_starts_a_person(gazetteer):
    result = one(gazetteer, "Members of the Zemblan House of Deputies Speaker Varo Kettel said no.")
    assert ("Zemblan House of Deputies", "ORG") in result and ("Varo Kettel", "PERSON") in result


# ---------------------------------------------------------------- places without a government


def test_named_features_buildings_and_facilities_are_regions(gazetteer):
    result = one(
        gazetteer,
        "Boats sailed up the Zarvan River past Mount Kelvar to Korvo International Airport and the King Tavel Mosque.",
    )
    assert {("Zarvan River", "LOC"), ("Mount Kelvar", "LOC"), ("Korvo International Airport", "LOC")} <= result
    assert ("King Tavel Mosque", "LOC") in result


def test_a_storm_is_an_event_and_its_name_alone_is_the_same_storm(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nHurricane Korvella reached the coast on Monday. Later that day Korvella weakened, "
        "and Tropical Storm Korvella moved north, the National Hurricane Center said.",
    )
    result = found(corpus)
    assert {("Hurricane Korvella", "EVENT"), ("Korvella", "EVENT"), ("Tropical Storm Korvella", "EVENT")} <= result
    assert ("National Hurricane Center", "ORG") in result
    assert len({m.entity for m in corpus.mentions[0] if m.type == "EVENT"}) == 1


def test_a_year_before_a_named_event_is_part_of_its_name(gazetteer):
    result = one(gazetteer, "She won at the virtual 2020 Zorvan National Convention. In 2019 Zorvan Games were held.")
    assert ("2020 Zorvan National Convention", "EVENT") in result and ("Zorvan Games", "EVENT") in result


def test_wars_crises_and_revolutions_are_events_with_the_place_inside(gazetteer):
    result = one(gazetteer, "He served in the Peru War and wrote about the Zembla Hostage Crisis.")
    assert {("Peru War", "EVENT"), ("Zembla Hostage Crisis", "EVENT")} <= result and ("Peru", "GPE") not in result
    assert ("Ministry of War", "ORG") in one(gazetteer, "She joined the Ministry of War in 1990.")


# ---------------------------------------------------------------- people


def test_a_common_given_name_before_a_capitalised_word_is_a_person(gazetteer):
    assert ("Anne Korvalis", "PERSON") in one(gazetteer, "The court heard that Anne Korvalis will appeal.")
    assert "Anne" in word_list("given_names")


def test_a_person_of_an_organisation_who_speaks_is_a_person(gazetteer):
    assert ("Kelo Varnstad", "PERSON") in one(gazetteer, "Kelo Varnstad of the Harbour Institute said the plan failed.")


def test_a_name_after_a_role_of_a_country_is_a_person(gazetteer):
    assert ("Varo Kesselbrink", "PERSON") in one(
        gazetteer, "The current president of Chile, Varo Kesselbrink, expressed his sadness."
    )


def test_a_speech_verb_after_a_comma_still_attributes(gazetteer):
    assert ("Tamsin Orlo", "PERSON") in one(gazetteer, "A member of the council, Tamsin Orlo, said the vote was fair.")


def test_a_name_joined_by_bin_is_one_person_called_by_the_first_name(gazetteer):
    result = one(gazetteer, "On Friday, Harun bin Zayyad, the long-serving ruler, died. Harun was 79.")
    assert ("Harun bin Zayyad", "PERSON") in result and ("Harun", "PERSON") in result


def test_particles_do_not_count_towards_the_length_of_a_name(gazetteer):
    result = one(gazetteer, "His successor, Harun bin Zayyad Al Qarib, attended the funeral.")
    assert ("Harun bin Zayyad Al Qarib", "PERSON") in result


def test_what_only_a_person_has_makes_one(gazetteer):
    assert ("Dorvan Kettelby", "PERSON") in one(gazetteer, "The law dates from Dorvan Kettelby's Presidency.")
    assert ("Velmora", "PERSON") in one(gazetteer, "Reporters spoke to Velmora's widow on Monday.")


def test_the_family_name_of_a_person_named_in_full_beats_a_town_of_that_name(gazetteer):
    # Tipton and Gardner are towns in the bundled place data.
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nVoice actor Alexis Tipton spoke first. Tipton said she was thrilled. Later, "
        "Tipton held a panel. Senator Cory Gardner agreed, and Gardner left.",
    )
    result = found(corpus)
    assert ("Tipton", "PERSON") in result and ("Gardner", "PERSON") in result
    assert not {kind for text, kind in result if text in ("Tipton", "Gardner")} - {"PERSON"}
    by_text = {m.text: m.entity for m in corpus.mentions[0]}
    assert by_text["Tipton"] == by_text["Alexis Tipton"]


def test_occupations_and_relatives_before_a_name_say_person(gazetteer):
    result = one(gazetteer, "Payments went to actress Velma Kroy, to model Dara Quill and to his nephew Orvik.")
    assert {("Velma Kroy", "PERSON"), ("Dara Quill", "PERSON"), ("Orvik", "PERSON")} <= result


def test_more_roles_and_titles_stay_outside_the_name(gazetteer):
    result = one(
        gazetteer,
        "Supreme Court Justice Varo Kettel wrote it. Voter Lina Morrow agreed. Whistleblower Tam Orvik "
        "spoke, and Assemblywoman Dena Voss left.",
    )
    assert {("Varo Kettel", "PERSON"), ("Lina Morrow", "PERSON"), ("Tam Orvik", "PERSON"), ("Dena Voss", "PERSON")} <= (
        result
    )
    assert ("Justice Department", "ORG") in one(gazetteer, "Officials said the Justice Department would appeal.")


def test_a_caption_glued_on_after_a_period_is_not_part_of_the_name(gazetteer):
    result = one(gazetteer, "Congressman Varo Kettel.Image: a supporter. The U.S. Senate met.")
    assert ("Varo Kettel", "PERSON") in result and ("U.S. Senate", "ORG") in result


def test_a_person_called_by_the_first_name_is_the_person_named_in_full(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nPrincess Velora Tamsarin withdrew on Friday. Officially, Princess Velora no longer holds a title.",
    )
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["Velora"] == entities["Velora Tamsarin"]


def test_a_name_joined_by_and_to_a_person_is_a_person(gazetteer):
    result = one(gazetteer, "It was backed by Darvo Kettelby and Mike Varn. A couple, Richard and Lisa Orvik, drove.")
    assert {("Darvo Kettelby", "PERSON"), ("Mike Varn", "PERSON"), ("Richard", "PERSON")} <= result


def test_hyphenated_family_names_are_two_people_and_a_particle_stays_with_the_family_name(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nShe ran with Harry Vorne, and Jo Kettelby won. The Vorne-Kettelby ticket lost. "
        "Police named Louis De Varsa. De Varsa was held.",
    )
    result = found(corpus)
    assert {("Vorne", "PERSON"), ("Kettelby", "PERSON"), ("De Varsa", "PERSON")} <= result
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["De Varsa"] == entities["Louis De Varsa"] and entities["Vorne"] == entities["Harry Vorne"]


def test_jr_belongs_to_the_name_and_is_no_family_name(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nThe court heard District Attorney Varo K. Kettel, Jr. on Monday. Kettel said no. "
        "Later Anne Orvik Jr. spoke, and Orvik left.",
    )
    result = found(corpus)
    assert {("Varo K. Kettel, Jr.", "PERSON"), ("Anne Orvik Jr.", "PERSON"), ("Kettel", "PERSON")} <= result
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["Orvik"] == entities["Anne Orvik Jr."] and entities["Kettel"] == entities["Varo K. Kettel, Jr."]


def test_what_only_people_do_makes_a_person(gazetteer):
    result = one(gazetteer, "It was granted. Tamsin Vorlo was convicted of fraud. Later Kettelby died.")
    assert {("Tamsin Vorlo", "PERSON"), ("Kettelby", "PERSON")} <= result


def test_a_family_name_after_a_title_in_a_headline_is_the_person(gazetteer):
    corpus = corpus_of(gazetteer, "Sultan Harun of Peru dies\n\nOn Friday, Harun bin Zayyad, the ruler, died.")
    assert ("Harun", "PERSON") in found(corpus)


def test_the_name_of_a_photo_credit_is_a_person(gazetteer):
    assert ("Varo Kettelby", "PERSON") in one(gazetteer, "Supporters at a rally.Image: Varo Kettelby.\n\nMore text.")


def test_more_people_after_titles_adverbs_and_middle_names(gazetteer):
    result = one(
        gazetteer,
        "It was backed by Senior Advisors Varo Kettel and Lina Orvik. Later Tamsin Vorlo also stated that "
        "it was fine. A court cleared Zarek Manuel Kovra of the charge.",
    )
    assert {("Varo Kettel", "PERSON"), ("Lina Orvik", "PERSON"), ("Tamsin Vorlo", "PERSON")} <= result
    assert ("Zarek Manuel Kovra", "PERSON") in result


def test_a_first_name_alone_is_the_one_person_of_the_article_with_it(gazetteer):
    corpus = corpus_of(
        gazetteer,
        'Headline\n\nThe spy Tovan Merrick died on Monday, his family said. "Tovan was one of the best," '
        "a colleague said. Will Darno and Will Kessop agreed that it will pass.",
    )
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["Tovan"] == entities["Tovan Merrick"]
    assert "Will" not in entities  # two people's first name, and a word of the article
    # A first name that is a place stays out: "Orlando Varn ... in Orlando".
    result = one(gazetteer, "Actor Orlando Varn spoke. Fans in Orlando cheered.")
    assert ("Orlando", "PERSON") not in result


def test_a_family_is_no_person(gazetteer):
    result = one(gazetteer, "Officials met Dorin Velaskov on Monday. The Velaskov family declined to comment.")
    assert [text for text, _ in result].count("Velaskov") == 0


def test_a_plural_demonym_is_the_group(gazetteer):
    assert ("Peruvians", "NORP") in one(gazetteer, "Thousands of Peruvians voted early.")
    result = one(gazetteer, "So many Coloradans, Londoners and New Yorkers voted; the Smiths did not.")
    assert {("Coloradans", "NORP"), ("Londoners", "NORP"), ("New Yorkers", "NORP")} <= result
    assert ("Smiths", "NORP") not in result


# ---------------------------------------------------------------- never a span


def test_clauses_and_plural_nouns_before_verbs_are_not_people(gazetteer):
    result = one(gazetteer, "It violated the Due Process Clause. Initial reports stated it. Bill Orvik said so.")
    assert not any(text in ("Due Process Clause", "Initial") for text, _ in result)
    assert ("Bill Orvik", "PERSON") in result
    assert ("Latina", "NORP") in one(gazetteer, "She was the first Latina judge there.")


def test_sentence_adverbs_contractions_currency_and_laws_are_not_names(gazetteer):
    result = one(gazetteer, "Afterwards Trump left. “I'm tired,” he said.")
    assert ("Trump", "PERSON") in result and not any(text.startswith(("Afterwards", "I'm")) for text, _ in result)
    assert ("US", "GPE") not in one(gazetteer, "The firm raised US$3.6 billion in March.")
    assert ("Paris", "GPE") not in one(gazetteer, "The country left the Paris Agreement in 2020.")
    assert ("US", "GPE") in one(gazetteer, "The US Constitution was amended.")


# ---------------------------------------------------------------- the corpus decides


def test_a_name_found_with_a_cue_in_one_article_is_found_in_the_next(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline one\n\nThe retailer Zorvex cut prices in Warsaw.",
        "Headline two\n\nShoppers in Warsaw praised Zorvex on Monday.",
    )
    second = [m for m in corpus.mentions[1] if m.text == "Zorvex"]
    assert second and second[0].type == "ORG"
    assert second[0].entity == next(m.entity for m in corpus.mentions[0] if m.text == "Zorvex")


def test_an_acronym_defined_in_one_article_is_found_alone_in_another(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline one\n\nThe Caspian Freight Authority (CFRA) raised tariffs.",
        "Headline two\n\nTraders blamed CFRA for the delays.",
    )
    assert ("CFRA", "ORG") in found(corpus, 1)


def test_an_organisation_is_one_entity_with_or_without_its_generic_ending_or_country(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline one\n\nThe retailer Varkel Group A/S grew. The Zorvan Unity Party won, the U.S. Harbour Institute said.",
        "Headline two\n\nThe company Varkel Group fell. Zorvan Unity won, and the Harbour Institute agreed.",
        "Headline three\n\nThe Florida Harbour Institute and the Texas Harbour Institute disagreed.",
    )
    entity = {(i, m.text): m.entity for i in range(3) for m in corpus.mentions[i]}
    assert entity[0, "Varkel Group A/S"] == entity[1, "Varkel Group"]
    assert entity[0, "Zorvan Unity Party"] == entity[1, "Zorvan Unity"]
    assert entity[0, "U.S. Harbour Institute"] == entity[1, "Harbour Institute"]
    assert entity[2, "Florida Harbour Institute"] != entity[2, "Texas Harbour Institute"]


def test_spellings_of_one_name_in_an_article_are_one_entity(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nProfessor Varo Kettel Orvik said so. Dr. Varo K. Orvik agreed. "
        "The Harbour Authority of Zembla met, the Harbour Authority said. The Peru Department of "
        "Harbours and the Harbours Department agreed.",
    )
    entities = {m.text: m.entity for m in corpus.mentions[0]}
    assert entities["Varo Kettel Orvik"] == entities["Varo K. Orvik"]
    assert entities["Harbour Authority"] == entities["Harbour Authority of Zembla"]
    assert entities["Harbours Department"] == entities["Peru Department of Harbours"]


def test_a_party_in_the_singular_and_a_company_without_its_generic_word_are_the_same(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nThe Liberal Democrats won. The company Varkel Entertainment grew.",
        "Headline\n\nA Liberal Democrat candidate lost. The firm Varkel hired staff.",
    )
    entities = {(i, m.text): m.entity for i in range(2) for m in corpus.mentions[i]}
    assert entities[0, "Liberal Democrats"] == entities[1, "Liberal Democrat"]
    assert entities[0, "Varkel Entertainment"] == entities[1, "Varkel"]


def test_one_name_gets_one_type_across_the_corpus(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline one\n\nThe retailer Brakvold opened stores.",
        "Headline two\n\nBrakvold said profits rose.",
    )
    assert {m.type for doc in corpus.mentions for m in doc if m.text == "Brakvold"} == {"ORG"}


def test_candidates_the_corpus_never_confirms_are_dropped(gazetteer):
    recognizer = Recognizer(gazetteer)
    text = "Headline\n\nThe Vontrel deal is off."
    raw = recognizer.recognize(text)
    assert any(m.rule == CANDIDATE and m.text == "Vontrel" for m in raw)
    assert not any(m.rule == CANDIDATE for m in recognizer.recognize(text, candidates=False))
    corpus = corpus_of(gazetteer, text)
    assert "Vontrel" not in {m.text for m in corpus.mentions[0]}


# ---------------------------------------------------------------- the recogniser's spans

_name = st.sampled_from(
    "Zorvex Anne Korvalis Mobile Kalamazoo Parliament KRZ I'm Afterwards Paris Agreement US$3 Jackson "
    "Southern Brazil Peru Embassy Gazeta Nowa Daily Vortex Mount Kelvar bin Liberal Democrats".split()
)
_glue = st.sampled_from([" ", "  ", ", ", ". ", "\n", "\n\n", " said ", " told the ", " in ", "'s ", " (", ") ", "-"])
_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_name, _glue, st.text(max_size=4)), max_size=50).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(_texts)
def test_recognised_spans_are_in_bounds_sorted_disjoint_and_trimmed(text):
    from reader.entities.gazetteer import load_gazetteer

    recognizer = _recognizer(load_gazetteer)
    mentions = recognizer.recognize(text)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end
        assert m.text == text[m.start : m.end]
        assert not m.text[0].isspace() and not m.text[-1].isspace()
        previous_end = m.end


_cache: dict[str, Recognizer] = {}


def _recognizer(load) -> Recognizer:
    if "r" not in _cache:
        _cache["r"] = Recognizer(load(None))
    return _cache["r"]
