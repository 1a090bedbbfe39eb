"""Evaluation rules (issue 10; DOMAIN §4–§6, §12): pure, no Django.

``ratings`` (codes and labels), ``schemes`` (versioned scoring schemes a period names by id), ``curve``
(the distribution curve of a unit's predikat), ``suggest`` (suggested ratings and org predikat),
``credit`` (angka kredit of functional officials), ``feedback360`` (360° answers → a rating perilaku).
"""
