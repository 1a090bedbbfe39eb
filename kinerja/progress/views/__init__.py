"""Progress pages, one module per side: the employee's own (``mine``, ``report``, ``log``, ``plans``), the
superior's (``team``), and the evidence download (``evidence``)."""
