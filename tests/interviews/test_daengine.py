"""The in-process docassemble driver itself (tests/support/daengine.py), on the test-only interviews in
tests/interviews/fixtures_pkg (package docassemble.srtestfixtures): each test checks what the real engine did."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from pypdf import PdfReader

from tests.support import daengine
from tests.support.daengine import AnswersMissing, SessionEnded, ValidationFailed

SELFTEST = "docassemble.srtestfixtures:data/questions/driver_selftest.yml"
GOOD = {"person_name": "Ana", "first_date": "2020-01-02", "second_date": dt.date(2021, 3, 4), "how_many": 3,
        "colour": "blue", "tags": ["beta"], "has_nickname": False}
REST = {"likes_tea": True, "pets[0].name": "Rex", "pets[1].name": "Tom", "pets[1].friendly": True,
        "pets.there_is_another": [True, False]}


@pytest.fixture
def selftest(da_session: Callable[..., Any]) -> daengine.Session:
    return da_session(SELFTEST)


def test_boot_writes_config_and_reports_setup(da_engine: daengine.BootInfo) -> None:
    config = yaml.safe_load(da_engine.config.read_text())
    assert config["locale"] == "en_US.utf8" and len(config["secretkey"]) >= 24
    assert da_engine.seconds > 0
    assert daengine.boot(Path("/nonexistent")) is da_engine  # a second boot returns the first
    if da_engine.libreoffice is not None:
        assert (da_engine.workdir / "lo-profile" / "user" / "basic" / "Standard" / "Module1.xba").exists()


def test_step_describes_fields_choices_and_screen_parts(selftest: daengine.Session) -> None:
    screen = selftest.step()
    assert (screen.id, screen.type, screen.text) == ("selftest person", "fields", "About you")
    kinds = {f.variable: (f.datatype, f.required) for f in screen.fields}
    assert kinds["first_date"] == ("date", True)
    assert kinds["how_many"] == ("integer", True)
    assert kinds["tags"] == ("checkboxes", False)
    assert kinds["has_nickname"] == ("boolean", True)
    assert kinds["note"] == ("text", False)
    assert [(c.label, c.value) for c in screen.field("colour").choices] == [("Red", "red"), ("Blue", "blue")]
    assert (screen.field("how_many").minimum, screen.field("how_many").maximum) == ("0", "10")
    assert screen.parts["full"] == "Driver self-test" and screen.parts["exit url"] == "https://example.org/left"
    assert screen.actions() == ["selftest_leave"]
    assert screen.language == "en" and not screen.is_end


def test_answer_coerces_like_the_web_form(selftest: daengine.Session) -> None:
    assert selftest.step().field("pronouns").input_type == "combobox"
    selftest.answer({**GOOD, "pronouns": "xe/xem"})  # a combobox takes words that are not among its choices
    assert selftest.get("pronouns") == "xe/xem"
    assert selftest.get("type(first_date).__name__") == "DADateTime"
    assert selftest.get("second_date.date()") == dt.date(2021, 3, 4)
    assert selftest.get("how_many") == 3
    assert selftest.get("list(tags.true_values())") == ["beta"]
    assert selftest.get("note") == ""  # optional text left out
    assert not selftest.defined("nickname")  # hidden by `show if: has_nickname`
    assert selftest.step().id == "selftest tea"


def test_show_if_field_is_asked_when_shown(selftest: daengine.Session) -> None:
    selftest.step()
    with pytest.raises(ValidationFailed, match="This field is required") as err:
        selftest.answer({**GOOD, "has_nickname": True})
    assert err.value.variable == "nickname"
    selftest.answer({**GOOD, "has_nickname": True, "nickname": "Annie"})
    assert selftest.get("nickname") == "Annie"


@pytest.mark.parametrize("change, message", [
    ({"person_name": None}, "This field is required."),
    ({"how_many": 11}, "at most 10"),
    ({"how_many": "many"}, "You need to enter a number."),
    ({"colour": "green"}, "not one of the choices"),
    ({"tags": ["gamma"]}, "not a choice"),
    ({"first_date": "not a date"}, "valid date"),
    ({"person_name": "Ana 2"}, "Please write the name without numbers."),  # the field's validate: function
    ({"second_date": "2019-01-01"}, "The second date is before the first date."),  # validation code
])
def test_refused_answers_leave_nothing_set(selftest: daengine.Session, change: dict, message: str) -> None:
    selftest.step()
    with pytest.raises(ValidationFailed, match=message):
        selftest.answer({**GOOD, **change})
    assert not selftest.defined("person_name") and not selftest.defined("first_date")
    assert selftest.step().id == "selftest person"


def test_validation_code_names_its_field(selftest: daengine.Session) -> None:
    selftest.step()
    with pytest.raises(ValidationFailed) as err:
        selftest.answer({**GOOD, "second_date": "2019-01-01"})
    assert err.value.variable == "second_date"


def test_answer_rejects_a_variable_not_on_the_screen(selftest: daengine.Session) -> None:
    selftest.step()
    with pytest.raises(KeyError, match="likes_tea"):
        selftest.answer({**GOOD, "likes_tea": True})


def test_run_gathers_a_list_and_assembles_the_docx(selftest: daengine.Session) -> None:
    screens = daengine.run(selftest, {**GOOD, **REST})
    assert [s.id for s in screens] == ["selftest person", "selftest tea", "selftest pet", "selftest another pet",
                                       "selftest pet", "selftest another pet", "selftest done"]
    assert [s.fields[0].variable for s in screens if s.id == "selftest pet"] == ["pets[0].name", "pets[1].name"]
    assert selftest.get("[p.name for p in pets]") == ["Rex", "Tom"]
    final = screens[-1]
    assert final.is_end and final.text == "All done, Ana" and "Pets: 2." in final.subquestion
    (letter,) = final.attachments
    assert [p.text for p in Document(letter.files["docx"]).paragraphs] == ["Hello Ana."]


def test_a_field_hidden_by_show_if_code_is_neither_shown_nor_set(selftest: daengine.Session) -> None:
    """`show if: {code: i > 0}`: the first pet's screen has no such field (the web app leaves it out of the form)."""
    screens = daengine.run(selftest, {**GOOD, **REST})
    first, second = [s for s in screens if s.id == "selftest pet"]
    assert [f.variable for f in first.fields] == ["pets[0].name"]
    assert [f.variable for f in second.fields] == ["pets[1].name", "pets[1].friendly"]
    assert not selftest.defined("pets[0].friendly") and selftest.get("pets[1].friendly") is True


def test_run_reads_answers_from_a_yaml_file(da_session: Callable[..., Any], tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(yaml.safe_dump({**GOOD, **REST, "pets.there_is_another": [False], "second_date": "2022-02-02"}))
    screens = daengine.run(da_session(SELFTEST), answers)
    assert screens[-1].id == "selftest done" and len([s for s in screens if s.id == "selftest pet"]) == 1


def test_run_says_which_screen_the_answers_do_not_cover(selftest: daengine.Session) -> None:
    with pytest.raises(AnswersMissing, match="selftest tea"):
        daengine.run(selftest, GOOD)
    with pytest.raises(AnswersMissing, match="pets.there_is_another"):
        daengine.run(selftest, {**REST, "pets.there_is_another": [True]})


def test_action_link_runs_the_exit_command_and_deletes_the_answers(selftest: daengine.Session) -> None:
    selftest.step()
    selftest.answer(GOOD)
    assert selftest.defined("person_name")
    (name,) = selftest.step().actions()
    screen = selftest.action(name)
    assert (screen.command, screen.url) == ("exit", "https://example.org/left")
    assert selftest.ended and "person_name" not in selftest.user_dict
    with pytest.raises(SessionEnded):
        selftest.step()


def test_docx_to_pdf_through_docassemble_libreoffice(da_engine: daengine.BootInfo,
                                                     da_session: Callable[..., Any]) -> None:
    if da_engine.libreoffice is None:
        pytest.skip("LibreOffice (apt: libreoffice-writer-nogui) is not installed")
    screens = daengine.run(da_session("docassemble.srtestfixtures:data/questions/driver_pdf.yml"),
                           {"person_name": "Bo"})
    pdf = screens[-1].attachments[0].files["pdf"]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "Hello Bo." in PdfReader(pdf).pages[0].extract_text()
