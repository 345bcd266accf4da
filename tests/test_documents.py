"""Document templates (templates/*.docx) rendered with documents.context against the example cases.

Every template is rendered against every example case with a strict Jinja environment, and the DOCX is
read back with python-docx: no undefined value, no tag left, the right names, dates and figures, sources
with their confidence only in the preparer's papers, and never the survivor's physical address.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pytest
from docxtpl import DocxTemplate

from docassemble.SurvivorRelief import documents as D
from docassemble.SurvivorRelief.cases import load_case, parse_case, read_data
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.formatting import date as fmt_date
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.deadlines import deadlines

from .helpers import EXAMPLES, internal_markers

CASES = sorted(p.name for p in EXAMPLES.glob("*.case.yml"))
CATALOGUE = D.load_catalogue()
ALL_DOCS = [(rid, spec) for rid in CATALOGUE.remedies for spec in CATALOGUE.for_remedy(rid).documents]
TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


@cache
def facts_for(case_name: str) -> D.Facts:
    packs = load_packs()
    return D.gather(load_case(EXAMPLES / case_name, packs.ids()), packs)


def first_item(facts: D.Facts, rid: str, spec: D.DocSpec) -> Any:
    """The item a repeated document is about (None for a single document; 'skip' when there is none)."""
    if spec.each == "law_enforcement_contact":
        return 0 if facts.case.law_enforcement.contacts else "skip"
    if spec.each == "eligible_family_member":
        eligible = D.eligible_family(facts, rid)
        return eligible[0] if eligible else "skip"
    return None


def render_text(facts: D.Facts, rid: str, spec: D.DocSpec, tmp: Path, item: Any = None, redact: bool = False) -> str:
    ctx = D.context(facts, rid, spec, item, redact=redact)
    out = tmp / spec.file_name(facts.case.case_id, rid, 1 if spec.each else None)
    D.render(D.TEMPLATES_DIR / spec.template, ctx, out)
    return D.docx_text(out)


def doc(rid: str, name: str) -> D.DocSpec:
    return next(s for s in CATALOGUE.for_remedy(rid).documents if s.name == name)


def street_lines(case: Any) -> list[str]:
    phys = case.survivor.contact.physical_address
    return [phys.street] if phys and phys.street else []


def _renderable() -> list[Any]:
    """Every (example, document) pair; a repeated document only where the example has an item for it."""
    return [pytest.param(case_name, rid, spec, id=f"{case_name}-{rid}:{spec.name}")
            for case_name in CASES for rid, spec in ALL_DOCS
            if first_item(facts_for(case_name), rid, spec) != "skip"]


RENDERABLE = _renderable()


def test_every_template_is_rendered_against_at_least_one_example() -> None:
    covered = {(p.values[1], p.values[2].name) for p in RENDERABLE}
    assert covered == {(rid, spec.name) for rid, spec in ALL_DOCS}


@pytest.mark.parametrize("case_name,rid,spec", RENDERABLE)
def test_every_template_renders_for_every_example(case_name: str, rid: str, spec: D.DocSpec, tmp_path: Path) -> None:
    """No undefined value (docxtpl's check and a strict render), no tag left, sources and UNVERIFIED shown,
    never the physical address."""
    facts = facts_for(case_name)
    item = first_item(facts, rid, spec)
    ctx = D.context(facts, rid, spec, item)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    assert DocxTemplate(str(D.TEMPLATES_DIR / spec.template)).get_undeclared_template_variables(env, ctx) == set()
    text = render_text(facts, rid, spec, tmp_path, item)
    assert not TAG.search(text), TAG.search(text)
    assert facts.case.survivor.name.full() in text
    for line in street_lines(facts.case):
        assert line not in text
    if spec.name == "preparer-memo":
        for s in ctx["sources"]:
            assert f"{s['cite']} [{s['confidence']}]" in text
        for u in ctx["unverified"]:
            assert f"{u['what']}: {u['cite']}" in text
    elif spec.where != "preparer":
        assert internal_markers(text) == []
        assert "Pronouns" not in text and (facts.case.survivor.pronouns or "@@") not in text
    assert all(s["confidence"] != "UNVERIFIED" for s in ctx["sources"]) or ctx["unverified"]
    assert "prostitut" not in text.lower()


def test_catalogue_covers_the_brief() -> None:
    """Every remedy the brief names has its documents; every remedy gets the checklist."""
    wanted = {"us.t_visa": {"cover-letter", "declaration", "declaration-translation", "supplement-b-request",
                            "i-192-statement", "supplement-a-statement", "exhibit-index"},
              "us.restitution_1593": {"loss-statement", "declaration-of-losses", "computation"},
              "gb.nrm_recovery_period": {"recovery-period-letter"}, "gb.cica": {"cica-support-letter"}}
    for rid, names in wanted.items():
        assert names <= {s.name for s in CATALOGUE.for_remedy(rid).documents}
    for state in ("us-ca", "us-ny", "us-tx", "us-mn"):
        assert "cover-letter" in {s.name for s in CATALOGUE.for_remedy(f"{state}.cvc").documents}
    for jid, lang in (("nl", "nl"), ("de", "de"), ("be", "fr"), ("bg", "bg")):
        langs = {s.language for s in CATALOGUE.for_remedy(f"{jid}.reflection_period").documents
                 if s.name.startswith("reflection-period-request")}
        assert langs == {lang, "en"}
    for rid in ("nl.schadefonds", "bg.state_compensation"):
        assert {s.language for s in CATALOGUE.for_remedy(rid).documents if "cover-letter" in s.name} >= {"en"}
    for rid in CATALOGUE.remedies:
        names = {s.name for s in CATALOGUE.for_remedy(rid).documents}
        assert {"evidence-checklist", "preparer-memo"} <= names


def test_shared_wording_lives_once() -> None:
    """One template for the four US compensation cover letters and one for every English courtesy copy; the
    courtesy copies are the preparer's, never filed."""
    assert {doc(f"{st}.cvc", "cover-letter").template for st in ("us-ca", "us-ny", "us-tx", "us-mn")} == {
        "us/cvc_cover_letter.docx"}
    courtesy = [s for _rid, s in ALL_DOCS if s.original_language]
    assert {s.template for s in courtesy if s.name.startswith("reflection")} == {
        "common/reflection_period_request.en.docx"}
    assert all(s.where == "preparer" for s in courtesy)
    assert not (D.TEMPLATES_DIR / "make_templates.py").exists()


def test_every_element_of_a_remedy_is_argued_in_its_letter() -> None:
    """A letter that argues the remedy's conditions one by one (``for el in elements if el.id == ...``) takes every
    element the pack defines: a condition added to a pack cannot silently drop out of the letter."""
    from docx import Document

    packs = load_packs()
    checked = 0
    for rid, spec in ALL_DOCS:
        if spec.where != "filing":
            continue
        doc_ = Document(str(D.TEMPLATES_DIR / spec.template))
        text = "\n".join(p.text for p in doc_.paragraphs)
        if "for el in elements if" not in text:
            continue
        checked += 1
        for element in packs.remedy(rid).elements:
            assert f"el.id == '{element.id}'" in text, (spec.template, rid, element.id)
    assert checked >= 10


def test_output_names_use_only_case_id_remedy_and_index() -> None:
    """File names cannot hold a survivor's name: the schema admits only {case_id}, {remedy}, {n}."""
    with pytest.raises(ValueError):
        D.DocSpec(name="x", title="x", template="x.docx", output="{case_id}-{remedy}-{survivor}.docx",
                  recipient="government")
    for rid, spec in ALL_DOCS:
        name = spec.file_name("case-1", rid, 3 if spec.each else None)
        assert name.startswith("case-1-") and name.endswith(".docx")


def test_t_visa_cover_letter_argues_each_element(tmp_path: Path) -> None:
    """The filing address from the us pack as postal lines; each element argued with the law cited plainly
    (8 CFR 214.202(c)(1) for law-enforcement requests) and its exhibits with Bates pages; no screening words."""
    facts = facts_for("tx-labor-adult.case.yml")
    facts.exhibits = [{"id": "e2", "letter": "B", "description": "Letter", "first": "ETLA-000041",
                       "last": "ETLA-000042", "pages": "2"}]
    text = render_text(facts, "us.t_visa", doc("us.t_visa", "cover-letter"), tmp_path)
    facts.exhibits = []
    assert "Vermont Service Center" in text and "Essex Junction, VT 05479-0001" in text
    assert "Mateo Ejemplo" in text and "he/him" not in text
    assert "8 CFR 214.202(c)(1)" in text
    assert "Exhibit B, ETLA-000041–ETLA-000042" in text and "(See Decl. ¶" in text
    for heading in ("Statement of facts", "A. Victim of a severe form of trafficking in persons",
                    "C. Compliance with reasonable requests for assistance from law enforcement", "Conclusion",
                    "Enclosures"):
        assert heading in text
    assert "On February 1, 2020, HSI Houston asked Mateo Ejemplo to assist with: interview. Mateo Ejemplo did so." \
        in text
    assert "Lucia Ejemplo" in text and "Rosa Ejemplo" not in text  # only eligible family members
    assert "+1 713 555 0100" not in text  # safe_to_call: false
    assert "hardship factor" not in text and "decision-maker" not in text


def test_declaration_translation_is_english_with_translator_certificate(tmp_path: Path) -> None:
    """statement.sections_en when told in Spanish; the original language named; the certificate; the original
    is the Spanish text the survivor signs (tests/test_declaration.py reads both in detail)."""
    facts = facts_for("tx-labor-adult.case.yml")
    text = render_text(facts, "us.t_visa", doc("us.t_visa", "declaration-translation"), tmp_path)
    st = facts.case.statement
    for key, english in st.sections_en.items():
        for line in english.splitlines():
            assert line in text
        assert st.sections[key].splitlines()[0] not in text
    assert "English translation of the declaration that Mateo Ejemplo gave and signed in Spanish" in text
    assert "CERTIFICATE OF TRANSLATION" in text and "Ana Traductora" in text
    assert "Pronouns" not in text
    original = render_text(facts, "us.t_visa", doc("us.t_visa", "declaration"), tmp_path)
    assert st.sections["fears"].splitlines()[0] in original and "CERTIFICATE OF TRANSLATION" not in original


def test_declaration_untranslated_has_no_certificate(tmp_path: Path) -> None:
    facts = facts_for("ca-minor-sex-industry.case.yml")
    text = render_text(facts, "us.t_visa", doc("us.t_visa", "declaration"), tmp_path)
    assert facts.case.statement.sections["fears"] in text
    assert "CERTIFICATE OF TRANSLATION" not in text and "English translation" not in text


def test_supplement_b_request_per_contact(tmp_path: Path) -> None:
    """The request names the contact's agency, officer, case number and each request with its outcome."""
    facts = facts_for("tx-labor-adult.case.yml")
    text = render_text(facts, "us.t_visa", doc("us.t_visa", "supplement-b-request"), tmp_path, item=0)
    contact = facts.case.law_enforcement.contacts[0]
    for value in (contact.agency, contact.officer, contact.case_number, "identify photos of the supervisors"):
        assert value in text
    assert "Mateo Ejemplo complied" in text


def test_nl_reflection_request_dates_and_citations(tmp_path: Path) -> None:
    """CoE Convention Art. 13 and Vw 2000 art. 8(k) cited in Dutch, with the computed dates, entirely in Dutch;
    the English courtesy copy (the preparer's) with the same dates."""
    facts = facts_for("nl-labor.case.yml")
    packs, case = facts.packs, facts.case
    period = deadlines(case, packs).by_id("nl.reflection_period")
    convention = deadlines(case, packs).by_id("coe.reflection_period")
    nl = render_text(facts, "nl.reflection_period", doc("nl.reflection_period", "reflection-period-request"), tmp_path)
    en = render_text(facts, "nl.reflection_period", doc("nl.reflection_period", "reflection-period-request-en"),
                     tmp_path)
    assert fmt_date(period.start, "nl_NL") in nl and fmt_date(period.maximum_end, "nl_NL") in nl
    assert fmt_date(period.start, "en_NL") in en and fmt_date(period.maximum_end, "en_NL") in en
    assert "Artikel 13 van het Verdrag van de Raad van Europa" in nl and "Vreemdelingenwet 2000" in nl
    assert "Council of Europe Convention" in en
    assert "Pagina" not in nl  # the footer is a field, not body text
    for english in ("Exhibit", "Enclosures", "Date of birth", "Re:", "Sincerely"):
        assert english not in nl
    assert "Courtesy translation" in en
    if convention is not None and convention.minimum_end:
        assert fmt_date(convention.minimum_end, "nl_NL") in nl


def test_bg_letters_in_bulgarian(tmp_path: Path) -> None:
    """The compensation letter is in Bulgarian: the name in Cyrillic (survivor.name_other_script) with the
    passport name, dates with "г.", the Bulgarian closing; a value the pack marks UNVERIFIED stays out."""
    facts = facts_for("bg-compensation.case.yml")
    case = facts.case
    spec = doc("bg.state_compensation", "application-cover-letter")
    text = render_text(facts, "bg.state_compensation", spec, tmp_path)
    assert "Весела Примерова" in text and "Vesela Primerova (по паспорт)" in text
    assert fmt_date(case.today, "bg_BG", "d MMMM y 'г.'") in text and "г.." not in text
    assert "Уважаеми дами и господа" in text and "С уважение," in text
    assert "UNVERIFIED" not in text


def test_gb_phone_only_when_safe_to_call(tmp_path: Path) -> None:
    """safe_to_call: true (gb example) shows the phone; the redacted copy never does."""
    facts = facts_for("gb-nrm.case.yml")
    spec = doc("gb.nrm_recovery_period", "recovery-period-letter")
    assert facts.case.survivor.contact.phone in render_text(facts, "gb.nrm_recovery_period", spec, tmp_path)
    redacted = render_text(facts, "gb.nrm_recovery_period", spec, tmp_path, redact=True)
    assert facts.case.survivor.contact.phone not in redacted


def test_pronouns_and_no_gendered_words(tmp_path: Path) -> None:
    """they/them (ca example): no "Pronouns:" line in a letter to an authority; the letter uses the name."""
    facts = facts_for("ca-minor-sex-industry.case.yml")
    text = render_text(facts, "us-ca.cvc", doc("us-ca.cvc", "cover-letter"), tmp_path)
    assert "they/them" not in text and "Pronouns" not in text
    assert not re.search(r"\b(he|she|his|her|him|hers)\b", text, re.I)
    assert "trafficking into the sex industry" in text


def test_state_compensation_letter_from_pack_data(tmp_path: Path) -> None:
    """The one US compensation template takes the agency's postal address and the program's own form from the
    pack (remedy filing); the form is the first enclosure."""
    facts = facts_for("ca-minor-sex-industry.case.yml")
    text = render_text(facts, "us-ca.cvc", doc("us-ca.cvc", "cover-letter"), tmp_path)
    filing = facts.packs.remedy("us-ca.cvc").filing
    for line in filing.address:
        assert line in text
    assert f"1. {filing.form}, completed and signed by the applicant" in text.replace("\n", " ") or \
        f"{filing.form}, completed and signed by the applicant" in text


def test_late_application_argues_good_cause_never_the_lapse(tmp_path: Path) -> None:
    """Tex. Code Crim. Proc. ch. 56B (good cause): the TX example's filing period has passed; the letter argues
    the grounds its facts show (the pending prosecution) and never says the time limit passed."""
    facts = facts_for("tx-labor-adult.case.yml")
    text = render_text(facts, "us-tx.cvc", doc("us-tx.cvc", "cover-letter"), tmp_path)
    assert "good cause" in text and "4:20-cr-00000" in text
    assert not re.search(r"(time limit|deadline|period)[^.]*(passed|expired|lapsed)", text, re.I)


def hostile_case() -> D.Facts:
    """The TX example with markup, template syntax, Arabic and Cyrillic in the values a person types."""
    packs = load_packs()
    data = copy.deepcopy(read_data(EXAMPLES / "tx-labor-adult.case.yml"))
    data["survivor"]["name"] = {"first": "Ana <b>&amp;", "last": "{{ case_id }} {% if x %}y{% endif %}"}
    data["statement"]["sections_en"]["recruitment"] = "قال لي رجل إن العمل آمن & <script>"
    data["statement"]["sections_en"]["escape"] = "Меня заставили работать.\nВторой абзац {{ 7*7 }}"
    data["trafficking"][0]["place"] = "Houston & <Bay>"
    data["hardship"] = ["{%p if true %}no tags here{%p endif %}", "bell\x07 and nul\x00 stripped"]
    return D.gather(parse_case(data), packs)


def test_values_render_literally(tmp_path: Path) -> None:
    """<, &, {{ }}, {% %}, Arabic (right-to-left) and Cyrillic come out exactly as typed; no re-evaluation."""
    facts = hostile_case()
    name = "Ana <b>&amp; {{ case_id }} {% if x %}y{% endif %}"
    letter = render_text(facts, "us.t_visa", doc("us.t_visa", "cover-letter"), tmp_path)
    assert name in letter
    assert "Ana <b>&amp; example-tx-labor-adult" not in letter
    declaration = render_text(facts, "us.t_visa", doc("us.t_visa", "declaration-translation"), tmp_path)
    assert "قال لي رجل إن العمل آمن & <script>" in declaration
    # Two English lines for one Spanish line: one numbered paragraph, so the numbers match the original.
    assert any(line.endswith("\tМеня заставили работать. Второй абзац {{ 7*7 }}") for line in declaration.splitlines())
    assert "49" not in declaration
    waiver = render_text(facts, "us.t_visa", doc("us.t_visa", "i-192-statement"), tmp_path)
    assert "Houston & <Bay>" in waiver
    assert "{%p if true %}no tags here{%p endif %}" in waiver
    assert "bell and nul stripped" in waiver


def test_unknown_template_value_is_an_input_error(tmp_path: Path) -> None:
    """A template naming a value the context lacks fails with the template named, not a silent blank."""
    from docx import Document

    bad = tmp_path / "bad.docx"
    d = Document()
    d.add_paragraph("{{ survivor.nickname }}")
    d.save(str(bad))
    facts = facts_for("tx-labor-adult.case.yml")
    with pytest.raises(InputError) as info:
        D.render(bad, D.context(facts, "us.t_visa"), tmp_path / "out.docx")
    assert "bad.docx" in info.value.source and "nickname" in str(info.value)
    assert "Mateo" not in str(info.value)


def test_template_snapshots_are_current() -> None:
    """tests/snapshots/ holds the text of every template (make snapshots): a Word edit shows as a text diff."""
    from tests.snapshot import snapshot_text

    folder = Path(__file__).parent / "snapshots"
    templates = sorted(p.relative_to(D.TEMPLATES_DIR) for p in D.TEMPLATES_DIR.rglob("*.docx"))
    assert templates
    for rel in templates:
        snap = folder / (str(rel).replace("/", "__") + ".txt")
        assert snap.is_file(), f"no snapshot for {rel}: run make snapshots"
        assert snap.read_text(encoding="utf-8") == snapshot_text(D.TEMPLATES_DIR / rel), (
            f"{rel} changed: run make snapshots and commit the diff")
