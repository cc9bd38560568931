"""Fake identity documents: identity cards (2021 TD1 card and the 1988-2021 card), passports,
residence permits (TD1) and driving licences, recto and verso on one scanned page."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sudia.pieces.fakes.canvas import Page, guilloche, photo
from sudia.pieces.fakes.people import Person
from sudia.pieces.mrz import FILLER, check_digit, names_field
from sudia.pieces.names import fold

CARD = (1011, 638)
NATIONALITIES = ["MAR", "DZA", "TUN", "SEN", "VNM", "CMR", "TUR", "USA", "CHN", "BRA"]
DEPARTMENTS = ["013", "006", "083", "084", "004", "005"]


@dataclass
class Drawn:
    """A rendered piece: page images, what is printed, and what a perfect reader should find."""

    pages: list[Any]
    doc_type: str
    truth: dict[str, Any] = field(default_factory=dict)
    zones: dict[str, Any] = field(default_factory=dict)


def _yymmdd(d: date) -> str:
    return d.strftime("%y%m%d")


def _fr(d: date, sep: str = " ") -> str:
    return d.strftime(f"%d{sep}%m{sep}%Y")


def _years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def _mrz_truth(number: str, p: Person, nationality: str, expiry: date | None, fmt: str) -> dict[str, str]:
    # names as the zone holds them: cut at the field's width
    surname, _, given = names_field(fold(p.surname), fold(p.given), {"TD1": 30, "TD3": 39}.get(fmt, 99)).partition("<<")
    return {"format": fmt, "document_number": number, "surname": fold(p.birth_name or p.surname) if fmt == "FR-CNI"
            else re.sub("<+", " ", surname).strip(), "given_names": re.sub("<+", " ", given).strip(),
            "birth_date": p.birth_date.isoformat(),
            "expiry_date": expiry.isoformat() if expiry else "", "nationality": nationality, "sex": p.sex}


def _scan(sides: list[Any], rng: random.Random):
    """Both sides of a card on a grey scanner bed."""
    from PIL import Image

    width = max(s.size[0] for s in sides) + 120
    height = sum(s.size[1] for s in sides) + 60 * (len(sides) + 1)
    tone = rng.randint(225, 245)
    page = Image.new("RGB", (width, height), (tone, tone, tone))
    y = 60
    for side in sides:
        page.paste(side, (60, y))
        y += side.size[1] + 60
    return page


def _mrz_block(page: Page, lines: list[str], y: int) -> None:
    size = 44 if len(lines[0]) <= 30 else (36 if len(lines[0]) <= 36 else 34)
    for i, line in enumerate(lines):
        page.text(36, y + i * (size + 12), line, size=size, mrz=True, key=f"mrz{i}")


def _front(p: Person, title: str, rows: list[tuple[str, str]], rng: random.Random, tint) -> Page:
    page = Page(size=CARD, background=tint, margin=40, y=30)
    guilloche(page, rng, color=tuple(max(0, c - 14) for c in tint))
    page.text(40, 24, "RÉPUBLIQUE FRANÇAISE", 26, bold=True)
    page.text(40, 60, title, 22, bold=True)
    page.paste(photo(250, 320, rng), 40, 130, key="photo")
    y = 120
    for label, value in rows:
        page.text(320, y, label, 17, fill=(70, 70, 90))
        page.text(320, y + 20, value, 25, bold=True, key=label)
        y += 58
    return page


def identity_card(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    """The 2021 card (TD1 zone): valid ten years."""
    issued = today - timedelta(days=rng.randint(30, 9 * 365))
    if tamper == "expire":
        issued = today - timedelta(days=rng.randint(10 * 365 + 30, 12 * 365))
    expiry = _years(issued, 10)
    number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9))
    printed_surname = p.surname
    l1 = f"IDFRA{number}{check_digit(number)}" + FILLER * 15
    birth = _yymmdd(p.birth_date)
    l2 = birth + check_digit(birth) + p.sex + _yymmdd(expiry) + check_digit(_yymmdd(expiry)) + "FRA" + FILLER * 11
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l3 = names_field(fold(p.surname), fold(p.given), 30)
    truth = _mrz_truth(number, p, "FRA", expiry, "TD1")
    if tamper == "cle_mrz":
        bad = str((int(l2[3]) + 3) % 10)
        l2 = l2[:3] + bad + l2[4:]
    if tamper == "nom_modifie":
        printed_surname = rng.choice(["Martin", "Dupont", "Girard", "Lambert"]) if p.surname not in (
            "Martin",) else "Petit"
    rows = [("NOM / Surname", printed_surname.upper()), ("Prénoms / Given names", p.given),
            ("Sexe / Sex", p.sex), ("Nationalité / Nationality", "FRA"),
            ("Date de naissance / Date of birth", _fr(p.birth_date)),
            ("Lieu de naissance / Place of birth", p.birth_place.upper()),
            ("N° du document / Document No", number), ("Date d'expiration / Expiry date", _fr(expiry))]
    front = _front(p, "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD", rows, rng, (236, 240, 250))
    back = Page(size=CARD, background=(236, 240, 250), margin=40, y=40)
    guilloche(back, rng, color=(222, 228, 240))
    back.text(40, 40, f"Adresse / Address : {p.street}, {p.postcode} {p.city}", 20)
    back.text(40, 80, f"Date de délivrance / Date of issue : {_fr(issued)}", 20)
    _mrz_block(back, [l1, l2, l3], 420)
    truth.update(printed_surname=printed_surname, issue_date=issued.isoformat())
    return Drawn([_scan([front.image, back.image], rng)], "cni", truth, {"mrz_y": 420})


def old_identity_card(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    """The 1988-2021 card: MRZ of two 36-character lines, valid 15 years when issued 2004-2013 to an adult
    (10 years otherwise); no expiry in the zone, it is printed on the back."""
    if tamper == "expire":
        issued = date(rng.randint(2001, 2003), rng.randint(1, 12), rng.randint(1, 28))
    else:
        issued = date(rng.randint(2014, 2020), rng.randint(1, 12), rng.randint(1, 28))
        if (issued - p.birth_date).days < 18 * 365:  # a minor's card lasts 10 years: a recent one
            issued = date(rng.randint(2018, 2020), rng.randint(1, 12), rng.randint(1, 28))
    adult = (issued - p.birth_date).days >= 18 * 365
    # since 2014 adults' cards last 15 years; those of 2004-2013 were extended without a new print
    expiry = _years(issued, 15 if issued.year >= 2014 and adult else 10)
    dept = rng.choice(DEPARTMENTS)
    number = issued.strftime("%y%m") + dept + f"{rng.randint(0, 99999):05d}"
    surname = fold(p.birth_name or p.surname).replace(" ", "<")
    l1 = ("IDFRA" + surname)[:30].ljust(30, FILLER) + dept + f"{rng.randint(1, 99):03d}"
    given = fold(p.given).replace(" ", "<<")[:14].ljust(14, FILLER)
    birth = _yymmdd(p.birth_date)
    body = number + check_digit(number) + given + birth + check_digit(birth) + p.sex
    l2 = body + check_digit(l1 + body)
    if tamper == "cle_mrz":
        l2 = l2[:30] + str((int(l2[30]) + 4) % 10) + l2[31:]
    truth = _mrz_truth(number, p, "FRA", None, "FR-CNI")
    truth["given_names"] = re.sub(r"<+", " ", given).strip()  # what the 14-character field holds
    rows = [("Nom :", (p.birth_name or p.surname).upper()), ("Prénom(s) :", p.given.replace(" ", ", ")),
            ("Sexe :", p.sex), ("Né(e) le :", _fr(p.birth_date, ".")), ("à :", p.birth_place.upper())]
    if p.birth_name:
        rows.insert(1, ("Nom d'usage :", f"ép. {p.surname.upper()}"))
    front = _front(p, "CARTE NATIONALE D'IDENTITÉ N° : " + number, rows, rng, (242, 236, 246))
    _mrz_block(front, [l1, l2], 510)
    back = Page(size=CARD, background=(242, 236, 246), margin=40, y=40)
    guilloche(back, rng, color=(230, 222, 236))
    back.text(40, 60, f"Adresse : {p.street}", 22)
    back.text(40, 95, f"{p.postcode} {p.city.upper()}", 22)
    back.text(40, 170, f"Carte valable jusqu'au : {_fr(expiry, '.')}", 22, key="expiry")
    back.text(40, 205, f"délivrée le : {_fr(issued, '.')}", 22)
    back.text(40, 240, f"par : PRÉFECTURE DU {dept[1:]}", 22)
    truth.update(expiry_printed=expiry.isoformat(), issue_date=issued.isoformat(),
                 printed_surname=(p.birth_name or p.surname))
    return Drawn([_scan([front.image, back.image], rng)], "cni_ancienne", truth)


def passport(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    issued = today - timedelta(days=rng.randint(30, 9 * 365))
    if tamper == "expire":
        issued = today - timedelta(days=rng.randint(10 * 365 + 30, 13 * 365))
    expiry = _years(issued, 10)
    number = f"{rng.randint(10, 99)}{rng.choice('ABCDEFGHKLMPRTUVX')}{rng.choice('ABCDEFGHKLMPRTUVX')}{rng.randint(0, 99999):05d}"
    l1 = "P<FRA" + names_field(fold(p.surname), fold(p.given), 39)
    birth, exp = _yymmdd(p.birth_date), _yymmdd(expiry)
    optional = FILLER * 14
    l2 = number + check_digit(number) + "FRA" + birth + check_digit(birth) + p.sex + exp + check_digit(exp)
    l2 += optional + check_digit(optional).replace("0", FILLER)
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    if tamper == "cle_mrz":
        l2 = l2[:14] + str((int(l2[14]) + 2) % 10) + l2[15:]
    printed = p.surname if tamper != "nom_modifie" else ("Petit" if p.surname != "Petit" else "Roux")
    page = Page(size=(1250, 880), background=(244, 238, 226), margin=40, y=30)
    guilloche(page, rng, color=(232, 224, 208))
    page.text(40, 24, "RÉPUBLIQUE FRANÇAISE", 28, bold=True)
    page.text(40, 64, "PASSEPORT / PASSPORT", 24, bold=True)
    page.paste(photo(300, 390, rng), 40, 120, key="photo")
    rows = [("Type / Type", "P"), ("Code du pays / Country code", "FRA"), ("Passeport n° / Passport No.", number),
            ("Nom / Surname", printed.upper()), ("Prénoms / Given names", p.given.replace(" ", ", ")),
            ("Nationalité / Nationality", "Française"), ("Date de naissance / Date of birth", _fr(p.birth_date)),
            ("Sexe / Sex", p.sex), ("Date de délivrance / Date of issue", _fr(issued)),
            ("Date d'expiration / Date of expiry", _fr(expiry))]
    y = 110
    for label, value in rows:
        page.text(380, y, label, 16, fill=(80, 70, 60))
        page.text(380, y + 18, value, 23, bold=True, key=label)
        y += 53
    _mrz_block(page, [l1, l2], 720)
    truth = _mrz_truth(number, p, "FRA", expiry, "TD3")
    truth.update(printed_surname=printed, issue_date=issued.isoformat())
    return Drawn([_scan([page.image], rng)], "passeport", truth)


def residence_permit(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    years = rng.choice((1, 4, 10))
    issued = today - timedelta(days=rng.randint(20, max(25, years * 365 - 30)))
    if tamper == "expire":
        issued = today - timedelta(days=years * 365 + rng.randint(20, 400))
    expiry = _years(issued, years)
    nationality = rng.choice(NATIONALITIES)
    number = "".join(rng.choice("0123456789") for _ in range(10))[:9]
    l1 = f"IRFRA{number}{check_digit(number)}" + FILLER * 15
    birth, exp = _yymmdd(p.birth_date), _yymmdd(expiry)
    l2 = birth + check_digit(birth) + p.sex + exp + check_digit(exp) + nationality + FILLER * 11
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l3 = names_field(fold(p.surname), fold(p.given), 30)
    if tamper == "cle_mrz":
        l2 = l2[:9] + str((int(l2[9]) + 5) % 10) + l2[10:]
    rows = [("NOM", p.surname.upper()), ("Prénoms", p.given), ("Nationalité", nationality), ("Sexe", p.sex),
            ("Date de naissance", _fr(p.birth_date)), ("Type de titre", rng.choice(["CARTE DE RÉSIDENT",
                                                                                   "CARTE DE SÉJOUR TEMPORAIRE",
                                                                                   "CARTE DE SÉJOUR PLURIANNUELLE"])),
            ("Valable jusqu'au", _fr(expiry))]
    front = _front(p, "TITRE DE SÉJOUR / RESIDENCE PERMIT", rows, rng, (238, 246, 238))
    back = Page(size=CARD, background=(238, 246, 238), margin=40, y=40)
    guilloche(back, rng, color=(224, 236, 224))
    back.text(40, 50, f"Adresse : {p.street}, {p.postcode} {p.city}", 20)
    back.text(40, 90, "Autorise son titulaire à travailler", 20)
    _mrz_block(back, [l1, l2, l3], 420)
    truth = _mrz_truth(number, p, nationality, expiry, "TD1")
    truth.update(printed_surname=p.surname, issue_date=issued.isoformat())
    return Drawn([_scan([front.image, back.image], rng)], "titre_sejour", truth)


def driving_licence(rng: random.Random, p: Person, today: date, tamper: str = "") -> Drawn:
    issued = today - timedelta(days=rng.randint(30, 14 * 365))
    if tamper == "expire":
        issued = today - timedelta(days=15 * 365 + rng.randint(30, 500))
    expiry = _years(issued, 15)
    number = f"{rng.randint(10, 99)}{rng.randint(0, 99):02d}{rng.randint(0, 99999999):08d}"
    page = Page(size=CARD, background=(250, 234, 238), margin=40, y=30)
    guilloche(page, rng, color=(238, 220, 226))
    page.text(40, 22, "PERMIS DE CONDUIRE", 28, bold=True)
    page.text(560, 28, "RÉPUBLIQUE FRANÇAISE", 20, bold=True)
    page.paste(photo(230, 300, rng), 40, 110, key="photo")
    rows = [("1.", p.surname.upper()), ("2.", p.given), ("3.", f"{_fr(p.birth_date, '.')} {p.birth_place.upper()}"),
            ("4a.", _fr(issued, ".")), ("4b.", _fr(expiry, ".")), ("4c.", "Préfecture " + rng.choice(
                ["des Bouches-du-Rhône", "des Alpes-Maritimes", "du Var", "de Vaucluse"])), ("5.", number),
            ("9.", "B")]
    y = 105
    for label, value in rows:
        page.text(300, y, label, 22, fill=(80, 60, 70))
        page.text(360, y, value, 24, bold=True, key=label)
        y += 52
    truth = {"document_number": number, "printed_surname": p.surname, "issue_date": issued.isoformat(),
             "expiry_date": expiry.isoformat()}
    return Drawn([_scan([page.image], rng)], "permis_conduire", truth)
