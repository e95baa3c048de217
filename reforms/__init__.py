"""Reforms (law changes), one module per reform; ``openfisca_amsterdam.reforms_registry`` finds and applies them.

List them with ``openfisca-amsterdam reforms``.
"""
