#!/usr/bin/env python3
"""Renders the template feature cases with Python jinja2, configured as Hugging Face transformers does.

Reads cases.json (a list of {name, template, variables}) next to this script and writes expected.json:
{name: {"output": text}} or {name: {"error": exception type name, "message": str(exception)}}.

Environment, as transformers.utils.chat_template_utils._compile_jinja_template sets it up:
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, loopcontrols]),
where transformers' AssistantTracker contributes the {% generation %} block; outside assistant-mask tracking it
renders its body as a call block does, which GenerationBlock here reproduces without importing transformers;
tojson = json.dumps(x, ensure_ascii, indent, separators, sort_keys) with ensure_ascii False by default,
globals raise_exception (raises TemplateError) and strftime_now. The one difference: strftime_now reads a
fixed time, 2024-07-26 13:05:09 (a Friday), so that the expected text does not change from run to run; the
Java test sets the same time through ChatTemplate.withClock.

Run with jinja2 3.1.6:  python3 render_cases.py
"""
import datetime
import json
import pathlib

import jinja2
from jinja2 import nodes
from jinja2.exceptions import TemplateError
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

FIXED_NOW = datetime.datetime(2024, 7, 26, 13, 5, 9)


class GenerationBlock(Extension):
    """{% generation %}...{% endgeneration %}: the body, rendered like the body of a call block."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render"), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[GenerationBlock, loopcontrols])

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def raise_exception(message):
        raise TemplateError(message)

    def strftime_now(format):
        return FIXED_NOW.strftime(format)

    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def render(env, case):
    try:
        return {"output": env.from_string(case["template"]).render(**case.get("variables", {}))}
    except Exception as e:  # every failure is an expected outcome to record
        return {"error": type(e).__name__, "message": str(e)}


def main():
    here = pathlib.Path(__file__).resolve().parent
    cases = json.loads((here / "cases.json").read_text(encoding="utf-8"))
    names = [c["name"] for c in cases]
    if len(names) != len(set(names)):
        raise SystemExit("duplicate case names")
    env = environment()
    expected = {"renderer": "Python jinja2 " + jinja2.__version__ + ", transformers settings",
                "cases": {c["name"]: render(env, c) for c in cases}}
    (here / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
