"""The README's rule table is the catalog's."""

from tests.helpers import REPO
from wslint.cli import rules_markdown_table


def test_readme_rule_table_matches_the_catalog() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert rules_markdown_table() in readme, "regenerate with: wslint rules --output-format markdown"
