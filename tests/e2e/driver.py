"""Drive a docassemble interview in Chromium as a person would, from the scripted answers the in-process tests use.

Each screen is read from the page itself: docassemble names every input after its variable (base64, and
``_field_N`` names mapped in the hidden ``_varnames``), so the driver knows which answer goes where without
knowing the interview. It types into text boxes, clicks the labels of radio buttons and checkboxes, chooses
from drop-downs, sets files on upload fields and presses the screen's button; with ``keyboard=True`` it
reaches every control with Tab and the arrow keys and presses Space or Enter, never the mouse. On every new
screen it runs axe-core and keeps a screenshot.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from playwright.sync_api import Page

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"

# Every control of the interview form: its variable (decoded), kind, value and element id.
READ_SCREEN = r"""() => {
  const dec = (s) => { try { s = s.replace(/-/g, '+').replace(/_/g, '/'); while (s.length % 4) s += '=';
    return decodeURIComponent(escape(atob(s))); } catch (e) { return null; } };
  const form = document.getElementById('daform');
  const qn = document.querySelector('input[name="_question_name"]');
  const vn = document.querySelector('input[name="_varnames"]');
  let varnames = {};
  if (vn && vn.value) { try { const m = JSON.parse(dec(vn.value));
    for (const k in m) varnames[dec(k)] = dec(m[k]); } catch (e) {} }
  const controls = [];
  let plain = -1;
  const allButtons = form ? Array.from(form.querySelectorAll('button')) : [];
  allButtons.forEach((b, i) => { if (plain < 0 && b.type === 'submit' && !b.name && b.offsetParent) plain = i; });
  if (form) for (const el of form.querySelectorAll('input, select, textarea, button')) {
    if (el.classList.contains('danota-checkbox')) {
      controls.push({variable: '__nota__', tag: 'input', type: 'checkbox', value: el.value, id: el.id,
                     checked: !!el.checked, label: '', visible: true, index: -1});
      continue;
    }
    if (!el.name || el.name.startsWith('_') || el.name === 'csrf_token') continue;
    let name = dec(el.name);
    if (name === null) continue;
    if (varnames[name]) name = varnames[name];
    const part = name.match(/^(_field_\d+)(\[.*\])$/);
    if (part && varnames[part[1]]) name = varnames[part[1]] + part[2];
    const label = el.id ? document.querySelector('label[for="' + CSS.escape(el.id) + '"]') : null;
    controls.push({variable: name, tag: el.tagName.toLowerCase(), type: (el.type || '').toLowerCase(),
                   value: el.value, id: el.id, checked: !!el.checked, label: label ? label.innerText.trim() : '',
                   visible: !!(el.offsetParent || (label && label.offsetParent)),
                   index: el.tagName === 'BUTTON' ? allButtons.indexOf(el) : -1 });
  }
  let event = [];
  const ev = document.querySelector('#daform input[name="_event"]');
  if (ev && ev.value) { try { event = JSON.parse(dec(ev.value)); } catch (e) {} }
  const bodyQuestion = Array.from(document.body.classList).find(c => c.startsWith('question-'));
  const id = qn ? qn.value.replace(/^ID /, '') : (bodyQuestion ? bodyQuestion.slice(9).replace(/-/g, '_') : null);
  return {id: id, controls: controls, plain: plain, event: event,
          tracker: (document.querySelector('input[name="_tracker"]') || {}).value || null,
          title: (document.getElementById('daMainQuestion') || {}).innerText || ''};
}"""


class DriveError(AssertionError):
    """The interview did not go where the answers lead (with the screen it stopped on)."""


@dataclass
class Visit:
    screen_id: Optional[str]
    title: str
    violations: list[dict[str, Any]]
    screenshot: Optional[Path]
    continue_label: str = ""  # the text of the screen's Continue button ("" when it has none)
    words: str = ""  # every word the screen shows


@dataclass
class Driver:
    page: Page
    artifacts: Path
    keyboard: bool = False
    visits: list[Visit] = field(default_factory=list)
    axe: bool = True

    # --- the screen ---------------------------------------------------------------------------------
    def screen(self) -> dict[str, Any]:
        """The screen's id, title and controls, each variable with its list indices filled in.

        A question about list items names its fields with docassemble's index letters (``episodes[i].form``);
        the hidden ``_event`` names the concrete variable asked for (``episodes[0].form``), which gives them.
        """
        info = self.page.evaluate(READ_SCREEN)
        letters: dict[str, str] = {}
        for wanted in info.get("event") or []:
            if isinstance(wanted, str):
                for letter, number in zip("ijklmn", re.findall(r"\[([^\]]+)\]", wanted), strict=False):
                    letters.setdefault(letter, number)
        for c in info["controls"]:
            c["variable"] = re.sub(r"\[([ijklmn])\]", lambda m: f"[{letters.get(m.group(1), m.group(1))}]",
                                   c["variable"])
        return info

    def check(self) -> Visit:
        """axe-core on the screen as it is now, and a screenshot (kept as a CI artefact)."""
        info = self.screen()
        violations: list[dict[str, Any]] = []
        if self.axe:
            if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
                self.page.add_script_tag(path=str(AXE))
            result = self.page.evaluate("""async () => {
              const r = await axe.run(document, {resultTypes: ['violations']});
              return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                             nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
            }""")
            violations = list(result)
        self.artifacts.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", (info["id"] or "x").lower())
        shot = self.artifacts / f"{len(self.visits) + 1:03d}-{slug}.png"
        self.page.screenshot(path=str(shot), full_page=True)
        words = self.page.inner_text("body")
        label = self.page.evaluate("(i) => { const b = i < 0 ? null : document.querySelectorAll('#daform button')[i];"
                                   " return b ? b.innerText.trim() : ''; }", info["plain"])
        visit = Visit(info["id"], info["title"], violations, shot, label, words)
        self.visits.append(visit)
        return visit

    def serious(self) -> list[str]:
        return [f"{v.screen_id}: {x['impact']} {x['id']} ({x['help']}) at {', '.join(x['nodes'])}"
                for v in self.visits for x in v.violations if x["impact"] in ("serious", "critical")]

    # --- answering ----------------------------------------------------------------------------------
    @staticmethod
    def _general(variable: str) -> str:
        """``episodes[0].traffickers[1].name`` -> ``episodes[i].traffickers[j].name`` (docassemble's indices)."""
        letters = iter("ijklmn")
        return re.sub(r"\[\d+\]", lambda _m: f"[{next(letters)}]", variable)

    def _answer_for(self, variable: str, answers: dict[str, Any], queues: dict[str, list[Any]]) -> Any:
        for key in (variable, self._general(variable)):
            if key in queues:
                if not queues[key]:
                    raise DriveError(f"{key}: no more answers in the sequence")
                return queues[key].pop(0)
            if key in answers:
                return answers[key]
        return _MISSING

    @staticmethod
    def _text(value: Any) -> str:
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]
        if isinstance(value, bool):
            return "True" if value else "False"
        return "" if value is None else str(value)

    def _focused(self) -> set[str]:
        return set(self.page.evaluate(
            "() => { const e = document.activeElement; return e ? [e.id || '', e.getAttribute('for') || ''] : []; }"))

    def _focus_by_keyboard(self, element_id: str, group: frozenset[str] = frozenset(), limit: int = 150) -> str:
        """Press Tab until the control (or one of its radio ``group``) has the focus; return the focused id."""
        wanted = {element_id} | set(group)
        for _ in range(limit):
            here = self._focused() & wanted
            if here:
                return here.pop()
            self.page.keyboard.press("Tab")
        raise DriveError(f"could not reach #{element_id} with the Tab key")

    def _radio_by_keyboard(self, element_id: str, group: list[str]) -> None:
        """Tab into the radio group, then the arrow keys move to the choice (and choose it); Space if needed."""
        self._focus_by_keyboard(element_id, frozenset(group))
        for _ in range(len(group) + 1):
            if element_id in self._focused():
                break
            self.page.keyboard.press("ArrowDown")
        else:
            raise DriveError(f"the arrow keys did not reach #{element_id}")
        if not self.page.evaluate("(i) => document.getElementById(i).checked", element_id):
            self.page.keyboard.press("Space")

    def _select_by_keyboard(self, element_id: str, value: str) -> None:
        """Tab to the drop-down, then Home and the down arrow until the option is chosen."""
        self._focus_by_keyboard(element_id)
        count = self.page.evaluate("(i) => document.getElementById(i).options.length", element_id)
        self.page.keyboard.press("Home")
        for _ in range(count):
            if self.page.evaluate("(i) => document.getElementById(i).value", element_id) == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise DriveError(f"#{element_id} has no option {value!r} the arrow keys reach")

    def _set(self, control: dict[str, Any], value: Any) -> None:
        loc = self.page.locator(f"#{_css_id(control['id'])}")
        kind = control["type"]
        if kind == "file":
            files = value if isinstance(value, list) else [value]
            loc.set_input_files([str(f) for f in files])
        elif kind in ("radio", "checkbox"):
            want = (control["value"] == self._text(value)) if kind == "radio" else True
            if want and not control["checked"]:
                if self.keyboard and kind == "radio":
                    self._radio_by_keyboard(control["id"], control.get("group", []))
                elif self.keyboard:
                    self._focus_by_keyboard(control["id"])
                    self.page.keyboard.press("Space")
                else:
                    self.page.locator(f"label[for='{control['id']}']").first.click()
        elif control["tag"] == "select":
            if self.keyboard:
                self._select_by_keyboard(control["id"], self._text(value))
            else:
                loc.select_option(self._text(value))
        else:
            text = self._text(value)
            if self.keyboard:
                self._focus_by_keyboard(control["id"])
                self.page.keyboard.press("Control+A")
                self.page.keyboard.type(text)
            else:
                loc.fill(text)

    def answer_screen(self, answers: dict[str, Any], queues: dict[str, list[Any]]) -> bool:
        """Fill what the answers say, in passes: a field shown by another's answer (``show if``) comes next."""
        done: set[str] = set()
        info = self.screen()
        for _ in range(5):
            info = self.screen()
            inputs = [c for c in info["controls"] if c["tag"] != "button" and c["visible"]]
            fresh = [c for c in inputs if c["variable"] not in done]
            if not fresh:
                break
            self._fill(info, inputs, fresh, answers, queues)
            done |= {c["variable"] for c in fresh}
        buttons = [c for c in info["controls"] if c["tag"] == "button"]
        return self._press(info, buttons, answers, queues)

    def _fill(self, info: dict[str, Any], inputs: list[dict[str, Any]], fresh: list[dict[str, Any]],
              answers: dict[str, Any], queues: dict[str, list[Any]]) -> None:
        by_var: dict[str, list[dict[str, Any]]] = {}
        for c in fresh:
            by_var.setdefault(c["variable"], []).append(c)
        for variable, controls in by_var.items():
            kind = controls[0]["type"]
            if kind == "checkbox" and len(controls) == 1 and variable != "__nota__":
                value = self._answer_for(variable, answers, queues)
                if value is not _MISSING and bool(value) != controls[0]["checked"]:
                    self._set(controls[0], True)
                continue
            value = self._answer_for(variable, answers, queues)
            if value is _MISSING:
                continue
            if kind == "radio":
                match = [c for c in controls if c["value"] == self._text(value)]
                if not match:
                    raise DriveError(f"{info['id']}: {variable} has no choice {value!r} "
                                     f"(choices: {[c['value'] for c in controls]})")
                self._set(dict(match[0], group=[c["id"] for c in controls]), value)
            else:
                self._set(controls[0], value)
        # checkboxes: docassemble names each box after the list variable and its key, e.g. means[B'ZnJhdWQ']
        boxes: dict[str, list[dict[str, Any]]] = {}
        for c in fresh:
            m = re.match(r"^(.*)\[B?['\"](.+)['\"]\]$", c["variable"])
            if c["type"] == "checkbox" and m:
                boxes.setdefault(m.group(1), []).append(dict(c, key=_unb64(m.group(2))))
        for variable, controls in boxes.items():
            value = self._answer_for(variable, answers, queues)
            if value is _MISSING:
                continue
            wanted = {self._text(v) for v in (value or [])}
            nota = [c for c in inputs if c["variable"] == "__nota__"]
            if not wanted and nota and not nota[0]["checked"]:
                self._set(nota[0], True)
            for c in controls:
                if (c["key"] in wanted) != c["checked"]:
                    self._set(dict(c, checked=False), True)

    def _press(self, info: dict[str, Any], buttons: list[dict[str, Any]], answers: dict[str, Any],
               queues: dict[str, list[Any]]) -> bool:
        """Press the button the answers choose, else the screen's Continue; False when there is none."""
        target = None
        for b in buttons:
            value = self._answer_for(b["variable"], dict(answers), {k: list(v) for k, v in queues.items()})
            if value is not _MISSING and b["value"] == self._text(value):
                self._answer_for(b["variable"], answers, queues)  # consume a queued answer
                target = b
                break
        before = info["tracker"]
        index = target["index"] if target is not None else info["plain"]
        if index < 0:
            return False
        loc = self.page.locator("#daform button").nth(index)
        if self.keyboard:
            ident = loc.evaluate("(el) => { el.id = el.id || 'sr-e2e-press'; return el.id; }")
            self._focus_by_keyboard(ident)
            self.page.keyboard.press("Enter")
        else:
            loc.click()
        self._wait_next(before, info["id"])
        return True

    def _wait_next(self, tracker: Optional[str], screen_id: Optional[str], timeout: float = 60.0) -> None:
        """Wait until docassemble shows the next screen (its tracker changes), or a validation message."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                now = self.page.evaluate("() => { const t = document.querySelector('input[name=\"_tracker\"]');"
                                         " return t ? t.value : 'gone:' + location.href; }")
            except Exception:  # the page is navigating
                time.sleep(0.1)
                continue
            if now != tracker:
                self.page.wait_for_load_state("domcontentloaded")
                return
            errors = self.page.locator(".da-has-error:visible, .invalid-feedback:visible, label.da-has-error")
            if errors.count():
                raise DriveError(f"{screen_id}: the screen refused the answers: "
                                 f"{' | '.join(errors.all_inner_texts())[:500]}")
            time.sleep(0.1)
        raise DriveError(f"{screen_id}: no next screen after {timeout:.0f} s")

    def run(self, answers: dict[str, Any], until: Optional[str] = None, max_screens: int = 250) -> list[Visit]:
        """Answer screen after screen until one asks nothing (or ``until``); check every screen seen."""
        answers = dict(answers)
        queues = {k: list(v) for k, v in answers.items()
                  if isinstance(v, list) and re.search(r"\.there_(is_another|are_any)$", k)}
        for _ in range(max_screens):
            visit = self.check()
            info = self.screen()
            if visit.screen_id == until:
                return self.visits
            asks = [c for c in info["controls"] if c["visible"] or c["tag"] == "button"]
            if not asks and info["plain"] < 0:
                return self.visits
            if not self.answer_screen(answers, queues):
                return self.visits
        raise DriveError(f"no end screen after {max_screens} screens")


class _Missing:
    pass


_MISSING = _Missing()


def _css_id(ident: str) -> str:
    return re.sub(r"([^a-zA-Z0-9_-])", r"\\\1", ident)


def _unb64(text: str) -> str:
    """A checkbox key as docassemble writes it in a name (``B'Zm9yY2U'``: base64 without padding)."""
    import base64

    try:
        return base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")
    except ValueError:
        return text
