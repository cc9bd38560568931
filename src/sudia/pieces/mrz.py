"""Machine-readable zones (ICAO 9303 TD1, TD2, TD3 and the French identity card of 1988-2021):
check digits, parsing, and repair of OCR confusions guided by the check digits.

The ICAO check digit weighs characters 7, 3, 1 (digits as themselves, A-Z as 10-35, `<` as 0).
OCR mistakes are typical (O/0, I/1, B/8, S/5...): a position the format says is numeric is
read as a digit, an alphabetic one as a letter; an alphanumeric document number whose check digit
fails is repaired only when exactly one confusable substitution makes it agree.
"""

from __future__ import annotations

import re
from datetime import date

from sudia.pieces.types import MrzData

FILLER = "<"
_TO_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "T": "1", "J": "1", "Z": "2",
                           "B": "8", "S": "5", "G": "6", "A": "4", "<": "0"})
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "4": "A"})
_CONFUSABLE = {"0": "OD", "O": "0Q", "1": "I", "I": "1L", "8": "B", "B": "8", "5": "S", "S": "5", "2": "Z",
               "Z": "2", "6": "G", "G": "6"}
LENGTHS = {"TD1": (30, 3), "TD2": (36, 2), "TD3": (44, 2), "FR-CNI": (36, 2)}


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    return 0


def check_digit(data: str) -> str:
    weights = (7, 3, 1)
    return str(sum(char_value(c) * weights[i % 3] for i, c in enumerate(data)) % 10)


def normalise_line(raw: str) -> str:
    """Upper case, no spaces, usual OCR renderings of the filler turned back into `<`."""
    # tesseract's French model reads the OCR-B « 4 » as « & » now and then; & never occurs in an MRZ
    line = raw.upper().replace(" ", "").replace("«", "<<").replace("‹", "<").replace("≤", "<").replace("&", "4")
    line = re.sub(r"[^A-Z0-9<]", "<", line)
    # tesseract reads some fillers as K, C, L, E or S: a trailing run mostly made of fillers is fillers
    trailing = re.search(r"<[<KLCESX]*$", line)
    if trailing and trailing.group(0).count("<") >= 0.6 * len(trailing.group(0)):
        line = line[:trailing.start()] + "<" * len(trailing.group(0))
    # the same before a final check digit (TD1 and TD3 second lines end with the composite digit)
    # (itself misread as a letter now and then): fillers alternating with lone K read as K<K<KK<
    before_digit = re.search(r"<[<KLCESX]*(?=[0-9OQDIBSZG]$)", line)
    if before_digit and _filler_junk(before_digit.group(0)):
        line = line[:before_digit.start()] + "<" * len(before_digit.group(0)) + line[-1]
    return re.sub(r"(?<=<<)[KC](?=<<)", "<", line)


def _filler_junk(run: str) -> bool:
    """A run of fillers some of which OCR read as letters: long, at least 40 % fillers, no two
    letters in a row beyond a pair (a name, ELLE or CLES, has longer groups of letters)."""
    return len(run) >= 6 and run.count("<") >= 0.4 * len(run) and not re.search(r"[A-Z]{3}", run)


def fit_filler_run(line: str, width: int) -> str:
    """`line` brought to `width` by lengthening or shortening its longest run of fillers: tesseract
    miscounts long runs of one glyph, and every field after the run (the composite check digit,
    the office code of the old French card) sits at a fixed place from the line's end."""
    runs = list(re.finditer(r"<{2,}", line))
    if not runs or len(line) == width:
        return line
    longest = max(runs, key=lambda m: len(m.group(0)))
    size = len(longest.group(0)) - (len(line) - width)
    if size < 1:
        return line
    return line[:longest.start()] + FILLER * size + line[longest.end():]


def candidate_lines(text: str) -> list[str]:
    """Lines of `text` that look like MRZ lines (long, made of A-Z 0-9 and fillers)."""
    out = []
    for raw in text.splitlines():
        squeezed = raw.strip().replace(" ", "")
        # an MRZ line has fillers and no lower case; ordinary text turned upper case must not pass
        if len(squeezed) < 26 or not re.search(r"[<«‹]", squeezed) or re.search(r"[a-z]", squeezed):
            continue
        if sum(ch.isupper() or ch.isdigit() or ch in "<«‹" for ch in squeezed) < 0.85 * len(squeezed):
            continue
        out.append(normalise_line(squeezed))
    return out


def detect_format(lines: list[str]) -> tuple[str, list[str]] | None:
    """The format and the lines that carry it, from candidate lines in reading order."""
    for fmt, n in (("TD1", 3), ("TD3", 2), ("FR-CNI", 2), ("TD2", 2)):
        width = LENGTHS[fmt][0]
        for i in range(len(lines) - n + 1):
            # a name line may run on with fillers read as letters: its length is that of its core
            group = [x if len(x) <= width + 3 else x[:width] if len(x.rstrip("<KLECSX")) <= width + 3 else x
                     for x in lines[i:i + n]]
            group = [x if abs(len(x) - width) <= 3 else fit_filler_run(x, width) for x in group]
            if all(abs(len(x) - width) <= 3 for x in group):
                if fmt == "FR-CNI" and not (group[0].startswith("ID") and group[0][2:5] in ("FRA", "FR<")
                                            and re.match(r"^\w{4}\d", group[1])):
                    continue
                if fmt == "TD3" and not group[0].startswith("P"):
                    continue
                return fmt, [_fit(x, width) for x in group]
    return None


def _fit(line: str, width: int) -> str:
    if len(line) != width and line[-1:].isdigit() and len(fit_filler_run(line, width)) == width:
        return fit_filler_run(line, width)  # a check digit or code ends the line: it keeps its place
    if len(line) > width:  # extra characters are usually spurious fillers read at the end
        return line[:width] if line[width:].strip("<K") == "" or len(line) - width > 1 else _drop_one(line, width)
    return line.ljust(width, FILLER)


def _drop_one(line: str, width: int) -> str:
    # one character too many: drop a filler from the longest run
    runs = [m for m in re.finditer(r"<{2,}", line)]
    if runs:
        longest = max(runs, key=lambda m: len(m.group(0)))
        return line[:longest.start()] + line[longest.start() + 1:]
    return line[:width]


def _digits(s: str) -> str:
    return s.translate(_TO_DIGIT)


def _letters(s: str) -> str:
    return s.translate(_TO_LETTER)


def _date(yymmdd: str, kind: str, today: date | None = None) -> str:
    if not re.fullmatch(r"\d{6}", yymmdd):
        return ""
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    today = today or date.today()
    if kind == "birth":
        year = 1900 + yy if yy > today.year % 100 else 2000 + yy
    else:
        year = 2000 + yy if yy < 70 else 1900 + yy
    try:
        return date(year, mm, dd).isoformat()
    except ValueError:
        return ""


_VISUAL: dict[str, object] = {"text": "", "tokens": ()}  # the printed zone of the page being parsed


def _junk_free(field: str) -> str:
    """An optional-data field that OCR filled with letters read from fillers goes back to fillers."""
    if field.count(FILLER) >= 0.5 * len(field) and re.fullmatch(r"[<KLEXSC]*", field):
        return FILLER * len(field)
    return field


def _repair(value: str, digit: str) -> str:
    """`value` itself when its check digit agrees, else the confusable substitution (one, then two
    characters) that makes it agree: the only one, or the one printed in the visual zone."""
    if check_digit(value) == digit:
        return value
    visual = _VISUAL["text"]
    singles = [value[:i] + alt + value[i + 1:] for i, ch in enumerate(value) for alt in _CONFUSABLE.get(ch, "")]
    for pool in (singles, [v[:j] + alt + v[j + 1:] for v in singles for j, ch in enumerate(v)
                           for alt in _CONFUSABLE.get(ch, "")]):
        fixes = list(dict.fromkeys(v for v in pool if v != value and check_digit(v) == digit))
        seen = [v for v in fixes if v.strip(FILLER) and v.strip(FILLER) in visual]
        if len(seen) == 1:
            return seen[0]
        if len(fixes) == 1:
            return fixes[0]
    # the number printed on the document, when it is the read one with one or two characters misread
    for token in _VISUAL["tokens"]:  # type: ignore[attr-defined]
        if len(token) == len(value.rstrip(FILLER)) and check_digit(token.ljust(len(value), FILLER)) == digit \
                and sum(a != b for a, b in zip(token, value)) <= 2:
            return token.ljust(len(value), FILLER)
    return value


def clean_name_field(field: str) -> str:
    """Fillers that OCR read as letters: lone K, L or E between fillers, and runs of K L E C S
    four or more long (no name is KKLE), become fillers again. A lone letter that ends the field one
    or two fillers after a name is the first letter of a name cut at the field's width
    (BRUNO<<LOIC<<K for Kévin): it stays."""
    tokens = field.split(FILLER)
    kept = []
    for i, t in enumerate(tokens):
        after_fillers = i >= 3 and not any(x.strip(FILLER) for x in kept[i - 3:i])  # three fillers or more before
        cut_name = len(t) == 1 and i == len(tokens) - 1 and (
            (i >= 1 and kept[i - 1] != "") or (i >= 2 and kept[i - 1] == "" and kept[i - 2] != ""))
        junk = (re.fullmatch(r"[KLE]", t) and not cut_name) or re.fullmatch(r"[KLECS]{4,}", t) or (
            after_fillers and re.fullmatch(r"[KLECSX]+", t))
        kept.append(FILLER * len(t) if junk else t)
    return FILLER.join(kept)


def _national(code: str, issuer: str, nationality: str) -> str:
    """France issues identity cards and passports to its nationals only: FRO or FRK read on a French
    card or passport is FRA misread."""
    if issuer == "FRA" and code[:1] in ("I", "P") and code != "IR" and sum(a != b for a, b in zip(nationality, "FRA")) <= 1:
        return "FRA"
    return nationality


def _names(field: str) -> tuple[str, str]:
    field = clean_name_field(field)
    surname, _, given = field.strip(FILLER).partition("<<")
    clean = lambda s: re.sub(r"<+", " ", _letters(s)).strip()  # noqa: E731
    return clean(surname), clean(given)


def parse(text: str, today: date | None = None, visual: str = "") -> MrzData | None:
    """The MRZ found in OCR text, parsed and checked; None when there is none. `visual`: the page's
    printed text, which settles a document number that OCR confusions leave ambiguous."""
    found = detect_format(candidate_lines(text))
    if found is None:
        return None
    fmt, lines = found
    _VISUAL["text"] = re.sub(r"[^A-Z0-9]", "", visual.upper())
    _VISUAL["tokens"] = tuple(dict.fromkeys(t for t in re.findall(r"[A-Z0-9]{6,}", visual.upper())
                                            if re.search(r"\d", t)))
    try:
        return {"TD1": _td1, "TD2": _td2, "TD3": _td3, "FR-CNI": _fr_cni}[fmt](lines, today)
    finally:
        _VISUAL["text"], _VISUAL["tokens"] = "", ()


def _td3(lines: list[str], today: date | None) -> MrzData:
    l1, l2 = lines
    l2 = l2[:28] + _junk_free(l2[28:43]) + l2[43:]
    number, n_cd = _repair(l2[0:9], _digits(l2[9])), _digits(l2[9])
    birth, b_cd = _digits(l2[13:19]), _digits(l2[19])
    expiry, e_cd = _digits(l2[21:27]), _digits(l2[27])
    optional, o_cd = l2[28:42], _digits(l2[42])
    composite = number + n_cd + birth + b_cd + expiry + e_cd + optional + o_cd
    surname, given = _names(l1[5:44])
    checks = {"numéro": check_digit(number) == n_cd, "naissance": check_digit(birth) == b_cd,
              "expiration": check_digit(expiry) == e_cd, "globale": check_digit(composite) == _digits(l2[43])}
    if optional.strip(FILLER):
        checks["complémentaire"] = check_digit(optional) == o_cd
    fixed2 = number + n_cd + _letters(l2[10:13]) + birth + b_cd + _letters(l2[20]) + expiry + e_cd + l2[28:]
    code, issuer = _letters(l1[0:2]).rstrip(FILLER), _letters(l1[2:5])
    return MrzData("TD3", (l1, fixed2), code, issuer, number.rstrip(FILLER),
                   surname, given, _national(code, issuer, _letters(l2[10:13])), _date(birth, "birth", today), _letters(l2[20]),
                   _date(expiry, "expiry", today), checks)


def _td1(lines: list[str], today: date | None) -> MrzData:
    l1, l2, l3 = lines
    l1 = l1[:15] + _junk_free(l1[15:30])
    l2 = l2[:18] + _junk_free(l2[18:29]) + l2[29:]
    number, n_cd = _repair(l1[5:14], _digits(l1[14])), _digits(l1[14])
    birth, b_cd = _digits(l2[0:6]), _digits(l2[6])
    expiry, e_cd = _digits(l2[8:14]), _digits(l2[14])
    fixed1 = l1[0:5] + number + n_cd + l1[15:30]
    composite = fixed1[5:30] + birth + b_cd + expiry + e_cd + l2[18:29]
    surname, given = _names(l3)
    checks = {"numéro": check_digit(number) == n_cd, "naissance": check_digit(birth) == b_cd,
              "expiration": check_digit(expiry) == e_cd, "globale": check_digit(composite) == _digits(l2[29])}
    fixed2 = birth + b_cd + _letters(l2[7]) + expiry + e_cd + l2[15:]
    code, issuer = _letters(l1[0:2]).rstrip(FILLER), _letters(l1[2:5])
    return MrzData("TD1", (fixed1, fixed2, l3), code, issuer,
                   number.rstrip(FILLER), surname, given, _national(code, issuer, _letters(l2[15:18])), _date(birth, "birth", today),
                   _letters(l2[7]), _date(expiry, "expiry", today), checks)


def _td2(lines: list[str], today: date | None) -> MrzData:
    l1, l2 = lines
    number, n_cd = _repair(l2[0:9], _digits(l2[9])), _digits(l2[9])
    birth, b_cd = _digits(l2[13:19]), _digits(l2[19])
    expiry, e_cd = _digits(l2[21:27]), _digits(l2[27])
    composite = number + n_cd + birth + b_cd + expiry + e_cd + l2[28:35]
    surname, given = _names(l1[5:36])
    checks = {"numéro": check_digit(number) == n_cd, "naissance": check_digit(birth) == b_cd,
              "expiration": check_digit(expiry) == e_cd, "globale": check_digit(composite) == _digits(l2[35])}
    return MrzData("TD2", (l1, l2), _letters(l1[0:2]).rstrip(FILLER), _letters(l1[2:5]), number.rstrip(FILLER),
                   surname, given, _letters(l2[10:13]), _date(birth, "birth", today), _letters(l2[20]),
                   _date(expiry, "expiry", today), checks)


def _fr_cni(lines: list[str], today: date | None) -> MrzData:
    """French card of 1988-2021: no expiry in the zone; number = issue year, month, office, sequence."""
    l1, l2 = lines
    number, n_cd = _repair(_digits(l2[0:4]) + l2[4:12], _digits(l2[12])), _digits(l2[12])
    given = re.sub(r"<+", " ", _letters(clean_name_field(l2[13:27])).replace("<<", ", ")).strip(" ,")
    birth, b_cd = _digits(l2[27:33]), _digits(l2[33])
    sex = _letters(l2[34])
    fixed2 = number + n_cd + l2[13:27] + birth + b_cd + sex + _digits(l2[35])
    surname = re.sub(r"<+", " ", _letters(clean_name_field(l1[5:30]))).strip()
    checks = {"numéro": check_digit(number) == n_cd, "naissance": check_digit(birth) == b_cd,
              "globale": check_digit(l1 + fixed2[:35]) == _digits(l2[35])}
    return MrzData("FR-CNI", (l1, fixed2), "ID", "FRA", number, surname, given.replace(",", ""), "FRA",
                   _date(birth, "birth", today), sex, "", checks)


def fr_cni_issue(number: str) -> str:
    """Issue month (ISO, first day) of an old French card, from the first four digits of its number."""
    if not re.fullmatch(r"\d{4}.*", number):
        return ""
    yy, mm = int(number[:2]), int(number[2:4])
    if not 1 <= mm <= 12:
        return ""
    return date(1900 + yy if yy > 70 else 2000 + yy, mm, 1).isoformat()


# -- writing (used by the generator of test pieces) ------------------------------------------------------
def names_field(surname: str, given_names: str, width: int) -> str:
    s = re.sub(r"[^A-Z]+", "<", surname.upper()).strip("<")
    g = re.sub(r"[^A-Z]+", "<", given_names.upper()).strip("<")
    return (s + "<<" + g)[:width].ljust(width, FILLER)
