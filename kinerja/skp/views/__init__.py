"""SKP pages: my SKP, the editor (htmx inline rows), the workflow, the team's SKPs and HR monitoring.

One module per concern: ``pages`` (the SKP page, my SKP), ``editor``, ``workflow``, ``team`` (the evaluating
official's team, HR monitoring), ``admin`` (periods, templates, place of signing); ``common`` holds the lookups
they share. What an SKP shows is decided in :mod:`kinerja.skp.presentation`, shared with the documents.

Reads go through ``permissions.restrict_skps`` (an SKP outside the user's scope is a 404); a visible
SKP the user may not change is a 403. Every write is one call of :mod:`kinerja.skp.services`; its
ValidationError lands on the form next to the field it names. Forms carry the SKP's ``lock_version``:
a save against a newer version comes back with the user's input and the conflict message, and the
form then carries the current version so that saving again is a deliberate choice.

The editor works without JavaScript (every inline form is also a page of its own); with htmx the
forms open in place and a save swaps in the refreshed section.
"""
