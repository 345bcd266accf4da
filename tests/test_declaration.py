"""The T-visa declaration (declaration.py, templates/us/t_visa_declaration.docx), read back from the DOCX.

Numbered paragraphs in the survivor's voice, part by part in the order an adjudicator reads the elements of
8 CFR 214.202 (cases.STATEMENT_SECTIONS); a statement told in Spanish is filed in Spanish with its English
translation and the translator's certificate; the preparer's memo checks the declaration against each element's
fact points (templates/us/t_visa_declaration.yml, citing shared/domain/legal-facts.md A1 and D1 'Core filing'),
the two most common denial grounds first.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docassemble.SurvivorRelief import documents as D
from docassemble.SurvivorRelief.assembly import FILING, PREPARER, assemble, assemble_case
from docassemble.SurvivorRelief.cases import STATEMENT_SECTIONS, parse_case, read_data
from docassemble.SurvivorRelief.declaration import cite
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.words import load_words

from .helpers import EXAMPLES

TX = EXAMPLES / "tx-labor-adult.case.yml"
NUMBERED = re.compile(r"^(\d+)\.\t(.+)$")


def read(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every paragraph of a DOCX."""
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def numbered(paragraphs: list[tuple[str, str]]) -> list[tuple[int, str]]:
    return [(int(m[1]), m[2]) for _s, t in paragraphs if (m := NUMBERED.match(t))]


def headings(paragraphs: list[tuple[str, str]]) -> list[str]:
    return [t for s, t in paragraphs if s == "Heading 3"]


def one(folder: Path, suffix: str) -> Path:
    found = [p for p in folder.iterdir() if p.name.endswith(suffix)]
    assert len(found) == 1, [p.name for p in folder.iterdir()]
    return found[0]


@pytest.fixture(scope="module")
def tx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tx") / "out"
    assemble(TX, out, remedies=["us.t_visa"])
    return out / "us.t_visa"


def order_of(lang: str, shown: list[str]) -> list[str]:
    """The statement parts of ``shown`` headings, by the words of ``lang``."""
    names = {v: k for k, v in load_words(lang)["declaration"]["heading"].items()}
    return [names[h] for h in shown]


def test_spanish_original_and_english_translation_are_both_filed(tx: Path) -> None:
    original = read(one(tx / FILING, "-declaration.docx"))
    english = read(one(tx / FILING, "-declaration-english-translation.docx"))
    # The original is in Spanish: its title, headings, closing and signature line; the survivor signs it.
    texts = [t for _s, t in original]
    assert texts[0] == "DECLARACIÓN DE MATEO EJEMPLO"
    assert any(t.startswith("Declaro bajo pena de perjurio") for t in texts)
    assert any(t.startswith("Firma: ____") for t in texts)
    assert "CERTIFICATE OF TRANSLATION" not in texts
    # The translation: English, says it is one, never a survivor's signature line, then the certificate.
    etexts = [t for _s, t in english]
    assert etexts[0] == "DECLARATION OF MATEO EJEMPLO"
    assert any("English translation of the declaration that Mateo Ejemplo gave and signed in Spanish" in t
               for t in etexts)
    assert "[Signed by Mateo Ejemplo on the Spanish original.]" in etexts
    cert = etexts.index("CERTIFICATE OF TRANSLATION")
    assert not any(t.startswith("Signature:") for t in etexts[:cert])
    certificate = " ".join(etexts[cert:])
    assert "Ana Traductora" in certificate and "competent to translate from Spanish into English" in certificate
    assert "complete and accurate translation" in certificate
    assert not any("103.2" in t or "UNVERIFIED" in t for t in texts + etexts)   # the memo flags the cite
    # The same paragraphs, numbered 1..N through the whole declaration, in both texts.
    es, en = numbered(original), numbered(english)
    assert [n for n, _t in es] == list(range(1, len(es) + 1)) == [n for n, _t in en]
    assert len(es) >= 20


def test_parts_come_in_the_order_an_adjudicator_reads_them(tx: Path) -> None:
    original = read(one(tx / FILING, "-declaration.docx"))
    english = read(one(tx / FILING, "-declaration-english-translation.docx"))
    assert order_of("es", headings(original)) == list(STATEMENT_SECTIONS)
    assert order_of("en", headings(english)) == list(STATEMENT_SECTIONS)


def test_survivor_words_and_case_facts_in_each_part(tx: Path) -> None:
    """Own words line by line; fact sentences only from what the case holds (entry date and place, each
    request and whether the survivor complied, the means, the family in danger)."""
    english = dict(numbered(read(one(tx / FILING, "-declaration-english-translation.docx"))))
    spanish = dict(numbered(read(one(tx / FILING, "-declaration.docx"))))
    case = read_data(TX)
    for key, text in case["statement"]["sections_en"].items():
        for line in text.splitlines():
            assert line in english.values(), key
    for text in case["statement"]["sections"].values():
        for line in text.splitlines():
            assert line in spanish.values()
    body = "\n".join(english.values())
    assert "I last entered the United States on January 5, 2019, at Laredo, TX." in body
    assert "On February 1, 2020, HSI Houston asked for my help: interview. I did what they asked." in body
    assert "They said I owed them a debt that I had to pay off with my work. They took my identity documents." in body
    assert "I worked about 60 hours a week, 6 days a week. I was not paid for this work." in body
    assert "Lucia Ejemplo is in danger because of what happened to me." in body
    assert "Entré por última vez a los Estados Unidos el 5 de enero de 2019, por Laredo, TX." in spanish.values() \
        or any("5 de enero de 2019" in t for t in spanish.values())


def test_enclosures_and_memo_name_both_documents(tx: Path) -> None:
    letter = "\n".join(t for _s, t in read(one(tx / FILING, "-cover-letter.docx")))
    assert "Declaration of the applicant, in Spanish (original, signed by the applicant)" in letter
    assert "English translation of the applicant's declaration, with the translator's certificate" in letter
    memo = D.docx_text(one(tx / PREPARER, "-preparer-memo.docx"))
    assert "8 CFR 103.2(b)(3)" in memo and "UNVERIFIED" in memo


def test_decl_cites_point_to_real_paragraphs(tx: Path) -> None:
    """elements[].decl (the cover letter's cites) names paragraphs that exist and give the element's facts."""
    packs = load_packs()
    facts = D.gather(parse_case(read_data(TX)), packs)
    spec = next(s for s in D.load_catalogue().for_remedy("us.t_visa").documents if s.name == "cover-letter")
    ctx = D.context(facts, "us.t_visa", spec)
    english = dict(numbered(read(one(tx / FILING, "-declaration-english-translation.docx"))))
    cites = {e["id"]: e["decl"] for e in ctx["elements"]}
    assert set(cites) >= {"victim_of_severe_trafficking", "physical_presence", "compliance_with_reasonable_requests",
                          "extreme_hardship", "not_a_perpetrator", "needs_immigration_status", "admissibility"}
    for eid, text in cites.items():
        assert text.startswith("Decl. ¶"), eid
        for a, b in re.findall(r"(\d+)(?:–(\d+))?", text):
            for n in range(int(a), int(b or a) + 1):
                assert n in english, (eid, n)
    presence = cites["physical_presence"]
    first, last = (int(x) for x in re.findall(r"\d+", presence)[:2])
    assert any("I last entered the United States" in english[n] for n in range(first, last + 1))
    assert "trafficking anyone" in english[int(re.findall(r"\d+", cites["not_a_perpetrator"])[0])]


def test_cite_format() -> None:
    assert cite([4, 5, 6, 9]) == "Decl. ¶¶ 4–6, 9"
    assert cite([3]) == "Decl. ¶ 3"
    assert cite([3, 4]) == "Decl. ¶¶ 3–4"
    assert cite([]) == ""


def thin_case() -> dict[str, Any]:
    """The TX example stripped to a thin English statement: no purpose or presence part, no entry facts, no work
    details, fraud the only means."""
    data = copy.deepcopy(read_data(TX))
    data["case_id"] = "example-thin"
    data["statement"] = {"language": "en", "sections": {
        "recruitment": "A man offered me cleaning work in Houston.",
        "exploitation": "I cleaned offices every night."}}
    imm = data["survivor"]["immigration"]
    for key in ("last_entry_date", "last_entry_place", "first_entry", "last_entry_on_account_of_trafficking",
                "present_on_account_of_trafficking"):
        imm.pop(key, None)
    data["trafficking"][0]["means"] = ["fraud"]
    data["trafficking"][0].pop("work")
    return data


def test_thin_case_flags_purpose_and_physical_presence_first(tmp_path: Path) -> None:
    case = parse_case(thin_case())
    assemble_case(case, EXAMPLES, tmp_path / "out", remedies=["us.t_visa"])
    folder = tmp_path / "out" / "us.t_visa"
    memo = D.docx_text(one(folder / PREPARER, "-preparer-memo.docx")).splitlines()
    start = memo.index("Declaration coverage")
    rows = [line for line in memo[start:] if line.startswith(("COMMON DENIAL GROUND", "A noncitizen", "Complied",
                                                                  "Would suffer", "Admissible", "No substantial"))]
    assert rows[0].startswith("COMMON DENIAL GROUND. Is or has been a victim of a severe form of trafficking")
    assert "the purpose: why the survivor could not leave" in rows[0]
    assert "statement.sections.purpose" in rows[0]
    assert rows[1].startswith("COMMON DENIAL GROUND. Physically present in the United States")
    assert "when and where the survivor last entered the United States" in rows[1]
    assert "survivor.immigration.last_entry_date" in rows[1]
    assert "Decl. ¶" not in rows[1] and "no paragraph gives its facts" in rows[1]
    assert any(r.startswith("Admissible") and r.endswith("The declaration need not address it.") for r in rows)
    # The missing facts are also listed as facts still unknown, by case path.
    unknown = memo[memo.index("Facts still unknown (case file fields):"):]
    assert "survivor.immigration.last_entry_date" in unknown and "statement.sections.purpose" in unknown
    # English only: one declaration, no translation, no certificate.
    filed = sorted(p.name for p in (folder / FILING).iterdir())
    assert any(n.endswith("-declaration.docx") for n in filed)
    assert not any("english-translation" in n for n in filed)


def test_no_fact_is_invented(tmp_path: Path) -> None:
    """A case without an entry date, place or work details has no sentence about them (and no 'not paid')."""
    case = parse_case(thin_case())
    assemble_case(case, EXAMPLES, tmp_path / "out", remedies=["us.t_visa"])
    text = D.docx_text(one(tmp_path / "out" / "us.t_visa" / FILING, "-declaration.docx"))
    assert "entered the United States" not in text
    assert "because of the trafficking" not in text
    assert "paid" not in text and "hours a week" not in text
    assert "They deceived me about the work and the conditions." in text          # the one means the case holds
    assert "debt" not in text and "identity documents" not in text


def test_a_language_without_declaration_words_gets_only_the_survivors_words(tmp_path: Path) -> None:
    data = copy.deepcopy(read_data(TX))
    data["statement"]["language"] = "ro"
    case = parse_case(data)
    assemble_case(case, EXAMPLES, tmp_path / "out", remedies=["us.t_visa"])
    folder = tmp_path / "out" / "us.t_visa"
    original = numbered(read(one(folder / FILING, "-declaration.docx")))
    english = numbered(read(one(folder / FILING, "-declaration-english-translation.docx")))
    assert len(original) == len(english)
    assert not any("I was born" in t or "Nací" in t for _n, t in original + english)
    memo = D.docx_text(one(folder / PREPARER, "-preparer-memo.docx"))
    assert "holds only the survivor's own words" in memo
