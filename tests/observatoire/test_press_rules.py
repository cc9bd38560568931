"""Rules found on real press (third pass of #9), each checked on a sentence written for the test:
no third-party text is quoted here."""

from __future__ import annotations


def _names(result) -> set[str]:
    return {a.name for a in result.actors}


def test_transcript_timestamps_are_dropped_and_lines_joined(extractor) -> None:
    from sudia.observatoire.document import untimestamp

    block = ("Transcription\n00:00Bonjour et bienvenue dans Cap Innovation, l'émission réalisée avec la Chambre de\n"
             "00:07Commerce et d'Industrie du Var et la start-up Brisa Lab.\n00:12Merci à vous.")
    assert untimestamp(block).startswith("Transcription\nBonjour et bienvenue")
    assert "Chambre de Commerce et d'Industrie du Var" in untimestamp(block)
    assert untimestamp("Rendez-vous\n10:30 au port") == "Rendez-vous\n10:30 au port"  # one time is no transcript
    names = _names(extractor.extract_text("emission.txt", [block]))
    assert not any(n[:1].isdigit() for n in names)
    assert "Chambre" not in names and "Brisa Lab" in names


def test_an_acronym_heading_a_name_merges_with_the_spelt_out_name(extractor) -> None:
    text = ("La CCI Var-Estérel accompagne la start-up Ondine. Selon la Chambre de Commerce et d'Industrie "
            "Var-Estérel, la start-up a doublé ses ventes.")
    result = extractor.extract_text("cci.txt", [text])
    cci = [a for a in result.actors if "Var-Est" in a.name or "Var Est" in a.name]
    assert len(cci) == 1


def test_the_acronym_before_a_parenthesis_is_the_nearest_word_that_spells_it(extractor) -> None:
    text = ("Le salon est organisé par la Marine nationale, la Région Sud et BNT Numérique (Bureau Naval "
            "Toulonnais, l'agence économique de la ville), qui accueille 40 exposants.")
    result = extractor.extract_text("salon.txt", [text])
    [bnt] = [a for a in result.actors if "BNT" in a.name or "Bureau Naval" in a.name]
    assert {"BNT Numérique", "Bureau Naval Toulonnais"} <= {bnt.name, *bnt.aliases}


def test_a_kind_word_alone_is_not_a_name(extractor) -> None:
    blocks = ["Accueil > Entreprises > Le numérique s'installe au Palais de la (...)",
              "La start-up Brisa Lab présente ses capteurs au Palais des Festivals de Cannes."]
    names = _names(extractor.extract_text("palais.txt", blocks))
    assert "Palais" not in names and "Brisa Lab" in names


def test_a_ministers_portfolio_is_not_an_organisation(extractor) -> None:
    text = "La start-up Brisa Lab a reçu le prix des mains du ministre de l'Économie numérique à Marseille."
    names = _names(extractor.extract_text("prix.txt", [text]))
    assert not any("conomie" in n for n in names) and "Brisa Lab" in names


def test_a_rubric_before_a_colon_needs_the_body_to_name_it(extractor) -> None:
    text = ("Technos : et si les drones surveillaient les forêts du Var ? La start-up Brisa Lab le propose. "
            "Ondalys : la start-up Ondalys lève 2 millions d'euros.")
    names = _names(extractor.extract_text("rubrique.txt", [text]))
    assert "Technos" not in names and {"Brisa Lab", "Ondalys"} <= names


def _orgs(result) -> dict[str, str]:
    return {p.name: p.organisation for p in result.people}


def test_a_person_representing_an_organisation_speaks_for_it(extractor) -> None:
    text = ("Lors de la table ronde, Paul Roux, représentant pour sa part la société Brisa Lab, a présenté "
            "les capteurs de la start-up.")
    assert _orgs(extractor.extract_text("table.txt", [text])).get("Paul Roux") == "Brisa Lab"


def test_the_ceo_of_the_group_and_his_deputy_belong_to_the_company_of_the_text(extractor) -> None:
    blocks = ["La société Ondalys a inauguré son site de Toulon. Ondalys emploie 40 personnes.",
              "La fête a eu lieu en présence de Marc Lenoir, PDG du groupe américain, et de son directeur "
              "technique Léa Vidal."]
    orgs = _orgs(extractor.extract_text("ondalys.txt", blocks))
    assert orgs.get("Marc Lenoir") == "Ondalys" and orgs.get("Léa Vidal") == "Ondalys"


def test_a_name_cut_off_by_an_ellipsis_is_no_actor(extractor) -> None:
    blocks = ["Accueil > Cloud > Le port de Toulon accueille un centre de calcul Ondalys...",
              "La société Ondalys Computing ouvrira son centre de calcul à Toulon en 2027."]
    names = _names(extractor.extract_text("teaser.txt", blocks))
    assert "Ondalys" not in names and "Ondalys Computing" in names


def test_a_subject_owned_by_the_group_gives_the_figure_to_the_company(extractor) -> None:
    blocks = ["La société Ondalys a ouvert son troisième site à Toulon.",
              "L'investissement total du groupe dans la région atteint désormais 120 millions d'euros."]
    facts = extractor.extract_text("ondalys.txt", blocks).facts
    assert [(f.actor, f.type, f.value) for f in facts] == [("Ondalys", "investment_eur", 120e6)]


def test_running_totals_of_a_company_do_not_contradict(extractor, tmp_path) -> None:
    (tmp_path / "a.txt").write_text("La société Ondalys a investi 40 millions d'euros à Toulon pour son site.", "utf-8")
    (tmp_path / "b.txt").write_text("Depuis son arrivée, la société Ondalys a investi au total 90 millions d'euros à Toulon.",
                                    "utf-8")
    (tmp_path / "c.txt").write_text("La société Ondalys a investi 60 millions d'euros à Toulon pour son site.", "utf-8")
    merged = extractor.extract_files([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"])
    pairs = {frozenset((c.first.source.document, c.second.source.document)) for c in merged.contradictions}
    assert pairs == {frozenset(("a.txt", "c.txt"))}  # two one-off figures disagree; the running total does not


def test_millions_of_investment_are_euros() -> None:
    from sudia.observatoire.quantities import find_quantities

    [amount] = find_quantities("Au total, 45 millions d'investissement sont prévus pour le site.")
    assert (amount.value, amount.dimension) == (45e6, "eur")
    assert find_quantities("les 300 investissements du fonds") == []  # no million: no amount


def test_a_numbered_site_in_apposition_to_a_data_centre_is_an_actor(extractor) -> None:
    text = "Toulon attend beaucoup de TLN 3, le 3e centre de données de la société Ondalys."
    names = _names(extractor.extract_text("tln.txt", [text]))
    assert "TLN 3" in names
