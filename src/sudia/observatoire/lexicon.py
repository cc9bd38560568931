"""French generic words that tell an actor's kind, a fact's type and what is not an actor (all folded)."""

from __future__ import annotations

# A kind keyword just before a name ("la start-up Nexaflow", "le fonds Riviera Capital").
KIND_BEFORE: dict[str, str] = {
    "start-up": "startup", "startup": "startup", "start up": "startup", "jeune pousse": "startup",
    "medtech": "startup", "deeptech": "startup", "fintech": "startup", "spin-off": "startup",
    "entreprise": "company", "societe": "company", "groupe": "company", "pme": "company", "eti": "company",
    "operateur": "company", "industriel": "company", "editeur": "company", "groupe hospitalier": "company",
    "laboratoire": "lab", "labo": "lab", "institut": "lab", "centre de recherche": "lab", "unite de recherche": "lab",
    "ecole": "school", "universite": "school", "lycee": "school", "iut": "school",
    "fonds": "investor", "fonds d'investissement": "investor", "reseau": "investor", "investisseur": "investor",
    "business angels": "investor", "banque": "investor", "societe de gestion": "investor",
    "accelerateur": "accelerator", "incubateur": "accelerator", "pepiniere": "accelerator",
    "agence": "public_body", "agence regionale": "public_body", "collectivite": "public_body",
    "data center": "infrastructure", "datacenter": "infrastructure", "centre de donnees": "infrastructure",
    "campus": "infrastructure", "supercalculateur": "infrastructure", "site": "infrastructure",
    "salon": "event", "forum": "event", "festival": "event", "congres": "event", "sommet": "event",
    "hackathon": "event", "conference": "event", "evenement": "event",
}
# A name that starts with one of these words has its kind in it ("Institut Alpin de...", "Salon IA...").
KIND_HEAD: dict[str, str] = {
    "institut": "lab", "laboratoire": "lab", "centre de recherche": "lab", "centre de vision": "lab",
    "ecole": "school", "universite": "school", "lycee": "school",
    "fonds": "investor", "salon": "event", "forum": "event", "festival": "event", "rencontres": "event",
    "sommet": "event", "journees": "event", "congres": "event", "hackathon": "event", "semaine": "event",
    "halle": "venue", "palais": "venue", "centre des congres": "venue", "parc des expositions": "venue",
    "dock": "venue", "docks": "venue", "theatre": "venue", "auditorium": "venue", "centre acropolis": "venue",
    "region": "public_body", "metropole": "public_body", "departement": "public_body", "agence": "public_body",
    "communaute d'agglomeration": "public_body", "ville de": "public_body", "prefecture": "public_body",
    "data center": "infrastructure", "datacenter": "infrastructure", "incubateur": "accelerator",
    "accelerateur": "accelerator",
}
# Last word of a name that tells its kind ("Calanques Ventures", "Rade Booster").
KIND_TAIL: dict[str, str] = {
    "ventures": "investor", "capital": "investor", "angels": "investor", "invest": "investor",
    "partners": "investor", "amorcage": "investor", "deeptech": "investor", "gestion": "investor",
    "booster": "accelerator", "incubateur": "accelerator", "accelerator": "accelerator",
    "data park": "infrastructure",
}
# Words right after a name, in apposition ("Nexaflow, jeune pousse marseillaise").
KIND_APPOSITION: dict[str, str] = {k: v for k, v in KIND_BEFORE.items() if v in ("startup", "company", "lab", "school")}

# Not actors: programmes, plans, calls, labels, and words that open sentences or headlines.
NOT_ACTOR_HEAD = {"programme", "plan", "appel", "label", "dispositif", "projet", "strategie", "initiative",
                  "communique", "contact", "brochure", "dossier", "page", "directrice", "directeur", "president",
                  "presidente", "publie", "source", "accueil", "sommaire", "scan", "numerisation"}
GENERIC_WORDS = {"ia", "intelligence artificielle", "europe", "france", "sud", "nord", "est", "ouest", "etat",
                 "gouvernement", "union europeenne", "etats-unis", "monde", "afrique", "asie", "mediterranee",
                 "provence", "cote d'azur", "alpes", "riviera", "paca", "provence-alpes-cote d'azur",
                 "europe du sud", "french tech", "pme", "eti", "cnil", "rgpd", "ue"}

# Cue words for the type of an amount in euros; the cue nearest the amount wins.
EURO_CUES: dict[str, str] = {
    "leve": "funding_eur", "levee": "funding_eur", "lever": "funding_eur", "levees": "funding_eur",
    "tour de table": "funding_eur", "serie a": "funding_eur", "serie b": "funding_eur", "amorcage": "funding_eur",
    "seed": "funding_eur", "boucle": "funding_eur",
    "investissement": "investment_eur", "investi": "investment_eur", "investir": "investment_eur",
    "investit": "investment_eur", "investira": "investment_eur", "investis": "investment_eur",
    "investissements": "investment_eur", "injecte": "investment_eur", "consacre": "investment_eur",
    "budget": "budget_eur", "dote": "budget_eur", "dotation": "budget_eur", "enveloppe": "budget_eur",
    "subvention": "budget_eur", "chiffre d'affaires": "revenue_eur", "ca de": "revenue_eur",
    "revenus": "revenue_eur", "ventes": "revenue_eur",
}

# Anaphoras: "l'entreprise" refers back to the last company or start-up, "le site" to the last infrastructure.
ANAPHORA: dict[str, tuple[str, ...]] = {
    "l'entreprise": ("startup", "company"), "la societe": ("startup", "company"), "la start-up": ("startup",),
    "la startup": ("startup",), "la jeune pousse": ("startup",), "le groupe": ("company",),
    "la medtech": ("startup",), "elle": ("startup", "company", "school"), "il": ("lab",),
    "le site": ("infrastructure",), "le centre de donnees": ("infrastructure",), "le data center": ("infrastructure",),
    "le datacenter": ("infrastructure",), "le campus": ("infrastructure", "school"), "le projet": ("infrastructure",),
    "le laboratoire": ("lab",), "le labo": ("lab",), "l'institut": ("lab",), "l'ecole": ("school",),
    "l'universite": ("school",), "l'evenement": ("event",), "le salon": ("event",), "cette edition": ("event",),
    "l'accelerateur": ("accelerator",), "l'incubateur": ("accelerator",), "le fonds": ("investor",),
    "son": (), "sa": (), "ses": (),
}

# Sector words, folded, with the sector label shown in the UI.
SECTORS: dict[str, str] = {
    "logistique": "logistique", "portuaire": "maritime et portuaire", "port": "maritime et portuaire",
    "sous-marin": "maritime et portuaire", "navire": "maritime et portuaire", "medical": "santé",
    "sante": "santé", "radiologie": "santé", "patients": "santé", "robotique": "robotique", "drone": "robotique",
    "agricult": "agriculture", "vergers": "agriculture", "vignes": "agriculture", "lavande": "agriculture",
    "energie": "énergie", "hydroelectri": "énergie", "avalanche": "risques naturels", "crue": "risques naturels",
    "calcul": "calcul et données", "centre de donnees": "calcul et données", "data center": "calcul et données",
    "formation": "formation", "etudiants": "formation", "industri": "industrie", "defense": "défense",
    "tourisme": "tourisme", "vision par ordinateur": "vision par ordinateur", "langage": "traitement du langage",
}

SPEECH_VERBS = ("explique", "declare", "souligne", "precise", "affirme", "indique", "rappelle", "se felicite",
                "a declare", "a rappele", "ajoute", "estime", "confie", "commente", "selon", "pour")
ROLE_WORDS = ("president", "presidente", "directeur", "directrice", "fondateur", "fondatrice", "cofondateur",
              "cofondatrice", "co-fondateur", "co-fondatrice", "pdg", "ceo", "cto", "coo", "dg", "associe",
              "associee", "vice-president", "vice-presidente", "professeur", "professeure", "responsable",
              "chercheur", "chercheuse", "maire", "delegue", "deleguee", "gerant", "gerante", "directeur general",
              "secretaire general", "chef", "cheffe", "manager", "head")
