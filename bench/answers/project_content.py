"""Text of the two long documents written for the project (fictitious schemes, invented amounts).

Each page is a list of blocks: ("h", title), ("p", paragraph), ("ul", [items]), ("table", [rows]).
Pages marked `scan=True` are printed as a noisy image with no text layer, so ingestion goes
through OCR. Nothing here is copied from a real document: names, amounts and dates are made up
for the answer-level evaluation (bench/answers/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    blocks: list
    scan: bool = False


FICTION = ("Document fictif rédigé pour les tests de Sud IA : les dispositifs, montants et dates "
           "sont inventés.")

GUIDE_JEUNES = [
    Page([
        ("h", "Guide des aides régionales pour les jeunes — édition 2026-2027"),
        ("p", FICTION),
        ("p", "Ce guide présente les aides que la Région verse aux jeunes de 15 à 25 ans : culture et sport, "
              "permis de conduire, équipement, santé, logement, mobilité internationale et engagement. "
              "Chaque fiche indique qui peut en bénéficier, le montant, les pièces à fournir et les dates."),
        ("p", "Où se renseigner ? L'Espace Jeunes régional répond du lundi au vendredi de 9 h à 17 h au "
              "04 00 10 20 30. Les demandes se font sur le portail jeunes de la Région, rubrique « Mes aides »."),
        ("ul", ["Fiche 1 : la carte Horizon Jeunes (culture, sport, livres)", "Fiche 2 : le Chèque Permis Apprentis",
                "Fiche 3 : le premier équipement professionnel", "Fiche 4 : l'aide Ordi Lycée",
                "Fiche 5 : le Parcours Santé Horizon", "Fiche 6 : le logement des apprentis",
                "Fiche 7 : la mobilité internationale", "Fiche 8 : l'engagement bénévole",
                "Calendrier, cas particuliers et recours"]),
    ]),
    Page([
        ("h", "Fiche 1 — La carte Horizon Jeunes"),
        ("p", "La carte Horizon Jeunes est une application qui donne des crédits à dépenser chez les partenaires de la "
              "Région : cinémas, théâtres, librairies, clubs sportifs. Les crédits sont nominatifs et ne "
              "peuvent pas être échangés contre de l'argent."),
        ("table", [["Crédit", "Montant", "Utilisation"],
                   ["Culture", "60 €", "places de cinéma, concerts, spectacles, musées"],
                   ["Sport", "40 €", "licence ou adhésion à un club sportif affilié"],
                   ["Livres", "30 €", "livres, bandes dessinées, partitions"],
                   ["Total", "130 €", "par année scolaire"]]),
        ("p", "Qui peut l'obtenir ? Il faut remplir toutes les conditions suivantes :"),
        ("ul", ["avoir entre 15 et 25 ans au 1er septembre 2026",
                "être lycéen, apprenti, étudiant d'un institut de formation sanitaire et sociale, ou suivi par une mission locale",
                "être inscrit dans un établissement situé dans la région"]),
        ("p", "La demande se fait du 1er septembre 2026 au 31 mars 2027. Les crédits peuvent être utilisés "
              "jusqu'au 30 juin 2027 ; ceux qui n'ont pas été dépensés sont perdus."),
    ]),
    Page([
        ("h", "Fiche 2 — Le Chèque Permis Apprentis"),
        ("p", "Avec le Chèque Permis Apprentis, la Région aide les apprentis de 18 à 25 ans à financer le permis B. L'aide est de 600 euros. "
              "Elle est portée à 800 euros pour les apprentis boursiers ou en situation de handicap."),
        ("p", "L'aide est versée directement à l'auto-école, qui doit être située dans la région. La demande "
              "doit être faite avant l'examen pratique. L'aide n'est accordée qu'une seule fois."),
        ("p", "Pièces à fournir :"),
        ("ul", ["le contrat d'apprentissage en cours", "une pièce d'identité",
                "le devis de l'auto-école", "le cas échéant, la notification de bourse"]),
        ("p", "Délai de réponse : la Région répond dans un délai de six semaines après réception du dossier complet."),
    ], scan=True),
    Page([
        ("h", "Fiche 3 — Le premier équipement professionnel"),
        ("p", "Les élèves qui entrent en première année de CAP ou de bac professionnel reçoivent une aide pour "
              "acheter la tenue et les outils demandés par leur formation. L'aide est versée à l'établissement, "
              "qui remet l'équipement à l'élève."),
        ("table", [["Filière", "Montant de l'aide"],
                   ["Cuisine et restauration", "250 €"],
                   ["Coiffure et esthétique", "220 €"],
                   ["Électricité", "180 €"],
                   ["Bâtiment et travaux publics", "300 €"],
                   ["Hôtellerie et service en salle", "200 €"],
                   ["Métiers de l'agriculture", "160 €"]]),
        ("p", "Les élèves qui redoublent ou qui changent de filière dans la même spécialité ne reçoivent pas "
              "une seconde aide. Les élèves de deuxième année ne sont pas concernés."),
    ]),
    Page([
        ("h", "Fiche 4 — L'aide Ordi Lycée"),
        ("p", "L'aide Ordi Lycée permet aux lycéens d'acheter un ordinateur portable neuf. Elle s'élève à "
              "150 euros pour un lycéen non boursier et à 300 euros pour un lycéen boursier des échelons 4 à 6."),
        ("p", "L'ordinateur doit être acheté chez un revendeur partenaire de la Région entre le 1er octobre et "
              "le 15 décembre 2026. Le bon d'achat est envoyé par courriel après validation de la demande."),
        ("ul", ["une seule aide par lycéen pendant toute sa scolarité",
                "l'aide ne couvre pas les tablettes ni les téléphones",
                "l'ordinateur appartient à l'élève dès l'achat"]),
        ("p", "Un lycéen qui a déjà reçu une tablette de la Région peut tout de même demander l'aide Ordi Lycée."),
    ]),
    Page([
        ("h", "Fiche 5 — Le Parcours Santé Horizon"),
        ("p", "Le Parcours Santé Horizon donne accès, sans avance de frais, à des consultations et à des soins pour "
              "les jeunes de 15 à 25 ans."),
        ("ul", ["jusqu'à six séances chez un psychologue partenaire, prises en charge en totalité",
                "une consultation de prévention chez un médecin généraliste",
                "la contraception et les tests de dépistage",
                "un bilan dentaire avec un dentiste partenaire"]),
        ("p", "Les étudiants et apprentis boursiers reçoivent en plus une aide de 120 euros par an pour payer "
              "une complémentaire santé. Elle est versée sur présentation de l'attestation de la mutuelle."),
    ], scan=True),
    Page([
        ("h", "Fiche 6 — Le logement des apprentis"),
        ("p", "Un apprenti qui doit se loger près de son entreprise ou de son centre de formation peut recevoir "
              "deux aides, cumulables."),
        ("table", [["Aide", "Montant", "Condition"],
                   ["Caution Jeunes", "jusqu'à 500 €", "avance du dépôt de garantie, remboursable sans intérêt en 10 mois"],
                   ["Aide à l'installation", "200 €", "logement à plus de 50 km du domicile des parents"]]),
        ("p", "La demande se fait au plus tard trois mois après la signature du bail. Les logements en foyer "
              "de jeunes travailleurs sont éligibles ; les colocations aussi, si le nom de l'apprenti figure sur le bail."),
    ]),
    Page([
        ("h", "Fiche 7 — La mobilité internationale"),
        ("p", "La bourse Stage Monde aide les élèves et apprentis qui font un stage à l'étranger pendant leur "
              "formation. Elle est de 100 euros par semaine de stage, dans la limite de 12 semaines."),
        ("p", "Les étudiants boursiers partis avec Erasmus+ reçoivent un complément de 200 euros par mois, "
              "pendant six mois au plus. Le stage ou le séjour doit faire partie du cursus et être validé par "
              "l'établissement."),
        ("ul", ["demande à déposer au moins un mois avant le départ",
                "convention de stage signée par l'organisme d'accueil",
                "versement de 70 % au départ et du solde au retour, sur attestation de présence"]),
    ]),
    Page([
        ("h", "Fiche 8 — L'engagement bénévole"),
        ("p", "Un jeune qui accomplit une mission de bénévolat de 35 heures dans une association partenaire reçoit "
              "un bonus de 100 euros sur sa carte Horizon Jeunes. Une mission de 70 heures donne un bonus de 200 euros."),
        ("p", "La mission doit être terminée avant le 31 mai 2027 et attestée par le responsable de l'association. "
              "Le bonus est limité à une mission par année scolaire."),
        ("p", "Les volontaires du service civique ne peuvent pas cumuler ce bonus avec leur indemnité."),
    ], scan=True),
    Page([
        ("h", "Calendrier 2026-2027"),
        ("table", [["Aide", "Ouverture des demandes", "Date limite"],
                   ["Carte Horizon Jeunes", "1er septembre 2026", "31 mars 2027"],
                   ["Chèque Permis Apprentis", "toute l'année", "avant l'examen pratique"],
                   ["Ordi Lycée", "1er octobre 2026", "15 décembre 2026"],
                   ["Caution Jeunes", "toute l'année", "trois mois après le bail"],
                   ["Stage Monde", "toute l'année", "un mois avant le départ"],
                   ["Bonus bénévolat", "1er septembre 2026", "31 mai 2027"]]),
        ("p", "Les dossiers incomplets ne sont pas instruits : la Région envoie un rappel et le jeune dispose de "
              "quinze jours pour compléter sa demande."),
    ]),
    Page([
        ("h", "Cas particuliers"),
        ("ul", ["Garde alternée : l'aide est demandée par un seul des deux parents, celui qui figure sur le dossier d'inscription.",
                "Changement d'établissement en cours d'année : les crédits de la carte Horizon Jeunes sont conservés.",
                "Jeunes accueillis en institut médico-éducatif : ils peuvent obtenir la carte Horizon Jeunes sans condition de statut.",
                "Perte du téléphone : le compte Horizon Jeunes est réactivé gratuitement sur un nouvel appareil.",
                "Carte Horizon Jeunes imprimée perdue : le duplicata coûte 10 euros."]),
        ("p", "Un jeune qui quitte la région en cours d'année garde ses crédits jusqu'à la fin de l'année scolaire."),
    ]),
    Page([
        ("h", "Recours et réclamations"),
        ("p", "Une décision de refus peut être contestée dans un délai de deux mois par un recours gracieux "
              "adressé au président de la Région. Le recours doit être motivé et accompagné des pièces utiles."),
        ("p", "Si le désaccord persiste, le jeune peut saisir le médiateur régional, gratuitement, par le "
              "formulaire en ligne ou par courrier. Le médiateur rend son avis dans un délai de trente jours."),
        ("p", "En cas de fraude, la Région demande le remboursement de l'aide et peut exclure le bénéficiaire "
              "des dispositifs régionaux pendant trois ans."),
    ], scan=True),
]

REGLEMENT_TRANSPORTS = [
    Page([
        ("h", "Règlement régional des transports scolaires — année 2026-2027"),
        ("p", FICTION),
        ("h", "Article 1 — Ayants droit"),
        ("p", "Le service de transport scolaire est ouvert aux élèves de la maternelle au lycée, et aux apprentis "
              "de moins de 21 ans, domiciliés dans la région et scolarisés dans leur établissement de secteur."),
        ("p", "L'élève doit habiter à plus de 3 kilomètres de son établissement. Pour les élèves de maternelle et "
              "d'élémentaire, la distance minimale est ramenée à 1 kilomètre."),
        ("p", "Les élèves qui choisissent un établissement hors secteur peuvent être transportés dans la limite "
              "des places disponibles, sans création de service."),
    ]),
    Page([
        ("h", "Article 2 — Inscription"),
        ("p", "L'inscription se fait en ligne du 2 juin au 20 juillet 2026. Une inscription faite après le "
              "20 juillet est majorée de 30 euros, sauf déménagement ou affectation tardive."),
        ("p", "Pièces à joindre :"),
        ("ul", ["une photo d'identité récente de l'élève", "un justificatif de domicile de moins de trois mois",
                "l'attestation de quotient familial de la CAF", "le certificat de scolarité pour les apprentis"]),
        ("p", "La carte de transport est envoyée au domicile avant la rentrée pour toute inscription faite dans "
              "les délais. Elle est valable pour un aller et un retour par jour de classe."),
    ]),
    Page([
        ("h", "Article 3 — Tarifs"),
        ("p", "La participation des familles dépend du quotient familial."),
        ("table", [["Quotient familial", "Participation annuelle"],
                   ["moins de 450 €", "30 €"],
                   ["de 450 € à 900 €", "60 €"],
                   ["de 901 € à 1 400 €", "90 €"],
                   ["plus de 1 400 €", "120 €"],
                   ["élève interne (forfait)", "60 €"]]),
        ("p", "Le transport est gratuit à partir du troisième enfant transporté d'une même famille. "
              "Le paiement peut se faire en une fois ou en trois prélèvements, en octobre, janvier et avril."),
    ]),
    Page([
        ("h", "Article 4 — Carte de transport et duplicata"),
        ("p", "La carte est personnelle. Elle doit être présentée au conducteur à chaque montée dans le car."),
        ("p", "En cas de perte ou de vol, un duplicata est délivré pour 15 euros. Le duplicata est gratuit si la "
              "carte a été volée et qu'une déclaration de vol est fournie."),
        ("p", "Un élève qui oublie sa carte est transporté, mais le conducteur note son nom. Après trois oublis "
              "dans le trimestre, la famille reçoit un avertissement."),
    ], scan=True),
    Page([
        ("h", "Article 5 — Garde alternée"),
        ("p", "Lorsque les parents habitent à deux adresses différentes, l'élève peut être transporté depuis les "
              "deux domiciles. Une seule inscription est faite, qui mentionne les deux adresses."),
        ("p", "Une seule participation familiale est due ; elle est calculée sur le quotient familial le plus "
              "élevé des deux foyers. Les deux trajets doivent être desservis par une ligne existante."),
    ]),
    Page([
        ("h", "Article 6 — Points d'arrêt et horaires"),
        ("p", "Un point d'arrêt peut être créé lorsqu'au moins cinq élèves en ont besoin et que la sécurité est "
              "assurée. La demande est faite par la mairie avant le 1er mai pour la rentrée suivante."),
        ("p", "Les horaires sont fixés pour l'année scolaire. Les élèves doivent être au point d'arrêt cinq "
              "minutes avant l'heure prévue ; le car n'attend pas les retardataires."),
        ("p", "En cas de neige ou de vigilance orange, le service peut être suspendu ; l'information est publiée "
              "sur le site des transports avant 6 h 30."),
    ], scan=True),
    Page([
        ("h", "Article 7 — Sécurité et discipline"),
        ("p", "Le port de la ceinture de sécurité est obligatoire dans tous les cars équipés. Il est interdit de "
              "manger, de fumer ou de vapoter à bord."),
        ("table", [["Faute", "Sanction"],
                   ["Chahut, refus de présenter la carte", "avertissement écrit"],
                   ["Non-port de la ceinture, insultes", "exclusion temporaire de 1 à 5 jours"],
                   ["Dégradation du car", "exclusion temporaire et remboursement des réparations"],
                   ["Violence ou mise en danger", "exclusion définitive pour l'année scolaire"]]),
        ("p", "Pendant une exclusion, la famille assure elle-même le transport de l'élève et la participation "
              "payée n'est pas remboursée."),
    ]),
    Page([
        ("h", "Article 8 — Élèves en situation de handicap"),
        ("p", "Les élèves en situation de handicap qui ne peuvent pas utiliser les cars de ligne sont transportés "
              "par un véhicule adapté, du domicile à l'établissement. Ce transport est gratuit pour les familles."),
        ("p", "La demande est faite chaque année avec l'avis de la MDPH. Lorsque la famille transporte elle-même "
              "l'élève, elle reçoit une indemnité de 0,35 euro par kilomètre."),
    ], scan=True),
    Page([
        ("h", "Article 9 — Stages et sorties"),
        ("p", "Pendant une période de stage en entreprise, l'élève peut utiliser sa carte si le lieu de stage est "
              "desservi par une ligne régionale. Aucun service particulier n'est créé pour un stage."),
        ("p", "Les sorties scolaires, les voyages et les transports vers les installations sportives ne sont pas "
              "couverts par la carte : ils sont organisés et payés par l'établissement."),
    ]),
    Page([
        ("h", "Article 10 — Aide individuelle au transport"),
        ("p", "Lorsqu'aucun service ne dessert le domicile, la famille qui conduit elle-même l'élève reçoit une "
              "aide individuelle au transport de 0,20 euro par kilomètre, dans la limite de 900 euros par an."),
        ("p", "La distance prise en compte est celle d'un aller-retour par jour entre le domicile et "
              "l'établissement ou le point d'arrêt le plus proche. L'aide est versée en deux fois, en février "
              "et en juillet, sur attestation d'assiduité signée par l'établissement."),
    ]),
    Page([
        ("h", "Article 11 — Remboursement"),
        ("p", "La participation est remboursée au prorata des mois restants si l'élève déménage hors de la région "
              "ou change d'établissement avant le 31 décembre. Après le 31 janvier, aucun remboursement n'est fait."),
        ("p", "La majoration pour inscription tardive et le prix d'un duplicata ne sont jamais remboursés. "
              "La demande de remboursement est faite en ligne avec un justificatif."),
    ], scan=True),
    Page([
        ("h", "Article 12 — Contacts et réclamations"),
        ("p", "Le centre d'appel des transports scolaires répond au 09 70 20 30 40 du lundi au vendredi de 8 h à "
              "18 h, et le samedi de 9 h à 12 h pendant la période d'inscription."),
        ("p", "Une réclamation sur un retard, un car manqué ou le comportement d'un conducteur est faite dans les "
              "quinze jours, par le formulaire en ligne. La Région répond dans un délai d'un mois."),
        ("p", "Le présent règlement entre en vigueur le 1er septembre 2026."),
    ]),
]

DOCUMENTS = {
    "guide-aides-jeunes-2026.pdf": GUIDE_JEUNES,
    "reglement-transports-scolaires-2026.pdf": REGLEMENT_TRANSPORTS,
}
