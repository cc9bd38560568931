"""Random identities, addresses and companies (invented; names are common French ones)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sudia.pieces.identifiers import luhn_complete

GIVEN_F = ["Élodie", "Léa", "Chloé", "Manon", "Camille", "Inès", "Jade", "Louise", "Zoé", "Noémie", "Hélène",
           "Françoise", "Agnès", "Maëlle", "Anaïs", "Céline", "Yasmine", "Nadia", "Fatima", "Marie-Claire",
           "Anne-Sophie", "Sarah", "Laura", "Emma", "Alice", "Rose", "Béatrice", "Josiane", "Océane", "Lina"]
GIVEN_M = ["Sébastien", "Jérôme", "François", "Loïc", "Gaël", "Hugo", "Lucas", "Théo", "Mathéo", "Raphaël",
           "Noé", "Enzo", "Mohamed", "Karim", "Jean-Pierre", "Pierre", "Paul", "Jacques", "Antoine", "Julien",
           "Nicolas", "Thomas", "Kévin", "Yanis", "Mehdi", "Bruno", "Gérard", "Cédric", "Anthony", "Rémi"]
SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
            "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
            "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "Martinez",
            "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin",
            "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
            "Nguyen", "Benali", "Haddad", "Ould-Brahim", "Le Gall", "D'Angelo", "Santoni", "Pellegrino",
            "Giraud-Castellane", "Ferrandi", "Orsini", "Bouchard", "Roy", "Rey", "Gay", "Aubert", "Maréchal",
            "Barthélémy", "Castellano", "Py", "Bourdon-Ségur", "Leclercq"]
PLACES = [("13001", "Marseille"), ("13100", "Aix-en-Provence"), ("06000", "Nice"), ("83000", "Toulon"),
          ("84000", "Avignon"), ("04000", "Digne-les-Bains"), ("05000", "Gap"), ("13200", "Arles"),
          ("06400", "Cannes"), ("83300", "Draguignan"), ("13500", "Martigues"), ("84300", "Cavaillon"),
          ("06600", "Antibes"), ("13400", "Aubagne"), ("83700", "Saint-Raphaël"), ("13300", "Salon-de-Provence"),
          ("84100", "Orange"), ("05100", "Briançon"), ("04100", "Manosque"), ("06500", "Menton")]
STREETS = ["rue de la République", "avenue du Prado", "boulevard Longchamp", "chemin des Oliviers",
           "place des Lices", "allée des Pins", "impasse des Cigales", "route de Sisteron", "traverse des Lauriers",
           "cours Mirabeau", "rue Paradis", "avenue Jean Jaurès", "boulevard de la Libération", "rue du Moulin",
           "chemin de la Colline", "avenue des Mimosas", "rue Saint-Ferréol", "montée des Accoules",
           "rue des Lavandes", "avenue de la Gare"]
COMPANIES = ["Boulangerie du Vieux-Port", "Atelier Numérique Azur", "Transports Durance", "Menuiserie Alpilles",
             "Solaire Luberon", "Conseil Calanques", "Garage de l'Estérel", "Fromagerie des Baronnies",
             "Ingénierie Méditerranée", "Paysages du Var"]
FORMS = ["SARL", "SAS", "SASU", "EURL"]


@dataclass(frozen=True)
class Person:
    surname: str
    given_names: tuple[str, ...]
    sex: str
    birth_date: date
    birth_place: str
    street: str
    postcode: str
    city: str
    birth_name: str = ""  # maiden name when the usage name differs

    @property
    def given(self) -> str:
        return " ".join(self.given_names)

    @property
    def first(self) -> str:
        return self.given_names[0]


@dataclass(frozen=True)
class Company:
    name: str
    form: str
    siren: str
    street: str
    postcode: str
    city: str

    @property
    def siret(self) -> str:
        return luhn_complete(self.siren + "0001")


def person(rng: random.Random, today: date) -> Person:
    sex = rng.choice("FM")
    pool = GIVEN_F if sex == "F" else GIVEN_M
    count = rng.choice((1, 2, 2, 3))
    given = tuple(rng.sample(pool, count))
    birth = today - timedelta(days=rng.randint(18 * 365, 75 * 365))
    postcode, city = rng.choice(PLACES)
    street = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
    surname = rng.choice(SURNAMES)
    birth_name = ""
    if sex == "F" and rng.random() < 0.15:
        birth_name, surname = surname, rng.choice(SURNAMES)
    return Person(surname, given, sex, birth, rng.choice(PLACES)[1], street, postcode, city, birth_name)


def other_person(rng: random.Random, today: date, than: Person) -> Person:
    while True:
        p = person(rng, today)
        if p.surname != than.surname:
            return p


def company(rng: random.Random) -> Company:
    siren = luhn_complete(f"{rng.randint(30000000, 99999999):08d}")
    postcode, city = rng.choice(PLACES)
    return Company(rng.choice(COMPANIES), rng.choice(FORMS), siren, f"{rng.randint(1, 90)} {rng.choice(STREETS)}",
                   postcode, city)


def declared(p: Person, rng: random.Random, variation: bool = True) -> dict[str, str]:
    """What the applicant typed in the form: the same person, written as people write (accents
    dropped, given names reordered or only the first, case), never another person."""
    surname, given = p.surname, p.given
    if variation:
        roll = rng.random()
        if roll < 0.2:
            surname = surname.upper()
        elif roll < 0.35:
            from sudia.pieces.names import fold
            surname, given = fold(surname).title(), fold(given).title()
        roll = rng.random()
        if roll < 0.3:
            given = p.first
        elif roll < 0.4 and len(p.given_names) > 1:
            given = " ".join(reversed(p.given_names))
    return {"surname": surname, "given_names": given, "birth_date": p.birth_date.isoformat(),
            "birth_name": p.birth_name, "address": p.street, "postcode": p.postcode, "city": p.city}
