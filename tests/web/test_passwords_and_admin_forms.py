"""Issue #11, point 7: password change and reset in the UI, no self-demotion, errors at their field,
Paris times, and the audit journal in plain French."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web.test_auth_pages import PASSWORD, AppFactory, csrf_of, login, make_client, text, trust_of  # noqa: F401

from sudia.audit.base import AuditQuery
from sudia.audit.entry import AuditEntry
from sudia.audit.wording import action_label, describe, who
from sudia.web.templating import french_date
from sudia.web.trust_pages import paris_day_start

NEW_PASSWORD = "Un-nouveau-mot-de-passe-7"


def field_marked(page: str, input_id: str) -> bool:
    """The input carries aria-invalid and is described by its error message, which is on the page."""
    tag = re.search(rf'<input[^>]*id="{input_id}"[^>]*>', page)
    assert tag is not None, input_id
    return ('aria-invalid="true"' in tag.group(0) and f"{input_id}-erreur" in tag.group(0)
            and f'id="{input_id}-erreur"' in page)


def change(client: TestClient, **form: str):
    token = csrf_of(client.get("/compte").text)
    return client.post("/compte/mot-de-passe", data={"csrf": token, **form}, follow_redirects=False)


def test_a_person_changes_their_password_and_signs_in_again(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "agent@region.fr")
    page = client.get("/compte").text
    assert 'action="/compte/mot-de-passe"' in page and 'autocomplete="current-password"' in page
    # One form, and a plain page title (the form once leaked into the <title> block as a second copy).
    assert page.count('action="/compte/mot-de-passe"') == 1
    assert re.search(r"<title>Mon compte — Sud IA, Région Sud</title>", page)
    wrong = change(client, current="pas-le-bon", password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    assert wrong.status_code == 400 and "Mot de passe actuel incorrect." in text(wrong)
    assert field_marked(wrong.text, "mdp-actuel") and not field_marked(wrong.text, "mdp-nouveau")
    assert 'href="#champ-current"' in wrong.text  # the box at the top leads to the field
    differ = change(client, current=PASSWORD, password=NEW_PASSWORD, confirmation=NEW_PASSWORD + "x")
    assert differ.status_code == 400 and field_marked(differ.text, "mdp-confirmation")
    weak = change(client, current=PASSWORD, password="court", confirmation="court")
    assert weak.status_code == 400 and "Mot de passe trop faible" in text(weak) and field_marked(weak.text, "mdp-nouveau")
    assert trust_of(client).auth.login("agent@region.fr", PASSWORD)  # nothing changed so far

    done = change(client, current=PASSWORD, password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    assert done.status_code == 303 and done.headers["location"] == "/connexion?fait=mot-de-passe-change"
    assert client.get("/compte", follow_redirects=False).status_code == 303  # this session ended too
    assert "reconnectez-vous avec le nouveau" in client.get("/connexion?fait=mot-de-passe-change").text
    assert login(client, "agent@region.fr").status_code == 401
    assert login(client, "agent@region.fr", NEW_PASSWORD).status_code == 303
    entries = trust_of(client).audit.entries(AuditQuery(action="user.password"), limit=10)
    assert [(e.actor, e.outcome) for e in entries] == [("user:agent@region.fr", "ok"),
                                                       ("user:agent@region.fr", "denied")]
    assert describe(entries[0]).what == "a changé son mot de passe"
    assert describe(entries[1]).what == "a tenté de changer son mot de passe"  # refused: not « a changé »


def test_a_token_never_changes_a_password(make_client: AppFactory) -> None:
    client = make_client()
    secret = trust_of(client).directory.create_token("cli:test", "agent@region.fr", ["ask"]).secret
    robot = TestClient(client.app, headers={"Authorization": f"Bearer {secret}"})
    refused = robot.post("/compte/mot-de-passe", data={"current": PASSWORD, "password": NEW_PASSWORD,
                                                       "confirmation": NEW_PASSWORD})
    assert refused.status_code == 403 and trust_of(client).auth.login("agent@region.fr", PASSWORD)


def test_an_administrator_resets_a_password_in_the_ui(make_client: AppFactory) -> None:
    client = make_client()
    agent = trust_of(client).directory.user("agent@region.fr")
    me = trust_of(client).directory.user("admin@region.fr")
    login(client, "agent@region.fr")
    assert client.get(f"/admin/utilisateurs/{agent.id}/mot-de-passe").status_code == 403
    login(client, "admin@region.fr")
    users = client.get("/admin/utilisateurs").text
    assert f'href="/admin/utilisateurs/{agent.id}/mot-de-passe"' in users
    assert f'href="/admin/utilisateurs/{me.id}/mot-de-passe"' not in users  # one's own: from « Mon compte »
    page = client.get(f"/admin/utilisateurs/{agent.id}/mot-de-passe")
    token = csrf_of(page.text)
    url = f"/admin/utilisateurs/{agent.id}/mot-de-passe"
    differ = client.post(url, data={"csrf": token, "password": NEW_PASSWORD, "confirmation": "autre chose"})
    assert differ.status_code == 400 and field_marked(differ.text, "mdp-confirmation")
    weak = client.post(url, data={"csrf": token, "password": "agent", "confirmation": "agent"})
    assert weak.status_code == 400 and field_marked(weak.text, "mdp-nouveau")
    done = client.post(url, data={"csrf": token, "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/utilisateurs?fait=mot-de-passe-reinitialise"
    assert trust_of(client).auth.login("agent@region.fr", NEW_PASSWORD)
    own = client.post(f"/admin/utilisateurs/{me.id}/mot-de-passe",
                      data={"csrf": token, "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert own.status_code == 403 and "depuis « Mon compte »" in text(own)
    [entry] = trust_of(client).audit.entries(AuditQuery(action="user.password"), limit=10)
    assert describe(entry).what == "a réinitialisé le mot de passe de agent@region.fr"
    assert "a réinitialisé le mot de passe de agent@region.fr" in text(client.get("/admin/journal"))


def test_an_administrator_cannot_deactivate_or_demote_themself(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "admin@region.fr")
    me = trust_of(client).directory.user("admin@region.fr")
    page = client.get("/admin/utilisateurs")
    row = page.text.split('<th scope="row">admin@region.fr', 1)[1].split("</tr>", 1)[0]
    assert "(vous)" in row and "desactiver" not in row and "retirer-admin" not in row  # no button to press
    token = csrf_of(page.text)
    for action in ("desactiver", "retirer-admin"):
        refused = client.post(f"/admin/utilisateurs/{me.id}", data={"csrf": token, "action": action})
        assert refused.status_code == 403 and "SUDIA-A025" in refused.text
    still = trust_of(client).directory.user("admin@region.fr")
    assert still.is_admin and still.active


def test_the_add_user_form_shows_its_errors_at_the_field(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "admin@region.fr")
    token = csrf_of(client.get("/admin/utilisateurs").text)
    bad_email = client.post("/admin/utilisateurs", data={"csrf": token, "email": "pas-une-adresse"})
    assert bad_email.status_code == 400 and field_marked(bad_email.text, "nouvel-email")
    weak = client.post("/admin/utilisateurs", data={"csrf": token, "email": "x@region.fr", "password": "court"})
    assert field_marked(weak.text, "nouveau-mdp") and 'aria-describedby="mdp-aide nouveau-mdp-erreur"' in weak.text
    group = client.post("/admin/utilisateurs", data={"csrf": token, "email": "x@region.fr", "groups": "r h!"})
    assert group.status_code == 400 and field_marked(group.text, "nouveaux-groupes")


def test_times_are_shown_in_paris_time() -> None:
    assert french_date("2025-07-01T10:20:00.000+00:00") == "01/07/2025 12:20"  # summer: UTC+2
    assert french_date("2025-01-15T23:30:00+00:00") == "16/01/2025 00:30"  # winter: UTC+1, the next day
    assert french_date("2025-01-15T23:30:00") == "16/01/2025 00:30"  # no offset: stored in UTC
    assert french_date("2025-01-15") == "15/01/2025" and french_date("") == "—"
    # the journal's « du » and « au » are Paris days too
    assert paris_day_start("2025-01-16") == "2025-01-16T00:00:00+01:00"
    assert paris_day_start("2025-07-01", next_day=True) == "2025-07-02T00:00:00+02:00"


def entry(key: str, actor: str = "user:admin@region.fr", target: str = "", **details: object) -> AuditEntry:
    return AuditEntry(seq=1, at="2025-01-01T00:00:00+00:00", kind="admin", actor=actor, action=key,
                      target=target, entry_point="web", outcome="ok", details=details)


def test_journal_entries_are_sentences_with_readable_differences() -> None:
    rights = describe(entry("collection.rights", target="guides", visibility="restricted", groups=["rh", "paie"],
                            before={"visibility": "public", "groups": []}))
    assert rights.who == "admin@region.fr" and rights.via == "site web"
    assert rights.what == "a changé qui consulte la collection guides"
    assert [(c.label, c.before, c.after) for c in rights.changes] == [("Qui consulte", "tout le monde",
                                                                       "groupes rh, paie")]
    assert rights.facts == ()  # the difference says it all: no raw dict under it
    demoted = describe(entry("user.admin", target="x@region.fr", admin=False))
    assert demoted.what == "a retiré les droits d'administration à x@region.fr" and demoted.facts == ()
    ingest = describe(entry("document.ingest", actor="cli:jdupont", target="guides",
                            counts={"added": 3, "error": 1}, files=["a.pdf", "b.pdf"]))
    assert ingest.who == "jdupont (ligne de commande)"
    assert ("Résultat", "3 ajoutés, 1 en erreur") in ingest.facts and ("Fichiers", "a.pdf, b.pdf") in ingest.facts
    assert who("token:abc123:agent@region.fr") == "agent@region.fr (jeton d'API abc123)"
    assert who("anonymous") == "Visiteur anonyme" and who("system:retention") == "Sud IA (tâche automatique)"
    unknown = describe(entry("cantines.nouveau.truc", target="t"))
    assert "cantines.nouveau.truc" not in unknown.what and action_label("zz") == "Autre action"


def test_journal_details_name_no_internal_value() -> None:
    export = describe(entry("audit.export", target="journal.csv",
                            **{"action": "user.add", "type": "admin", "resultat": "denied"}))
    assert export.facts == (("Action", "Création de compte"), ("Type", "Administration"), ("Résultat", "Refusé"))
    token = describe(entry("token.create", target="a@region.fr", token="abc", scopes=["ask", "search"], days=90))
    assert ("Portées", "poser des questions, rechercher") in token.facts
    login = describe(entry("auth.login", actor="user:a@region.fr", target="a@region.fr", ip="10.0.0.1",
                           method="password"))
    assert login.what == "s'est connecté (mot de passe)" and login.facts == (("Adresse IP", "10.0.0.1"),)


def test_use_cases_bring_the_labels_of_their_own_audit_actions(make_client: AppFactory) -> None:
    # The core's wording names no use case: each declares its actions (UseCase.audit_actions) and
    # the web app installs them with the use case.
    from pathlib import Path

    import sudia.audit.wording as wording

    source = Path(wording.__file__).read_text(encoding="utf-8")
    assert not any(name in source for name in ('"cantines.', '"pieces.', '"observatoire.'))
    make_client()
    assert action_label("cantines.model.train") == "Entraînement des prévisions (cantines)"
    assert action_label("pieces.decision") == "Décision sur un dossier (pièces)"
    assert action_label("observatoire.revue") == "Revue dans l'observatoire"
    assert describe(entry("pieces.decision", target="D-42")).what == "a décidé du dossier D-42"
