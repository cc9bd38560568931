"""French generic words that tell an actor's kind, a fact's type and what is not an actor (all folded)."""

from __future__ import annotations

# A kind keyword just before a name ("la start-up Nexaflow", "le fonds Riviera Capital").
KIND_BEFORE: dict[str, str] = {
    "start-up": "startup", "startup": "startup", "start up": "startup", "jeune pousse": "startup",
    "medtech": "startup", "deeptech": "startup", "fintech": "startup", "spin-off": "startup",
    "entreprise": "company", "societe": "company", "filiale": "company", "groupe": "company", "pme": "company", "eti": "company",
    "operateur": "company", "industriel": "company", "editeur": "company", "groupe hospitalier": "company",
    "laboratoire": "lab", "labo": "lab", "institut": "lab", "centre de recherche": "lab", "unite de recherche": "lab",
    "ecole": "school", "universite": "school", "lycee": "school", "iut": "school",
    "fonds": "investor", "fonds d'investissement": "investor", "investisseur": "investor",
    "business angels": "investor", "banque": "investor", "societe de gestion": "investor",
    "accelerateur": "accelerator", "incubateur": "accelerator", "pepiniere": "accelerator",
    "agence": "public_body", "agence regionale": "public_body", "collectivite": "public_body",
    "data center": "infrastructure", "datacenter": "infrastructure", "centre de donnees": "infrastructure",
    "data centers": "infrastructure", "datacenters": "infrastructure", "centres de donnees": "infrastructure",
    "campus": "infrastructure", "supercalculateur": "infrastructure", "site": "infrastructure",
    "salon": "event", "forum": "event", "festival": "event", "congres": "event", "sommet": "event",
    "hackathon": "event", "conference": "event", "evenement": "event", "cluster": "accelerator",
    "pole de competitivite": "accelerator", "pole": "accelerator", "reseau": "accelerator", "licorne": "startup",
    "deep tech": "startup", "fintech anglaise": "startup", "cabinet": "company", "holding": "company",
    "operateur de data center": "company", "fournisseur": "company", "constructeur": "company",
    "tiers-lieu": "venue", "pepite": "startup", "promoteur": "company", "fonciere": "company", "architecte": "company", "lieu": "venue", "stade": "venue", "hotel": "venue", "incubateurs": "accelerator",
    "leader": "company", "specialiste": "company", "chambre de commerce": "public_body", "agence de promotion": "public_body",
    # sites whose figures (area, jobs) the press gives: "le technopôle X s'étend sur 30 ha" (obsfact3)
    "technopole": "venue", "technoparc": "venue", "parc technologique": "venue", "parc scientifique": "venue",
    "parc d'activites": "venue", "parc d'affaires": "venue",
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
    "accelerateur": "accelerator", "stade": "venue", "hotel": "venue", "maison": "public_body",
    "mission": "public_body", "communaute": "public_body", "chambre": "public_body", "ministere": "public_body",
    "direction": "public_body", "conseil": "public_body", "pole": "accelerator", "cluster": "accelerator",
    "cci": "public_body", "french tech": "accelerator", "groupe": "company", "etablissement": "company", "technopole": "venue", "operation": "event",
    "summit": "event", "week": "event", "tech forum": "event", "awards": "event",
    "centre national": "lab", "banque": "investor", "caisse": "investor", "marine": "public_body",
}
# Last word of a name that tells its kind ("Calanques Ventures", "Rade Booster").
KIND_TAIL: dict[str, str] = {
    "ventures": "investor", "capital": "investor", "vc": "investor", "fund": "investor", "investments": "investor", "angels": "investor", "invest": "investor",
    "partners": "investor", "amorcage": "investor", "deeptech": "investor", "gestion": "investor",
    "booster": "accelerator", "incubateur": "accelerator", "accelerator": "accelerator",
    "data park": "infrastructure", "summit": "event", "week": "event", "forum": "event", "awards": "event",
    "group": "company", "groupe": "company", "universite": "school", "university": "school", "network": "company", "systems": "company", "systemes": "company", "resort": "venue",
    "valley": "accelerator", "investissement": "investor", "promotion": "public_body", "developpement": "public_body",
    "innovation": "public_body", "family": "company", "factory": "accelerator", "day": "event", "days": "event",
}
# Words right after a name, in apposition ("Nexaflow, jeune pousse marseillaise").
KIND_APPOSITION: dict[str, str] = {k: v for k, v in KIND_BEFORE.items()
                                   if (v in ("startup", "company", "lab", "school", "accelerator", "investor", "venue")
                                       or k in ("data center", "datacenter", "centre de donnees"))
                                   and k not in ("lieu", "leader", "site", "reseau")}

# Not actors: programmes, plans, calls, labels, and words that open sentences or headlines.
NOT_ACTOR_HEAD = {"programme", "plan", "appel", "label", "dispositif", "projet", "strategie", "initiative",
                  "communique", "contact", "brochure", "dossier", "page", "directrice", "directeur", "president",
                  "presidente", "publie", "source", "accueil", "sommaire", "scan", "numerisation", "photo", "credit",
                  "credits", "lire", "menu", "dossier", "interview", "s'abonner", "categorie", "transcription",
                  "partager", "suivez", "abonnez", "newsletter", "imprimer"}
# Press titles and media: credited sources, not actors of the ecosystem (the labels hold them optional).
MEDIA = {"le figaro", "figaro", "les echos", "echos", "la tribune", "le monde", "monde", "la provence", "nice-matin",
         "nice matin", "var-matin", "var matin", "monaco-matin", "le parisien", "liberation", "l'usine nouvelle",
         "usine nouvelle", "maddyness", "bfm", "bfmtv", "bfm business", "france 3", "france bleu", "franceinfo",
         "le point", "l'express", "challenges", "les echos entrepreneurs", "ouest-france", "20 minutes",
         "made in marseille", "gomet", "gomet'", "destimed", "marsactu", "la marseillaise", "le journal des entreprises",
         "journal des entreprises", "lemagit", "actuia", "webtimemedias", "afp", "reuters"}
# Programming languages, frameworks and chat products: tools a text names, not organisations.
TOOLS = {"python", "java", "javascript", "typescript", "tensorflow", "pytorch", "keras", "linux", "kubernetes",
         "chatgpt", "gpt", "gpt-4", "gpt-3", "copilot", "excel", "scikit-learn", "hadoop", "spark"}
GENERIC_WORDS = {"ia", "intelligence artificielle", "europe", "france", "sud", "nord", "est", "ouest", "etat", "cote", "la cote",
                 "gouvernement", "union europeenne", "etats-unis", "monde", "afrique", "asie", "mediterranee",
                 "provence", "cote d'azur", "alpes", "riviera", "paca", "provence-alpes-cote d'azur",
                 "europe du sud", "french tech", "pme", "eti", "cnil", "rgpd", "ue", "ca", "institut", "groupe",
                 "innovation", "acteurs", "lieu", "objectif", "dates", "formats", "thematiques", "metropole",
                 "technopole", "universite", "universites", "ecole", "laboratoire", "centre", "pole", "cluster",
                 "incubateur", "campus", "data center", "data centers", "deeptech", "deep tech", "startup", "start-up",
                 "r&d", "iot", "ia generative", "tpe", "esn", "defense", "marine", "etat", "armee", "ville",
                 "departement", "l'ia", "ai", "it", "cloud", "big data", "smart city", "smart cities",
                 "covid", "covid-19", "brexit", "ndlr", "n.d.l.r", "dr", "afp", "en bref", "svp", "vp", "pdg", "ceo", "cto", "dg",
                 # trade words and name tails that stand alone when the rest of a name is cut off
                 "am", "bdr", "btob", "btoc", "b2b", "b2c", "saas", "hub", "lab", "labs", "up", "intelligence", "tech", "data",
                 # the State itself ("le président de la République"): no actor of the ecosystem
                 "republique", "la republique", "republique francaise", "la republique francaise",
                 # the technopole's short name: a place, as "Sophia Antipolis" is in the geography
                 "sophia"}
# Words of a web page's furniture (share buttons, logos): a "name" holding one is no actor nor person.
WEB_FURNITURE = {"facebook", "twitter", "linkedin", "flipboard", "instagram", "youtube", "whatsapp", "pinterest",
                 "share", "facebookshare", "logo", "email", "login", "register"}

# Cue words for the type of an amount in euros; the cue nearest the amount wins.
EURO_CUES: dict[str, str] = {
    "leve": "funding_eur", "levee": "funding_eur", "lever": "funding_eur", "levees": "funding_eur", "leves": "funding_eur",
    "tour de table": "funding_eur", "serie a": "funding_eur", "serie b": "funding_eur", "amorcage": "funding_eur",
    "seed": "funding_eur", "boucle": "funding_eur", "obtenu": "funding_eur", "obtient": "funding_eur",
    "decroche": "funding_eur", "a recu": "funding_eur", "recoit": "funding_eur",
    "investissement": "investment_eur", "investi": "investment_eur", "investir": "investment_eur",
    "investit": "investment_eur", "investira": "investment_eur", "investis": "investment_eur",
    "investissements": "investment_eur", "injecte": "investment_eur", "consacre": "investment_eur",
    "budget": "budget_eur", "dote": "budget_eur", "dotation": "budget_eur", "enveloppe": "budget_eur",
    "subvention": "budget_eur", "chiffre d'affaires": "revenue_eur", "ca de": "revenue_eur", "de ca": "revenue_eur", "ca": "revenue_eur",
    "revenus": "revenue_eur", "ventes": "revenue_eur",
    # amounts that are no actor's investment, funding, budget or revenue: "" drops the figure
    "valorisation": "", "valorise": "", "valorisee": "", "valorisees": "", "marche mondial": "",
    "marche estime": "", "taille du marche": "",
}

# Anaphoras: "l'entreprise" refers back to the last company or start-up, "le site" to the last infrastructure.
ANAPHORA: dict[str, tuple[str, ...]] = {
    "l'entreprise": ("startup", "company"), "la societe": ("startup", "company"), "la start-up": ("startup",),
    "la startup": ("startup",), "la jeune pousse": ("startup",), "le groupe": ("company",),
    "la medtech": ("startup",), "elle": ("startup", "company", "school"),
    # "il" stands for any masculine body named as the last subject: le technopôle, le groupe, le fonds (obsfact3)
    "il": ("lab", "company", "venue", "infrastructure", "investor", "accelerator", "event"),
    "le site": ("infrastructure",), "le centre de donnees": ("infrastructure",), "le data center": ("infrastructure",),
    "le datacenter": ("infrastructure",), "le campus": ("infrastructure", "school"), "le projet": ("infrastructure",),
    "le laboratoire": ("lab",), "le labo": ("lab",), "l'institut": ("lab",), "l'ecole": ("school",),
    "l'universite": ("school",), "l'evenement": ("event",), "le salon": ("event",), "cette edition": ("event",),
    "l'accelerateur": ("accelerator",), "l'incubateur": ("accelerator",), "le fonds": ("investor",),
    "le batiment": ("infrastructure", "school", "lab"), "l'equipement": ("infrastructure",),
    "l'usine": ("infrastructure", "company"), "le centre": ("infrastructure", "lab"), "le lieu": ("venue",),
    "la deeptech": ("startup",), "la pepite": ("startup",), "le pole": ("accelerator",),
    "le cluster": ("accelerator",), "l'agence": ("public_body",), "la metropole": ("public_body",),
    # the trade or the origin of a company standing for its name ("l'opérateur", "l'Américain")
    "l'operateur": ("company", "startup"), "la firme": ("company",), "l'industriel": ("company",),
    "l'editeur": ("company", "startup"), "le fabricant": ("company", "startup"), "l'equipementier": ("company",),
    "le constructeur": ("company",), "l'hebergeur": ("company",), "le specialiste": ("company", "startup"),
    "le leader": ("company",), "le geant": ("company",), "la filiale": ("company",), "le cabinet": ("company",),
    "la biotech": ("startup",), "la fintech": ("startup",), "la scale-up": ("startup",), "la licorne": ("startup",),
    "l'americain": ("company",), "le britannique": ("company",), "l'allemand": ("company",),
    "le suedois": ("company",), "le japonais": ("company",), "l'italien": ("company",),
    "le supercalculateur": ("infrastructure",), "l'infrastructure": ("infrastructure",),
    "le centre de recherche": ("lab",), "l'unite": ("lab",), "le tiers-lieu": ("venue",),
    "la collectivite": ("public_body",), "le reseau": ("accelerator", "investor"),
    "les locaux": ("infrastructure", "venue", "lab", "school"), "l'immeuble": ("infrastructure", "venue"),
    "l'espace": ("venue", "infrastructure"),
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
              "secretaire general", "chef", "cheffe", "manager", "head", "patron", "patronne", "dirigeant", "dirigeante",
              "senateur", "senatrice", "depute", "deputee", "ministre", "secretaire generale", "secretaire d'etat",
              "investisseur", "investisseuse", "avocat", "avocate", "coprésident", "copresident", "copresidente",
              "co-president", "co-presidente", "p-dg", "svp", "vp", "chief", "representant", "representante",
              "initiateur", "initiatrice", "fondateurs", "directeur innovation", "directrice operationnelle",
              "directeur technique", "directrice deleguee", "directeur delegue", "adjoint", "adjointe",
              "coordinateur", "coordinatrice", "fondateurs", "cofondateurs")

# Titles of office and rank (folded), beside ROLE_WORDS: a general list, not read off the texts. A person
# needs a name after them ("le Préfet", "Sous Préfet" are roles, not people); "general" is left out
# ("Conseil général" is a body).
TITLE_WORDS = ("prefet", "prefete", "recteur", "rectrice", "conseiller", "conseillere", "elu", "elue", "commissaire",
               "ambassadeur", "ambassadrice", "consul", "colonel", "amiral", "commandant", "capitaine", "lieutenant",
               "gouverneur", "docteur", "doyen", "doyenne", "proviseur", "administrateur", "administratrice",
               "tresorier", "tresoriere", "secretaire", "intendant", "intendante", "questeur", "bourgmestre",
               "magistrat", "juge", "procureur", "procureure", "batonnier", "eveque", "archeveque", "abbe", "ingenieur",
               "ingenieure", "chef", "cheffe", "directeur", "directrice", "president", "presidente", "fondateur",
               "fondatrice")
# Prefixes of a compound title ("sous-préfet", "vice-présidente", "co-fondateur", "ex-directeur").
TITLE_PREFIXES = ("sous", "vice", "co", "ex", "p", "dg", "pro")

# Lower-case heads that open an institution's name ("université Côte d'Azur", "communauté
# d'agglomération Sophia Antipolis", "pôle Mer Méditerranée"); the name keeps its head.
INSTITUTION_HEADS = {
    "universite", "ecole", "institut", "laboratoire", "centre de recherche", "pole", "pole de competitivite",
    "chambre de commerce et d'industrie", "chambre des metiers et de l'artisanat", "chambre des metiers", "chambre de commerce",
    "communaute d'agglomeration", "communaute de communes", "communaute urbaine", "metropole", "mission",
    "agence", "agence de developpement", "direction generale", "conseil regional", "conseil departemental",
    "ministere", "cluster", "maison", "agglomeration",
}
# Words after which names are listed ("des groupes comme A, B et C", "startups (X, Y)").
LIST_CUES = ("comme", "tels que", "telles que", "tel que", "telle que", "notamment", "dont", "parmi lesquels",
             "parmi lesquelles", "a l'image de", "a commencer par", "ou encore", "startups", "start-up", "start-ups",
             "entreprises", "groupes", "grands groupes", "acteurs", "partenaires", "laboratoires", "societes", "geants",
             "pepites", "jeunes pousses", "fonds", "investisseurs", "ecoles", "universites", "poles de competitivite",
             "clusters", "laureats")
# Kind told by the plural noun that opens an enumeration ("des startups comme X, Y").
LIST_KINDS = {
    "startups": "startup", "start-up": "startup", "start-ups": "startup", "jeunes pousses": "startup",
    "pepites": "startup", "groupes": "company", "grands groupes": "company", "entreprises": "company",
    "societes": "company", "geants": "company", "laboratoires": "lab", "fonds": "investor",
    "investisseurs": "investor", "ecoles": "school", "universites": "school", "poles de competitivite": "accelerator",
    "clusters": "accelerator", "data centers": "infrastructure", "datacenters": "infrastructure",
    "centres de donnees": "infrastructure",
}
# Places outside the six départements that press texts name (folded); communes and sites of the
# region come from the packaged geography.
WORLD_PLACES = {
    "france", "paris", "lyon", "toulouse", "nantes", "bordeaux", "lille", "grenoble", "montpellier", "strasbourg",
    "rennes", "saclay", "paris-saclay", "paris saclay", "ile-de-france", "region parisienne", "occitanie",
    "auvergne-rhone-alpes", "bretagne", "normandie", "europe", "afrique", "asie", "amerique", "moyen-orient",
    "etats-unis", "usa", "royaume-uni", "grande-bretagne", "angleterre", "londres", "allemagne", "berlin",
    "italie", "rome", "espagne", "grece", "crete", "suede", "suisse", "belgique", "bruxelles", "pays-bas", "chine",
    "inde", "japon", "canada", "singapour", "israel", "emirats arabes unis", "emirats", "qatar", "san francisco",
    "palo alto", "new york", "silicon valley", "californie", "monaco", "mediterranee", "cote d'azur", "provence",
    "alpes du sud", "aix-marseille", "aix-marseille-provence", "alpes maritimes", "alpes de haute-provence",
    "gard", "nimes", "corse", "monde", "atlanpole", "presqu'ile de grenoble", "pays dignois", "pays manosquin",
    "val de durance", "cap janet", "arenc", "sainte-marthe",
    # capitals and large cities abroad (a company's seat: "la société de Stockholm")
    "stockholm", "oslo", "copenhague", "helsinki", "amsterdam", "madrid", "barcelone", "lisbonne", "milan", "turin",
    "munich", "francfort", "hambourg", "vienne", "zurich", "geneve", "lausanne", "luxembourg", "dublin", "varsovie",
    "prague", "tunis", "alger", "rabat", "casablanca", "le caire", "dubai", "abou dabi", "abu dhabi", "doha",
    "tel aviv", "tokyo", "pekin", "shanghai", "seoul", "bangalore", "montreal", "quebec", "toronto", "boston",
    "austin", "houston", "seattle", "los angeles", "chicago", "san jose", "washington", "valence",
    "luberon",
}
NATIONALITIES = {
    "francais", "francaise", "americain", "americaine", "britannique", "anglais", "anglaise", "allemand",
    "allemande", "italien", "italienne", "espagnol", "espagnole", "suedois", "suedoise", "chinois", "chinoise",
    "japonais", "japonaise", "europeen", "europeenne", "indien", "indienne", "canadien", "canadienne", "suisse",
    "belge", "neerlandais", "israelien", "emirien", "qatari",
}
# Media and sources credited in press texts are not ecosystem actors by their mention alone.
CREDIT_CUES = ("©", "credit", "credits", "photo", "source", "lire sur", "selon nos", "par ")
