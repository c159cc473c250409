"""lessonkit: lessons as data -> figures, computed numbers and expanded pages.

Run `python -m lessonkit.build --docs docs --out build`; see CONTRIBUTING.md.
"""
