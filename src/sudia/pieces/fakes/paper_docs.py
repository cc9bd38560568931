"""Fake A4 pieces: bills (energy, telecom, water) with a signed 2D-Doc, rent receipts, tax notices,
RIBs, payslips, Kbis extracts, URSSAF certificates and unrelated letters."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sudia.pieces.fakes.canvas import Page, datamatrix
from sudia.pieces.fakes.identity_docs import Drawn
from sudia.pieces.fakes.people import Company, Person, company
from sudia.pieces.fakes.twoddoc_writer import postal_line1, signed_code
from sudia.pieces.identifiers import iban_check_digits, luhn_complete, rib_key
from sudia.pieces.names import fold

SUPPLIERS = {"energie": ("Énergie Provence", "Facture d'électricité et de gaz", "kWh"),
             "telecom": ("Azur Télécom", "Facture mobile et internet", "Go"),
             "eau": ("Eaux du Littoral", "Facture d'eau", "m³")}
BANKS = [("30004", "BNPAFRPPXXX", "BNP Paribas"), ("30003", "SOGEFRPP", "Société Générale"),
         ("10278", "CMCIFR2A", "Crédit Mutuel"), ("11306", "AGRIFRPP813", "Crédit Agricole Alpes Provence"),
         ("20041", "PSSTFRPPMAR", "La Banque Postale"), ("13825", "CEPAFRPP382", "Caisse d'Épargne CEPAC")]


def _fr(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _money(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def _civility(p: Person) -> str:
    return "Mme" if p.sex == "F" else "M."


def _holder(p: Person) -> str:
    return f"{_civility(p)} {p.given_names[0]} {p.surname.upper()}"


def _address_block(page: Page, p: Person, x: int, name: str = "") -> None:
    page.text(x, page.y, name or _holder(p), 24, bold=True, key="holder")
    page.text(x, page.y + 34, p.street, 24, key="street")
    page.text(x, page.y + 68, f"{p.postcode} {p.city.upper()}", 24, key="city")
    page.y += 120


def bill(rng: random.Random, p: Person, today: date, tamper: str = "", kind: str = "") -> Drawn:
    kind = kind or rng.choice(list(SUPPLIERS))
    supplier, title, unit = SUPPLIERS[kind]
    issued = today - timedelta(days=rng.randint(3, 70))
    if tamper == "expire":
        issued = today - timedelta(days=rng.randint(120, 400))
    amount = round(rng.uniform(19, 240), 2)
    printed_amount = amount if tamper != "montant_modifie" else round(amount + rng.choice((-1, 1)) * rng.uniform(15, 90), 2)
    printed_name = _holder(p)
    if tamper == "nom_modifie":
        printed_name = f"{_civility(p)} {p.given_names[0]} {'PETIT' if fold(p.surname) != 'PETIT' else 'ROUX'}"
    invoice = f"{rng.randint(10**9, 10**10 - 1)}"
    fields = {"26": "FR", "24": p.postcode, "10": postal_line1(_civility(p).rstrip("."), fold(p.surname), fold(p.first)),
              "22": fold(p.street), "25": fold(p.city), "18": invoice, "1D": f"{amount:.2f}"}
    code = signed_code("01", issued, fields, break_signature=tamper == "signature_cassee")
    page = Page()
    page.text(90, 80, supplier, 40, bold=True)
    page.text(90, 135, f"Service clients : 09 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}", 20)
    page.paste(datamatrix(code, 4), 930, 70, key="twoddoc")
    page.y = 300
    page.line(title.upper(), 34, bold=True)
    page.line(f"Facture n° {invoice} du {_fr(issued)}", 24, key="date")
    page.line(f"Référence client : {rng.randint(10**7, 10**8 - 1)}", 22)
    page.y += 20
    page.text(620, page.y, "Adresse de facturation", 20)
    page.y += 34
    _address_block(page, p, 620, printed_name)
    page.rule()
    consumption = rng.randint(20, 900)
    rows = [(f"Consommation ({consumption} {unit})", amount * 0.62), ("Abonnement", amount * 0.23),
            ("Taxes et contributions", amount * 0.15)]
    for label, value in rows:
        page.text(90, page.y, label, 24)
        page.text(900, page.y, f"{_money(value)} €", 24)
        page.y += 44
    page.rule()
    page.text(90, page.y, "Montant total TTC", 28, bold=True)
    page.text(860, page.y, f"{_money(printed_amount)} €", 28, bold=True, key="amount")
    page.y += 60
    page.line(f"À payer avant le {_fr(issued + timedelta(days=15))} par prélèvement automatique.", 22)
    page.y = 1600
    page.line(f"{supplier} - SA au capital de {rng.randint(1, 90)} 000 000 € - RCS Marseille", 18)
    truth = {"issue_date": issued.isoformat(), "amount": f"{amount:.2f}", "printed_amount": f"{printed_amount:.2f}",
             "printed_surname": printed_name.split()[-1], "twoddoc": True, "kind": kind}
    return Drawn([page.image], "justificatif_domicile", truth, page.zones)


def rent_receipt(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    start = (today - timedelta(days=rng.randint(5, 60))).replace(day=1)
    if tamper == "expire":
        start = (today - timedelta(days=rng.randint(130, 400))).replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    landlord = rng.choice(["SCI Les Calanques", "M. Gérard Aubert", "Mme Josiane Faure", "Agence du Cours"])
    rent, charges = rng.randint(380, 1200), rng.randint(20, 120)
    surname = p.surname if tamper != "nom_modifie" else ("Petit" if p.surname != "Petit" else "Roux")
    page = Page()
    page.y = 150
    page.line("QUITTANCE DE LOYER", 40, bold=True)
    page.line(f"Période du {_fr(start)} au {_fr(end)}", 26, key="date")
    page.y += 30
    page.line(f"Bailleur : {landlord}", 24)
    page.line(f"Locataire : {_civility(p)} {p.given} {surname.upper()}", 24, key="holder")
    page.line(f"Adresse du logement : {p.street}, {p.postcode} {p.city}", 24, key="street")
    page.y += 30
    for sentence in (f"Je soussigné(e), {landlord}, bailleur du logement désigné ci-dessus, déclare avoir",
                     f"reçu de {_civility(p)} {surname.upper()} la somme de {rent + charges},00 euros au titre du",
                     "loyer et des charges pour la période indiquée, et lui en donne quittance.",
                     "", f"Loyer : {rent},00 €        Charges : {charges},00 €        Total : {rent + charges},00 €",
                     "", f"Fait à {p.city}, le {_fr(end)}", "Signature du bailleur"):
        page.line(sentence, 23)
    truth = {"issue_date": end.isoformat(), "printed_surname": surname, "twoddoc": False, "kind": "quittance"}
    return Drawn([page.image], "justificatif_domicile", truth, page.zones)


def tax_notice(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    year = today.year - 1 if today.month >= 8 else today.year - 2  # notices arrive in summer
    if tamper == "expire":
        year -= rng.randint(3, 5)
    collected = date(year + 1, 7, 31)
    rfr = rng.randint(8000, 90000)
    printed_rfr = rfr if tamper != "montant_modifie" else rfr + rng.choice((-1, 1)) * rng.randint(2000, 9000)
    fiscal = f"{rng.choice('0123')}{rng.randint(10**11, 10**12 - 1)}"
    reference = f"{str(year + 1)[2:]}{rng.randint(10, 99)}A{rng.randint(10**7, 10**8 - 1)}"
    parts = rng.choice(["1", "1,5", "2", "2,5", "3"])
    name = f"{fold(p.surname)} {fold(p.first)}"
    printed_name = name if tamper != "nom_modifie" else f"{'PETIT' if fold(p.surname) != 'PETIT' else 'ROUX'} {fold(p.first)}"
    fields = {"44": reference, "40": fiscal, "45": str(year), "41": str(rfr), "43": parts.replace(",", "."),
              "46": name, "4A": collected.strftime("%d%m%Y")}
    code = signed_code("04", collected, fields, break_signature=tamper == "signature_cassee")
    page = Page()
    page.text(90, 70, "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES", 24, bold=True)
    page.paste(datamatrix(code, 4), 960, 60, key="twoddoc")
    page.y = 260
    page.line(f"AVIS D'IMPÔT {year + 1}", 38, bold=True)
    page.line(f"IMPÔT SUR LES REVENUS de {year}", 28, bold=True)
    page.y += 20
    page.text(640, page.y, "Déclarant 1", 20)
    page.y += 32
    _address_block(page, p, 640, printed_name)
    page.line("Vos références", 26, bold=True)
    page.label_value("Numéro fiscal :", " ".join(fiscal[i:i + 2] for i in range(0, 12, 2)) + fiscal[12:], key="fiscal")
    page.label_value("Référence de l'avis :", reference, key="reference")
    page.label_value("Date de mise en recouvrement :", _fr(collected), key="date")
    page.rule()
    page.label_value("Revenu fiscal de référence :", f"{printed_rfr:,}".replace(",", " ") + " €", key="rfr")
    page.label_value("Nombre de parts :", parts)
    page.label_value("Impôt sur le revenu net :", f"{max(0, int(rfr * 0.06) - 900)} €")
    page.y = 1600
    page.line("Ce document est authentifié par le code 2D-Doc situé en haut de la première page.", 18)
    truth = {"issue_date": collected.isoformat(), "rfr": str(rfr), "printed_rfr": str(printed_rfr),
             "printed_surname": printed_name.split()[0], "twoddoc": True, "year": year}
    return Drawn([page.image], "avis_imposition", truth, page.zones)


def bank_details(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    bank, bic, bank_name = rng.choice(BANKS)
    branch = f"{rng.randint(0, 99999):05d}"
    account = f"{rng.randint(0, 10**11 - 1):011d}"
    key = rib_key(bank, branch, account)
    bban = bank + branch + account + key
    iban = "FR" + iban_check_digits("FR", bban) + bban
    printed = iban
    if tamper == "iban_faux":
        i = rng.randint(8, 24)
        printed = iban[:i] + str((int(iban[i]) + rng.randint(1, 8)) % 10) + iban[i + 1:]
    surname = p.surname if tamper != "nom_modifie" else ("Petit" if p.surname != "Petit" else "Roux")
    page = Page()
    page.y = 140
    page.line(bank_name, 34, bold=True)
    page.line("RELEVÉ D'IDENTITÉ BANCAIRE", 30, bold=True)
    page.y += 30
    page.label_value("Titulaire du compte :", f"{_civility(p)} {p.given_names[0]} {surname.upper()}", key="holder")
    page.label_value("Adresse :", f"{p.street}, {p.postcode} {p.city}")
    page.label_value("Domiciliation :", f"{bank_name.upper()} {p.city.upper()}")
    page.y += 20
    page.text(90, page.y, "Code banque   Code guichet   N° de compte      Clé RIB", 22)
    page.y += 34
    page.text(90, page.y, f"{bank}         {branch}          {account}      {key}", 24, bold=True)
    page.y += 70
    grouped = " ".join(printed[i:i + 4] for i in range(0, len(printed), 4))
    page.label_value("IBAN :", grouped, key="iban", tab=200)
    page.label_value("BIC :", bic, key="bic", tab=200)
    page.y += 40
    page.line("Ce relevé est destiné à être remis à vos créanciers ou débiteurs.", 20)
    truth = {"iban": iban, "printed_iban": printed, "bic": bic, "printed_surname": surname, "twoddoc": False}
    return Drawn([page.image], "rib", truth, page.zones)


def payslip(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    firm = company(rng)
    month_start = (today.replace(day=1) - timedelta(days=rng.randint(1, 55))).replace(day=1)
    if tamper == "expire":
        month_start = (today - timedelta(days=rng.randint(150, 500))).replace(day=1)
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    gross = rng.randint(1800, 4200)
    net = round(gross * 0.78, 2)
    siret = firm.siret if tamper != "siret_faux" else firm.siret[:-1] + str((int(firm.siret[-1]) + 3) % 10)
    page = Page()
    page.y = 110
    page.line("BULLETIN DE PAIE", 36, bold=True)
    page.line(f"Période du {_fr(month_start)} au {_fr(month_end)}", 24, key="date")
    page.y += 20
    page.line(f"Employeur : {firm.name} {firm.form}", 24)
    page.line(f"{firm.street}, {firm.postcode} {firm.city}", 22)
    page.line(f"SIRET : {siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}      Code NAF : {rng.randint(10, 96)}.{rng.randint(10, 99)}Z", 22, key="siret")
    page.y += 20
    page.text(640, page.y, "Salarié", 20)
    page.y += 32
    _address_block(page, p, 640, f"{_civility(p)} {p.given} {p.surname.upper()}")
    page.rule()
    for label, value in (("Salaire de base", gross), ("Cotisations salariales", -round(gross * 0.22, 2)),
                         ("Net à payer avant impôt", net), ("Impôt sur le revenu prélevé à la source", -round(net * 0.04, 2))):
        page.text(90, page.y, label, 24)
        page.text(900, page.y, f"{_money(value)} €", 24)
        page.y += 46
    page.rule()
    page.text(90, page.y, "NET À PAYER", 28, bold=True)
    page.text(860, page.y, f"{_money(net * 0.96)} €", 28, bold=True)
    truth = {"issue_date": month_end.isoformat(), "siret": firm.siret, "printed_siret": siret,
             "printed_surname": p.surname, "twoddoc": False}
    return Drawn([page.image], "bulletin_salaire", truth, page.zones)


def _company_doc(rng, firm: Company, tamper: str) -> str:
    return firm.siren if tamper != "siret_faux" else firm.siren[:-1] + str((int(firm.siren[-1]) + 1) % 10)


def kbis(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    firm = company(rng)
    updated = today - timedelta(days=rng.randint(1, 75))
    if tamper == "expire":
        updated = today - timedelta(days=rng.randint(110, 500))
    siren = _company_doc(rng, firm, tamper)
    registered = date(rng.randint(1995, 2022), rng.randint(1, 12), rng.randint(1, 28))
    page = Page()
    page.y = 100
    page.line(f"Greffe du Tribunal de Commerce de {firm.city if firm.city in ('Marseille', 'Nice', 'Toulon', 'Avignon') else 'Marseille'}", 24)
    page.y += 20
    page.line("EXTRAIT Kbis", 40, bold=True)
    page.line("EXTRAIT D'IMMATRICULATION PRINCIPALE AU REGISTRE DU COMMERCE ET DES SOCIÉTÉS", 20, bold=True)
    page.line(f"à jour au {_fr(updated)}", 24, key="date")
    page.y += 30
    page.line("IDENTIFICATION DE LA PERSONNE MORALE", 22, bold=True)
    page.label_value("Immatriculation au RCS, numéro :", f"{siren[:3]} {siren[3:6]} {siren[6:]} R.C.S. Marseille", key="siren")
    page.label_value("Date d'immatriculation :", _fr(registered))
    page.label_value("Dénomination ou raison sociale :", firm.name.upper())
    page.label_value("Forme juridique :", {"SARL": "Société à responsabilité limitée", "SAS": "Société par actions simplifiée",
                                           "SASU": "Société par actions simplifiée unipersonnelle",
                                           "EURL": "Entreprise unipersonnelle à responsabilité limitée"}[firm.form])
    page.label_value("Capital social :", f"{rng.choice([1000, 5000, 10000, 50000])},00 Euros")
    page.label_value("Adresse du siège :", f"{firm.street} {firm.postcode} {firm.city}")
    page.y += 20
    page.line("GESTION, DIRECTION, ADMINISTRATION", 22, bold=True)
    page.label_value("Gérant / Président :", f"{p.surname.upper()} {p.given}", key="holder")
    truth = {"issue_date": updated.isoformat(), "siren": firm.siren, "printed_siren": siren, "printed_surname": p.surname,
             "twoddoc": False}
    return Drawn([page.image], "kbis", truth, page.zones)


def urssaf(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    firm = company(rng)
    issued = today - timedelta(days=rng.randint(1, 150))
    if tamper == "expire":
        issued = today - timedelta(days=rng.randint(200, 600))
    siren = _company_doc(rng, firm, tamper)
    siret = luhn_complete(siren + "0001") if tamper != "siret_faux" else siren + "00013"
    page = Page()
    page.y = 100
    page.line("Urssaf Provence-Alpes-Côte d'Azur", 30, bold=True)
    page.y += 30
    page.line("ATTESTATION DE VIGILANCE", 36, bold=True)
    page.line(f"délivrée le {_fr(issued)}", 24, key="date")
    page.y += 20
    for sentence in ("L'Urssaf atteste que l'entreprise désignée ci-dessous est à jour de ses obligations",
                     "de déclaration et de paiement des cotisations et contributions sociales.", ""):
        page.line(sentence, 22)
    page.label_value("Raison sociale :", f"{firm.name.upper()} {firm.form}")
    page.label_value("SIREN :", f"{siren[:3]} {siren[3:6]} {siren[6:]}", key="siren")
    page.label_value("SIRET du siège :", siret, key="siret")
    page.label_value("Adresse :", f"{firm.street}, {firm.postcode} {firm.city}")
    page.label_value("Effectif déclaré :", str(rng.randint(1, 49)))
    page.y += 30
    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(15))
    page.line(f"Code de sécurité : {code}", 22)
    page.line("Vérifiez l'authenticité de cette attestation avec son code de sécurité.", 20)
    truth = {"issue_date": issued.isoformat(), "siren": firm.siren, "printed_siren": siren, "printed_surname": "",
             "twoddoc": False}
    return Drawn([page.image], "attestation_urssaf", truth, page.zones)


LETTERS = [("Compte rendu de la réunion du conseil de quartier",
            ["Les habitants présents ont évoqué l'aménagement de la place et l'éclairage de la rue.",
             "La prochaine réunion aura lieu au centre social, salle polyvalente.",
             "Le projet de jardin partagé sera présenté par l'association."]),
           ("Invitation à la fête de l'école",
            ["Les enseignants et les parents d'élèves vous invitent au spectacle de fin d'année.",
             "Un goûter sera servi dans la cour après la représentation.",
             "Merci de confirmer votre présence auprès de la directrice."]),
           ("Programme du club de randonnée",
            ["Sortie au départ du parking du col, prévoir de l'eau et de bonnes chaussures.",
             "Le covoiturage est organisé depuis la place du marché.",
             "La cotisation annuelle reste inchangée cette saison."])]


def other(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    title, sentences = rng.choice(LETTERS)
    page = Page()
    page.y = 160
    page.line(title, 30, bold=True)
    page.line(f"le {_fr(today - timedelta(days=rng.randint(1, 90)))}", 22)
    page.y += 30
    for sentence in rng.sample(sentences, len(sentences)):
        page.line(sentence, 23, gap=20)
    page.y += 20
    page.line(f"{p.given_names[0]} {p.surname}", 22)
    return Drawn([page.image], "autre", {"printed_surname": p.surname, "twoddoc": False}, page.zones)
