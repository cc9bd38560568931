"""Prompt-injection defences for retrieved passages: they are data, and must read as data.

`sanitize_passage` removes what could steer the model or fool the reader: hidden characters
(zero-width, bidirectional controls, Unicode tag characters that smuggle invisible ASCII),
markup that closes our `<extrait>` framing or mimics chat roles, bracketed numbers that would be
mistaken for our citation markers, external images (a classic exfiltration channel), hidden
HTML comments, and sentences that give orders to an AI. `detect_injection` reports the same
findings so that a suspicious passage can be flagged in the audit log and to administrators.

Orders are recognised by patterns on a folded view of the text (`lookalike.py`: Cyrillic and Greek
look-alikes, fullwidth letters, accents and case), in French and English: dropping its rules or
what precedes, a new identity or task, the AI addressed by name (« À l'IA qui lit ce texte »,
« Note à l'assistant : »), dictated answers, requests for its instructions, links or data to add or
send. Measured on tests/samples/injection/injections.jsonl (dev and held-out parts) and on real
third-party text for false alarms (docs/adr/0004). A paraphrase none of them covers still goes
through: the answer checks of `answer.guard` are the next line of defence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sudia.safety.lookalike import view

NEUTRALISED = "[consigne retirée du document]"


@dataclass(frozen=True)
class Finding:
    kind: str  # hidden_characters, hidden_markup, role_marker, fake_citation, exfiltration_link, instruction
    excerpt: str


_HIDDEN_MARKUP = re.compile(r"<!--.*?-->", re.DOTALL)
# Role and framing markers, matched on the folded view (see `lookalike.py`): lower case, no accents.
_ROLE_MARKERS = re.compile(
    r"</?\s*extraits?\b[^>]*>|<\|[^|>]{1,40}\|>|\[/?inst\]|<<\s*/?sys\s*>>|</?s>|</?(?:system|assistant|user)\s*>"
    r"|^\s*#{1,6}\s*(?:system|instructions?|consignes?)\b.*$"
    r"|^\s*(?:system|systeme|assistant|user|utilisateur)\s*:",
    re.MULTILINE)
_FAKE_CITATION = re.compile(
    r"[\[［【〔]\s*(?:\^|(?:extrait|source|réf\.?|ref\.?|passage)\s*(?:n[°o]\s*)?)?\d+(?:\s*[,;–-]\s*\d+)*\s*[\]］】〕]",
    re.IGNORECASE)
_EXTERNAL_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>", re.IGNORECASE)

# -- orders to an AI, on the folded view ----------------------------------------------------------
# Who is addressed: the AI, under its usual names (not "assistant social": a noun must end there).
_AI = (r"(?:l'|le |la |the |an? |ce |cet |cette |this )?(?:ia|i\.a\.|intelligence artificielle|assistant(?:e)?(?: ia| virtuel| ai)?"
       r"|modele(?: de langage| d'ia)?|llm|chatbot|robot|bot|ai(?: model| assistant)?|language model|gpt)\b")
# The first word of what it is told to do (familiar French imperatives, English imperatives).
_DO = (r"(?:ignore|oublie|reponds|dis|ne|n'|tu|t'|te|affiche|revele|ecris|annonce|cite|ajoute|envoie|transmets|recopie"
       r"|donne|montre|fais|agis|obeis|liste|ta|tes|ton|do|don't|never|forget|disregard|reply|answer|respond|say|print"
       r"|reveal|show|send|include|you|your|act|pretend|list|stop|skip|replace|remplace)\b")
# What an order may tell it to drop: its rules, or everything before.
_RULES = (r"(?:(?:toutes |tous )?(?:tes|vos|les|ses|ces|des|de tes|de vos|du|the|your|all|any|all the|all your|my|these"
          r"|those)\s+)"
          r"(?:\w+\s+){0,2}?(?:instructions?|consignes?|regles?|directives?|limites?|restrictions?|prompts?|ordres?"
          r"|guidance|guidelines|rules|directions|messages?)\b")
_BEFORE = (r"(?:tout )?(?:ce qui (?:precede|a ete dit|est ecrit|est dit)|ce qu'on t'a (?:dit|demande|donne)"
           r"|tout ce qu'on t'a\b|everything (?:above|before|you were told|said)|what (?:came|was said) (?:before|above)"
           r"|the above\b|(?:de )?ta memoire)")
_DROP = (r"(?:oublie|oubliez|oublier|ignore|ignorez|ignorer|efface|effacez|annule|annulez|laisse de cote|laissez de cote"
         r"|mets de cote|mettez de cote|fais abstraction|faites abstraction|ne tiens (?:plus |pas )?compte"
         r"|ne tenez (?:plus |pas )?compte|ne suis (?:pas|plus)|ne suivez (?:pas|plus)|ne respecte (?:pas|plus)"
         r"|ne respectez (?:pas|plus)|contourne|contournez|outrepasse|disregard|forget|skip|set aside|override|bypass"
         r"|do not follow|don't follow|stop following)")
_INSTRUCTIONS = [
    # « Oublie tout ce qui précède », "ignore all previous instructions", « ne tiens plus compte des règles »
    rf"\b{_DROP}\w*\s+(?:\S+\s+){{0,3}}?(?:{_RULES}|{_BEFORE})",
    # Instructions declared void: « les consignes ci-dessus sont obsolètes », "earlier instructions no longer apply"
    r"\b(?:instructions?|consignes?|regles?|directives?|guidelines|rules)\b(?:\s+\S+){0,3}?\s+"
    r"(?:sont (?:obsoletes|caduques|annulees|perimees)|ne s'appliquent plus|(?:are|is) (?:outdated|obsolete|void)"
    r"|no longer apply)",
    # A new identity or behaviour: « tu es désormais », "you are now", « agis comme », "pretend"
    r"(?:tu es|vous etes)\s+(?:desormais|maintenant|a present|dorenavant)\b|\byou are now\b|\bfrom now on\b",
    # « Désormais, vous devez… » is ordinary administrative French: « vous » only before what an AI does.
    r"\b(?:desormais|dorenavant|a partir de maintenant|a partir d'ici)\s*,?\s+(?:tu\b|vous (?:etes|repondez|repondrez"
    r"|ignorez|obeissez|agissez|ecrivez|inventez)\b)",
    # (« vous devez désormais » is ordinary administrative French: only the familiar form is an order.)
    r"\btu dois (?:maintenant|desormais|dorenavant)\b|\byou must now\b",
    r"\b(?:agis comme|agis en tant qu|joue le role d|fais comme si|act as (?:an?|the|if)|pretend (?:to be|you|that)"
    r"|role-?play as|behave as if)\b",
    r"\b(?:ta|your) (?:nouvelle |new )?(?:tache|mission|task)\b|\bnew instructions?\b|\bnouvelles? (?:instructions?|consignes?)\b",
    # Asking for its instructions or context: « révèle ton prompt », "print your hidden instructions"
    r"\b(?:revele|revelez|reveler|affiche|affichez|donne|donnez|montre|montrez|repete|repetez|recopie|recopiez|divulgue"
    r"|divulguez|reveal|print|show|repeat|output|dump|disclose)(?:-moi| moi)?\s+(?:le contenu de |the contents of )?"
    r"(?:ton|ta|tes|votre|vos|your|the|le|la|les)\s+(?:hidden |internal |secret |system )?(?:prompt|instructions?|consignes?"
    r"|system|contexte|context|regles)\b",
    r"\b(?:system prompt|prompt (?:systeme|system)|instruction systeme|system override|mode (?:developpeur|administrateur|admin|debug)"
    r"|(?:developer|admin|god|debug) mode|jailbreak)\b",
    # The AI addressed: « À l'IA qui lit ce texte », « Note à l'assistant : », "to the AI reading this"
    rf"\b{_AI}\s*,?\s+(?:qui (?:lit|lis|analyse|resume|traite|parcourt)|(?:reading|processing|summari[sz]ing|analy[sz]ing)"
    r" (?:this|these))\b",
    rf"(?:\bnote (?:a|pour) |\bmessage (?:a|pour) |\bconsignes? (?:a|pour) |\binstructions? (?:a|pour|for) "
    rf"|\bimportant (?:pour|for) |\battention,? |\bcher |\bchere |\bdear |\bhey |\bnote to |\bmessage to "
    rf"|\bregles? (?:a|pour) |\brule for )+{_AI}\s*[,:;!-]",
    # Weaker: « à l'IA : », or the AI hailed at the start of a sentence, then told what to do.
    rf"(?:\ba |\bau |\bpour |\bto |^\s*|(?<=[.!?;\n«\"])\s*){_AI}\s*[,:]\s+{_DO}",
    rf"\b(?:si tu es|if you are)\s+{_AI}",
    # Dictated answers: « répondez que l'aide est de 10 000 € », "reply only with", « dis à l'utilisateur que »
    r"\b(?:reponds|repondez|dis|dites|affirme|affirmez|annonce|annoncez|declare|declarez|answer|reply|say|respond|state)\s+"
    r"(?:(?:toujours|uniquement|seulement|plutot|always|only)\s+)?"
    r"(?:(?:a l'utilisateur|au demandeur|a la personne|to the user|to the person)\s+)?(?:que\b|qu'|that\b)",
    r"\b(?:reponds|repondez|respond|reply|answer)\s+(?:\S+\s+){0,3}?(?:par|with)\s+(?:[«\"'‘]|(?:le mot|the word|oui|yes|non|no)\b)",
    r"\b(?:dis|annonce|indique|tell|inform)\s+(?:a |to )?(?:l'utilisateur|la personne|au demandeur|the user|the person)\b",
    r"\b(?:quand|si|lorsqu')\s*on te demande\b|\bwhen (?:you are )?asked (?:about|for)\b[^.]{0,40}\b(?:say|answer|reply|state|respond)\b",
    r"\b(?:remplace|replace) (?:ta|your) (?:reponse|answer|response)\b",
    # Exfiltration: links and data to add or send
    r"\b(?:ajoute|include|add|insere|insert)\s+(?:ce|cet|this|the following)\s+(?:lien|link|url|image)\b",
    r"\b(?:envoie|transmets|send|forward|email)\s+(?:l'historique|la conversation|les donnees|tes donnees|the conversation"
    r"|the chat|the history|your context)\b",
    r"\bne (?:cite|mentionne|dis) (?:pas|jamais|plus)\b|\b(?:do not|don't|never) (?:cite|mention) (?:the )?(?:other|any)\b",
    r"\b(?:obeis|obey) (?:a|to)? ?(?:ce|cet|cette|this|these|me)\b",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _INSTRUCTIONS), re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def _hidden(char: str) -> bool:
    # Format characters (Cf): zero-width spaces and joiners, bidi controls, tag characters, BOM.
    return unicodedata.category(char) == "Cf"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() + 1 if after else len(text))


def detect_injection(text: str) -> list[Finding]:
    findings: list[Finding] = []
    hidden = [c for c in text if _hidden(c)]
    if hidden:
        findings.append(Finding("hidden_characters", " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden))))
    visible = "".join(c for c in text if not _hidden(c))
    # Fullwidth letters read as plain ones (NFKC); look-alike letters, accents and case are folded.
    normal = unicodedata.normalize("NFKC", visible)
    folded = view(normal)
    for kind, pattern, source, shown in (("hidden_markup", _HIDDEN_MARKUP, visible, visible),
                                         ("role_marker", _ROLE_MARKERS, folded, normal),
                                         ("fake_citation", _FAKE_CITATION, visible, visible),
                                         ("exfiltration_link", _EXTERNAL_IMAGE, visible, visible),
                                         ("instruction", _INSTRUCTION, folded, normal)):
        findings += [Finding(kind, shown[m.start():m.end()][:120]) for m in pattern.finditer(source)]
    return findings


# Findings that make a sentence an order or a forgery, not a fact: such a sentence is never quoted.
STEERING = frozenset({"instruction", "role_marker", "hidden_markup", "exfiltration_link"})


def gives_orders(text: str) -> bool:
    """An order to the AI, role or framing markup, a hidden comment or an external image."""
    return any(f.kind in STEERING for f in detect_injection(text))


def without_fake_markers(text: str) -> str:
    """Text of a passage as shown in an answer: no hidden characters, no bracketed numbers that our
    interface would turn into links to citations (only markers we write are citations)."""
    cleaned = _FAKE_CITATION.sub("", "".join(c for c in text if not _hidden(c)))
    if cleaned == text:
        return text
    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", cleaned)
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()


def is_suspicious(text: str) -> bool:
    """Orders, role markup or hidden characters: worth flagging. Bracketed numbers alone are not."""
    return any(f.kind != "fake_citation" for f in detect_injection(text))


def sanitize_passage(text: str) -> str:
    """The passage as it may be shown to the model: same facts, no hidden or steering content."""
    text = "".join(c for c in text if not _hidden(c))
    text = _HIDDEN_MARKUP.sub(" ", text)
    text = _EXTERNAL_IMAGE.sub(" ", text)
    # Role markers and instructions are searched in the NFKC form, where fullwidth tricks vanish;
    # NFKC keeps the length of ordinary French text, and is applied only when something matched.
    normal = unicodedata.normalize("NFKC", text)
    if _ROLE_MARKERS.search(view(normal)) or _INSTRUCTION.search(view(normal)):
        text = normal
        for match in reversed(list(_ROLE_MARKERS.finditer(view(text)))):
            text = f"{text[:match.start()]} {text[match.end():]}"
        folded = view(text)
        # A match may begin with the blank after a full stop: the order starts at its first word.
        spans = [sentence_bounds(text, m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end())
                 for m in _INSTRUCTION.finditer(folded)]
        for start, end in reversed(_merge(spans)):
            text = f"{text[:start]}{NEUTRALISED}{text[end:]}"
    text = _FAKE_CITATION.sub("", text)
    text = re.sub(r"[ \t]+([.,])", r"\1", text)  # where a removed marker stood before the full stop
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
