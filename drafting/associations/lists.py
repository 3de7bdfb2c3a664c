"""Lists of associations read from pasted lines, CSV and XLSX files, and
what each row of a list would be in a register: new, a duplicate, a
near-duplicate or a bad row.

Everything here is pure: text and bytes in, rows and verdicts out; the
register's entries are given as plain `Entry` values."""
from __future__ import annotations

import csv
import enum
import io
from dataclasses import dataclass, field

from .names import RegisterNumberError, is_email, name_key, normalise_register_number, resemblance_keys, tidy_name

MAX_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
NAME_LENGTH, EMAIL_LENGTH, CONTACT_LENGTH = 200, 254, 200
COLUMNS = ("name", "email", "register_number", "contact_person")


def _header_word(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# The words of a header row in Finnish, Swedish and English.
HEADERS = {
    "name": {"nimi", "yhdistys", "yhdistyksennimi", "järjestö", "järjestönnimi", "namn", "förening",
             "föreningensnamn", "organisation", "name", "association", "associationname"},
    "email": {"sähköposti", "sähköpostiosoite", "sposti", "email", "emailaddress", "epost", "epostadress",
              "mail"},
    "register_number": {"rekisterinumero", "yhdistysrekisterinumero", "reknro", "rekisterinro", "rekno",
                        "registernummer", "föreningsregisternummer", "regnr", "registernumber",
                        "registrationnumber", "registerno"},
    "contact_person": {"yhteyshenkilö", "yhteyshenkilön nimi", "yhteyshenkilönnimi", "kontaktperson",
                       "kontakt", "contact", "contactperson", "contactname"},
}
_HEADER_OF = {word: column for column, words in HEADERS.items() for word in words}


class ListRefused(ValueError):
    """A list that cannot be read at all: `reason` is one of the keys of
    `REFUSALS` and `limit` the figure it names."""

    def __init__(self, reason: str, limit: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.limit = limit


@dataclass(slots=True)
class ListRow:
    """One row of a list as read: `number` is the line or the spreadsheet
    row the coordinator sees, `problems` the keys of what is wrong with it."""

    number: int
    name: str
    email: str | None = None
    register_number: str | None = None
    contact_person: str | None = None
    problems: tuple[str, ...] = ()
    key: str = ""
    keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.key and self.name:
            self.key = name_key(self.name)
            self.keys = resemblance_keys(self.name)

    def as_dict(self) -> dict:
        """The row as kept with its list, with the keys of its name worked out once."""
        return {"number": self.number, "name": self.name, "email": self.email,
                "register_number": self.register_number, "contact_person": self.contact_person,
                "problems": list(self.problems), "key": self.key, "keys": list(self.keys)}

    @classmethod
    def from_dict(cls, data: dict) -> ListRow:
        problems = data.get("problems")
        return cls(int(data["number"]), str(data["name"]), data.get("email"), data.get("register_number"),
                   data.get("contact_person"), tuple(problems) if problems else (),
                   data.get("key") or "", tuple(data.get("keys") or ()))


def _cell_text(value) -> str:
    """A spreadsheet cell as text: a register number typed as a number
    (123.450 shown by Excel as 123.45) keeps its three decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.3f}"
    return str(value)


def _clean(text: str) -> str:
    return tidy_name("".join(ch for ch in text if ch.isprintable() or ch == " "))


def make_row(number: int, cells: dict[str, str]) -> ListRow:
    """A row from its cells by column, each checked."""
    problems = []
    name = _clean(cells.get("name", ""))
    if not name:
        problems.append("empty_name")
    elif len(name) > NAME_LENGTH:
        problems.append("name_too_long")
    email = _clean(cells.get("email", "")) or None
    if email is not None and (len(email) > EMAIL_LENGTH or not is_email(email)):
        problems.append("bad_email")
    raw_number = _clean(cells.get("register_number", "")) or None
    try:
        register_number = normalise_register_number(raw_number)
    except RegisterNumberError as error:
        register_number = raw_number
        problems.append("business_id" if error.business_id else "bad_register_number")
    contact = _clean(cells.get("contact_person", "")) or None
    if contact is not None and len(contact) > CONTACT_LENGTH:
        problems.append("contact_too_long")
    return ListRow(number, name, email, register_number, contact, tuple(problems))


def _column_of_header(cell: str) -> str | None:
    return _HEADER_OF.get(_header_word(cell))


def _guessed_column(index: int, cell: str) -> str | None:
    """The column of a cell of a list without a header: the name first,
    then e-mail address, register number and contact person in this order,
    except that a cell with "@" is an address and one of digits (with dots
    or a dash) a register number wherever they stand."""
    if "@" in cell:
        return "email"
    if all(ch.isdigit() or ch in ".- " for ch in cell):
        return "register_number"
    return COLUMNS[index] if index < len(COLUMNS) else None


def rows_from_table(table: list[tuple[int, list[str]]]) -> list[ListRow]:
    """Rows from the cells of a table (each with its line number): a first
    row whose cells are header words names the columns; without one, the
    first cell is the name and the others are told apart by their content.
    Blank rows are left out."""
    table = [(number, [cell.strip() for cell in cells]) for number, cells in table]
    table = [(number, cells) for number, cells in table if any(cells)]
    if not table:
        return []
    first = table[0][1]
    header: list[str | None] | None = [_column_of_header(cell) for cell in first]
    if header is not None and "name" in header:
        body = table[1:]
    else:
        header = None
        body = table
    if len(body) > MAX_ROWS:
        raise ListRefused("too_many_rows", MAX_ROWS)
    rows = []
    for number, cells in body:
        by_column: dict[str, str] = {}
        if header is not None:
            for column, cell in zip(header, cells):
                if column is not None and cell and column not in by_column:
                    by_column[column] = cell
        else:
            by_column["name"] = cells[0]
            for index, cell in enumerate(cells[1:], start=1):
                column = _guessed_column(index, cell) if cell else None
                if column is not None:
                    by_column.setdefault(column, cell)
        rows.append(make_row(number, by_column))
    return rows


def _split_lines(text: str, delimiter: str | None) -> list[tuple[int, list[str]]]:
    lines = text.splitlines()
    if delimiter is None:
        return [(number, [line]) for number, line in enumerate(lines, start=1)]
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    return [(reader.line_num, cells) for cells in reader]


def _sniff_delimiter(text: str) -> str | None:
    """The delimiter of a CSV file: a tab or a semicolon wherever one
    appears, else a comma when lines have them."""
    sample = text.splitlines()[:50]
    if any("\t" in line for line in sample):
        return "\t"
    if any(";" in line for line in sample):
        return ";"
    if any("," in line for line in sample):
        return ","
    return None


def rows_from_text(text: str) -> list[ListRow]:
    """Rows from pasted lines: one association a line, its details after a
    tab or a semicolon (each line read by its own). A comma is part of a
    name ("Martat, Kylä ry")."""
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 1:
        raise ListRefused("too_many_rows", MAX_ROWS)
    table = []
    for number, line in enumerate(lines, start=1):
        delimiter = "\t" if "\t" in line else ";" if ";" in line else None
        cells = next(csv.reader([line], delimiter=delimiter)) if delimiter else [line]
        table.append((number, cells))
    return rows_from_table(table)


def decode_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 with or without a byte order mark, or
    Windows-1252 (Latin-1) as Finnish Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def rows_from_csv(data: bytes) -> list[ListRow]:
    if b"\x00" in data[:4096]:
        raise ListRefused("not_a_list")
    text = decode_text(data)
    return rows_from_table(_split_lines(text, _sniff_delimiter(text)))


def rows_from_xlsx(data: bytes) -> list[ListRow]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a ZIP that is no workbook (a DOCX, a broken file) fails in many ways
        raise ListRefused("not_a_list") from None
    try:
        sheet = workbook.worksheets[0]
        table = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1 and any(value not in (None, "") for value in values):
                raise ListRefused("too_many_rows", MAX_ROWS)
            table.append((number, [_cell_text(value) for value in values]))
    finally:
        workbook.close()
    return rows_from_table(table)


def rows_from_file(filename: str, data: bytes) -> list[ListRow]:
    """Rows from an uploaded file, CSV or XLSX told by its content."""
    if len(data) > MAX_FILE_BYTES:
        raise ListRefused("too_large", MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise ListRefused("empty")
    if data.startswith(b"PK\x03\x04"):
        return rows_from_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ListRefused("old_excel")
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8")):
        raise ListRefused("not_a_list")
    return rows_from_csv(data)


class Verdict(str, enum.Enum):
    NEW = "new"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near_duplicate"
    BAD = "bad"


class Decision(str, enum.Enum):
    IMPORT = "import"
    SKIP = "skip"
    ADD_DETAILS = "add_details"


@dataclass(frozen=True)
class Entry:
    """An association in the register, as far as a list is compared with it."""

    id: int
    name: str
    email: str | None = None
    register_number: str | None = None
    contact_person: str | None = None


DETAILS = ("email", "register_number", "contact_person")


@dataclass(slots=True)
class Assessment:
    """What a row would be: its verdict, the entry or the earlier row it
    matches, and what it may become."""

    row: ListRow
    verdict: Verdict
    entry: Entry | None = None
    earlier: int | None = None
    by_register_number: bool = False
    additions: dict[str, str] = field(default_factory=dict)

    @property
    def choices(self) -> list[Decision]:
        if self.verdict == Verdict.BAD or (self.verdict == Verdict.DUPLICATE and self.entry is None):
            return [Decision.SKIP]
        if self.verdict == Verdict.NEW:
            return [Decision.IMPORT, Decision.SKIP]
        choices = [Decision.SKIP]
        if self.entry is not None and self.additions:
            choices.insert(0, Decision.ADD_DETAILS)
        if self.verdict == Verdict.NEAR_DUPLICATE:
            choices.append(Decision.IMPORT)
        return choices

    @property
    def default(self) -> Decision | None:
        """The choice made unless the coordinator makes another; a bad row
        has none, so that it is skipped knowingly or fixed."""
        if self.verdict == Verdict.BAD:
            return None
        if self.verdict == Verdict.NEW:
            return Decision.IMPORT
        if self.entry is not None and self.additions:
            return Decision.ADD_DETAILS
        return Decision.SKIP


def _additions(row: ListRow, entry: Entry) -> dict[str, str]:
    return {name: getattr(row, name) for name in DETAILS
            if getattr(row, name) and not getattr(entry, name)}


def assess(rows: list[ListRow], entries: list[Entry]) -> list[Assessment]:
    """Each row's verdict against the register's entries and the rows
    before it, found through dictionaries of keys (no pair of names is
    compared one by one)."""
    by_key = {name_key(entry.name): entry for entry in entries}
    resembling: dict[str, Entry] = {}
    by_number: dict[str, Entry] = {}
    for entry in entries:
        for key in resemblance_keys(entry.name):
            resembling.setdefault(key, entry)
        if entry.register_number:
            by_number.setdefault(entry.register_number, entry)
    new, duplicate, near, bad = Verdict.NEW, Verdict.DUPLICATE, Verdict.NEAR_DUPLICATE, Verdict.BAD
    earlier_key: dict[str, int] = {}
    earlier_resembling: dict[str, int] = {}
    earlier_number: dict[str, int] = {}
    assessments = []
    for row in rows:
        if row.problems:
            assessments.append(Assessment(row, bad))
            continue
        key, keys = row.key, row.keys
        number = row.register_number
        assessment: Assessment
        if key in by_key:
            entry = by_key[key]
            assessment = Assessment(row, duplicate, entry=entry, additions=_additions(row, entry))
        elif key in earlier_key:
            assessment = Assessment(row, duplicate, earlier=earlier_key[key])
        elif any(k in resembling for k in keys):
            entry = next(resembling[k] for k in keys if k in resembling)
            assessment = Assessment(row, near, entry=entry, additions=_additions(row, entry))
        elif number and number in by_number:
            entry = by_number[number]
            assessment = Assessment(row, near, entry=entry, by_register_number=True,
                                    additions=_additions(row, entry))
        elif any(k in earlier_resembling for k in keys):
            assessment = Assessment(row, near,
                                    earlier=next(earlier_resembling[k] for k in keys if k in earlier_resembling))
        elif number and number in earlier_number:
            assessment = Assessment(row, near, earlier=earlier_number[number],
                                    by_register_number=True)
        else:
            assessment = Assessment(row, new)
        assessments.append(assessment)
        earlier_key.setdefault(key, row.number)
        for k in keys:
            earlier_resembling.setdefault(k, row.number)
        if number:
            earlier_number.setdefault(number, row.number)
    return assessments
