"""Issue 14: the pure rules by which names resemble each other, register
numbers are read, a pasted list is told from a name, and lists are read
from pasted lines, CSV (any delimiter, UTF-8 or Windows-1252) and XLSX."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from drafting.associations.lists import (
    MAX_ROWS,
    Entry,
    ListRefused,
    Verdict,
    assess,
    rows_from_file,
    rows_from_text,
)
from drafting.associations.names import (
    RegisterNumberError,
    looks_like_a_list,
    name_key,
    normalise_register_number,
    resemblance_keys,
)


def resemble(a: str, b: str) -> bool:
    return bool(set(resemblance_keys(a)) & set(resemblance_keys(b)))


@pytest.mark.parametrize("a, b", [
    ("Kylätoimikunta Mäkelä", "Mäkelän kylätoimikunta"),
    ("Mäkelän Kylätoimikunta ry.", "KYLÄTOIMIKUNTA MÄKELÄ"),
    ("Kyläyhdistys Ahola r.y.", "Ahola kyläyhdistys"),
    ("Kylän Nuoret ry.", "kylän nuoret"),
    ("Kylän Nuoret r. y.", "Kylän  Nuoret"),
    ("Pohjois-Karjalan Martat", "Pohjois Karjalan Martat ry"),
    ("Pohjois-Karjalan Martat", "Pohjoiskarjalan Martat"),
    ("Byaföreningen i Mäkelä", "Mäkelä byaförening rf"),
    ("Exempelkommuns Hembygdsförening r.f.", "exempelkommuns hembygdsförening."),
    ("Urheiluseura Kiri", "Kirin urheiluseura"),
])
def test_issue_14_names_of_one_association_resemble_each_other(a, b):
    assert resemble(a, b)


@pytest.mark.parametrize("a, b", [
    ("Kylätoimikunta Mäkelä", "Mäkitalon kylätoimikunta"),
    ("Eläkeläiset ry", "Eläkkeensaajat ry"),
    ("Kylän Nuoret", "Kylän Vanhat"),
    ("Martat", "Marttaliitto"),
])
def test_issue_14_different_associations_do_not_resemble_each_other(a, b):
    assert not resemble(a, b)


def test_issue_14_the_same_name_key_ignores_only_case_space_and_the_legal_form():
    assert name_key("  Kylän   Nuoret  RY ") == name_key("kylän nuoret")
    assert name_key("Kylän Nuoret ry.") != name_key("Kylän Nuoret")


@pytest.mark.parametrize("written, kept", [
    ("123.456", "123.456"), (" 123 456 ", "123.456"), ("123456", "123.456"), ("1.234", "1.234"),
    ("987", "987"), ("rek.nro 201.234", "201.234"), ("", None), (None, None),
])
def test_issue_14_register_numbers_are_written_as_the_register_writes_them(written, kept):
    assert normalise_register_number(written) == kept


@pytest.mark.parametrize("written", ["12.34", "1234.567", "abc", "123.456.789", "12-345"])
def test_issue_14_malformed_register_numbers_are_refused(written):
    with pytest.raises(RegisterNumberError) as refused:
        normalise_register_number(written)
    assert not refused.value.business_id


def test_issue_14_a_business_id_is_told_apart_from_a_register_number():
    with pytest.raises(RegisterNumberError) as refused:
        normalise_register_number("1234567-8")
    assert refused.value.business_id


@pytest.mark.parametrize("text, is_list", [
    ("Kylän Nuoret ry", False),
    ("Suomen Punainen Risti, Kontiolahden osasto", False),
    ("Ryhmä Ryy ry", False),
    ("Kylän Nuoret ry\nMartat ry", True),
    ("Kylän Nuoret ry; Martat ry", True),
    ("Kylän Nuoret, Martat, Eläkeläiset", True),
    ("Kylän Nuoret ry Martat ry Eläkeläiset ry", True),
    ("Kylän Nuoret ry\tMartat", True),
])
def test_issue_14_a_pasted_list_is_told_from_a_name(text, is_list):
    assert looks_like_a_list(text) is is_list


def test_issue_14_pasted_lines_with_details_after_a_semicolon_or_a_tab():
    rows = rows_from_text("Kylän Nuoret ry; nuoret@example.fi; 123.456; Liisa Laine\n\n"
                          "Martat, Kylä ry;;;\nEläkeläiset ry\t\t987")
    assert [(r.number, r.name, r.email, r.register_number, r.contact_person) for r in rows] == [
        (1, "Kylän Nuoret ry", "nuoret@example.fi", "123.456", "Liisa Laine"),
        (3, "Martat, Kylä ry", None, None, None),
        (4, "Eläkeläiset ry", None, "987", None),
    ]


def test_issue_14_pasted_lines_without_delimiters_are_one_name_each():
    rows = rows_from_text("Martat, Kylä ry\nKylän Nuoret ry\n")
    assert [row.name for row in rows] == ["Martat, Kylä ry", "Kylän Nuoret ry"]


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_issue_14_csv_in_any_delimiter_and_encoding_finnish_excel_saves(encoding, bom, delimiter):
    lines = [["Nimi", "Sähköposti", "Rekisterinumero", "Yhteyshenkilö"],
             ["Mäkelän kylätoimikunta", "makela@example.fi", "201.234", "Åke Öhman"],
             ["Eläkeläiset ry", "", "", ""]]
    data = bom + "\r\n".join(delimiter.join(cells) for cells in lines).encode(encoding)
    rows = rows_from_file("lista.csv", data)
    assert [(r.name, r.email, r.register_number, r.contact_person) for r in rows] == [
        ("Mäkelän kylätoimikunta", "makela@example.fi", "201.234", "Åke Öhman"),
        ("Eläkeläiset ry", None, None, None),
    ]
    assert [row.number for row in rows] == [2, 3]


@pytest.mark.parametrize("header", [["Namn", "E-post", "Registernummer", "Kontaktperson"],
                                    ["Name", "Email", "Register number", "Contact person"],
                                    ["Yhteyshenkilö", "Nimi", "Sähköposti", "Rekisterinumero"]])
def test_issue_14_header_rows_in_finnish_swedish_and_english(header):
    values = {"nimi": "Byalaget i Mäkelä", "namn": "Byalaget i Mäkelä", "name": "Byalaget i Mäkelä",
              "e-post": "by@example.fi", "email": "by@example.fi", "sähköposti": "by@example.fi",
              "registernummer": "12.345", "register number": "12.345", "rekisterinumero": "12.345",
              "kontaktperson": "Anna", "contact person": "Anna", "yhteyshenkilö": "Anna"}
    data = ("\n".join([";".join(header), ";".join(values[h.casefold()] for h in header)])).encode()
    (row,) = rows_from_file("lista.csv", data)
    assert (row.name, row.email, row.register_number, row.contact_person) == (
        "Byalaget i Mäkelä", "by@example.fi", "12.345", "Anna")


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_issue_14_xlsx_keeps_a_register_number_excel_made_a_number():
    data = xlsx([["Nimi", "Rekisterinumero", "Sähköposti"], ["Kylän Nuoret", 123.45, "n@example.fi"],
                 ["Martat", 987, None], [None, None, None], ["Eläkeläiset", "201.234", None]])
    rows = rows_from_file("lista.xlsx", data)
    assert [(r.number, r.name, r.register_number) for r in rows] == [
        (2, "Kylän Nuoret", "123.450"), (3, "Martat", "987"), (5, "Eläkeläiset", "201.234")]


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.4 binary", "not_a_list"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "old_excel"),
    (b"PK\x03\x04 not really a workbook", "not_a_list"),
    (b"   \n  ", "empty"),
    (b"\x00\x01\x02 binary", "not_a_list"),
])
def test_issue_14_files_that_are_not_lists_are_refused(data, reason):
    with pytest.raises(ListRefused) as refused:
        rows_from_file("lista.csv", data)
    assert refused.value.reason == reason


def test_issue_14_a_list_of_more_than_the_limit_is_refused():
    assert MAX_ROWS >= 5000
    rows_from_text("\n".join(f"Yhdistys {n}" for n in range(MAX_ROWS)))
    with pytest.raises(ListRefused) as refused:
        rows_from_text("\n".join(f"Yhdistys {n}" for n in range(MAX_ROWS + 1)))
    assert (refused.value.reason, refused.value.limit) == ("too_many_rows", MAX_ROWS)
    with pytest.raises(ListRefused):
        rows_from_file("lista.xlsx", xlsx([[f"Yhdistys {n}"] for n in range(MAX_ROWS + 2)]))


def test_issue_14_bad_rows_name_what_is_wrong():
    rows = rows_from_text("; a@example.fi\n" + "x" * 201 + "\nSeura; ei-osoite\nSeura 2; ; 1234567-8\n"
                          "Seura 3; ; 12.34\nSeura 4; ; ; " + "y" * 201)
    assert [row.problems for row in rows] == [("empty_name",), ("name_too_long",), ("bad_email",),
                                              ("business_id",), ("bad_register_number",),
                                              ("contact_too_long",)]


def test_issue_14_each_row_gets_its_verdict_against_the_register_and_the_rows_before_it():
    entries = [Entry(1, "Mäkelän kylätoimikunta", email=None), Entry(2, "Kylän Nuoret ry", email="n@example.fi"),
               Entry(3, "Urheiluseura Kiri", register_number="201.234")]
    rows = rows_from_text("\n".join([
        "Kylätoimikunta Mäkelä; makela@example.fi",   # 1 near entry 1, adds e-mail
        "KYLÄN NUORET",                                # 2 duplicate of entry 2, adds nothing
        "Kiri-seura; ; 201.234",                       # 3 same register number as entry 3
        "Uusi Seura ry",                               # 4 new
        "uusi seura",                                  # 5 duplicate of row 4
        "Uusi Seura ry.",                              # 6 near row 4
        "; x@example.fi",                              # 7 bad
    ]))
    verdicts = assess(rows, entries)
    assert [(a.verdict, a.entry.id if a.entry else None, a.earlier) for a in verdicts] == [
        (Verdict.NEAR_DUPLICATE, 1, None), (Verdict.DUPLICATE, 2, None), (Verdict.NEAR_DUPLICATE, 3, None),
        (Verdict.NEW, None, None), (Verdict.DUPLICATE, None, 4), (Verdict.NEAR_DUPLICATE, None, 4),
        (Verdict.BAD, None, None)]
    assert verdicts[0].additions == {"email": "makela@example.fi"}
    assert verdicts[2].by_register_number
    assert [a.default.value if a.default else None for a in verdicts] == [
        "add_details", "skip", "skip", "import", "skip", "skip", None]
