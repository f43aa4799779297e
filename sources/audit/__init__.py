"""Audits of the machines, for fact-checkers who must trust a table before they use it.

``linking.py`` scores the linker on hand-labelled articles (``manage.py evaluate_linking``):
it sits above ingestion, the curated claims and the linker, and nothing but its command
imports it.
"""
