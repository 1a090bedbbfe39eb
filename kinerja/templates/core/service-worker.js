/* Kinerja's service worker (core/views.py: service_worker; what it keeps: core/offline.py). Served at the site
 * root so that its scope is the whole site; its code is a static file, versioned with the static files. */
self.KINERJA_OFFLINE = {{ config|safe }};
importScripts({{ worker|safe }});
