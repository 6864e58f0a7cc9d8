"""Compiles the message catalogs into every wheel and sdist (the rest of the build is in pyproject.toml).

The compiled .mo files are not kept in the repository; without this a package
built from it would speak only English.
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

TRANSLATIONS = Path(__file__).resolve().parent / "coordinator" / "translations"


def compile_catalogs() -> None:
    """Write messages.mo beside each messages.po (fuzzy entries included, as `make translations` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog, use_fuzzy=True)


class BuildPyWithCatalogs(build_py):
    def run(self):
        compile_catalogs()
        super().run()


class SdistWithCatalogs(sdist):
    def run(self):
        compile_catalogs()
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogs, "sdist": SdistWithCatalogs})
