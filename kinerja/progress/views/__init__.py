"""Progress pages, one module per side (the superior's: ``team``)."""
