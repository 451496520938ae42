"""The hooks the commitments app offers to the apps above it (names in the one style of cms/hooks.py).

- ``COMMITMENT_PAGE_SECTIONS_HOOK``: ``fn(request, commitment) -> str`` — HTML of a section on a commitment's
  page (e.g. the library's linked publications); an empty string adds nothing.
"""

COMMITMENT_PAGE_SECTIONS_HOOK = "roundtable_commitments_page_sections"
