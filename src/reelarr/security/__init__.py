"""Who may call what, decided once at the edge for every route (see :mod:`.gate`).

- :mod:`.gate`: the ASGI middleware every request passes first: host allow-list, body-size
  caps, authentication by route class (public, API key, UI), the cross-site check, and the
  browser-hardening headers.
- :mod:`.sessions`: signed-in browsers kept server-side, and the CSRF token bound to them.
- :mod:`.throttle`: login attempts slowed per address and per user.
- :mod:`.hosts`: which client addresses are local and which host names Reelarr answers to.
"""
