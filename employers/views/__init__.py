"""Employer, staff and public pages of the employers app (thin: rules live in ``employers.services``).

- ``employer``: ``/pemberi-kerja/...``, an employer member's organisation, quota reports, workplaces,
  vacancies;
- ``staff``: ``/petugas/pemberi-kerja/...``, ``/petugas/lowongan/...``, ``/petugas/minat/``: city staff
  verify employers, review and publish vacancies, log services, review expressions of interest;
- ``public``: ``/lowongan/`` (every city, from the public index) and ``/kota/<slug>/lowongan/...``
  (one city): the public job board, readable without login, with JSON-LD and RSS/Atom feeds;
- ``common``: what they share.

Every tenant object is fetched through the city-scoped manager, so another city's is a 404.
"""
