"""Audit entries in plain French, for the administrators' journal page: who did what to what.

The log keeps stable internal keys ("user.admin", "collection.rights") and raw details; people read
sentences ("a nommé x administrateur"), labelled facts and before/after differences instead. An
action this module does not know is still described (« action d'administration (module cantines) »),
never shown as its key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sudia.audit.entry import AuditEntry


@dataclass(frozen=True)
class Change:
    """One field that an action changed, before and after, in words."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Wording:
    who: str  # "agent@region.fr", "Visiteur anonyme", "jdupont (ligne de commande)"
    via: str  # "site web", "API", "ligne de commande"… ("" when unknown)
    what: str  # "a retiré agent@region.fr du groupe rh"
    changes: tuple[Change, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()  # other details, each with a French label


VISIBILITY_WORDS = {"private": "administrateurs seulement", "authenticated": "agents connectés",
                    "restricted": "groupes nommés", "public": "tout le monde"}
ENTRY_POINTS = {"web": "site web", "api": "API", "openai": "API compatible OpenAI", "cli": "ligne de commande",
                "server": "serveur"}

# Short labels, one per action key of the core: the journal's « Action » filter offers these.
ACTION_LABELS: dict[str, str] = {
    "ask": "Question posée", "search": "Recherche", "chat": "Conversation (API OpenAI, avec documents)",
    "chat.llm": "Conversation (API OpenAI, modèle seul)", "embeddings": "Calcul d'embeddings (API OpenAI)",
    "auth.login": "Connexion", "auth.lockout": "Connexions bloquées",
    "user.add": "Création de compte", "user.password": "Changement de mot de passe",
    "user.enable": "Réactivation de compte", "user.disable": "Désactivation de compte",
    "user.admin": "Droits d'administration", "user.link_oidc": "Liaison au compte de la Région",
    "user.groups_sync": "Groupes venus du compte de la Région",
    "group.add": "Ajout à un groupe", "group.remove": "Retrait d'un groupe",
    "token.create": "Création de jeton d'API", "token.revoke": "Révocation de jeton d'API",
    "collection.create": "Création de collection", "collection.rights": "Droits d'une collection",
    "collection.title": "Nom affiché d'une collection", "collection.delete": "Suppression de collection",
    "document.upload": "Dépôt de documents", "document.ingest": "Ingestion de documents",
    "document.delete": "Retrait d'un document",
    "audit.export": "Export du journal", "audit.purge": "Purge des entrées anciennes du journal",
    "feedback.export": "Export des avis",
}

# Use cases add the wording of their own actions (UseCase.audit_actions), installed once by the web
# app: the core names none of them. Module names for the actions a use case did not word.
_MODULES: dict[str, str] = {}
_USECASE_SENTENCES: dict[str, str] = {}  # action -> sentence, « {target} » standing for the target


def add_action_wording(module: str, module_title: str, actions: Mapping[str, tuple[str, str]]) -> None:
    """A use case's actions: key -> (short label, sentence with « {target} »)."""
    _MODULES[module] = module_title
    for action, (label, sentence) in actions.items():
        ACTION_LABELS[action] = label
        _USECASE_SENTENCES[action] = sentence

# Labels of the details; a detail without a label is shown under a humanised name.
FACT_LABELS: dict[str, str] = {
    "admin": "Administrateur", "groups": "Groupes", "group": "Groupe", "password": "Mot de passe défini",
    "tokens_revoked": "Jetons d'API révoqués", "token": "Jeton", "scopes": "Portées", "days": "Validité (jours)",
    "ip": "Adresse IP", "method": "Méthode", "known": "Compte existant", "reason": "Raison", "counter": "Compteur",
    "source": "Source", "issuer": "Fournisseur d'identité", "documents": "Documents", "document": "Document",
    "files": "Fichiers", "counts": "Résultat", "operator": "Opérateur", "title": "Nom affiché",
    "visibility": "Qui consulte", "rows": "Lignes", "note": "Note", "purged": "Entrées supprimées",
    "retention_days": "Conservation (jours)", "through_seq": "Jusqu'à l'entrée n°", "code": "Code d'erreur",
    "warnings": "Avertissements", "refused_previous_minute": "Refus la minute précédente",
    "stream": "Réponse en flux", "auteur": "Auteur", "type": "Type", "action": "Action", "resultat": "Résultat",
    "collection": "Collection", "du": "Du", "au": "Au", "accepted": "Lignes acceptées", "rejected": "Lignes refusées",
    "rejected_lines": "Lignes refusées", "request_id": "Identifiant de la requête",
    "entries": "Entrées", "procedure": "Procédure", "pieces": "Pièces", "decision": "Décision",
    "dossiers": "Dossiers", "statuts": "Statuts", "kind": "Nature", "actors": "Acteurs", "field": "Champ",
    "files_skipped": "Fichiers ignorés", "deleted_files": "Fichiers supprimés", "name": "Nom",
    "description": "Description", "groups_without_members": "Groupes sans membre",
}
# What the journal's outcome column and filters say.
OUTCOMES = {"answered": "Réponse donnée", "abstention": "Abstention", "ok": "Effectué", "denied": "Refusé",
            "rate_limited": "Limite atteinte", "error": "Erreur", "too_large": "Requête trop volumineuse",
            "cancelled": "Abandonnée par le client", "interrupted": "Interrompu"}
KIND_LABELS = {"ai_request": "Requête d'IA", "admin": "Administration"}
SCOPE_WORDS = {"ask": "poser des questions", "search": "rechercher", "ingest": "déposer des documents",
               "admin": "administrer"}
_HIDDEN = {"before", "after", "last_purged_hash", "commentaire_sha256", "statut_automatique", "key", "target"}
_COUNTS = {"added": "ajoutés", "updated": "mis à jour", "unchanged": "inchangés", "error": "en erreur"}
_METHODS = {"password": "mot de passe", "oidc": "compte de la Région (OpenID Connect)"}


def who(actor: str) -> str:
    """How a person reads the log's actor: "user:x@y" is x@y, "cli:jdupont" a command-line operator."""
    kind, _, rest = actor.partition(":")
    if actor == "anonymous":
        return "Visiteur anonyme"
    if kind == "user":
        return rest
    if kind == "token":
        token, _, email = rest.partition(":")
        return f"{email} (jeton d'API {token})"
    if kind == "cli":
        return f"{rest} (ligne de commande)"
    if kind == "system" or actor == "system":
        return "Sud IA (tâche automatique)" if rest in ("", "retention") else f"Sud IA ({rest})"
    if actor == "oidc":
        return "Compte de la Région (OpenID Connect)"
    return actor


def action_label(action: str) -> str:
    """The short label of an action key; an unknown key is named by its module, never shown raw."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    module = action.partition(".")[0]
    return f"Action du module {_MODULES.get(module, module)}" if "." in action else "Autre action"


def value_text(value: Any, key: str = "") -> str:
    """A detail's value in words: oui/non, lists joined, nested mappings as « label : valeur »."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None or value == "" or value == [] or value == {}:
        return "aucun" if key in ("groups", "tokens_revoked", "scopes") else "—"
    if key == "visibility":
        return VISIBILITY_WORDS.get(str(value), str(value))
    if key == "method":
        return _METHODS.get(str(value), str(value))
    if key == "action":  # the journal's filters, in an export's entry
        return action_label(str(value))
    if key == "type":
        return KIND_LABELS.get(str(value), str(value))
    if key == "resultat":
        return OUTCOMES.get(str(value), str(value))
    if key == "scopes" and isinstance(value, (list, tuple)):
        return ", ".join(SCOPE_WORDS.get(str(v), str(v)) for v in value)
    if key == "counts" and isinstance(value, Mapping):
        return ", ".join(f"{n} {_COUNTS.get(k, k)}" for k, n in value.items())
    if isinstance(value, Mapping):
        return " ; ".join(f"{_label(k)} : {value_text(v, k)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _label(key: str) -> str:
    return FACT_LABELS.get(key, key.replace("_", " ").capitalize())


def readers(visibility: str, groups: Any) -> str:
    """Who reads a collection, in words: « groupes rh, paie » for a restricted one."""
    if visibility == "restricted":
        return "groupes " + (", ".join(groups) if groups else "(aucun)")
    return VISIBILITY_WORDS.get(visibility, visibility or "—")


def _changes(entry: AuditEntry) -> tuple[Change, ...]:
    d = entry.details
    before = d.get("before")
    if entry.action == "collection.rights" and isinstance(before, Mapping):
        return (Change("Qui consulte", readers(before.get("visibility", ""), before.get("groups", ())),
                       readers(d.get("visibility", ""), d.get("groups", ()))),)
    if isinstance(before, Mapping):  # {"before": {...}, key: new value, ...}
        return tuple(Change(_label(k), value_text(v, k), value_text(d.get(k), k)) for k, v in before.items()
                     if k in d and d.get(k) != v)
    if "before" in d and "after" in d:  # one value: an observatory correction, a collection's title
        return (Change(_label(str(d.get("field", ""))) if d.get("field") else "Valeur",
                       value_text(before), value_text(d["after"])),)
    return ()


def _email_of(actor: str) -> str:
    kind, _, rest = actor.partition(":")
    return rest if kind == "user" else rest.partition(":")[2] if kind == "token" else ""


def _target(entry: AuditEntry) -> str:
    return entry.target or ", ".join(entry.collections)


def _sentence(entry: AuditEntry) -> str:
    d, t = entry.details, _target(entry)
    admin_to = "a nommé {t} administrateur" if d.get("admin") else "a retiré les droits d'administration à {t}"
    self_password = _email_of(entry.actor) == t
    sentences: dict[str, str | Callable[[], str]] = {
        "ask": "a posé une question", "search": "a lancé une recherche",
        "chat": "a conversé avec l'assistant (API compatible OpenAI)",
        "chat.llm": "a interrogé le modèle de langage seul (API compatible OpenAI)",
        "embeddings": "a calculé des embeddings (API compatible OpenAI)",
        "auth.login": (lambda: f"s'est connecté ({_METHODS.get(str(d.get('method')), 'connexion')})"
                       if entry.outcome in ("", "ok") else f"tentative de connexion refusée pour {t}"),
        "auth.lockout": f"connexions bloquées pour {t} après trop d'échecs",
        "user.add": f"a créé le compte {t}",
        "user.password": (("a tenté de changer son mot de passe" if entry.outcome == "denied"
                           else "a changé son mot de passe") if self_password
                          else f"a réinitialisé le mot de passe de {t}"),
        "user.enable": f"a réactivé le compte {t}", "user.disable": f"a désactivé le compte {t}",
        "user.admin": admin_to.format(t=t),
        "user.link_oidc": f"a relié le compte {t} au compte de la Région",
        "user.groups_sync": f"a mis à jour les groupes de {t} d'après le compte de la Région",
        "group.add": f"a ajouté {t} au groupe {d.get('group', '')}",
        "group.remove": f"a retiré {t} du groupe {d.get('group', '')}",
        "token.create": f"a créé un jeton d'API pour {t}", "token.revoke": f"a révoqué un jeton d'API de {t}",
        "collection.create": f"a créé la collection {t}",
        "collection.rights": f"a changé qui consulte la collection {t}",
        "collection.title": f"a changé le nom affiché de la collection {t}",
        "collection.delete": f"a supprimé la collection {t} et ses fichiers",
        "document.upload": f"a déposé des documents dans la collection {t}",
        "document.ingest": f"a ingéré des documents dans la collection {t}",
        "document.delete": f"a retiré un document de la collection {t}",
        "audit.export": "a exporté le journal d'audit (CSV)",
        "audit.purge": f"a supprimé les entrées anciennes du journal (n° {t.replace('-', ' à ')})",
        "feedback.export": "a exporté les avis des utilisateurs (CSV)",
    }
    found = sentences.get(entry.action)
    if found is None and entry.action in _USECASE_SENTENCES:
        return _USECASE_SENTENCES[entry.action].format(target=t)
    if found is None:
        label = action_label(entry.action).lower()
        return f"{label}{f' : {t}' if t else ''}"
    return found() if callable(found) else found


def describe(entry: AuditEntry) -> Wording:
    changes = _changes(entry)
    changed = {"visibility", "groups"} if entry.action == "collection.rights" else set()
    if entry.action in ("group.add", "group.remove", "user.admin", "auth.login"):
        changed |= {"group", "admin", "method"}  # already in the sentence
    if changes and "field" in entry.details:
        changed.add("field")
    facts = tuple((_label(k), value_text(v, k)) for k, v in entry.details.items()
                  if k not in _HIDDEN and k not in changed and v not in (None, "", [], {}))
    return Wording(who(entry.actor), ENTRY_POINTS.get(entry.entry_point, entry.entry_point), _sentence(entry),
                   changes, facts)
