"""Populations that remember who holds which role (machinery; the results are OpenFisca's own).

OpenFisca's ``Population.has_role`` compares the object array of every member's role with the role on each call, and
``GroupPopulation.sum(..., role=...)`` calls it every time: 5% of a population run. The roles do not change after a
simulation is built, so the mask is computed once per role and kept, read-only, as long as the group's
``members_role`` array is the same object. Used by the baseline system and every reform built on ``NamedReform``.
"""

from __future__ import annotations

from openfisca_core.populations import GroupPopulation, Population


class RoleMaskPopulation(Population):
    """A person population whose ``has_role`` masks are computed once per role."""

    def has_role(self, role):
        if self.simulation is None:
            return None
        group = self.simulation.get_population(role.entity.plural)
        masks = self.__dict__.setdefault("_role_masks", {})
        known = masks.get(role.key)
        if known is not None and known[0] is group.members_role:
            return known[1]
        mask = super().has_role(role)
        mask.setflags(write=False)
        masks[role.key] = (group.members_role, mask)
        return mask


class RoleMaskEntities:
    """Mixin for a ``TaxBenefitSystem``: its simulations use :class:`RoleMaskPopulation` for persons."""

    def instantiate_entities(self):
        members = RoleMaskPopulation(self.person_entity)
        populations = {self.person_entity.key: members}
        for entity in self.group_entities:
            populations[entity.key] = GroupPopulation(entity, members)
        return populations
