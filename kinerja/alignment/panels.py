"""What alignment adds to other apps' pages: the SKP page's panel of each RHK's chain to the mission."""

from __future__ import annotations

from django.urls import reverse

from kinerja.skp.panels import SkpPanel

from .cascade import chain_for_skp


def skp_chains(skp) -> dict | None:
    """The chains of the SKP's RHK (the page's SKP has them prefetched: no RHK, no query, no panel)."""
    if not skp.rhks.all():
        return None
    chains = chain_for_skp(skp)
    if not chains:
        return None
    return {"chains": chains, "map_url": reverse("alignment:map")}


SKP_CHAINS = SkpPanel(key="alignment.chains", template="alignment/_skp_panel.html", context=skp_chains)
