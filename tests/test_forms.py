"""Official USCIS forms (I-914 01/20/25, I-192 01/20/25, I-765 08/21/25): verify, fill, read back, fetch.

The PDFs are the unmodified USCIS downloads in ../shared/forms/uscis (never copied into the repository).
Every test fills the real PDF and reads the fields back with pypdf (and pikepdf for appearance streams).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from docassemble.SurvivorRelief import forms
from docassemble.SurvivorRelief.cases import parse_case, read_data
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.packs import load_packs

from .helpers import EXAMPLES, REPO, run_cli

FORMS = REPO / ".." / "shared" / "forms" / "uscis"
FORM_IDS = ["i-914", "i-192", "i-765"]
I914 = "form1[0].#subform[{}].{}"
I192 = "FormI-192[0].#subform[{}].{}"
I765 = "form1[0].Page{}[0].{}"

HOME_STREET = "17 Hidden Home Road"
HOME_CITY = "Pasadena"
HOME_ZIP = "77506"
PHONE = "+1 713 555 0123"


def full_case(**survivor_changes: Any) -> Any:
    """A fictional case that answers every mapped item (so a mistyped map expression shows up as blank)."""
    survivor = {
        "name": {"first": "Alma", "middle": "Rosa", "last": "Prueba"},
        "other_names": [{"first": "Almita", "middle": "R", "last": "Prueba"},
                        {"first": "Alma", "middle": "Rosa", "last": "Ficticia"},
                        {"first": "Rosi", "middle": "A", "last": "Ejemplar"}],
        "date_of_birth": "1990-05-17", "sex": "F", "pronouns": "she/her", "marital_status": "married",
        "country_of_birth": "MX", "city_of_birth": "Puebla", "region_of_birth": "Puebla", "citizenship": ["MX", "ES"],
        "a_number": "A-012-345-678", "ssn": "123-45-6789", "uscis_account_number": "987654321098",
        "contact": {
            "physical_address": {"street": HOME_STREET, "unit": "Apt 9", "city": HOME_CITY, "region": "TX",
                                 "postal_code": HOME_ZIP, "country": "US"},
            "safe_mailing_address": {"in_care_of": "Safe Harbor Legal Clinic", "street": "800 Safe Mail Ave",
                                     "unit": "Suite 12", "city": "Houston", "region": "TX",
                                     "postal_code": "77002-1234", "country": "US"},
            "phone": PHONE, "email": "alma@example.org", "safe_to_call": True},
        "immigration": {"present_in": "us", "last_entry_date": "2018-03-02", "last_entry_place": "El Paso, TX",
                        "status": "no status", "i94_number": "123456789 01", "passport_number": "P1234567",
                        "passport_country": "MX",
                        "passport_issued": "2017-01-10", "passport_expires": "2027-01-09",
                        "present_on_account_of_trafficking": True,
                        "status_code": "B2", "first_entry": False, "last_entry_on_account_of_trafficking": True,
                        "prior_t_receipt": "EAC2490012345", "entered_without_inspection": False,
                        "valid_passport": True, "valid_nonimmigrant_visa": False, "departures": []},
        "trauma_prevents_cooperation": False,
    }
    survivor.update(survivor_changes)
    child = {"relationship": "child", "married": False, "location_country": "US", "location_city": "Houston",
             "location_region": "TX", "country_of_birth": "MX"}
    return parse_case({
        "case_id": "test-forms", "as_of": "2026-06-01", "jurisdictions": ["us"],
        "survivor": survivor,
        "trafficking": [{"form": "labor", "start": "2018-03-05", "end": "2019-02-01", "jurisdiction": "us"},
                        {"form": "labor", "start": "2022-01-10", "end": "2023-06-30", "jurisdiction": "us-tx",
                         "place": "Houston", "country": "US",
                         "traffickers": [{"name": "Example Diner LLC", "kind": "business"}],
                         "work": {"occupation": "dishwashing", "hours_per_week": 60}}],
        "law_enforcement": {
            "reported": True, "report_date": "2019-02-10",
            "contacts": [{"agency": "FBI Example Field Office", "level": "federal", "date": "2019-02-10",
                          "case_number": "EX-42", "phone": "+1 713 555 0170",
                          "address": {"street": "1 Federal Way", "unit": "Floor 3",
                                                              "city": "Houston", "region": "TX",
                                                              "postal_code": "77002"},
                          "requests": [{"date": "2019-03-01", "description": "interview", "complied": True}]}]},
        "family": [
            {"relationship": "spouse", "name": {"first": "Ruben", "middle": "J", "last": "Prueba"},
             "date_of_birth": "1988-01-02", "married": True, "location_country": "MX", "location_city": "Puebla",
             "country_of_birth": "MX"},
            dict(child, name={"first": "Ana", "middle": "B", "last": "Prueba"}, date_of_birth="2012-04-04"),
            dict(child, name={"first": "Beto", "middle": "C", "last": "Prueba"}, date_of_birth="2014-05-05"),
            dict(child, name={"first": "Caro", "middle": "D", "last": "Prueba"}, date_of_birth="2016-06-06"),
        ],
        "hardship": ["no trauma care in the home town"],
        "inadmissibility": ["unlawful_presence"],
        "representative": {"name": "Jordan Example", "organization": "Safe Harbor Legal Clinic",
                           "bar_number": "24000000", "bar_state": "TX", "accredited": False, "files_g28": True,
                           "uscis_account_number": "000111222333",
                           "address": {"street": "800 Safe Mail Ave", "unit": "Suite 12", "city": "Houston",
                                       "region": "TX", "postal_code": "77002"}},
        # The interpreter works from abroad and the preparer in Texas: each address fills one of the
        # alternative sets of its part (ALTERNATIVES below).
        "interpreter": {"name": {"first": "Ines", "last": "Traductora"}, "organization": "Puente Interpreting",
                        "address": {"street": "Calle Falsa 12", "unit": "Floor 2", "city": "Puebla",
                                    "region": "Puebla", "postal_code": "72000", "country": "MX"},
                        "phone": "+1 713 555 0188", "email": "ines@example.org", "language": "es"},
        "preparer": {"name": {"first": "Jordan", "last": "Example"}, "organization": "Safe Harbor Legal Clinic",
                     "address": {"street": "800 Safe Mail Ave", "unit": "Suite 12", "city": "Houston",
                                 "region": "TX", "postal_code": "77002", "country": "US"},
                     "phone": "+1 713 555 0100", "email": "jordan@example.org", "attorney": True,
                     "representation_extends": True},
    })


# Fields filled for a U.S. address or for a foreign one, never both: one set stays blank for any address.
ALTERNATIVES = {I914.format(12, "Pt13Line3_State[0]"), I914.format(12, "Pt13Line3_ZipCode[0]"),
                I914.format(13, "Pt14Line3_Province[0]"), I914.format(13, "Pt14Line3_PostalCode[0]"),
                I192.format(1, "P2_Line9_Province[0]"), I192.format(1, "P2_Line9_PostalCode[0]"),
                I192.format(2, "P2_Line10_Province[0]"), I192.format(2, "P2_Line10_PostalCode[0]"),
                I765.format(5, "Pt5Line3d_State[0]"), I765.format(5, "Pt5Line3e_ZipCode[0]"),
                I765.format(5, "Pt6Line3f_Province[0]"), I765.format(5, "Pt6Line3g_PostalCode[0]"),
                I192.format(5, "P2_Line44_Country[0]")}
# Part 9 rows 2-4 of the I-914: the full case overflows one item (its third other name).
ALTERNATIVES |= {I914.format(14, f"P10_Line{n}{x}[0]") for n in (3, 4, 5)
                 for x in ("a_PageNumber", "b_PartNumber", "c_ItemNumber", "d_AdditionalInfo")}
# Rows for a second job (I-192 item 45): the full case has one job in the last five years.
ALTERNATIVES |= {I192.format(6, f"P2_Line45_{n}[0]") for n in ("EmployerName", "Occupation", "DateFrom", "DateTo",
                                                                 "CityOrTown", "State", "Country")}


def fill(form_id: str, case: Any, out: Path, screen: Any = None) -> forms.FillResult:
    return forms.fill(form_id, forms.make_context(case, screen, load_packs()), out, folder=FORMS)


def values(path: Path) -> dict[str, Any]:
    """Every field's /V as pypdf reads it back (text as str, checkboxes as names)."""
    return {k: v.get("/V") for k, v in pypdf.PdfReader(path).get_fields().items()}


def text_values(path: Path) -> dict[str, str]:
    return {k: str(v) for k, v in values(path).items() if v is not None and not str(v).startswith("/")}


def ticked(path: Path) -> dict[str, str]:
    return {k: str(v) for k, v in values(path).items() if v is not None and str(v).startswith("/") and v != "/Off"}


def shown_text(stream: bytes) -> str:
    """The characters an appearance stream draws (its string operands), without spaces and line breaks."""
    parts = re.findall(rb"\(((?:[^()\\]|\\.)*)\)", stream)
    text = b"".join(re.sub(rb"\\(.)", rb"\1", p) for p in parts).decode("cp1252")
    return "".join(text.split())


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("filled")
    case = full_case()
    screen = {"remedies": [{"id": "us.t_visa", "elements": [
        {"id": "victim_of_severe_trafficking", "status": "met"}]}],
        "family": [{"index": 0, "for_remedy": "us.t_visa", "eligible": True}]}
    return {f: fill(f, case, out / f"{f}.pdf", screen).path for f in FORM_IDS}


# --- verify -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("form_id,edition,pages", [("i-914", "01/20/25", 12), ("i-192", "01/20/25", 9),
                                                    ("i-765", "08/21/25", 7)])
def test_official_download_matches_its_map(form_id: str, edition: str, pages: int) -> None:
    """The editions in shared/forms/uscis/README.md: footer edition, page count, every field name."""
    assert forms.verify(form_id, FORMS / f"{form_id}.pdf") == []
    fmap = forms.load_map(form_id)
    assert (fmap.edition, fmap.pages) == (edition, pages)
    reader = pypdf.PdfReader(FORMS / f"{form_id}.pdf", password="")
    terminal = {k for k, v in reader.get_fields().items() if v.get("/FT")}
    assert terminal == set(fmap.field_names)


def test_i914_map_edition_is_the_edition_the_us_pack_accepts() -> None:
    """Legal-facts addendum 2d: the 01/20/25 edition, in force from 24 Feb 2025 (pack parameter i914_edition)."""
    packs = load_packs()
    accepted = packs.value("us", "i914_edition", dt.date(2026, 6, 1))
    assert accepted is not None and forms.load_map("i-914").edition == str(accepted.value)
    assert forms.pack_edition_notes(dt.date(2026, 6, 1), packs) == []


def test_every_map_names_a_download_address_in_the_us_pack() -> None:
    sources = forms.pack_sources(dt.date(2026, 6, 1))
    assert set(sources) == set(FORM_IDS)
    for form_id, source in sources.items():
        assert source.url.startswith("https://") and source.url.endswith(f"/{form_id}.pdf")
        assert source.confidence in ("V", "S", "UNVERIFIED")


def _renamed_field_copy(src: Path, dest: Path) -> str:
    with pikepdf.open(src, password="") as pdf:
        field = next(f for f in pdf.acroform.fields if f.fully_qualified_name.endswith("Part2_FamilyName[0]"))
        old = field.fully_qualified_name
        field.obj.T = pikepdf.String("Part2_Surname[0]")
        pdf.save(dest)
    return old


def _other_edition_copy(src: Path, dest: Path, old: bytes, new: bytes) -> None:
    with pikepdf.open(src, password="") as pdf:
        for page in pdf.pages:
            for stream in page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents]:
                data = stream.read_bytes()
                if old in data:
                    stream.write(data.replace(old, new))
        pdf.save(dest)


def test_a_renamed_field_is_refused_naming_the_file_and_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "i-914.pdf"
    old = _renamed_field_copy(FORMS / "i-914.pdf", bad)
    problems = forms.verify("i-914", bad)
    assert any(str(bad) in p and "missing" in p and old in p for p in problems)
    assert any("not in the 01/20/25 edition" in p and "Part2_Surname[0]" in p for p in problems)
    out = tmp_path / "out" / "i-914-filled.pdf"
    with pytest.raises(InputError) as exc:
        forms.fill("i-914", forms.make_context(full_case()), out, folder=tmp_path)
    assert exc.value.source == str(bad)
    assert not out.exists() and not (tmp_path / "out").exists()


def test_another_edition_is_refused_with_the_known_editions(tmp_path: Path) -> None:
    bad = tmp_path / "i-914.pdf"
    _other_edition_copy(FORMS / "i-914.pdf", bad, b"Edition   01/20/25", b"Edition   04/01/24")
    (problem,) = forms.verify("i-914", bad)
    assert str(bad) in problem and "edition 04/01/24 has no field map (known: 01/20/25)" in problem


def test_another_form_under_the_name_is_refused(tmp_path: Path) -> None:
    shutil.copy(FORMS / "i-192.pdf", tmp_path / "i-914.pdf")
    (problem,) = forms.verify("i-914", tmp_path / "i-914.pdf")
    assert "not Form I-914" in problem and "I-192" in problem


def test_a_missing_or_broken_file_says_how_to_fetch(tmp_path: Path) -> None:
    assert "forms fetch" in forms.verify("i-765", tmp_path / "i-765.pdf")[0]
    (tmp_path / "i-765.pdf").write_bytes(b"%PDF-1.4 not really")
    assert "cannot be opened" in forms.verify("i-765", tmp_path / "i-765.pdf")[0]


def test_cli_verify_exits_2_naming_the_file(tmp_path: Path) -> None:
    for form_id in ("i-192", "i-765"):
        shutil.copy(FORMS / f"{form_id}.pdf", tmp_path / f"{form_id}.pdf")
    _renamed_field_copy(FORMS / "i-914.pdf", tmp_path / "i-914.pdf")
    result = run_cli("forms", "verify", "--dir", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert f"{tmp_path / 'i-914.pdf'}: 1 field(s) of the 01/20/25 edition missing" in result.stderr
    assert "survivorrelief forms fetch" in result.stderr and "Traceback" not in result.stderr
    good = run_cli("forms", "verify", "--dir", str(FORMS))
    assert good.returncode == 0, good.stderr
    assert good.stdout.count("ok: ") == 3


def test_cli_list_json(tmp_path: Path) -> None:
    import json

    result = run_cli("forms", "list", "--dir", str(FORMS), "--json")
    assert result.returncode == 0, result.stderr
    rows = {r["form"]: r for r in json.loads(result.stdout)["forms"]}
    assert rows["i-765"]["edition"] == "08/21/25" and rows["i-765"]["problems"] == []


# --- fill and read back ------------------------------------------------------------------------------

EXPECTED_TEXT = {
    "i-914": {
        I914.format(0, "Part2_FamilyName[0]"): "Prueba", I914.format(0, "Part2_GivenName[0]"): "Alma",
        I914.format(0, "Part2_MiddleName[0]"): "Rosa", I914.format(0, "OtherNameFirst2[0]"): "Alma",
        I914.format(0, "OtherNameLastName2[0]"): "Ficticia", I914.format(0, "TextField1[0]"): "24000000",
        I914.format(0, "P1_Line6_StreetNumberName[0]"): HOME_STREET,
        I914.format(0, "P1_Line6__AptSteFlrNumber[0]"): "9", I914.format(0, "P1_Line6_CityTown[0]"): HOME_CITY,
        I914.format(0, "P1_Line6_State[0]"): "TX", I914.format(0, "P1_Line6_ZipCode[0]"): HOME_ZIP,
        I914.format(0, "P1_Line8_InCareofName[0]"): "Safe Harbor Legal Clinic",
        I914.format(0, "P1_Line8_StreetNumberName[0]"): "800 Safe Mail Ave",
        I914.format(0, "P1_Line8_AptSteFlrNumber[0]"): "12", I914.format(0, "P1_Line8_ZipCode[0]"): "77002",
        I914.format(0, "P1_Line8_State[0]"): "TX",
        I914.format(1, "Part2_Line5_AlienRegistrationNumber[0]"): "012345678",
        I914.format(1, "P3_Line5_SSN[0]"): "123456789",
        I914.format(1, "P1_Line2_DateOfBirth[0]"): "05/17/1990",
        I914.format(1, "P3_Line10_CountryOfBirth[0]"): "Mexico",
        I914.format(1, "P3_Line11_CountryOfCitizenshipOrNationality[0]"): "Mexico, Spain",
        I914.format(1, "P3_Line11_CountryOfCitizenshipOrNationality[2]"): "El Paso",
        I914.format(1, "P3_Line17_State[0]"): " TX",  # this list's options carry a leading space
        I914.format(1, "P3_Line18d_Date[0]"): "03/02/2018",
        I914.format(1, "P3_Line12b_ArrivalDeparture[0]"): "12345678901",
        I914.format(4, "P3_Line5_Circumstances[0]"): "FBI Example Field Office",
        I914.format(4, "P3_Line5_CaseNumber[0]"): "EX-42",
        I914.format(9, "GivenName[0]"): "Ruben", I914.format(9, "DateofBirth[0]"): "04/04/2012",
        I914.format(10, "GivenName[3]"): "Caro", I914.format(10, "Pt12Line5_DaytimePhoneNumber[0]"): "7135550123",
        I914.format(10, "Pt12Line7_Email[0]"): "alma@example.org",
        I914.format(14, "Part2_Line5_AlienRegistrationNumber[1]"): "012345678",
        I914.format(0, "EACNumber[0]"): "2490012345", I914.format(0, "TextField1[1]"): "000111222333",
        I914.format(1, "P3_Line12g_CurrentNon[0]"): "B2",
        I914.format(10, "Pt12Line1b_Language[0]"): "Spanish", I914.format(12, "Pt12_NameofLanguage[0]"): "Spanish",
        I914.format(10, "Pt12Line2_RepresentativeName[0]"): "Jordan Example",
        I914.format(11, "Pt13Line1_InterpreterFamilyName[0]"): "Traductora",
        I914.format(12, "Pt13Line3_Province[0]"): "Puebla", I914.format(12, "Pt13Line3_Country[0]"): "Mexico",
        I914.format(13, "Pt14Line3_State[0]"): "TX", I914.format(13, "Pt14Line3_ZipCode[0]"): "77002",
        I914.format(12, "Pt13Line1_PreparerFamilyName[0]"): "Example",
        I914.format(12, "Pt13Line3_AptSteFlrNumber[0]"): "2", I914.format(4, "P3_Line5_AptSteFlrNumber[0]"): "3",
        I914.format(1, "P3_Line7_USCISOnlineAcctNumber[0]"): "987654321098",
        I914.format(1, "P3_Line9_ProvinceOfBirth[0]"): "Puebla",
        I914.format(1, "P3_Line12d_DatePassportIssued[0]"): "01/10/2017",
        I914.format(1, "P3_Line12d_DatePExp[0]"): "01/09/2027",
        I914.format(4, "P3_Line5_DaytimePhoneNumber[0]"): "7135550170",
        I914.format(9, "CountryofBirth[0]"): "Puebla", I914.format(9, "CountryofBirth[3]"): "Mexico",
        I914.format(9, "CountryofBirth[2]"): "Houston", I914.format(9, "P1_Line8_State[1]"): " TX",
        I914.format(9, "CountryofBirth1[0]"): "Mexico", I914.format(10, "CountryofBirth3[0]"): "Mexico",
        I914.format(14, "P10_Line2a_PageNumber[0]"): "1", I914.format(14, "P10_Line2c_ItemNumber[0]"): "2",
        I914.format(14, "P10_Line2d_AdditionalInfo[0]"): "Other name used: Rosi A Ejemplar",
    },
    "i-192": {
        I192.format(1, "P2_Line1_FamilyName[0]"): "Prueba", I192.format(1, "P2_Line2_B_FamilyName[0]"): "Ficticia",
        I192.format(1, "P2_Line5_DateOfBirth[0]"): "05/17/1990",
        I192.format(1, "P2_Line6_CountryOfBirth[1]"): "Mexico",
        I192.format(1, "P2_Line9_InCareofName[0]"): "Safe Harbor Legal Clinic",
        I192.format(1, "P2_Line9_State[0]"): "TX", I192.format(1, "P2_Line9_ZipCode[0]"): "77002",
        I192.format(6, "P3_Line1_DaytimeTelephoneNumber[0]"): "7135550123",
        I192.format(0, "AttorneyStateBarNumber[0]"): "24000000",
        I192.format(0, "USCISOnlineAcctNumber[0]"): "000111222333",
        I192.format(1, "P2_Line4_USCISOnlineAcctNumber[0]"): "987654321098",
        I192.format(1, "P2_Line6_CountryOfBirth[0]"): "Puebla",
        I192.format(2, "P2_Line10_StreetNumberName[0]"): HOME_STREET,
        I192.format(2, "P2_Line10_CityOrTown[0]"): HOME_CITY,
        I192.format(2, "P2_Line10_ZipCode[0]"): HOME_ZIP,
        I192.format(7, "P4_Line1_InterpreterFamilyName[0]"): "Traductora",
        I192.format(7, "P4_Line6_Iamfluent[0]"): "Spanish",
        I192.format(7, "P5_Line2_BusinessName[0]"): "Safe Harbor Legal Clinic",
        I192.format(7, "P5_Line3_PreparerDaytimeTelephoneNumber[0]"): "7135550100",
        I192.format(5, "P2_Line44_EmployerName[0]"): "Example Diner LLC",
        I192.format(5, "Occupation[0]"): "dishwashing",
        I192.format(5, "DateFrom[0]"): "01/10/2022", I192.format(5, "P2_Line44_State[0]"): "TX",
        # the full case's overstay never left (no 212(a)(9)(B)) and holds no valid visa: 212(a)(7)(B)(i)(II)
        I192.format(3, "P2_Line26_GroundsofInadmissibility[0]"): "INA 212(a)(7)(B)(i)(II). See the enclosed statement "
        "in support of Form I-192, which sets out each ground, its section of the INA and its connection to the "
        "victimization.",
    },
    "i-765": {
        I765.format(1, "Line1a_FamilyName[0]"): "Prueba", I765.format(1, "Line3a_FamilyName[0]"): "Ejemplar",
        I765.format(2, "Line4a_InCareofName[0]"): "Safe Harbor Legal Clinic",
        I765.format(2, "Line4b_StreetNumberName[0]"): "800 Safe Mail Ave",
        I765.format(2, "Line17b_CountryOfBirth[0]"): "Spain",
        I765.format(3, "Line20b_Passport[0]"): "P1234567", I765.format(3, "place_entry[0]"): "El Paso, TX",
        "form1[0].Page3[0].#area[1].section_1[0]": "c", "form1[0].Page3[0].#area[1].section_2[0]": "40",
        I765.format(4, "Pt3Line3_DaytimePhoneNumber1[0]"): "7135550123",
        I765.format(2, "Line8_ElisAccountNumber[0]"): "987654321098",
        I765.format(2, "Pt2Line7_StreetNumberName[0]"): HOME_STREET, I765.format(2, "Pt2Line7_ZipCode[0]"): HOME_ZIP,
        I765.format(3, "Line18b_CityTownOfBirth[0]"): "Puebla", I765.format(3, "Line20e_ExpDate[0]"): "01/09/2027",
        I765.format(3, "Line23_StatusLastEntry[0]"): "B2",
        I765.format(4, "Pt3Line1b_Language[0]"): "Spanish",
        I765.format(4, "Pt3Line2_RepresentativeName[0]"): "Jordan Example",
        I765.format(4, "Pt4Line1a_InterpreterFamilyName[0]"): "Traductora",
        I765.format(5, "Pt5Line3h_Country[0]"): "Mexico", I765.format(5, "Part4_NameofLanguage[0]"): "Spanish",
        I765.format(5, "Pt6Line3e_ZipCode[0]"): "77002", I765.format(5, "Pt5Line6_Email[0]"): "jordan@example.org",
    },
}

EXPECTED_TICKED = {
    "i-914": {I914.format(0, "CheckBox2[0]"): "/1", I914.format(0, "P1_Line6_Unit[0]"): "/ APT ",
              I914.format(0, "CheckBox1[1]"): "/1", I914.format(1, "Married[0]"): "/1",
              I914.format(4, "Q8_no[0]"): "/N", I914.format(4, "Q9_yes[0]"): "/1", I914.format(4, "Q10_yes[0]"): "/1",
              I914.format(4, "Q11_yes[0]"): "/1", I914.format(10, "Pt12Line1_Checkbox[1]"): "/B",
              I914.format(10, "Pt12Line2_Checkbox[0]"): "/C", I914.format(12, "Pt13Line3_Unit[2]"): "/ FLR ",
              I914.format(13, "Pt14Line3_Unit[0]"): "/ STE ", I914.format(13, "Pt13Line7_Checkbox[1]"): "/B",
              I914.format(13, "Pt13Line7b_extends[1]"): "/Y",
              I914.format(0, "P1_Line8_Unit[1]"): "/ STE ", I914.format(1, "Female[0]"): "/2",
              I914.format(1, "Q1_yes[0]"): "/1", I914.format(1, "Q2_yes[0]"): "/1", I914.format(1, "Q2b_no[0]"): "/1",
              I914.format(4, "Q3_yes[0]"): "/1", I914.format(4, "Q4_yes[0]"): "/1", I914.format(4, "Q5_yes[0]"): "/Y",
              I914.format(4, "P3_Line5_Unit[2]"): "/ FLR ", I914.format(4, "Q6_no[0]"): "/1",
              I914.format(4, "Q7_yes[0]"): "/1"},
    "i-192": {I192.format(0, "CheckBox2[0]"): "/1", I192.format(0, "P1_Line1_CB[1]"): "/A",
              I192.format(1, "P2_Line8_Sex[1]"): "/F", I192.format(1, "P2_Line9_Unit[1]"): "/STE",
              I192.format(2, "P2_Line10_Unit[0]"): "/APT ", I192.format(4, "P2_Line30_CB[0]"): "/A",
              I192.format(4, "P2_Line31_CB[0]"): "/Y"},
    "i-765": {I765.format(1, "Attorney-Rep[0].CheckBox1[0]"): "/1", I765.format(2, "Line9_Checkbox[0]"): "/N",
              I765.format(1, "Part1_Checkbox[0]"): "/1",
              I765.format(2, "Pt2Line5_Unit[0]"): "/ STE ", I765.format(2, "Part2Line5_Checkbox[0]"): "/N",
              I765.format(2, "Pt2Line7_Unit[2]"): "/ APT ", I765.format(2, "Line10_Checkbox[3]"): "/Married",
              I765.format(4, "Pt3Line1Checkbox[0]"): "/B", I765.format(4, "Part3_Checkbox[0]"): "/C",
              # the interpreter's "Floor 2" and the preparer's "Suite 12": the boxes under "Flr." and "Ste." (whose
              # on-state names are STE and APT on this page)
              I765.format(5, "Pt5Line3b_Unit[0]"): "/ STE ", I765.format(5, "Pt6Line3b_Unit[2]"): "/ APT ",
              I765.format(6, "Part5Line7_Checkbox[1]"): "/B", I765.format(6, "Part5Line7b_Checkbox[0]"): "/Y"},
}


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_fill_reads_back_values_and_export_values(form_id: str, filled: dict[str, Path]) -> None:
    got = text_values(filled[form_id])
    for name, expected in EXPECTED_TEXT[form_id].items():
        assert got.get(name) == expected, name
    boxes = {k: v for k, v in ticked(filled[form_id]).items() if "PDF417" not in k}
    assert boxes == EXPECTED_TICKED[form_id]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_output_has_no_xfa_and_shows_values_in_every_viewer(form_id: str, filled: dict[str, Path]) -> None:
    with pikepdf.open(filled[form_id]) as pdf:
        acro = pdf.Root.AcroForm
        assert "/XFA" not in acro and "/Perms" not in pdf.Root and not pdf.is_encrypted
        assert acro.NeedAppearances is True
        fields = {f.fully_qualified_name: f for f in pdf.acroform.fields}
        for name, expected in EXPECTED_TEXT[form_id].items():
            shown = shown_text(fields[name].obj.AP.N.read_bytes())  # the generated appearance shows it
            assert shown == "".join(expected.split()), name
        for name, export in EXPECTED_TICKED[form_id].items():
            assert str(fields[name].obj.AS) == export, name


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_mapped_text_field_is_filled_from_a_full_case(form_id: str, filled: dict[str, Path]) -> None:
    """A typo in a map expression would leave its field blank (missing parts are blank, not errors)."""
    fmap = forms.load_map(form_id)
    mapped = {n for n, spec in fmap.fields.items() if isinstance(spec, str)} - ALTERNATIVES
    got = text_values(filled[form_id])
    assert sorted(n for n in mapped if not got.get(n, "").strip()) == []


def test_yes_and_no_are_never_both_ticked(filled: dict[str, Path]) -> None:
    boxes = ticked(filled["i-914"])
    for name in boxes:
        if "_yes[" in name:
            assert name.replace("_yes[", "_no[") not in boxes


def test_physical_address_only_on_the_items_that_ask_for_it(filled: dict[str, Path]) -> None:
    """Contract section 1: the physical address only on forms that require it: I-914 Part 2 item 3, I-192 Part 2
    item 10 and I-765 Part 2 item 7 (all three go to the same USCIS office in one filing)."""
    places = {}
    for form_id, path in filled.items():
        for name, value in text_values(path).items():
            if HOME_STREET in value or HOME_CITY in value or HOME_ZIP in value:
                places[(form_id, name.rsplit(".", 1)[-1])] = value
    assert places == {("i-914", "P1_Line6_StreetNumberName[0]"): HOME_STREET,
                      ("i-914", "P1_Line6_CityTown[0]"): HOME_CITY,
                      ("i-914", "P1_Line6_ZipCode[0]"): HOME_ZIP,
                      ("i-192", "P2_Line10_StreetNumberName[0]"): HOME_STREET,
                      ("i-192", "P2_Line10_CityOrTown[0]"): HOME_CITY, ("i-192", "P2_Line10_ZipCode[0]"): HOME_ZIP,
                      ("i-765", "Pt2Line7_StreetNumberName[0]"): HOME_STREET,
                      ("i-765", "Pt2Line7_CityOrTown[0]"): HOME_CITY, ("i-765", "Pt2Line7_ZipCode[0]"): HOME_ZIP}


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_field_is_mapped_or_left_blank_with_a_reason(form_id: str) -> None:
    """Issue 10: no item the case can answer is left unmapped; every other field is named, with why, in left_blank
    (the preparer's memo lists them by part and item)."""
    fmap = forms.load_map(form_id)
    assert fmap.unaccounted() == []
    assert all(b.item.startswith(("Part", "Barcodes", "Attorney")) and b.why for b in fmap.left_blank)


def test_the_memo_list_names_each_left_blank_item_with_why(tmp_path: Path) -> None:
    result = fill("i-914", full_case(), tmp_path / "i-914.pdf")
    listed = "\n".join(result.blank)
    assert "Part 4 items 1-21 (processing questions): answered by the applicant with the lawyer" in listed
    assert any(b.startswith("Part 6 item 6 (applicant's signature and date): signed by hand") for b in result.blank)


def test_same_address_answers_i765_item_6_yes_and_writes_no_item_7(tmp_path: Path) -> None:
    case = full_case()
    home = case.survivor.contact.physical_address
    case.survivor.contact.safe_mailing_address = home.model_copy(update={"postal_code": "77506-0001"})
    got, boxes = (lambda p: (text_values(p), ticked(p)))(fill("i-765", case, tmp_path / "i-765.pdf").path)
    assert boxes.get(I765.format(2, "Part2Line5_Checkbox[1]")) == "/Y"
    assert I765.format(2, "Part2Line5_Checkbox[0]") not in boxes
    assert not got.get(I765.format(2, "Pt2Line7_StreetNumberName[0]"))


def test_no_mailing_address_falls_back_to_the_representative_never_the_home(tmp_path: Path) -> None:
    case = full_case()
    case.survivor.contact.safe_mailing_address = None
    result = fill("i-765", case, tmp_path / "i-765.pdf")
    got = text_values(result.path)
    assert got[I765.format(2, "Line4b_StreetNumberName[0]")] == "800 Safe Mail Ave"
    assert got[I765.format(2, "Line4a_InCareofName[0]")] == "Safe Harbor Legal Clinic"
    # the home is written only where the form asks for the physical address (items 6-7), never as the mailing address
    assert [k for k, v in got.items() if HOME_STREET in v] == [I765.format(2, "Pt2Line7_StreetNumberName[0]")]


def test_phone_left_out_when_not_safe_to_call(tmp_path: Path) -> None:
    case = full_case()
    case.survivor.contact.safe_to_call = False
    for form_id in FORM_IDS:
        result = fill(form_id, case, tmp_path / f"{form_id}.pdf")
        assert not any("5550123" in v for v in text_values(result.path).values()), form_id
        assert any("telephone" in w and "safe to call" in w for w in result.warnings), form_id


@pytest.mark.parametrize("sex", ["X", None])
def test_sex_other_than_m_or_f_is_left_blank_with_a_warning(sex: Any, tmp_path: Path) -> None:
    """Legal-facts addendum 2.4: the 01/20/25 I-914 edition offers Male or Female only."""
    case = full_case(sex=sex)
    for form_id, boxes in [("i-914", ["Male[0]", "Female[0]"]), ("i-192", ["P2_Line8_Sex[0]", "P2_Line8_Sex[1]"]),
                           ("i-765", ["Line9_Checkbox[0]", "Line9_Checkbox[1]"])]:
        result = fill(form_id, case, tmp_path / f"{form_id}.pdf")
        assert not [k for k in ticked(result.path) if any(k.endswith(b) for b in boxes)], form_id
        assert any("(Sex) left blank" in w for w in result.warnings), form_id


def test_markup_and_template_syntax_are_written_literally(tmp_path: Path) -> None:
    name = "O'Brien <&{{ 7*7 }}> (Jr.) José Ñúñez"
    case = full_case(name={"first": "Alma", "last": name})
    for form_id, field in [("i-914", I914.format(0, "Part2_FamilyName[0]")),
                           ("i-765", I765.format(1, "Line1a_FamilyName[0]"))]:
        result = fill(form_id, case, tmp_path / f"{form_id}.pdf")
        assert text_values(result.path)[field] == name
    with pikepdf.open(tmp_path / "i-765.pdf") as pdf:
        field = next(f for f in pdf.acroform.fields if f.fully_qualified_name == I765.format(1, "Line1a_FamilyName[0]"))
        assert b"<&{{ 7*7 }}> \\(Jr.\\) Jos\xe9 \xd1\xfa\xf1ez" in field.obj.AP.N.read_bytes()


@pytest.mark.parametrize("last,first", [("Иванова", "Alma"), ("Prueba", "مريم"), ("王", "Alma")])
def test_non_latin_names_are_refused_not_printed_as_question_marks(last: str, first: str, tmp_path: Path) -> None:
    """The forms' WinAnsi fonts cannot print these scripts; qpdf and pypdf would draw "?" instead."""
    case = full_case(name={"first": first, "last": last})
    out = tmp_path / "i-914.pdf"
    with pytest.raises(InputError) as exc:
        fill("i-914", case, out)
    paths = {p.path for p in exc.value.problems}
    assert paths <= {"survivor.name.last", "survivor.name.first"} and paths
    assert all("Latin letters" in p.message for p in exc.value.problems)
    assert last not in str(exc.value) and first not in str(exc.value)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_value_longer_than_the_boxes_is_refused(tmp_path: Path) -> None:
    case = full_case(a_number="A-1234567890")
    with pytest.raises(InputError) as exc:
        fill("i-765", case, tmp_path / "i-765.pdf")
    assert {p.path for p in exc.value.problems} == {"survivor.a_number"}
    assert "9 characters" in exc.value.problems[0].message


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_the_memo_names_each_mapped_field_by_its_part(form_id: str) -> None:
    """The part and item the memo gives a blank field come from the first line of the map comment above it; a
    comment's further lines only explain (they once became "parts" such as "goes to the same USCIS office")."""
    fmap = forms.load_map(form_id)
    parts = set(forms.field_parts(form_id, fmap.edition).values())
    assert parts and all(p.startswith(("Part ", "The attorney box")) for p in parts), sorted(parts)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_each_unit_box_is_the_one_printed_under_its_label(form_id: str) -> None:
    """The Apt./Ste./Flr. box a map ticks is the one nearest its printed label (on-state names can lie: the I-765
    Part 4-5 boxes named STE sit under "Flr.")."""
    path = FORMS / f"{form_id}.pdf"
    fmap = forms.load_map(form_id)
    kinds = {"Apt.": "APT", "Ste.": "STE", "Flr.": "FLR"}
    checked = 0
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i + 1 for i, p in enumerate(pdf.pages)}
        labels: dict[int, list[tuple[float, float, str]]] = {}
        for f in pdf.acroform.fields:
            spec = fmap.fields.get(f.fully_qualified_name)
            found = re.search(r"unit_kind == '(\w+)'", spec.when) if isinstance(spec, forms.Checkbox) else None
            if not found:
                continue
            widget = f.obj.Kids[0] if "/Kids" in f.obj else f.obj
            page = pages[widget.P.objgen]
            if page not in labels:
                xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
                                     capture_output=True, text=True, check=True).stdout
                boxes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                                   r'(Apt\.|Ste\.|Flr\.)<', xml)
                labels[page] = [((float(a) + float(c)) / 2, (float(b) + float(d)) / 2, t) for a, b, c, d, t in boxes]
            height = float(pdf.pages[page - 1].MediaBox[3])
            x0, y0, x1, y1 = (float(v) for v in widget.Rect)
            cx, cy = (x0 + x1) / 2, height - (y0 + y1) / 2
            near = [(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5, t) for x, y, t in labels[page]]
            near = sorted(n for n in near if n[0] < 20)
            if not near:   # the page prints the labels as one word: nothing to compare
                continue
            assert kinds[near[0][1]] == found.group(1), f.fully_qualified_name
            checked += 1
    assert checked >= 3   # at least one address row per form is compared


def test_a_second_agency_goes_to_part_9_with_its_details(tmp_path: Path) -> None:
    """I-914 Part 3 item 5 holds one agency; the others are written in Part 9 (page, part, item, text)."""
    case = full_case()
    second = case.law_enforcement.contacts[0].model_copy(update={"agency": "Houston Police Department",
                                                                "case_number": "HPD-7", "phone": None})
    case.law_enforcement.contacts.append(second)
    got = text_values(fill("i-914", case, tmp_path / "i-914.pdf").path)
    rows = [tuple(got.get(I914.format(14, f"P10_Line{n}{x}[0]")) for x in ("a_PageNumber", "c_ItemNumber",
                                                                        "d_AdditionalInfo")) for n in (2, 3)]
    assert rows[1][:2] == ("3", "5") and rows[1][2].startswith("Also reported to: Houston Police Department; ")
    assert "case number HPD-7" in rows[1][2]


def test_a_name_longer_than_its_box_is_left_blank_with_a_warning_and_the_rest_filled(tmp_path: Path) -> None:
    """A 35-character organization in a 34-character box: that field is blank (written by hand), the form is filled;
    the warning names the field and the case path, never the value."""
    case = full_case()
    long_name = "Peachtree Example Immigrant Justice"
    case.survivor.contact.safe_mailing_address.in_care_of = long_name
    case.preparer.organization = long_name
    result = fill("i-765", case, tmp_path / "i-765.pdf")
    got = text_values(result.path)
    assert not got.get(I765.format(2, "Line4a_InCareofName[0]"))
    assert not got.get(I765.format(5, "Pt5Line2_BusinessName[0]"))
    assert got[I765.format(2, "Line4b_StreetNumberName[0]")] == "800 Safe Mail Ave"
    warned = [w for w in result.warnings if "longer than the 34 characters" in w]
    assert len(warned) == 2 and not any(long_name in w for w in result.warnings)
    assert any("preparer.organization" in w for w in warned)
    assert not any("InCareofName" in b for b in result.blank)  # the warning says why, not "not in the case"


def test_minor_at_an_act_answers_part3_item6(tmp_path: Path) -> None:
    """I-914 Part 3 item 6 / 8 CFR 214.202(c)(4)(i): under 18 at the time of at least one act."""
    case = full_case(date_of_birth="2002-01-01")
    boxes = ticked(fill("i-914", case, tmp_path / "i-914.pdf").path)
    assert boxes.get(I914.format(4, "Q6_yes[0]")) == "/1" and I914.format(4, "Q6_no[0]") not in boxes
    assert boxes.get(I914.format(1, "Q2b_yes[0]")) == "/1"


def test_example_tx_labor_adult_fills_all_three(tmp_path: Path) -> None:
    case = parse_case(read_data(EXAMPLES / "tx-labor-adult.case.yml"))
    got = {}
    for form_id in FORM_IDS:
        result = fill(form_id, case, tmp_path / f"{form_id}.pdf")
        got[form_id] = text_values(result.path)
        assert not any("555 0100" in v or "5550100" in v for v in got[form_id].values())  # safe_to_call: false
    assert got["i-914"][I914.format(0, "Part2_FamilyName[0]")] == case.survivor.name.last
    assert got["i-914"][I914.format(0, "P1_Line6_StreetNumberName[0]")] == case.survivor.contact.physical_address.street
    street = case.survivor.contact.physical_address.street
    assert [k.rsplit(".", 1)[-1] for f in ("i-192", "i-765") for k, v in got[f].items() if street in v] == [
        "P2_Line10_StreetNumberName[0]", "Pt2Line7_StreetNumberName[0]"]
    assert got["i-765"]["form1[0].Page3[0].#area[1].section_2[0]"] == "40"


def test_the_package_ships_the_official_pdfs_and_a_fetched_or_named_copy_wins(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fresh install fills the forms with no download; `forms fetch` (the forms folder) and --dir win over it."""
    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(tmp_path / "empty"))
    for form_id in FORM_IDS:
        shipped = forms.source_pdf(form_id)
        assert shipped.parent == forms.MAPS_DIR and forms.verify(form_id, shipped) == []
        assert shipped.read_bytes() == (FORMS / f"{form_id}.pdf").read_bytes()  # the unmodified USCIS download
    fetched = tmp_path / "fetched"
    fetched.mkdir()
    shutil.copy(FORMS / "i-765.pdf", fetched / "i-765.pdf")
    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(fetched))
    assert forms.source_pdf("i-765") == fetched / "i-765.pdf"
    assert forms.source_pdf("i-914") == forms.MAPS_DIR / "i-914.pdf"
    assert forms.source_pdf("i-914", tmp_path / "named") == tmp_path / "named" / "i-914.pdf"


def test_forms_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(tmp_path))
    assert forms.forms_dir() == tmp_path
    monkeypatch.delenv(forms.FORMS_DIR_ENV)
    assert forms.forms_dir().parts[-2:] == ("survivorrelief", "forms")


def test_unknown_form_is_an_input_error() -> None:
    with pytest.raises(InputError):
        forms.load_map("i-999")


# --- fetch (loopback only) ---------------------------------------------------------------------------

@pytest.fixture
def server() -> Any:
    """A local HTTP server on 127.0.0.1 serving the official PDFs."""
    handler = functools.partial(_QuietHandler, directory=str(FORMS.resolve()))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def test_fetch_downloads_and_verifies(server: str, tmp_path: Path) -> None:
    outcomes = forms.fetch(tmp_path / "forms", {f: f"{server}/{f}.pdf" for f in FORM_IDS})
    assert [o.ok for o in outcomes] == [True, True, True]
    assert sorted(p.name for p in (tmp_path / "forms").iterdir()) == ["i-192.pdf", "i-765.pdf", "i-914.pdf"]
    for form_id in FORM_IDS:
        assert forms.verify(form_id, tmp_path / "forms" / f"{form_id}.pdf") == []


def test_fetch_writes_nothing_on_a_404_or_a_wrong_file(server: str, tmp_path: Path) -> None:
    (missing,) = forms.fetch(tmp_path, {"i-914": f"{server}/no-such-form.pdf"})
    assert not missing.ok and "HTTP 404" in missing.problems[0] and not missing.mismatch
    (wrong,) = forms.fetch(tmp_path, {"i-914": f"{server}/i-192.pdf"})
    assert wrong.mismatch and "not Form I-914" in wrong.problems[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_fetch_exit_codes(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`forms fetch` with the us pack's addresses pointed at the loopback server (the only thing replaced)."""
    from click.testing import CliRunner

    from docassemble.SurvivorRelief.cli import main

    def sources(names: dict[str, str]) -> Any:
        return lambda *a, **k: {f: forms.FormSource(f, f"{server}/{n}", f"{f}_url", "UNVERIFIED")
                                for f, n in names.items()}

    monkeypatch.setattr(forms, "pack_sources", sources({f: f"{f}.pdf" for f in FORM_IDS}))
    good = CliRunner().invoke(main, ["forms", "fetch", "--dir", str(tmp_path / "ok")])
    assert good.exit_code == 0, good.output
    assert good.output.count("ok: ") == 3 and "UNVERIFIED" in good.output
    monkeypatch.setattr(forms, "pack_sources", sources({"i-914": "i-765.pdf"}))
    wrong = CliRunner().invoke(main, ["forms", "fetch", "--dir", str(tmp_path / "wrong")])
    assert wrong.exit_code == 2 and not any((tmp_path / "wrong").iterdir())
    monkeypatch.setattr(forms, "pack_sources", sources({"i-914": "gone.pdf"}))
    gone = CliRunner().invoke(main, ["forms", "fetch", "--dir", str(tmp_path / "gone")])
    assert gone.exit_code == 1 and not any((tmp_path / "gone").iterdir())


def test_first_application_ticks_part1_1a_and_no_g28_box_without_a_g28(tmp_path: Path) -> None:
    """Legal review 2, table C (I-914): Part 1 1.A ticked; the G-28 box only with a G-28 enclosed."""
    base = full_case()
    immigration = base.survivor.immigration.model_copy(update={"prior_t_receipt": None})
    rep = base.representative.model_copy(update={"files_g28": None})
    case = base.model_copy(update={"survivor": base.survivor.model_copy(update={"immigration": immigration}),
                                   "representative": rep, "family": []})
    result = fill("i-914", case, tmp_path / "i-914.pdf", {"remedies": [], "family": []})
    boxes = ticked(result.path)
    assert boxes.get(I914.format(0, "CheckBox1[0]")) == "/1" and I914.format(0, "CheckBox1[1]") not in boxes
    assert I914.format(0, "CheckBox2[0]") not in boxes
    assert I914.format(0, "TextField1[0]") not in text_values(result.path)
    assert boxes.get(I914.format(4, "Q11_no[0]")) == "/1"   # no family member: item 11 No
    assert any("G-28" in w for w in result.warnings)
    for form_id in ("i-192", "i-765"):
        other = ticked(fill(form_id, case, tmp_path / f"{form_id}.pdf").path)
        assert not [k for k in other if "CheckBox2[0]" in k or "Attorney-Rep" in k], form_id


def test_unsettled_family_leaves_item_11_blank_with_a_warning(tmp_path: Path) -> None:
    case = full_case()
    result = fill("i-914", case, tmp_path / "i-914.pdf",
                  {"remedies": [], "family": [{"for_remedy": "us.t_visa", "eligible": None}]})
    boxes = ticked(result.path)
    assert I914.format(4, "Q11_yes[0]") not in boxes and I914.format(4, "Q11_no[0]") not in boxes
    assert any("item 11" in w for w in result.warnings)


@pytest.mark.parametrize("unit,kind,number", [
    ("Floor 2", "FLR", "2"), ("Fl. 3", "FLR", "3"), ("Suite 12", "STE", "12"), ("Apartment 3B", "APT", "3B"),
    ("#4", "APT", "4"), ("Flat 7", None, "Flat 7")])
def test_unit_words_split_into_box_and_number(unit: str, kind: str | None, number: str) -> None:
    """The forms' Apt./Ste./Flr. boxes: "Floor 2" is the floor box and "2", never "oor 2"."""
    assert (forms.FILTERS["unit_kind"](unit), forms.FILTERS["unit_number"](unit)) == (kind, number)
