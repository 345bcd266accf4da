"""Run a module of the docassemble server (``python darun.py MODULE ARGS...``) with two import-time needs met.

docassemble_pattern's English module downloads NLTK wordnet when imported (it fails or hangs without that
host), and docassemble.base.pattern tries more NLTK downloads. No interview step uses wordnet, so a stub
module stands in and downloads are switched off. Used for gunicorn, the Celery worker and create_tables;
child processes they fork inherit the stubs.
"""

from __future__ import annotations

import runpy
import sys
import types


def stub_nltk_downloads() -> None:
    name = "docassemble_pattern.text.en.wordnet"
    if name not in sys.modules:
        stub = types.ModuleType(name)
        stub.__path__ = []
        sys.modules[name] = stub
    import nltk

    nltk.download = lambda *args, **kwargs: False


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: darun.py MODULE [ARGS...]")
    stub_nltk_downloads()
    module = sys.argv[1]
    sys.argv = [module] + sys.argv[2:]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
