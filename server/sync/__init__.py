"""Delta sync for the app: `GET /me/sync?since=` with tombstones (see service)."""
