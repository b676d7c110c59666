"""Mentions → entities: gazetteer, recognition rules, and cross-article linking."""

from reader.entities.model import ENTITY_TYPES, Entity, Mention

__all__ = ["ENTITY_TYPES", "Entity", "Mention"]
