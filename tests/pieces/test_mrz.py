"""MRZ: ICAO 9303 check digits, TD1/TD3/French card parsing, OCR confusions repaired only when safe."""

from __future__ import annotations

from datetime import date

from sudia.pieces import mrz
from sudia.pieces.mrz import check_digit, names_field
from sudia.pieces.mrz_reader import best_reading

TODAY = date(2026, 3, 2)


def td1(number: str = "X4RTBPFW4", birth: str = "900215", expiry: str = "310714", names: str = "") -> str:
    l1 = f"IDFRA{number}{check_digit(number)}" + "<" * 15
    l2 = birth + check_digit(birth) + "F" + expiry + check_digit(expiry) + "FRA" + "<" * 11
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return "\n".join([l1, l2, names or names_field("MARTIN", "ELODIE MARIE", 30)])


def test_check_digits_follow_the_7_3_1_weights() -> None:
    assert check_digit("000000000") == "0"
    assert check_digit("<<<<") == "0"
    assert check_digit("A") == "0" and check_digit("B") == str(11 * 7 % 10)
    assert check_digit("123") == str((1 * 7 + 2 * 3 + 3 * 1) % 10)


def test_td1_card_is_parsed_and_checked() -> None:
    parsed = mrz.parse(td1(), TODAY)
    assert parsed is not None and parsed.format == "TD1"
    assert (parsed.document_number, parsed.surname, parsed.given_names) == ("X4RTBPFW4", "MARTIN", "ELODIE MARIE")
    assert (parsed.birth_date, parsed.expiry_date, parsed.sex) == ("1990-02-15", "2031-07-14", "F")
    assert parsed.all_digits_valid


def test_a_changed_birth_date_breaks_its_check_digit_and_the_composite() -> None:
    lines = td1().splitlines()
    lines[1] = "91" + lines[1][2:]
    parsed = mrz.parse("\n".join(lines), TODAY)
    assert parsed is not None and not parsed.check_digits["naissance"] and not parsed.check_digits["globale"]


def test_td3_passport() -> None:
    number, birth, expiry = "19AB12345", "851103", "300412"
    l1 = "P<FRA" + names_field("LEFEVRE D AUBIGNE", "JEAN PIERRE", 39)
    l2 = number + check_digit(number) + "FRA" + birth + check_digit(birth) + "M" + expiry + check_digit(expiry)
    l2 += "<" * 14 + "<"
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    parsed = mrz.parse(f"{l1}\n{l2}", TODAY)
    assert parsed is not None and parsed.format == "TD3" and parsed.all_digits_valid
    assert parsed.surname == "LEFEVRE D AUBIGNE" and parsed.given_names == "JEAN PIERRE"


def test_old_french_card_and_its_issue_month() -> None:
    l1 = ("IDFRA" + "DUPONT").ljust(30, "<") + "013052"
    number = "1504013" + "12345"
    body = number + check_digit(number) + "CLAIRE<<ANNE<" + "<" + "720304" + check_digit("720304") + "F"
    l2 = body + check_digit(l1 + body)
    parsed = mrz.parse(f"{l1}\n{l2}", TODAY)
    assert parsed is not None and parsed.format == "FR-CNI" and parsed.all_digits_valid
    assert parsed.surname == "DUPONT" and parsed.given_names == "CLAIRE ANNE" and parsed.birth_date == "1972-03-04"
    assert mrz.fr_cni_issue(parsed.document_number) == "2015-04-01"


def test_ocr_confusions_in_numeric_fields_are_read_as_digits() -> None:
    lines = td1(birth="900215").splitlines()
    lines[1] = lines[1].replace("900215", "9OO2I5", 1)
    parsed = mrz.parse("\n".join(lines), TODAY)
    assert parsed is not None and parsed.birth_date == "1990-02-15" and parsed.check_digits["naissance"]


def test_fillers_read_as_letters_are_fillers_again() -> None:
    text = td1().replace("ELODIE<MARIE<<<<", "ELODIE<MARIE<KKK").replace("MARTIN<<", "MARTINK<")
    parsed = best_reading([text], TODAY, page_text="MARTIN Elodie Marie X4RTBPFW4")
    assert parsed is not None and parsed.surname == "MARTIN" and parsed.given_names == "ELODIE MARIE"


def test_an_inserted_character_is_removed_by_the_check_digits() -> None:
    lines = td1().splitlines()
    lines[0] = lines[0][:8] + "S" + lines[0][8:]  # one character too many in the document number
    parsed = best_reading(["\n".join(lines)], TODAY, page_text="X4RTBPFW4")
    assert parsed is not None and parsed.document_number == "X4RTBPFW4" and parsed.all_digits_valid


def test_ordinary_text_is_not_taken_for_an_mrz() -> None:
    assert mrz.parse("Facture d'électricité et de gaz du 03/02/2026, montant total TTC 84,32 €\n" * 3) is None


def test_a_filler_glued_to_an_accented_given_name_is_removed() -> None:
    # the printed zone says « Théo »: without its accent folded, THEO was never found there
    text = td1(names=names_field("ROBIN", "BRUNO KTHEO", 30))
    parsed = best_reading([text], TODAY, page_text="ROBIN\nBruno Théo\nX4RTBPFW4")
    assert parsed is not None and parsed.given_names == "BRUNO THEO"


def test_a_given_name_cut_to_its_first_letter_is_kept() -> None:
    assert mrz.clean_name_field("BRUNO<<LOIC<<K") == "BRUNO<<LOIC<<K"  # Kévin, cut at 14 characters
    assert mrz.clean_name_field("MARTIN<<ELODIE<MARIE<<<<<<<<<K") == "MARTIN<<ELODIE<MARIE" + "<" * 10
    assert mrz.clean_name_field("BRUNO<<LOIC<K<") == "BRUNO<<LOIC<<<"


def test_the_printed_zone_leaves_out_the_mrz_lines() -> None:
    from sudia.pieces.mrz_reader import printed_zone

    zone = printed_zone("N° du document\nKLBH9AOEO\nIDFRAKLBHYADEO2<<<<<<<<<<<<<<<\nAndré")
    assert "KLBHYADEO" not in zone and "KLBH9AOEO" in zone and "ANDRE" in zone


def test_a_number_whose_check_digit_agrees_by_chance_yields_to_the_other_readings() -> None:
    from sudia.pieces.mrz_number import settle_number

    right = td1(number="85SAFHVG5").splitlines()
    # one pass drops the G and reads 5 as S, 8 as B: BSSAFHVST has the same check digit by chance
    wrong = right[:]
    wrong[0] = right[0][:5] + "BSSAFHVST" + right[0][14:]
    assert check_digit("BSSAFHVST") == check_digit("85SAFHVG5")
    first = mrz.parse("\n".join(wrong), TODAY)
    assert first is not None and first.all_digits_valid and first.document_number == "BSSAFHVST"
    others = [["IDFRABSSAFHVGSTI<<<<<<<<<<<<<<<"], ["IDFRA85SAFHVG51<<<<<<<<<<<<<<<<<<"],
              ["1DFRA8SSAFHVGS1<<<<<<<<<<<<<<<"]]
    settled = settle_number(first, others, "N° du document\n85SAFHVGS", TODAY)
    assert settled.document_number == "85SAFHVG5" and settled.all_digits_valid


def test_a_number_stays_when_the_readings_agree_with_it() -> None:
    from sudia.pieces.mrz_number import settle_number

    first = mrz.parse(td1(), TODAY)
    assert first is not None
    assert settle_number(first, [[first.lines[0]], [first.lines[0]]], "X4RTBPFW4", TODAY) is first


def test_a_miscounted_run_of_fillers_is_brought_to_the_line_width() -> None:
    # tesseract read 4 fillers for 16 in the passport's optional data: the composite digit keeps its place
    line = "16PM027740FRA6701181M2809241"
    assert mrz.fit_filler_run(line + "<<<<2", 44) == line + "<" * 15 + "2"
    assert mrz.normalise_line("9909276F2808299FRAK<KK<K<K<K<K<K<6").endswith("<" * 14 + "6")
    assert mrz.normalise_line("DUPONT<<ELLE<<<<<<<<<4") == "DUPONT<<ELLE<<<<<<<<<4"  # a name is not junk


def test_a_passport_whose_filler_runs_were_shortened_is_still_found() -> None:
    number, birth, expiry = "16PM02774", "670118", "280924"
    l1 = "P<FRA" + names_field("LEGRAND", "MOHAMED JEROME MATHEO", 39)
    l2 = number + check_digit(number) + "FRA" + birth + check_digit(birth) + "M" + expiry + check_digit(expiry)
    l2 += "<" * 15
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    short = l1.rstrip("<") + "<<<\n" + l2[:28] + "<<<<" + l2[-1]
    parsed = best_reading([short], TODAY)
    assert parsed is not None and parsed.format == "TD3" and parsed.all_digits_valid
    assert parsed.document_number == number and parsed.expiry_date == "2028-09-24"


def test_a_given_name_missing_a_letter_loses_to_the_reading_that_has_it() -> None:
    full = td1(names=names_field("LEGRAND", "MOHAMED JEROME", 30))
    dropped = full.replace("MOHAMED<JEROME<", "MOHAMED<EROME<<")
    parsed = best_reading([dropped, full], TODAY, page_text="LEGRAND\nMohamed, Jérôme\nX4RTBPFW4")
    assert parsed is not None and parsed.given_names == "MOHAMED JEROME"


def test_the_printed_number_matches_up_to_confusions_of_its_typeface() -> None:
    from sudia.pieces.mrz_number import printed

    assert printed("KLBH9A0E0", "N DU DOCUMENT\nKLBH9AOEO")  # O for 0 in the printed typeface
    assert not printed("855AFHVGS", "N DU DOCUMENT\n85SAFHVGS")  # S for 5: more readings settle it
    assert not printed("KLBHYADEO", "N DU DOCUMENT\nKLBH9AOEO")  # Y for 9 is no typeface confusion


def test_two_passes_of_one_engine_weigh_as_one_reading_of_the_number() -> None:
    from sudia.pieces.mrz_number import settle_number

    assert check_digit("X4RTBPFM4") == check_digit("X4RTBPFW4")  # W and M differ by 10: same check digit
    wrong = mrz.parse(td1(number="X4RTBPFW4").replace("X4RTBPFW4", "X4RTBPFM4"), TODAY)
    assert wrong is not None and wrong.all_digits_valid
    right_line, wrong_line = td1().splitlines()[0], wrong.lines[0]
    readings = [[right_line], [wrong_line], [wrong_line], [right_line]]
    assert settle_number(wrong, readings, "", TODAY).document_number == "X4RTBPFM4"  # a tie: it stays
    engines = ["page", "tesseract-mrz", "tesseract-mrz", "ocr-b"]
    assert settle_number(wrong, readings, "", TODAY, engines).document_number == "X4RTBPFW4"
