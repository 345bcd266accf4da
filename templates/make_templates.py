"""Write the FIRST DRAFT of each document template (.docx with docxtpl tags) that does not exist yet.

The .docx files in templates/<jurisdiction>/ are the source of truth: lawyers edit them in Word. This
script only creates a template that is missing (for a new jurisdiction, or to restore a deleted one); it
never overwrites an existing file, so no edit is ever lost. Its text blocks are the first drafts and are
not kept in step with later edits of the .docx files (see templates/README.md).

    .venv/bin/python templates/make_templates.py            # create the missing templates
    .venv/bin/python templates/make_templates.py --list     # show which exist and which are missing

Tags are kept simple for Word users: {{ value }}, {%p if/for %} on a paragraph of its own, {%tr for %} in
table rows. Every value comes from the context built by docassemble/SurvivorRelief/documents.py
(documents.context); no figure is computed in a template.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
RED = RGBColor(0xB0, 0x00, 0x00)


class Draft:
    """A small writer over python-docx: paragraphs with **bold** spans, tag paragraphs, loop tables."""

    def __init__(self, lang: str) -> None:
        self.doc = Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        rpr = normal.element.get_or_add_rPr()
        lang_el = OxmlElement("w:lang")
        lang_el.set(qn("w:val"), {"en": "en-US", "nl": "nl-NL", "de": "de-DE", "fr": "fr-BE", "bg": "bg-BG"}[lang])
        rpr.append(lang_el)
        for section in self.doc.sections:
            section.left_margin = section.right_margin = Pt(72)
            section.top_margin = section.bottom_margin = Pt(64)

    def p(self, text: str = "", style: str | None = None, size: int | None = None, red: bool = False,
          italic: bool = False) -> None:
        """A paragraph; text between ** is bold. A Jinja tag must not straddle a ** mark."""
        para = self.doc.add_paragraph(style=style)
        for i, part in enumerate(text.split("**")):
            if not part:
                continue
            run = para.add_run(part)
            run.bold = i % 2 == 1
            run.italic = italic
            if size:
                run.font.size = Pt(size)
            if red:
                run.font.color.rgb = RED

    def h(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def tag(self, tag: str) -> None:
        """A paragraph holding only a {%p ... %} tag (docxtpl removes the paragraph)."""
        self.doc.add_paragraph(tag)

    def bullet(self, text: str) -> None:
        self.p(text, style="List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def loop_table(self, headers: list[str], loop: str, cells: list[str]) -> None:
        """A table with a header row and one row per item: ``{%tr for ... %}`` rows around the cells."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
        for cell, text in zip(table.rows[2].cells, cells, strict=True):
            cell.text = text
        table.rows[3].cells[0].text = "{%tr endfor %}"

    def rows_table(self, rows: list[tuple[str, str]]) -> None:
        """A two-column table of fixed rows (label, value)."""
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for row, (label, value) in zip(table.rows, rows, strict=True):
            row.cells[0].text = label
            row.cells[1].text = value

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))


# --- blocks shared by several letters ---------------------------------------------------------------

WORDS = {
    "en": {"date": "Date", "to": "To", "re": "Re", "from": "From", "dob": "Date of birth", "anum": "A-number",
           "cit": "Citizenship", "pronouns": "Pronouns", "address": "Address for correspondence (safe mailing address)",
           "phone": "Telephone (safe to call)", "sources": "Sources relied on",
           "legend": "Confidence: V = verified in a primary or official text; S = secondary source; "
                     "UNVERIFIED = not confirmed.",
           "notes": "Notes for the preparer (delete before sending)",
           "missing": "Information still missing from the case file:", "warnings": "Points to re-check:",
           "regards": "Sincerely,", "salutation": "Dear Sir or Madam:", "enclosed": "Enclosures"},
    "nl": {"date": "Datum", "to": "Aan", "re": "Betreft", "from": "Van", "dob": "Geboortedatum", "anum": "",
           "cit": "Nationaliteit", "pronouns": "Voornaamwoorden", "address": "Correspondentieadres (veilig postadres)",
           "phone": "Telefoon (veilig om te bellen)", "sources": "Bronnen",
           "legend": "Betrouwbaarheid: V = gecontroleerd in een primaire of officiële tekst; S = secundaire bron; "
                     "UNVERIFIED = niet bevestigd.",
           "notes": "Notities voor de opsteller (verwijderen vóór verzending)",
           "missing": "Gegevens die nog ontbreken in het dossier:", "warnings": "Na te gaan:",
           "regards": "Met vriendelijke groet,", "salutation": "Geachte heer, mevrouw,", "enclosed": "Bijlagen"},
    "de": {"date": "Datum", "to": "An", "re": "Betreff", "from": "Von", "dob": "Geburtsdatum", "anum": "",
           "cit": "Staatsangehörigkeit", "pronouns": "Pronomen", "address": "Zustellanschrift (sichere Postanschrift)",
           "phone": "Telefon (Anruf unbedenklich)", "sources": "Quellen",
           "legend": "Verlässlichkeit: V = in einem amtlichen oder Primärtext geprüft; S = Sekundärquelle; "
                     "UNVERIFIED = nicht bestätigt.",
           "notes": "Hinweise für die Bearbeitung (vor dem Versand löschen)",
           "missing": "In der Akte fehlen noch:", "warnings": "Zu prüfen:",
           "regards": "Mit freundlichen Grüßen", "salutation": "Sehr geehrte Damen und Herren,",
           "enclosed": "Anlagen"},
    "fr": {"date": "Date", "to": "À", "re": "Objet", "from": "De", "dob": "Date de naissance", "anum": "",
           "cit": "Nationalité", "pronouns": "Pronoms", "address": "Adresse de correspondance (adresse postale sûre)",
           "phone": "Téléphone (appel sans risque)", "sources": "Sources",
           "legend": "Fiabilité : V = vérifié dans un texte officiel ou primaire ; S = source secondaire ; "
                     "UNVERIFIED = non confirmé.",
           "notes": "Notes pour la personne qui prépare le dossier (à supprimer avant l'envoi)",
           "missing": "Informations encore manquantes au dossier :", "warnings": "Points à vérifier :",
           "regards": "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
           "salutation": "Madame, Monsieur,", "enclosed": "Annexes"},
    "bg": {"date": "Дата", "to": "До", "re": "Относно", "from": "От", "dob": "Дата на раждане", "anum": "",
           "cit": "Гражданство", "pronouns": "Местоимения",
           "address": "Адрес за кореспонденция (сигурен пощенски адрес)",
           "phone": "Телефон (безопасно е да се звъни)", "sources": "Източници",
           "legend": "Достоверност: V = проверено в официален или първичен текст; S = вторичен източник; "
                     "UNVERIFIED = непотвърдено.",
           "notes": "Бележки за изготвящия (да се изтрият преди изпращане)",
           "missing": "Липсваща информация в досието:", "warnings": "За проверка:",
           "regards": "С уважение,", "salutation": "Уважаеми дами и господа,", "enclosed": "Приложения"},
}
UNVERIFIED_LINE = {
    "en": "UNVERIFIED — re-check before filing:",
    "nl": "UNVERIFIED — re-check before filing / NIET BEVESTIGD — controleren vóór indiening:",
    "de": "UNVERIFIED — re-check before filing / NICHT BESTÄTIGT — vor der Einreichung prüfen:",
    "fr": "UNVERIFIED — re-check before filing / NON CONFIRMÉ — à vérifier avant le dépôt :",
    "bg": "UNVERIFIED — re-check before filing / НЕПОТВЪРДЕНО — да се провери преди подаване:",
}


def sender(d: Draft, lang: str) -> None:
    """The representative as sender, then the date."""
    w = WORDS[lang]
    d.tag("{%p if representative.present %}")
    d.p("**{{ representative.organization or representative.name }}**")
    d.tag("{%p if representative.organization and representative.name %}")
    d.p("{{ representative.name }}")
    d.tag("{%p endif %}")
    d.p("{{ representative.contact_line }}")
    d.tag("{%p endif %}")
    d.p("")
    d.p(f"{w['date']}: {{{{ doc.date }}}}")
    d.p("")


def person_block(d: Draft, lang: str, who: str = "survivor") -> None:
    """Name, other identifiers (left out when unknown or redacted)."""
    w = WORDS[lang]
    d.tag("{%p if survivor.dob %}")
    d.p(f"{w['dob']}: {{{{ survivor.dob }}}}")
    d.tag("{%p endif %}")
    if w["anum"]:
        d.tag("{%p if survivor.a_number %}")
        d.p(f"{w['anum']}: {{{{ survivor.a_number }}}}")
        d.tag("{%p endif %}")
    d.tag("{%p if survivor.citizenship %}")
    d.p(f"{w['cit']}: {{{{ survivor.citizenship }}}}")
    d.tag("{%p endif %}")
    d.tag("{%p if survivor.pronouns %}")
    d.p(f"{w['pronouns']}: {{{{ survivor.pronouns }}}}")
    d.tag("{%p endif %}")


def correspondence(d: Draft, lang: str) -> None:
    """Where mail for the survivor is safe; a phone number only when it is safe to call."""
    w = WORDS[lang]
    d.tag("{%p if correspondence.lines %}")
    d.p("")
    d.p(f"**{w['address']}:**")
    d.tag("{%p for line in correspondence.lines %}")
    d.p("{{ line }}")
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    d.tag("{%p if correspondence.phone %}")
    d.p(f"{w['phone']}: {{{{ correspondence.phone }}}}")
    d.tag("{%p endif %}")


def signature(d: Draft, lang: str) -> None:
    w = WORDS[lang]
    d.p("")
    d.p(w["regards"])
    d.p("")
    d.p("")
    d.p("{{ representative.name or placeholder }}")
    d.tag("{%p if representative.bar %}")
    d.p("{{ representative.bar }}")
    d.tag("{%p endif %}")


def sources_block(d: Draft, lang: str, warnings: bool = True) -> None:
    """The sources (cite + confidence) the letter relies on, then the preparer's notes: UNVERIFIED
    values, information still missing and (unless the body already lists them) the pack's warnings."""
    w = WORDS[lang]
    notes = "unverified or missing or warnings" if warnings else "unverified or missing"
    d.p("")
    d.p(f"**{w['sources']}**")
    d.p(w["legend"], size=9, italic=True)
    d.tag("{%p for s in sources %}")
    d.p("{{ s.cite }} [{{ s.confidence }}]", style="List Bullet", size=9)
    d.tag("{%p endfor %}")
    d.tag("{%p if " + notes + " %}")
    d.p("")
    d.p(f"**{w['notes']}**", red=True)
    d.tag("{%p if unverified %}")
    d.p(f"**{UNVERIFIED_LINE[lang]}**", red=True)
    d.tag("{%p for u in unverified %}")
    d.p("{{ u.what }}: {{ u.cite }}", style="List Bullet", size=9, red=True)
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    d.tag("{%p if missing %}")
    d.p(w["missing"], size=9)
    d.tag("{%p for m in missing %}")
    d.p("{{ m }}", style="List Bullet", size=9)
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    if warnings:
        d.tag("{%p if warnings %}")
        d.p(w["warnings"], size=9)
        d.tag("{%p for x in warnings %}")
        d.p("{{ x }}", style="List Bullet", size=9)
        d.tag("{%p endfor %}")
        d.tag("{%p endif %}")
    d.tag("{%p endif %}")


def episodes(d: Draft, lang: str) -> None:
    """One bullet per episode of trafficking: form, place, dates, means."""
    text = {
        "en": "{{ ep.form }}{% if ep.place %} in {{ ep.place }}{% endif %}{% if ep.country %} ({{ ep.country }})"
              "{% endif %}, from {{ ep.start or placeholder }} to {{ ep.end or 'the present' }}"
              "{% if ep.means %}; means used: {{ ep.means }}{% endif %}.",
        "nl": "{{ ep.form }}{% if ep.place %} in {{ ep.place }}{% endif %}{% if ep.country %} ({{ ep.country }})"
              "{% endif %}, van {{ ep.start or placeholder }} tot {{ ep.end or 'heden' }}"
              "{% if ep.means %}; gebruikte middelen: {{ ep.means }}{% endif %}.",
        "de": "{{ ep.form }}{% if ep.place %} in {{ ep.place }}{% endif %}{% if ep.country %} ({{ ep.country }})"
              "{% endif %}, vom {{ ep.start or placeholder }} bis {{ ep.end or 'heute' }}"
              "{% if ep.means %}; eingesetzte Mittel: {{ ep.means }}{% endif %}.",
        "fr": "{{ ep.form }}{% if ep.place %} à {{ ep.place }}{% endif %}{% if ep.country %} ({{ ep.country }})"
              "{% endif %}, du {{ ep.start or placeholder }} au {{ ep.end or 'présent' }}"
              "{% if ep.means %} ; moyens utilisés : {{ ep.means }}{% endif %}.",
        "bg": "{{ ep.form }}{% if ep.place %} в {{ ep.place }}{% endif %}{% if ep.country %} ({{ ep.country }})"
              "{% endif %}, от {{ ep.start or placeholder }} до {{ ep.end or 'днес' }}"
              "{% if ep.means %}; използвани средства: {{ ep.means }}{% endif %}.",
    }[lang]
    d.tag("{%p for ep in trafficking %}")
    d.bullet(text)
    d.tag("{%p endfor %}")


def identifications(d: Draft, lang: str) -> None:
    text = {
        "en": "{{ i.kind }} on {{ i.date or placeholder }}{% if i.authority %} by {{ i.authority }}{% endif %}.",
        "nl": "{{ i.kind }} op {{ i.date or placeholder }}{% if i.authority %} door {{ i.authority }}{% endif %}.",
        "de": "{{ i.kind }} am {{ i.date or placeholder }}{% if i.authority %} durch {{ i.authority }}{% endif %}.",
        "fr": "{{ i.kind }} le {{ i.date or placeholder }}{% if i.authority %} par {{ i.authority }}{% endif %}.",
        "bg": "{{ i.kind }} на {{ i.date or placeholder }}{% if i.authority %} от {{ i.authority }}{% endif %}.",
    }[lang]
    d.tag("{%p for i in identification %}")
    d.bullet(text)
    d.tag("{%p endfor %}")


def exhibit_list(d: Draft, lang: str) -> None:
    word = {"en": "Exhibit", "nl": "Bijlage", "de": "Anlage", "fr": "Annexe", "bg": "Приложение"}[lang]
    none = {"en": "No evidence files are listed in the case file yet.",
            "nl": "Het dossier bevat nog geen bewijsstukken.",
            "de": "Die Akte enthält noch keine Beweisunterlagen.",
            "fr": "Le dossier ne contient encore aucune pièce.",
            "bg": "В досието все още няма доказателства."}[lang]
    d.p(f"**{WORDS[lang]['enclosed']}**")
    d.tag("{%p for x in exhibits %}")
    d.bullet(word + " {{ x.letter }}: {{ x.description }}{% if x.first %} ({{ x.first }}–{{ x.last }}){% endif %}")
    d.tag("{%p endfor %}")
    d.tag("{%p if not exhibits %}")
    d.p(none)
    d.tag("{%p endif %}")


def losses_table(d: Draft, lang: str) -> None:
    head = {"en": ["Kind", "Date", "Description", "Amount"], "nl": ["Soort", "Datum", "Omschrijving", "Bedrag"],
            "de": ["Art", "Datum", "Beschreibung", "Betrag"], "fr": ["Nature", "Date", "Description", "Montant"],
            "bg": ["Вид", "Дата", "Описание", "Сума"]}[lang]
    total = {"en": "Total", "nl": "Totaal", "de": "Summe", "fr": "Total", "bg": "Общо"}[lang]
    d.tag("{%p if losses %}")
    d.loop_table(head, "l in losses", ["{{ l.kind }}", "{{ l.date }}", "{{ l.description }}", "{{ l.amount }}"])
    d.p(f"{total}: **{{{{ losses_total }}}}**")
    d.tag("{%p endif %}")


# --- United States: T visa --------------------------------------------------------------------------

def t_visa_cover_letter() -> Draft:
    d = Draft("en")
    sender(d, "en")
    d.p("**To:** {{ remedy.authority }}")
    d.p("{{ params.filing_address.text or placeholder }}")
    d.p("")
    d.p("**Re: Form I-914, Application for T Nonimmigrant Status{% if params.edition.text %} "
        "(edition {{ params.edition.text }}){% endif %}**")
    d.p("Applicant: **{{ survivor.name }}**")
    person_block(d, "en")
    d.p("")
    d.p("Dear Sir or Madam:")
    d.p("Please find enclosed the application of {{ survivor.name }} for {{ remedy.name }} under "
        "{{ remedy.cite }}. {{ remedy.summary }}")
    d.p("**Enclosures**")
    d.tag("{%p for e in enclosures %}")
    d.bullet("{{ e }}")
    d.tag("{%p endfor %}")
    d.tag("{%p if exhibits %}")
    d.bullet("Exhibits {{ exhibits[0].letter }} to {{ exhibits[-1].letter }}{% if packet.present %} (pages "
             "{{ packet.first }} to {{ packet.exhibits_last }}){% endif %}, listed in the index of exhibits")
    d.tag("{%p endif %}")
    d.p("**How the application meets each requirement**")
    d.tag("{%p for el in elements %}")
    d.bullet("**{{ el.label }}** ({{ el.status }}). {{ el.reason }}{% if el.exhibits %} See Exhibit "
             "{{ el.exhibits|join(', ') }}.{% endif %} [{{ el.cites }}]")
    d.tag("{%p endfor %}")
    d.tag("{%p if family %}")
    d.p("**Family members**")
    d.p("A Form I-914 Supplement A and a statement are enclosed for each family member who may join the "
        "application:")
    d.tag("{%p for m in family %}")
    d.bullet("{{ m.name or placeholder }}, {{ m.relationship }} ({{ m.derivative }})")
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    d.tag("{%p if params.fee.text %}")
    d.p("**Fee.** The filing fee for Form I-914 on {{ doc.date }} is {{ params.fee.text }} "
        "({{ params.fee.cite }} [{{ params.fee.confidence }}]).")
    d.tag("{%p endif %}")
    d.p("Please send every notice about this application to the address for correspondence below. "
        "{{ survivor.name }}'s information is confidential ({{ params.confidentiality.cite or placeholder }}).")
    signature(d, "en")
    correspondence(d, "en")
    sources_block(d, "en")
    return d


def t_visa_declaration() -> Draft:
    d = Draft("en")
    d.p("**DECLARATION OF {{ survivor.name_upper }}**", size=13)
    d.p("In support of Form I-914, Application for T Nonimmigrant Status")
    d.tag("{%p if survivor.pronouns %}")
    d.p("Pronouns: {{ survivor.pronouns }}")
    d.tag("{%p endif %}")
    d.tag("{%p if statement.translated %}")
    d.p("Original language: **{{ statement.language_name }}**. {{ survivor.name }} gave this statement in "
        "{{ statement.language_name }}. The text below is its English translation; the translator's certificate "
        "follows the declaration.", italic=True)
    d.tag("{%p endif %}")
    d.p("")
    d.p("I, {{ survivor.name }}, declare:")
    d.tag("{%p for s in statement.sections %}")
    d.h("{{ s.title }}", level=2)
    d.tag("{%p for para in s.paragraphs %}")
    d.p("{{ para }}")
    d.tag("{%p endfor %}")
    d.tag("{%p endfor %}")
    d.tag("{%p if not statement.sections %}")
    d.p("[The statement has not been taken yet.]")
    d.tag("{%p endif %}")
    d.p("")
    d.p("I declare under penalty of perjury under the laws of the United States of America that the foregoing "
        "is true and correct{% if statement.translated %}, and that this declaration was read back to me in "
        "{{ statement.language_name }}{% endif %}.")
    d.p("")
    d.p("Signature: ______________________________      Date: ________________")
    d.p("{{ survivor.name }}")
    d.tag("{%p if statement.translated %}")
    d.page_break()
    d.p("**CERTIFICATE OF TRANSLATION**", size=13)
    d.p("I, {{ statement.translator.name or '______________________________' }}, certify that I am competent to "
        "translate from {{ statement.language_name }} into English, and that the English text of the declaration "
        "of {{ survivor.name }} above is a complete and accurate translation of the statement given in "
        "{{ statement.language_name }}.")
    d.p("")
    d.p("Signature: ______________________________      Date: ________________")
    d.p("Name: {{ statement.translator.name or '______________________________' }}")
    d.p("Address: ______________________________________________")
    d.tag("{%p endif %}")
    return d


def t_visa_supplement_b_request() -> Draft:
    d = Draft("en")
    sender(d, "en")
    d.p("**To:** {{ contact.officer or 'The officer in charge' }}")
    d.p("{{ contact.agency or placeholder }}")
    d.tag("{%p for line in contact.lines %}")
    d.p("{{ line }}")
    d.tag("{%p endfor %}")
    d.p("")
    d.p("**Re: Request for Form I-914 Supplement B, Declaration for Trafficking Victim{% if contact.case_number %} "
        "(your reference {{ contact.case_number }}){% endif %}**")
    d.p("About: **{{ survivor.name }}**")
    d.tag("{%p if survivor.dob %}")
    d.p("Date of birth: {{ survivor.dob }}")
    d.tag("{%p endif %}")
    d.p("")
    d.p("Dear {{ contact.officer or 'Officer' }}:")
    d.p("We represent {{ survivor.name }}, who is applying to U.S. Citizenship and Immigration Services for "
        "{{ remedy.name }}. {{ survivor.name }} first had contact with {{ contact.agency or 'your agency' }} "
        "on {{ contact.date or placeholder }}.")
    d.tag("{%p if contact.requests %}")
    d.p("Our records show these requests from your agency and their outcome:")
    d.tag("{%p for r in contact.requests %}")
    d.bullet("{{ r.date or placeholder }}: {{ r.description or placeholder }} — {% if r.complied == 'yes' %}"
             "{{ survivor.name }} complied{% elif r.complied == 'no' %}not complied with{% if r.reason_not %} "
             "({{ r.reason_not }}){% endif %}{% else %}outcome not recorded{% endif %}.")
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    d.p("We ask you to complete and sign Form I-914 Supplement B, Declaration for Trafficking Victim, and to "
        "return it to us. Supplement B is optional evidence: it does not by itself grant status, and USCIS, not "
        "your agency, decides whether {{ survivor.name }} is eligible. A formal investigation or prosecution is "
        "not required for you to sign it. The sources for these points are listed below.")
    d.p("Please contact {{ representative.name or 'us' }}{% if representative.email %} at "
        "{{ representative.email }}{% endif %}{% if representative.phone %} or {{ representative.phone }}"
        "{% endif %} with any question.")
    signature(d, "en")
    correspondence(d, "en")
    sources_block(d, "en")
    return d


def t_visa_i192_statement() -> Draft:
    d = Draft("en")
    d.p("**STATEMENT IN SUPPORT OF FORM I-192**", size=13)
    d.p("Application for Advance Permission to Enter as a Nonimmigrant: waiver of inadmissibility for an "
        "applicant for T nonimmigrant status, INA 212(d)(13)")
    d.p("Applicant: **{{ survivor.name }}**")
    person_block(d, "en")
    d.p("{{ doc.date }}")
    d.h("1. The grounds of inadmissibility", level=2)
    d.p("{{ survivor.name }} asks USCIS to waive the following ground(s) of inadmissibility:")
    d.tag("{%p for g in inadmissibility.grounds %}")
    d.bullet("{{ g.label }}")
    d.tag("{%p endfor %}")
    d.h("2. Connection to the victimization", level=2)
    d.p("Under INA 212(d)(13), USCIS may waive a ground of inadmissibility (other than the grounds that cannot "
        "be waived) where that is in the national interest and, for grounds other than health-related grounds, "
        "where the activities that made the applicant inadmissible were caused by, or were incident to, the "
        "victimization. The facts of the trafficking are:")
    episodes(d, "en")
    d.tag("{%p if immigration.last_entry_date %}")
    d.bullet("Last entry to the United States: {{ immigration.last_entry_date }}{% if immigration.last_entry_place %}"
             " at {{ immigration.last_entry_place }}{% endif %}; status: {{ immigration.status or placeholder }}.")
    d.tag("{%p endif %}")
    d.p("How each ground was caused by, or incident to, the victimization:")
    d.tag("{%p for g in inadmissibility.grounds %}")
    d.bullet("**{{ g.label }}:** [Representative: explain how this ground arose from the trafficking described "
             "above, with exhibit references.]")
    d.tag("{%p endfor %}")
    d.h("3. National interest and discretion", level=2)
    d.p("The following facts weigh in favour of the waiver:")
    d.tag("{%p for x in hardship %}")
    d.bullet("{{ x }}")
    d.tag("{%p endfor %}")
    d.tag("{%p if not hardship %}")
    d.p("[Representative: add the national-interest and discretionary factors.]")
    d.tag("{%p endif %}")
    d.tag("{%p if params.fee.text %}")
    d.p("Fee for Form I-192 on {{ doc.date }}: {{ params.fee.text }} ({{ params.fee.cite }} "
        "[{{ params.fee.confidence }}]).")
    d.tag("{%p endif %}")
    signature(d, "en")
    sources_block(d, "en")
    return d


def t_visa_supplement_a_summary() -> Draft:
    d = Draft("en")
    d.p("**STATEMENT IN SUPPORT OF FORM I-914 SUPPLEMENT A**", size=13)
    d.p("Application for Derivative T Nonimmigrant Status")
    d.p("{{ doc.date }}")
    d.p("")
    d.p("Principal applicant: **{{ survivor.name }}**")
    d.p("Family member: **{{ member.name or placeholder }}**")
    d.rows_table([
        ("Relationship to the principal", "{{ member.relationship }}"),
        ("Derivative category", "{{ member.derivative or placeholder }}"),
        ("Date of birth", "{{ member.dob or placeholder }}"),
        ("Married", "{{ member.married or placeholder }}"),
        ("Country where the family member lives", "{{ member.country or placeholder }}"),
        ("In present danger of retaliation", "{{ member.in_present_danger or placeholder }}"),
    ])
    d.p("")
    d.p("**Why {{ member.name or 'this family member' }} may join the application:** {{ member.reason }}")
    d.p("Enclosed with the Supplement A is credible evidence of the relationship (for example birth or marriage "
        "certificates or adoption records){% if member.in_present_danger == 'yes' %} and evidence of the present "
        "danger of retaliation{% endif %}.")
    d.tag("{%p if params.fee.text %}")
    d.p("Fee for Form I-914 Supplement A on {{ doc.date }}: {{ params.fee.text }} ({{ params.fee.cite }} "
        "[{{ params.fee.confidence }}]).")
    d.tag("{%p endif %}")
    signature(d, "en")
    sources_block(d, "en")
    return d


def t_visa_exhibit_index() -> Draft:
    d = Draft("en")
    d.p("**INDEX OF EXHIBITS**", size=13)
    d.p("Application of {{ survivor.name }} for {{ remedy.name }} (Form I-914)")
    d.p("{{ doc.date }}")
    d.tag("{%p if packet.present %}")
    d.p("Exhibit pages are numbered {{ packet.first }} to {{ packet.exhibits_last }}; each exhibit begins "
        "with a cover page.")
    d.tag("{%p endif %}")
    d.loop_table(["Exhibit", "Description", "Pages (Bates numbers)", "Pages"], "x in exhibits",
                 ["{{ x.letter }}", "{{ x.description }}", "{{ x.first }} – {{ x.last }}", "{{ x.pages }}"])
    d.tag("{%p if not exhibits %}")
    d.p("No evidence files are listed in the case file yet.")
    d.tag("{%p endif %}")
    return d


# --- United States: restitution ---------------------------------------------------------------------

def restitution_memo() -> Draft:
    d = Draft("en")
    d.p("**MEMORANDUM**", size=13)
    d.rows_table([
        ("To", "The prosecutor{% if law_enforcement.court %}, {{ law_enforcement.court }}{% endif %}"
               "{% if law_enforcement.case_number %}, case {{ law_enforcement.case_number }}{% endif %}"),
        ("From", "{{ representative.name or placeholder }}{% if representative.organization %}, "
                 "{{ representative.organization }}{% endif %}"),
        ("Date", "{{ doc.date }}"),
        ("Re", "Restitution for {{ survivor.name }}: {{ remedy.name }}"),
    ])
    d.p("")
    d.p("{{ remedy.summary }} ({{ remedy.cite }}). This memorandum sets out the figures for {{ survivor.name }}, "
        "computed week by week from the facts in the case file, and the other losses.")
    d.h("1. Summary", level=2)
    d.rows_table([
        ("Value of the labor under the FLSA minimum wage and overtime guarantees", "{{ restitution.flsa_value }}"),
        ("Wages actually paid", "{{ restitution.wages_paid }}"),
        ("FLSA value not paid", "{{ restitution.flsa_unpaid }}"),
        ("FLSA liquidated damages (29 U.S.C. 216(b))", "{{ restitution.liquidated_damages }}"),
        ("Defendant's gross income from the labor", "{{ restitution.defendant_gross_income or placeholder }}"),
        ("Labor component: the greater of the two (method: {{ restitution.method }})",
         "{{ restitution.labor_component }}"),
        ("Other losses", "{{ restitution.losses_total }}"),
        ("Total restitution requested", "{{ restitution.total }}"),
    ])
    d.h("2. Method", level=2)
    d.tag("{%p for n in restitution.notes %}")
    d.bullet("{{ n }}")
    d.tag("{%p endfor %}")
    d.h("3. Week by week", level=2)
    d.p("{{ restitution.week_count }} workweeks. Each row: the week, the hours worked, the federal minimum wage "
        "applied, the overtime hours and the value of the week.")
    d.loop_table(["Week from", "to", "Hours", "Minimum wage", "Overtime hours", "Value"], "w in restitution.weeks",
                 ["{{ w.start }}", "{{ w.end }}", "{{ w.hours }}", "{{ w.minimum_wage }}", "{{ w.overtime_hours }}",
                  "{{ w.value }}"])
    d.tag("{%p if not restitution.weeks %}")
    d.p("No week-by-week FLSA value could be computed from the case file (see the information still missing).")
    d.tag("{%p endif %}")
    d.h("4. Other losses", level=2)
    losses_table(d, "en")
    d.tag("{%p if not losses %}")
    d.p("No other losses are recorded in the case file.")
    d.tag("{%p endif %}")
    d.tag("{%p if restitution.warnings %}")
    d.h("5. Warnings", level=2)
    d.tag("{%p for x in restitution.warnings %}")
    d.bullet("{{ x }}")
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    signature(d, "en")
    correspondence(d, "en")
    sources_block(d, "en", warnings=False)
    return d


# --- United States: state compensation programs ------------------------------------------------------

def cvc_cover_letter(state: str) -> Callable[[], Draft]:
    def make() -> Draft:
        d = Draft("en")
        sender(d, "en")
        d.p("**To:** {{ remedy.authority }}")
        d.tag("{%p if params.address.text %}")
        d.p("{{ params.address.text }}")
        d.tag("{%p endif %}")
        d.p("")
        d.p("**Re: Application for compensation: {{ survivor.name }}**")
        person_block(d, "en")
        d.p("")
        d.p("Dear Sir or Madam:")
        d.p("We enclose the application of {{ survivor.name }} to the {{ remedy.name }}. {{ survivor.name }} is a "
            f"survivor of human trafficking in {state}:")
        episodes(d, "en")
        d.tag("{%p if law_enforcement.reported %}")
        d.p("The crime was reported to law enforcement on {{ law_enforcement.report_date or placeholder }}"
            "{% if law_enforcement.crime_reference %} (reference {{ law_enforcement.crime_reference }}){% endif %}.")
        d.tag("{%p endif %}")
        d.p("**The program's rules for survivors of trafficking**")
        d.p("{{ remedy.summary }}")
        d.tag("{%p for el in elements %}")
        d.bullet("**{{ el.label }}** ({{ el.status }}): {{ el.reason }} [{{ el.cites }}]")
        d.tag("{%p endfor %}")
        d.tag("{%p for x in remedy.warnings %}")
        d.bullet("{{ x }}")
        d.tag("{%p endfor %}")
        d.p("**Time limits**")
        d.tag("{%p for dl in deadlines %}")
        d.bullet("{{ dl.label }}: {{ dl.due or placeholder }} ({{ dl.status }}). {{ dl.basis }} [{{ dl.cites }}]")
        d.tag("{%p endfor %}")
        d.tag("{%p if not deadlines %}")
        d.p("No time limit for this program is recorded in the jurisdiction pack.")
        d.tag("{%p endif %}")
        d.tag("{%p if params.maximum.text %}")
        d.p("The program's maximum award: {{ params.maximum.text }} ({{ params.maximum.cite }} "
            "[{{ params.maximum.confidence }}]).")
        d.tag("{%p endif %}")
        d.p("**Losses claimed**")
        losses_table(d, "en")
        d.tag("{%p if not losses %}")
        d.p("[No losses are recorded in the case file yet.]")
        d.tag("{%p endif %}")
        exhibit_list(d, "en")
        signature(d, "en")
        correspondence(d, "en")
        sources_block(d, "en", warnings=False)
        return d

    return make


# --- United Kingdom ---------------------------------------------------------------------------------

def gb_nrm_letter() -> Draft:
    d = Draft("en")
    sender(d, "en")
    d.p("**To:** {{ remedy.authority }}")
    d.p("")
    d.p("**Re: National Referral Mechanism: recovery period for {{ survivor.name }}**")
    person_block(d, "en")
    d.p("")
    d.p("Dear Sir or Madam,")
    d.p("We act for {{ survivor.name }} and write in support of the referral of {{ survivor.name }} into the "
        "National Referral Mechanism and of the recovery period that follows a positive reasonable grounds "
        "decision. {{ remedy.summary }}")
    d.p("**What happened**")
    episodes(d, "en")
    d.p("**Decisions so far**")
    identifications(d, "en")
    d.tag("{%p if not identification %}")
    d.p("No decision has been recorded yet.")
    d.tag("{%p endif %}")
    d.p("**The recovery period**")
    d.tag("{%p if period.present %}")
    d.p("The recovery period runs from {{ period.start or placeholder }}{% if period.minimum_end %} and lasts at "
        "least until {{ period.minimum_end }}{% endif %}{% if period.maximum_end %}, and at most until "
        "{{ period.maximum_end }}{% endif %}. {{ period.basis }} [{{ period.cites }}]")
    d.tag("{%p endif %}")
    d.tag("{%p if not period.present %}")
    d.p("The dates of the recovery period cannot be worked out from the case file yet.")
    d.tag("{%p endif %}")
    d.p("We ask you to confirm the recovery period and the assistance and support that {{ survivor.name }} "
        "receives during it, and to send every decision to us at the address below.")
    exhibit_list(d, "en")
    signature(d, "en")
    correspondence(d, "en")
    sources_block(d, "en")
    return d


def gb_cica_letter() -> Draft:
    d = Draft("en")
    sender(d, "en")
    d.p("**To:** {{ remedy.authority }}")
    d.p("")
    d.p("**Re: Application for criminal injuries compensation: {{ survivor.name }}"
        "{% if law_enforcement.crime_reference %} (crime reference {{ law_enforcement.crime_reference }})"
        "{% endif %}**")
    person_block(d, "en")
    d.p("")
    d.p("Dear Sir or Madam,")
    d.p("We act for {{ survivor.name }} and write in support of the application for compensation to the "
        "{{ remedy.name }}. {{ remedy.summary }}")
    d.p("**The crime**")
    episodes(d, "en")
    d.tag("{%p if law_enforcement.reported %}")
    d.p("It was reported to the police on {{ law_enforcement.report_date or placeholder }}"
        "{% if law_enforcement.crime_reference %}, crime reference {{ law_enforcement.crime_reference }}"
        "{% endif %}.")
    d.tag("{%p endif %}")
    d.tag("{%p if not law_enforcement.reported %}")
    d.p("[The crime has not been reported to the police according to the case file: check the scheme's rules.]")
    d.tag("{%p endif %}")
    d.p("**Eligibility**")
    d.tag("{%p for el in elements %}")
    d.bullet("**{{ el.label }}** ({{ el.status }}): {{ el.reason }} [{{ el.cites }}]")
    d.tag("{%p endfor %}")
    d.tag("{%p for x in remedy.warnings %}")
    d.bullet("{{ x }}")
    d.tag("{%p endfor %}")
    d.p("**Time limit**")
    d.tag("{%p for dl in deadlines %}")
    d.bullet("{{ dl.label }}: {{ dl.due or placeholder }} ({{ dl.status }}). {{ dl.basis }} [{{ dl.cites }}]")
    d.tag("{%p endfor %}")
    d.tag("{%p if params.maximum.text %}")
    d.p("The scheme's maximum award: {{ params.maximum.text }} ({{ params.maximum.cite }} "
        "[{{ params.maximum.confidence }}]).")
    d.tag("{%p endif %}")
    d.p("**Losses**")
    losses_table(d, "en")
    exhibit_list(d, "en")
    signature(d, "en")
    correspondence(d, "en")
    sources_block(d, "en", warnings=False)
    return d


# --- Reflection periods (Council of Europe Convention, Article 13, and the national provision) ---------

REFLECTION = {
    "nl": {
        "to": "de politie of de Koninklijke Marechaussee (KMar); de Immigratie- en Naturalisatiedienst (IND)",
        "re": "Verzoek om bedenktijd voor {{ survivor.name }}",
        "intro": "Namens {{ survivor.name }} verzoeken wij u om een bedenktijd te verlenen als mogelijk slachtoffer "
                 "van mensenhandel ({{ remedy.cite }}).",
        "facts": "Er zijn aanwijzingen dat {{ survivor.name }} slachtoffer is van mensenhandel:",
        "convention": "Het Verdrag van de Raad van Europa inzake bestrijding van mensenhandel "
                      "({{ convention.cite }}) verplicht de staten die partij zijn om een herstel- en bedenktermijn "
                      "van ten minste {{ convention.minimum or placeholder }} te geven wanneer er redelijke gronden "
                      "zijn om aan te nemen dat iemand slachtoffer is. Tijdens die termijn mag geen "
                      "uitzettingsbesluit ten uitvoer worden gelegd.",
        "national": "Volgens {{ remedy.cite }} duurt de bedenktijd{% if period.minimum %} ten minste "
                    "{{ period.minimum }}{% endif %}{% if period.maximum %} ten hoogste {{ period.maximum }}"
                    "{% endif %}.",
        "ask": "Wij verzoeken u daarom:",
        "ask1": "de bedenktijd te laten ingaan op {{ period.start or placeholder }};",
        "ask_min": "te bevestigen dat de bedenktijd ten minste duurt tot {{ period.minimum_end }};",
        "ask_max": "te bevestigen dat de bedenktijd ten hoogste duurt tot {{ period.maximum_end }};",
        "ask_conv": "te bevestigen dat de termijn van het Verdrag niet eindigt vóór {{ convention.minimum_end }};",
        "ask3": "te bevestigen dat gedurende de bedenktijd geen uitzettingsmaatregel ten uitvoer wordt gelegd, en "
                "uw besluit aan ons te sturen op het onderstaande adres.",
        "unknown": "De data van de bedenktijd kunnen nog niet uit het dossier worden berekend.",
    },
    "de": {
        "to": "die zuständige Ausländerbehörde",
        "re": "Antrag auf Bedenk- und Stabilisierungsfrist für {{ survivor.name }}",
        "intro": "Im Namen von {{ survivor.name }} beantragen wir die Gewährung einer Bedenk- und "
                 "Stabilisierungsfrist als mögliches Opfer von Menschenhandel ({{ remedy.cite }}).",
        "facts": "Es liegen konkrete Anhaltspunkte dafür vor, dass {{ survivor.name }} Opfer von Menschenhandel ist:",
        "convention": "Das Übereinkommen des Europarats zur Bekämpfung des Menschenhandels ({{ convention.cite }}) "
                      "verpflichtet die Vertragsstaaten, eine Erholungs- und Bedenkzeit von mindestens "
                      "{{ convention.minimum or placeholder }} zu gewähren, wenn konkrete Anhaltspunkte dafür "
                      "bestehen, dass die betroffene Person Opfer ist. Während dieser Zeit darf keine "
                      "Ausweisungsverfügung vollstreckt werden.",
        "national": "Nach {{ remedy.cite }} beträgt die Frist{% if period.minimum %} mindestens "
                    "{{ period.minimum }}{% endif %}{% if period.maximum %} höchstens {{ period.maximum }}"
                    "{% endif %}.",
        "ask": "Wir beantragen daher,",
        "ask1": "die Frist ab dem {{ period.start or placeholder }} festzusetzen;",
        "ask_min": "zu bestätigen, dass die Frist nicht vor dem {{ period.minimum_end }} endet;",
        "ask_max": "zu bestätigen, dass die Frist spätestens am {{ period.maximum_end }} endet;",
        "ask_conv": "zu bestätigen, dass die Frist des Übereinkommens nicht vor dem {{ convention.minimum_end }} "
                    "endet;",
        "ask3": "zu bestätigen, dass während der Frist keine aufenthaltsbeendende Maßnahme vollzogen wird, und uns "
                "Ihre Entscheidung an die unten genannte Anschrift zu senden.",
        "unknown": "Die Daten der Frist lassen sich aus der Akte noch nicht berechnen.",
    },
    "fr": {
        "to": "l'Office des Étrangers",
        "re": "Demande de période de réflexion pour {{ survivor.name }}",
        "intro": "Au nom de {{ survivor.name }}, nous demandons l'octroi d'une période de réflexion en tant que "
                 "victime présumée de la traite des êtres humains ({{ remedy.cite }}).",
        "facts": "Il existe des motifs raisonnables de croire que {{ survivor.name }} est victime de la traite des "
                 "êtres humains :",
        "convention": "La Convention du Conseil de l'Europe sur la lutte contre la traite des êtres humains "
                      "({{ convention.cite }}) oblige les États parties à prévoir un délai de rétablissement et de "
                      "réflexion d'au moins {{ convention.minimum or placeholder }} lorsqu'il existe des motifs "
                      "raisonnables de croire que la personne concernée est une victime. Pendant ce délai, aucune "
                      "mesure d'éloignement ne peut être exécutée.",
        "national": "Selon {{ remedy.cite }}, la période de réflexion dure{% if period.minimum %} au moins "
                    "{{ period.minimum }}{% endif %}{% if period.maximum %} au plus {{ period.maximum }}{% endif %}.",
        "ask": "Nous vous demandons dès lors :",
        "ask1": "de faire courir la période de réflexion à partir du {{ period.start or placeholder }} ;",
        "ask_min": "de confirmer qu'elle dure au moins jusqu'au {{ period.minimum_end }} ;",
        "ask_max": "de confirmer qu'elle prend fin au plus tard le {{ period.maximum_end }} ;",
        "ask_conv": "de confirmer que le délai prévu par la Convention ne prend pas fin avant le "
                    "{{ convention.minimum_end }} ;",
        "ask3": "de délivrer le document de séjour correspondant, de confirmer qu'aucune mesure d'éloignement ne "
                "sera exécutée pendant cette période et de nous adresser votre décision à l'adresse ci-dessous.",
        "unknown": "Les dates de la période de réflexion ne peuvent pas encore être calculées à partir du dossier.",
    },
    "bg": {
        "to": "органите на досъдебното производство",
        "re": "Искане за период за размисъл и възстановяване за {{ survivor.name }}",
        "intro": "От името на {{ survivor.name }} искаме да бъде предоставен период за размисъл и възстановяване "
                 "като вероятна жертва на трафик на хора ({{ remedy.cite }}).",
        "facts": "Има разумни основания да се смята, че {{ survivor.name }} е жертва на трафик на хора:",
        "convention": "Конвенцията на Съвета на Европа за борба с трафика на хора ({{ convention.cite }}) задължава "
                      "държавите страни да предоставят период за възстановяване и размисъл от най-малко "
                      "{{ convention.minimum or placeholder }}, когато има разумни основания да се смята, че лицето "
                      "е жертва. През този период не може да бъде изпълнена заповед за експулсиране.",
        "national": "Съгласно {{ remedy.cite }} срокът е{% if period.minimum %} най-малко {{ period.minimum }}"
                    "{% endif %}{% if period.maximum %} най-много {{ period.maximum }}{% endif %}.",
        "ask": "Поради това молим:",
        "ask1": "периодът да започне от {{ period.start or placeholder }};",
        "ask_min": "да потвърдите, че периодът продължава най-малко до {{ period.minimum_end }};",
        "ask_max": "да потвърдите, че периодът приключва най-късно на {{ period.maximum_end }};",
        "ask_conv": "да потвърдите, че срокът по Конвенцията не изтича преди {{ convention.minimum_end }};",
        "ask3": "да предоставите на {{ survivor.name }} информация за възможността за специална закрила и да ни "
                "изпратите решението си на посочения по-долу адрес.",
        "unknown": "Датите на периода все още не могат да бъдат изчислени от досието.",
    },
    "en": {
        "to": "{{ remedy.authority or placeholder }}",
        "re": "Request for a reflection period for {{ survivor.name }}",
        "intro": "On behalf of {{ survivor.name }}, we ask you to grant a reflection period as a presumed victim of "
                 "human trafficking ({{ remedy.cite }}).",
        "facts": "There are reasonable grounds to believe that {{ survivor.name }} is a victim of human trafficking:",
        "convention": "The Council of Europe Convention on Action against Trafficking in Human Beings "
                      "({{ convention.cite }}) requires the States Parties to provide a recovery and reflection "
                      "period of at least {{ convention.minimum or placeholder }} when there are reasonable grounds "
                      "to believe that the person concerned is a victim. No expulsion order may be enforced during "
                      "that period.",
        "national": "Under {{ remedy.cite }}, the period lasts{% if period.minimum %} at least {{ period.minimum }}"
                    "{% endif %}{% if period.maximum %} at most {{ period.maximum }}{% endif %}.",
        "ask": "We therefore ask you:",
        "ask1": "to start the reflection period on {{ period.start or placeholder }};",
        "ask_min": "to confirm that it lasts at least until {{ period.minimum_end }};",
        "ask_max": "to confirm that it ends at the latest on {{ period.maximum_end }};",
        "ask_conv": "to confirm that the Convention period does not end before {{ convention.minimum_end }};",
        "ask3": "to confirm that no removal measure will be enforced during the period, and to send your decision "
                "to us at the address below.",
        "unknown": "The dates of the period cannot be worked out from the case file yet.",
    },
}
COURTESY = ("**Courtesy translation.** The {{ doc.original_language }} letter sent to the authority is the "
            "version that counts; this English copy is for information.")


def letter_opening(lang: str, t: dict[str, str], courtesy: bool) -> Draft:
    """Sender, addressee, subject, person and salutation: the same opening for every letter to an authority."""
    w = WORDS[lang]
    d = Draft(lang)
    if courtesy:
        d.p(COURTESY, italic=True, size=9)
    sender(d, lang)
    d.p(f"**{w['to']}:** {t['to']}")
    d.p("")
    d.p(f"**{w['re']}: {t['re']}**")
    person_block(d, lang)
    d.p("")
    d.p(w["salutation"])
    d.p(t["intro"])
    return d


def reflection_request(lang: str, courtesy: bool = False) -> Callable[[], Draft]:
    def make() -> Draft:
        t = REFLECTION[lang]
        d = letter_opening(lang, t, courtesy)
        d.p(t["facts"])
        episodes(d, lang)
        identifications(d, lang)
        d.p(t["convention"])
        d.tag("{%p if period.minimum or period.maximum %}")
        d.p(t["national"] + " [{{ period.cites }}]")
        d.tag("{%p endif %}")
        d.tag("{%p if period.start %}")
        d.p(t["ask"])
        d.bullet(t["ask1"])
        d.tag("{%p if period.minimum_end %}")
        d.bullet(t["ask_min"])
        d.tag("{%p endif %}")
        d.tag("{%p if period.maximum_end %}")
        d.bullet(t["ask_max"])
        d.tag("{%p endif %}")
        d.tag("{%p if convention.minimum_end %}")
        d.bullet(t["ask_conv"])
        d.tag("{%p endif %}")
        d.bullet(t["ask3"])
        d.tag("{%p endif %}")
        d.tag("{%p if not period.start %}")
        d.p(t["unknown"])
        d.p(t["ask"])
        d.bullet(t["ask3"])
        d.tag("{%p endif %}")
        exhibit_list(d, lang)
        signature(d, lang)
        correspondence(d, lang)
        sources_block(d, lang)
        return d

    return make


# --- Compensation applications in the Netherlands and Bulgaria ------------------------------------------

COMPENSATION = {
    "nl": {
        "to": "Schadefonds Geweldsmisdrijven",
        "re": "Aanvraag om een uitkering: {{ survivor.name }}",
        "intro": "Hierbij dienen wij namens {{ survivor.name }} een aanvraag in bij het {{ remedy.name }} "
                 "({{ remedy.cite }}). {{ survivor.name }} is slachtoffer van mensenhandel in Nederland:",
        "report_yes": "Er is aangifte gedaan op {{ law_enforcement.report_date or placeholder }}.",
        "report_no": "Er is (nog) geen aangifte gedaan. Het strafrechtelijk onderzoek: {{ law_enforcement.status }}.",
        "deadline": "Termijn voor {{ dl.kind }}: uiterlijk {{ dl.due or placeholder }}. [{{ dl.cites }}]",
        "losses": "Schade",
        "maximum": "Uitkering: {% if params.minimum.text %}ten minste {{ params.minimum.text }}, {% endif %}"
                   "ten hoogste {{ params.maximum.text }} ({{ params.maximum.cite }} "
                   "[{{ params.maximum.confidence }}]).",
        "close": "Wij verzoeken u de aanvraag in behandeling te nemen en uw beslissing aan ons te sturen op het "
                 "onderstaande adres.",
    },
    "bg": {
        "to": "Национален съвет за подпомагане и компенсация на пострадали от престъпления "
              "(Министерство на правосъдието)",
        "re": "Заявление за финансова компенсация: {{ survivor.name }}",
        "intro": "От името на {{ survivor.name }} подаваме заявление за финансова компенсация от държавата "
                 "({{ remedy.cite }}). {{ survivor.name }} е жертва на трафик на хора в България:",
        "report_yes": "{% if law_enforcement.final_court_act_date %}Съдебният акт ({{ law_enforcement.court }}"
                      "{% if law_enforcement.case_number %}, дело {{ law_enforcement.case_number }}{% endif %}) е "
                      "влязъл в сила на {{ law_enforcement.final_court_act_date }}.{% else %}Престъплението е "
                      "съобщено на {{ law_enforcement.report_date or placeholder }}.{% endif %}",
        "report_no": "Престъплението все още не е съобщено на органите.",
        "deadline": "Срок за {{ dl.kind }}: до {{ dl.due or placeholder }}. [{{ dl.cites }}]",
        "losses": "Имуществени вреди",
        "maximum": "Максимален размер на компенсацията: {{ params.maximum.text }} ({{ params.maximum.cite }} "
                   "[{{ params.maximum.confidence }}]).",
        "close": "Молим да разгледате заявлението и да ни изпратите решението си на посочения по-долу адрес.",
    },
    "en": {
        "to": "{{ remedy.authority or placeholder }}",
        "re": "Application for compensation: {{ survivor.name }}",
        "intro": "On behalf of {{ survivor.name }}, we apply to the {{ remedy.name }} ({{ remedy.cite }}). "
                 "{{ survivor.name }} is a survivor of human trafficking:",
        "report_yes": "{% if law_enforcement.final_court_act_date %}The court decision ({{ law_enforcement.court }}"
                      "{% if law_enforcement.case_number %}, case {{ law_enforcement.case_number }}{% endif %}) took "
                      "effect on {{ law_enforcement.final_court_act_date }}.{% else %}The crime was reported on "
                      "{{ law_enforcement.report_date or placeholder }}.{% endif %}",
        "report_no": "The crime has not been reported yet. Criminal case: {{ law_enforcement.status }}.",
        "deadline": "Time limit: {{ dl.label }}: {{ dl.due or placeholder }} ({{ dl.status }}). {{ dl.basis }} "
                    "[{{ dl.cites }}]",
        "losses": "Losses",
        "maximum": "Award: {% if params.minimum.text %}at least {{ params.minimum.text }}, {% endif %}at most "
                   "{{ params.maximum.text }} ({{ params.maximum.cite }} [{{ params.maximum.confidence }}]).",
        "close": "We ask you to consider the application and to send your decision to us at the address below.",
    },
}


def compensation_letter(lang: str, courtesy: bool = False) -> Callable[[], Draft]:
    def make() -> Draft:
        t = COMPENSATION[lang]
        d = letter_opening(lang, t, courtesy)
        episodes(d, lang)
        d.tag("{%p if law_enforcement.reported %}")
        d.p(t["report_yes"])
        d.tag("{%p endif %}")
        d.tag("{%p if not law_enforcement.reported %}")
        d.p(t["report_no"])
        d.tag("{%p endif %}")
        d.tag("{%p for dl in deadlines %}")
        d.p(t["deadline"])
        d.tag("{%p endfor %}")
        d.tag("{%p if params.maximum.text %}")
        d.p(t["maximum"])
        d.tag("{%p endif %}")
        d.p(f"**{t['losses']}**")
        losses_table(d, lang)
        exhibit_list(d, lang)
        d.p(t["close"])
        signature(d, lang)
        correspondence(d, lang)
        sources_block(d, lang)
        return d

    return make


# --- every remedy: evidence checklist ------------------------------------------------------------------

def evidence_checklist() -> Draft:
    d = Draft("en")
    d.p("**EVIDENCE CHECKLIST**", size=13)
    d.p("**{{ remedy.name }}** ({{ remedy.id }})")
    d.p("{{ survivor.name }} · case {{ case_id }} · {{ doc.date }} · screening: {{ remedy.status }}")
    d.p("For the legal team: what usually proves each requirement, what the case file already has, and what "
        "to use when the usual evidence cannot be had.", italic=True, size=9)
    d.tag("{%p for n in checklist %}")
    d.h("{{ n.label }}: {{ n.status }}", level=2)
    d.tag("{%p for it in n.usual %}")
    d.p("☐ {{ it }}")
    d.tag("{%p endfor %}")
    d.tag("{%p if n.covered %}")
    d.p("**In the case file:**")
    d.tag("{%p for c in n.covered %}")
    d.bullet("{{ c }}")
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    d.tag("{%p if n.alternatives %}")
    d.p("**If the usual evidence cannot be had:**")
    d.tag("{%p for a in n.alternatives %}")
    d.bullet("{{ a }}")
    d.tag("{%p endfor %}")
    d.tag("{%p endif %}")
    d.p("[{{ n.cites }}]", size=9)
    d.tag("{%p endfor %}")
    d.tag("{%p if not checklist %}")
    d.p("The jurisdiction pack lists no evidence for this remedy: gather it by hand.")
    d.tag("{%p endif %}")
    sources_block(d, "en")
    return d


TEMPLATES: dict[str, Callable[[], Draft]] = {
    "us/t_visa_cover_letter.docx": t_visa_cover_letter,
    "us/t_visa_declaration.docx": t_visa_declaration,
    "us/t_visa_supplement_b_request.docx": t_visa_supplement_b_request,
    "us/t_visa_i192_statement.docx": t_visa_i192_statement,
    "us/t_visa_supplement_a_summary.docx": t_visa_supplement_a_summary,
    "us/t_visa_exhibit_index.docx": t_visa_exhibit_index,
    "us/restitution_memo.docx": restitution_memo,
    "us-ca/cvc_cover_letter.docx": cvc_cover_letter("California"),
    "us-ny/cvc_cover_letter.docx": cvc_cover_letter("New York"),
    "us-tx/cvc_cover_letter.docx": cvc_cover_letter("Texas"),
    "us-mn/cvc_cover_letter.docx": cvc_cover_letter("Minnesota"),
    "gb/nrm_recovery_period_letter.docx": gb_nrm_letter,
    "gb/cica_support_letter.docx": gb_cica_letter,
    "nl/reflection_period_request.nl.docx": reflection_request("nl"),
    "nl/reflection_period_request.en.docx": reflection_request("en", courtesy=True),
    "de/reflection_period_request.de.docx": reflection_request("de"),
    "de/reflection_period_request.en.docx": reflection_request("en", courtesy=True),
    "be/reflection_period_request.fr.docx": reflection_request("fr"),
    "be/reflection_period_request.en.docx": reflection_request("en", courtesy=True),
    "bg/reflection_period_request.bg.docx": reflection_request("bg"),
    "bg/reflection_period_request.en.docx": reflection_request("en", courtesy=True),
    "nl/schadefonds_cover_letter.nl.docx": compensation_letter("nl"),
    "nl/schadefonds_cover_letter.en.docx": compensation_letter("en", courtesy=True),
    "bg/state_compensation_cover_letter.bg.docx": compensation_letter("bg"),
    "bg/state_compensation_cover_letter.en.docx": compensation_letter("en", courtesy=True),
    "common/evidence_checklist.docx": evidence_checklist,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="show which templates exist and which are missing")
    args = parser.parse_args(argv)
    made = 0
    for rel, make in TEMPLATES.items():
        path = HERE / rel
        if path.exists():
            if args.list:
                print(f"exists   {rel}")
            continue
        if args.list:
            print(f"missing  {rel}")
            continue
        make().save(path)
        print(f"created  {rel}")
        made += 1
    if not args.list:
        print(f"{made} template(s) created; existing templates were left untouched.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
