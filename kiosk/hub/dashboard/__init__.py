"""The managers' dashboard: a web page the hub serves to store managers and head office.

- `auth`: back-office users' browser sessions (a cookie, never a bearer token), the
  same-origin check on every POST, and the sign-in's rate limits;
- `queries`: the figures (counts only: the funnel, products, stock alerts, mirrors);
- `pages`: the login page and the dashboard's HTML in English and Chinese, with their
  strict headers;
- `static/`: the page's own script and style sheet (no CDN, no font from elsewhere); the
  charts are inline SVG the script draws from the JSON.

The routes are `kiosk.hub.routers.dashboard`; users come from `kiosk hub user add`
(`kiosk.hub.backoffice_users`).
"""
