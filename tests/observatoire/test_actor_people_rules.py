"""Actors and people on sentence shapes that real press uses (#9, fourth pass): investors who lead a
round, funds that look like people, public bodies written in lower case, people whose organisation
comes before them. Every sentence is written for the test (fictional companies), none is quoted."""

from __future__ import annotations


def _actors(result) -> dict[str, str]:
    return {a.name: a.kind for a in result.actors}


def _orgs(result) -> dict[str, str]:
    return {p.name: p.organisation for p in result.people}


def test_who_leads_or_joins_a_round_is_an_investor(extractor) -> None:
    text = ("La jeune pousse Kelvo a levé 4 millions d'euros lors d'un tour de table mené par Bpifrance, "
            "Norrsken VC et Alto Invest, avec la participation de Sofinnova.")
    result = extractor.extract_text("levee.txt", [text])
    actors = _actors(result)
    assert {actors.get(n) for n in ("Bpifrance", "Norrsken VC", "Alto Invest", "Sofinnova")} == {"investor"}
    assert not result.people  # "Norrsken VC" is a fund, not a person


def test_a_person_leading_a_project_is_no_organisation(extractor) -> None:
    result = extractor.extract_text("projet.txt", ["Le projet Kelvo a été mené par Jeanne Morel pendant deux ans."])
    assert "Jeanne Morel" not in _actors(result)


def test_public_bodies_in_lower_case_with_their_territory(extractor) -> None:
    text = ("Le conseil départemental des Alpes-Maritimes, la communauté d'agglomération des pays de Lérins "
            "et la chambre de commerce du Var soutiennent la start-up Kelvo.")
    actors = _actors(extractor.extract_text("corps.txt", [text]))
    assert actors.get("conseil départemental des Alpes-Maritimes") == "public_body"
    assert actors.get("communauté d'agglomération des pays de Lérins") == "public_body"
    assert actors.get("chambre de commerce du Var") == "public_body"


def test_an_organisation_that_has_a_director_is_no_person(extractor) -> None:
    text = "Kelvo, dont le directeur général Paul Martin a rejoint l'équipe en 2021, recrute vingt ingénieurs."
    result = extractor.extract_text("kelvo.txt", [text])
    assert "Kelvo" in _actors(result)
    assert _orgs(result) == {"Paul Martin": "Kelvo"}


def test_the_organisation_named_before_the_person(extractor) -> None:
    blocks = ["Le président de Brisa Lab, Marc Lenoir, a inauguré les locaux.",
              "La startup Mistralia, fondée par Julie Bernard et Hugo Petit, développe un assistant juridique.",
              "Ondalys est dirigée par Nadia Benali depuis sa création.",
              "Marie Durand, à la tête de Cortexa depuis 2020, présente la feuille de route."]
    orgs = _orgs(extractor.extract_text("dirigeants.txt", blocks))
    assert orgs == {"Marc Lenoir": "Brisa Lab", "Julie Bernard": "Mistralia", "Hugo Petit": "Mistralia",
                    "Nadia Benali": "Ondalys", "Marie Durand": "Cortexa"}


def test_names_listed_after_a_cue_are_organisations(extractor) -> None:
    text = "Le territoire compte des groupes comme Thales ou Naval Group et des startups comme KELVO, Brisa Lab et Mistralia."
    actors = _actors(extractor.extract_text("liste.txt", [text]))
    assert {"Thales", "Naval Group", "Brisa Lab", "Mistralia"} <= set(actors)
    assert any(n.lower() == "kelvo" for n in actors)


def test_trade_words_time_stamps_and_amounts_are_no_actors(extractor) -> None:
    blocks = ["Publié le 3 mai 2024 à 23h57 - Dernière mise à jour le 4 mai",
              "La start-up Kelvo vise le BtoB et veut devenir un Hub entre deux marchés ; ses ventes cumulées "
              "atteignent 1,78Mds € selon Brisa Lab."]
    names = set(_actors(extractor.extract_text("bruit.txt", blocks)))
    assert names == {"Kelvo", "Brisa Lab"}


def test_a_head_alone_before_and_is_not_one_name_with_a_brand(extractor) -> None:
    text = "La Région et kelvoSUD, son agence de développement, ont réuni vingt investisseurs."
    names = set(_actors(extractor.extract_text("agence.txt", [text])))
    assert "kelvoSUD" in names and not any(" et " in n for n in names)


def test_an_etc_after_a_list_does_not_cut_a_name(extractor) -> None:
    text = "L'équipe réunit des laboratoires comme le CNRS, Eurecom, Inria, MinesKelvo... et des entreprises."
    assert "MinesKelvo" in _actors(extractor.extract_text("etc.txt", [text]))


def test_an_organisation_in_parentheses_and_a_local_branch(extractor) -> None:
    blocks = ["Luc Garnier, directeur d'Ondalys Sophia Antipolis, est ravi.",
              "La délégation comptait Nadia Benali (Ondalys), Hugo Petit (directeur, Brisa Lab) et Julie Bernard (CNRS)."]
    result = extractor.extract_text("delegation.txt", blocks)
    assert _orgs(result) == {"Luc Garnier": "Ondalys Sophia Antipolis", "Nadia Benali": "Ondalys Sophia Antipolis",
                             "Hugo Petit": "Brisa Lab", "Julie Bernard": "CNRS"}
    assert "Ondalys" not in _actors(result)  # the local branch and its bare name are one actor


def test_an_event_read_as_a_person_is_no_person(extractor) -> None:
    text = "Un « Cocorico Day » a réuni la French Tech et la start-up Kelvo à Nice."
    assert not extractor.extract_text("fete.txt", [text]).people


def test_the_role_after_est_and_the_last_of_several_appositions(extractor) -> None:
    blocks = ["Michel Morel est l'un des quatre associés fondateurs de la start-up toulonnaise Ondalys.",
              "Étaient présents Jean Roux, maire de Nice, président de la métropole Nice Côte d'Azur, et Léa Vidal."]
    orgs = _orgs(extractor.extract_text("appositions.txt", blocks))
    assert orgs["Michel Morel"] == "Ondalys" and orgs["Jean Roux"] == "métropole Nice Côte d'Azur"
    assert orgs["Léa Vidal"] == ""


def test_a_speaker_named_with_a_definite_role_speaks_for_the_actor_of_the_passage(extractor) -> None:
    blocks = ["La CCI du Var lance un programme d'accompagnement.", "« Nous innovons », rappelle le président Marc Lenoir."]
    assert _orgs(extractor.extract_text("cci.txt", blocks)) == {"Marc Lenoir": "CCI du Var"}


def test_a_sentence_between_person_and_organisation_links_nothing(extractor) -> None:
    text = ("Elle a recruté Léa Vidal, se lance avec l'ambition de créer un réseau de campus pour accompagner "
            "les territoires, avec la start-up Ondalys.")
    assert _orgs(extractor.extract_text("loin.txt", [text])).get("Léa Vidal", "") == ""


def test_the_departmental_council_is_named_after_the_texts_departement(extractor) -> None:
    blocks = ["La start-up Kelvo, installée à Nice, a reçu le soutien du conseil départemental.",
              "Elle ouvre un bureau à Antibes et à Cannes."]
    assert "Conseil départemental des Alpes-Maritimes" in _actors(extractor.extract_text("cd06.txt", blocks))
    mixed = "Le conseil départemental soutient la start-up Kelvo, à Marseille et à Nice."
    assert set(_actors(extractor.extract_text("cd.txt", [mixed]))) == {"Kelvo"}  # no territory dominates


def test_the_departement_and_its_council_are_one_actor(extractor) -> None:
    text = ("Le Département du Var soutient la start-up Kelvo. Le conseil départemental du Var a voté "
            "une aide à la start-up Kelvo.")
    councils = [n for n in _actors(extractor.extract_text("cd83.txt", [text])) if "Var" in n]
    assert len(councils) == 1


def test_a_list_of_three_counts_the_names_joined_by_and(extractor) -> None:
    text = "En 2017, on comptait notamment sur les levées de Kelvo, Vortexa et BriZap, supérieures à 10 M€."
    assert {"Kelvo", "Vortexa", "BriZap"} <= set(_actors(extractor.extract_text("levees.txt", [text])))


def test_amounts_in_parentheses_do_not_break_a_list(extractor) -> None:
    text = ("Le département compte aussi les levées de Kelvo (10 M€), Vortexa (2 M€), Ondalys (1,9 M€) "
            "et Native Brisa (2 M€).")
    names = set(_actors(extractor.extract_text("montants.txt", [text])))
    assert {"Kelvo", "Vortexa", "Ondalys", "Native Brisa"} <= names and "M" not in names


def test_a_common_word_chained_to_a_list_is_no_name(extractor) -> None:
    text = "Ensemble, Naval Group et Thales financeront le laboratoire commun."
    names = set(_actors(extractor.extract_text("ensemble.txt", [text])))
    assert "Ensemble" not in names and {"Naval Group", "Thales"} <= names


def test_english_names_with_connectors(extractor) -> None:
    text = "Les membres de la French Tech sont Cannes is Up, Kelvo Start(s) Up et Telecom Valley."
    names = set(_actors(extractor.extract_text("english.txt", [text])))
    assert {"Cannes is Up", "Kelvo Start(s) Up", "Telecom Valley"} <= names


def test_what_only_an_organisation_has_vouches_for_its_name(extractor) -> None:
    blocks = ["Les Américains de Nexalia s'installent à Sophia Antipolis.",
              "Le Python est le langage préféré des ingénieurs de Vortexa."]
    names = set(_actors(extractor.extract_text("indices.txt", blocks)))
    assert names == {"Nexalia", "Vortexa"}


def test_a_numbered_site_and_its_owner_are_two_actors(extractor) -> None:
    text = "Les data centers KLV4 et KLV5 de Brisa Realty sont à Marseille."
    actors = _actors(extractor.extract_text("sites.txt", [text]))
    assert {"KLV4", "KLV5", "Brisa Realty"} <= set(actors) and actors["KLV4"] == "infrastructure"


def test_a_capitalised_school_name_with_lower_case_words(extractor) -> None:
    text = "L'École supérieure d'ingénieurs de Toulon forme des spécialistes ; l'école d'ingénieurs de Nice aussi."
    names = set(_actors(extractor.extract_text("ecole.txt", [text])))
    assert names == {"École supérieure d'ingénieurs de Toulon"}


def test_a_place_of_work_after_a_or_au_is_the_organisation(extractor) -> None:
    text = ("Paul Martin, directeur de recherche au CNRS, et Léa Vidal, chercheuse à l'Inria, ont signé. "
            "Chez Kelvo, Hugo Petit, responsable de l'IA, pilote vingt ingénieurs.")
    assert _orgs(extractor.extract_text("labos.txt", [text])) == {"Paul Martin": "CNRS", "Léa Vidal": "Inria",
                                                                "Hugo Petit": "Kelvo"}


def test_a_role_with_a_definite_article_belongs_to_the_organisation_before(extractor) -> None:
    blocks = ["La start-up Kelvo recrute.", "Paul Martin, le fondateur, explique son projet.",
              "Le salon organisé par le pôle Brisa, Léa Vidal, la directrice, répond aux questions de Vortexa Mag.",
              "Hugo Petit, le ministre, a visité le stand."]
    orgs = _orgs(extractor.extract_text("definis.txt", blocks))
    assert orgs["Paul Martin"] == "Kelvo" and orgs["Hugo Petit"] == ""
    assert orgs["Léa Vidal"] in ("pôle Brisa", "Brisa")


def test_press_titles_tools_and_share_buttons_are_no_actors(extractor) -> None:
    blocks = ["Selon Le Figaro et Nice-Matin, la start-up Kelvo code en Python, TensorFlow et PyTorch.",
              "Partager sur Facebook Twitter LinkedIn"]
    assert set(_actors(extractor.extract_text("media.txt", blocks))) == {"Kelvo"}


def test_a_name_with_two_complements_joined_by_and(extractor) -> None:
    text = "L'École de l'Air et de l'Espace forme des pilotes avec la start-up Kelvo et de Brisa Lab."
    names = set(_actors(extractor.extract_text("air.txt", [text])))
    assert "École de l'Air et de l'Espace" in names and not any(n.startswith("Kelvo et") for n in names)


def test_a_nationality_before_a_persons_name_is_not_part_of_it(extractor) -> None:
    text = "Le chercheur Américain John Smith rejoint la start-up Kelvo."
    assert [p.name for p in extractor.extract_text("smith.txt", [text]).people] == ["John Smith"]


def test_a_hyphenated_first_name_and_a_civility_stay_with_the_person(extractor) -> None:
    blocks = ["Anne-Sophie Marchetti, CEO de Kelvo, a levé 3 millions.",
              "Mme Claire Dubreuil, présidente du directoire de Brisa Lab, a signé."]
    result = extractor.extract_text("noms.txt", blocks)
    assert _orgs(result) == {"Anne-Sophie Marchetti": "Kelvo", "Claire Dubreuil": "Brisa Lab"}
    assert "Anne-Sophie Marchetti" not in _actors(result)


def test_what_a_person_founded_is_an_organisation(extractor) -> None:
    result = extractor.extract_text("fonde.txt", ["Henrik Lindqvist a fondé Kelvo en 2019."])
    assert _orgs(result) == {"Henrik Lindqvist": "Kelvo"}


def test_the_company_of_a_person_is_not_a_name_starting_with_de(extractor) -> None:
    names = _actors(extractor.extract_text("de.txt", ["L'entreprise de Mathieu Olivero, Kelvo, recrute."]))
    assert not any(n.startswith("de ") for n in names)


def test_one_organisation_written_three_ways_is_one_actor(extractor) -> None:
    blocks = ["La Métropole Kelvo-Brisa-Vortexa finance le projet ; la Métropole KBV a voté l'aide.",
              "Le Sommet Ondalys IA se tient à Nice ; le Ondalys IA Summit accueillera 3000 visiteurs.",
              "Toulon Université (UTLN) et l'Université de Toulon accueillent la start-up Kelvo."]
    names = set(_actors(extractor.extract_text("variantes.txt", blocks)))
    assert len([n for n in names if "KBV" in n or "Kelvo-Brisa" in n]) == 1
    assert len([n for n in names if "Ondalys" in n]) == 1
    assert len([n for n in names if "Toulon" in n]) == 1


def test_numbered_sites_never_merge_by_their_words(extractor) -> None:
    text = "Le data center Kelvo Nord 1 et le data center Nord Kelvo 2 sont à Marseille."
    names = [n for n in _actors(extractor.extract_text("nord.txt", [text])) if "Kelvo" in n]
    assert len(names) == 2


def test_a_breadcrumb_names_only_what_the_body_names(extractor) -> None:
    blocks = ["Vous êtes ici :\nÉconomie-Entreprise |", "Accueil > Kelvo-Actualités > Brisa Lab",
              "La start-up Brisa Lab « Rencontres 2025 » organise un salon."]
    names = set(_actors(extractor.extract_text("menu.txt", blocks)))
    assert "Économie-Entreprise" not in names and "Kelvo-Actualités" not in names and "Brisa Lab" in names


def test_dash_appositions_names_after_a_role_and_in_parentheses(extractor) -> None:
    blocks = ["Paul Martin – CEO de Kelvo – explique sa stratégie.",
              "Le directeur général de Vortexa Hugo Petit a signé.",
              "Léa Vidal (Ondalys) et Nadia Benali (Brisa Lab) ont débattu.",
              "Marc Lenoir, CEO et cofondateur de la jeune pousse niçoise Mistralia, a annoncé une levée."]
    result = extractor.extract_text("appositions2.txt", blocks)
    assert _orgs(result) == {"Paul Martin": "Kelvo", "Hugo Petit": "Vortexa", "Léa Vidal": "Ondalys",
                             "Nadia Benali": "Brisa Lab", "Marc Lenoir": "Mistralia"}
    assert {p.role for p in result.people if p.name == "Paul Martin"} == {"CEO"}


def test_the_beneficiary_of_an_amount_is_an_organisation(extractor) -> None:
    blocks = ["Quelques belles levées ont marqué le semestre :", "11 M€ en avril pour Kelvo, le cloud de Cannes.",
              "6,6 M€ pour Vortexa et sa 5G industrielle.", "La levée dans les AM reste stable."]
    names = set(_actors(extractor.extract_text("barometre.txt", blocks)))
    assert {"Kelvo", "Vortexa"} <= names and "AM" not in names


def test_the_head_of_a_body_named_by_its_kind_belongs_to_the_last_such_body(extractor) -> None:
    blocks = ["Le fonds Kelvo Investissement a soutenu vingt start-up.",
              "« Les banques répondaient peu », raconte Paul Martin, président du fonds régional d'investissement."]
    assert _orgs(extractor.extract_text("fonds.txt", blocks)) == {"Paul Martin": "Kelvo Investissement"}


def test_a_founder_after_a_short_apposition_of_the_organisation(extractor) -> None:
    text = "11 M€ en avril pour Kelvo, le « cloud communautaire » lancé par Paul Martin à Cannes."
    assert _orgs(extractor.extract_text("lance.txt", [text])) == {"Paul Martin": "Kelvo"}
