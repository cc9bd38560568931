"""What a question asks for, and whether a sentence holds it (issue #8: answers that carry the fact).

« Jusqu'à quand peut-on demander la carte ? » asks for a date, « Combien coûte… » for an amount with
its unit, « Qui… » for a person or an organisation, « Où… » for a place; « Peut-on… ? » is answered
by yes or no. The sentence that shares the question's words but not the asked fact (the neighbour of
the deadline, the sentence about the aid without its amount) must not be the one quoted first.
"""

from __future__ import annotations

import re

from sudia.text.french import fold

_MONTH = r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
# Figures, and the numbers French writes in words (« six semaines », « quinze jours »).
_WORDS = (r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize"
          r"|vingt|trente|quarante|cinquante|soixante|cent|cents|mille)")
_NUMBER = rf"(?:\d+(?:[ \u00a0\u202f.]\d{{3}})*(?:[,.]\d+)?|\b{_WORDS}(?:[ -]{_WORDS})*)"

# Patterns on the folded question (lower-case, no accents, ’ read as ').
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"\bquand\b|\bdate\b|\bdelais?\b|\bjusqu ?'? ?a quel(?!\s?age\b)|\bavant quel|\bquel(?:le)?s? (?:jour|mois|annee"
                        r"|periode|heure|horaire)s?\b|\bhoraires?\b|\becheance\b|\bcalendrier\b|\bdepuis quand\b")),
    ("amount", re.compile(r"\bcombien\b|\bmontant\b|\bprix\b|\bcout(?:e|ent)?\b|\btarifs?\b|\btaux\b|\bsomme\b"
                          r"|\bplafond\b|\bpourcentage\b|\bnombre\b|\bquelle (?:aide|part|duree)\b"
                          # A quantity named by what it measures: « quel budget », « quelle réduction »,
                          # « quelle amende », « quelle proportion », « l'âge limite ».
                          r"|\bquel(?:le)?s? (?:budget|reduction|remise|amende|proportion|taille|quotient|revenu"
                          r"|chiffre d'affaires|subvention|bourse)s?\b|\bage (?:limite|minimum|maximum)\b"
                          r"|\btranche d'age\b"
                          r"|\bquel(?:le)? (?:distance|surface|superficie|longueur|hauteur|largeur|profondeur|age|poids)\b")),
    ("who", re.compile(r"^qui\b|\b(?:a|aupres de|par|pour) qui\b|\bqui (?:peut|doit|est|sont|gere|finance|delivre|instruit"
                       r"|contacter|paie|verse|decide)\b|\bquel(?:le)? (?:organisme|service|interlocuteur|structure"
                       r"|administration|personne|contact)\b")),
    # Asking for the number or the address itself, not about one (« comment supprimer mon numéro… »).
    ("contact", re.compile(r"\bquel(?:le)? (?:est |sont )?(?:le |la |l'|les )?(?:numeros?|telephone|adresses? (?:electronique"
                           r"|mail|e-mail)|courriel|site)\b|\ba quel(?:le)? (?:numero|adresse)\b|\bcomment (?:joindre"
                           r"|contacter|appeler)\b")),
    ("where", re.compile(r"^ou\b|\bou (?:se|peut|puis|faut|trouver|deposer|envoyer|adresser|retirer|s'adresser|aller|est"
                         r"|sont|a lieu)\b|\badresse\b|\bquel(?:le)? (?:lieu|site|guichet|endroit|ville|salle)\b|\bd'ou\b")),
    ("yesno", re.compile(r"^(?:est-ce qu|est ce qu|peut-on|puis-je|dois-je|faut-il|y a-t-il|\w+-(?:t-)?(?:il|elle|on|je|ils"
                         r"|elles|vous|nous)\b)")),
    # « Qu'est-ce que le FCC ? », « C'est quoi une donnée sensible ? »: a definition.
    ("define", re.compile(r"\bqu ?'? ?est[- ]ce qu(?:e|')(?!\s?(?:je|j'|il|elle|on(?! appel)|vous|nous|ils|elles)\b)"
                          r"|\bc'est quoi\b|\bdefinition\b|\bque (?:signifie|veut dire|designe)\b|\bqu'appelle-t-on\b")),
)

# Yes or no is also asked with the subject named first (« Le lycéen garde-t-il… », « Les PME
# doivent-elles… ») or by « c'est normal ? », unless an interrogative word asks for something else.
_INVERTED = re.compile(r"\b\w+-(?:t-)?(?:il|elle|on|ils|elles)\b|\b\w+(?:ent|ont|eut|oit|aut) (?:il|elle|ils|elles)\b"
                       r"|\bc'est (?:normal|legal|autorise|obligatoire|possible|permis)\b")
_WH = re.compile(r"\b(?:que|qu'|quoi|quel|quelle|quels|quelles|comment|pourquoi|combien|ou|quand|qui|lequel|laquelle)\b")

# A sentence that defines: « C'est toute information… », « Ce sont les informations… », « Le FCC est
# un fichier… ».
_DEFINES = re.compile(r"^(?:c'est|ce sont|il s'agit|on appelle|on entend|(?:le|la|les|l'|un|une) ?[\w' ()-]{1,60}? "
                      r"(?:est|sont|designe|designent) (?:un|une|le|la|les|l'|des|toute?s?|tout)\b)")
# The length or the area a « quelle distance / surface » question asks for.
_LENGTH = re.compile(r"\d\s?(?:k?m|metres?|kilometres?)\b")
_AREA = re.compile(r"\d\s?(?:k?m2|k?m²|hectares?|ha)\b|\d\s?k?m²")

_ASKS_MONEY = re.compile(r"\bquelle aide\b|\b(?:coute(?:nt)?|cout|prix|tarifs?|payer|paie|montant|somme|euros?|verse|rembourse"
                         r"|budget|amende|revenus?|chiffre d'affaires|subvention)\b")
# « 22,4 millions d'euros », « 65M€ »: the magnitude may stand between the figure and its currency.
_MONEY = re.compile(rf"{_NUMBER}\s?(?:(?:millions?|milliards?|mds?|m|k)\s?(?:d'|de )?)?(?:€|euros?\b|eur\b)"
                    r"|€\s?\d|\bgratuite?s?\b")

_UNIT = (r"(?:€|euros?\b|eur\b|%|pour ?cents?\b|k?m\b|k?m2\b|k?m²|metres?\b|kilometres?\b|hectares?\b|ha\b|kg\b|tonnes?\b|jours?\b|mois\b|ans?\b|annees?\b|heures?\b|h\b"
         r"|semaines?\b|minutes?\b|places?\b|personnes?\b|eleves?\b|salaries?\b|millions?\b|milliards?\b|repas\b|points?\b|fois\b)")
_AMOUNT = re.compile(rf"{_NUMBER}\s?{_UNIT}")
_ANY_NUMBER = re.compile(rf"(?<![\w])\d|\b{_WORDS}\b")
# « Combien de temps… » asks for a duration: a number of days, weeks, months, years or hours.
_DURATION = re.compile(rf"{_NUMBER}\s(?:jours?|semaines?|mois|ans?|annees?|heures?|minutes?)\b")
_CONTACT = re.compile(r"(?<!\d)0[1-9](?:[ .-]?\d{2}){4}(?!\d)|(?<!\d)0[89]00[ .]?\d{3}[ .]?\d{3}(?!\d)|\b3\d{3}\b|[\w.+-]+@[\w-]+\.\w+|https?://|www\.")
# « le deuxième jour ouvré », « 2 jours ouvrables »: a time limit counted in working days.
_WORKING_DAY = re.compile(r"\b(?:\w+ieme|premier|\d+(?:e|er|eme)?) jours? (?:ouvres?|ouvrables?|calendaires?|francs?)\b")
_DATE_STRONG = re.compile(rf"\b\d{{1,2}}(?:er)?\s+{_MONTH}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b")
_DATE_WEAK = re.compile(rf"\b{_MONTH}\b|\b(?:19|20)\d{{2}}\b|\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b"
                        r"|\bau plus tard\b|\bavant le\b|\bjusqu ?'? ?(?:au|a la fin)\b|\ba partir du\b|\bdes le\b"
                        r"|\b\d+\s?(?:jours?|semaines?|mois)\b|\b\d{1,2}\s?h\s?\d{0,2}\b")
_WHO = re.compile(r"\b(?:region|service|direction|mairie|departement|conseil|agence|caisse|caf|prefecture|rectorat"
                  r"|etablissement|chef d'etablissement|proviseur|principal|secretariat|assistante? sociale|maison"
                  r"|commission|association|operateur|organisme|president|responsable|referent|cpe|msa|urssaf)\b")
_NAME = re.compile(r"(?<=[\s(«\"'’])[A-ZÀ-ÖØ-Þ][a-zà-ÿ]{2,}|\b[A-Z]{2,}\b")
_WHERE = re.compile(r"\b\d{5}\b|\b(?:rue|avenue|boulevard|bd|place|chemin|allee|quai|cours|route|batiment|salle|bureau"
                    r"|guichet|antenne|accueil|site|portail|plateforme|en ligne|espace|adresse|hotel de region)\b"
                    r"|https?://|www\.")
_PLACE_NAME = re.compile(r"(?:^|\s)(?:à|au|aux|en|dans le|dans la) [A-ZÀ-Ý]")
_YESNO = re.compile(r"\b(?:ne|n'|pas|aucun|aucune|jamais|peut|peuvent|doit|doivent|possible|obligatoire|autorise|interdit"
                    r"|eligibles?|gratuit|gratuite|oui|non)\b")


def asked_kind(question: str) -> str | None:
    """'date', 'amount', 'who', 'contact', 'where', 'yesno', 'define', or None for other questions (comment, pourquoi…)."""
    folded = fold(question).replace("’", "'").strip()
    for kind, pattern in _KINDS:
        if pattern.search(folded):
            return kind
    if _INVERTED.search(folded) and not _WH.search(folded):
        return "yesno"
    return None


def question_unit(question: str) -> str | None:
    """The unit a « combien de jours / d'heures… » question names, folded, singular."""
    match = re.search(r"\bcombien (?:de |d')(\w+)", fold(question).replace("’", "'"))
    return match.group(1).rstrip("s") if match else None


def fact_strength(kind: str | None, sentence: str, question: str = "") -> float:
    """How surely the sentence holds the asked fact: 1 (a date with its day, an amount with its unit),
    0.5 (a month, a bare number, a service), 0 (nothing of the kind)."""
    if kind is None:
        return 0.0
    folded = fold(sentence).replace("’", "'")
    if kind == "date":
        if _DATE_STRONG.search(folded):
            return 1.0
        # « Sous quel délai… ? »: « 8 jours. » is the answer itself, not a hint.
        if re.search(r"\bdelais?\b", fold(question)) and (_DURATION.search(folded) or _WORKING_DAY.search(folded)):
            return 1.0
        return 0.5 if _DATE_WEAK.search(folded) else 0.0
    if kind == "define":
        return 1.0 if _DEFINES.search(folded) else 0.0
    if kind == "amount":
        asks = fold(question)
        if re.search(r"\b(?:distance|longueur|profondeur|hauteur|largeur)\b", asks):
            return 1.0 if _LENGTH.search(folded) else 0.5 if _ANY_NUMBER.search(folded) else 0.0
        if re.search(r"\b(?:surface|superficie)\b", asks):
            return 1.0 if _AREA.search(folded) else 0.5 if _ANY_NUMBER.search(folded) else 0.0
        unit = question_unit(question)
        # « Sur combien de temps rembourse-t-on… » asks for a duration, though « rembourse » speaks of money.
        if unit in ("temp", "duree"):
            return 1.0 if _DURATION.search(folded) else 0.0
        if _ASKS_MONEY.search(asks):  # « Combien coûte… » wants euros, not the « 28 ans » of the next sentence
            return 1.0 if _MONEY.search(folded) else 0.5 if _ANY_NUMBER.search(folded) else 0.0
        # « 230 millions de nuitées » answers « combien de nuitées »: a magnitude may stand between.
        if unit and re.search(rf"(?:\d|\b{_WORDS})\s?(?:(?:millions?|milliards?|milliers?) d(?:e |'))?{re.escape(unit)}", folded):
            return 1.0
        if not unit and _AMOUNT.search(folded):
            return 1.0
        return 0.5 if _ANY_NUMBER.search(folded) else 0.0
    if kind == "who":
        return 1.0 if _WHO.search(folded) else 0.5 if _NAME.search(sentence) else 0.0
    if kind == "contact":
        return 1.0 if _CONTACT.search(folded) else 0.0
    if kind == "where":
        return 1.0 if _WHERE.search(folded) or _PLACE_NAME.search(sentence) else 0.0
    if kind == "yesno":  # « Oui, toutes les entreprises… » settles it; a negation or a modal verb hints
        return 1.0 if re.match(r"\s*(?:oui|non)\b", folded) else 0.5 if _YESNO.search(folded) else 0.0
    return 0.0
