"""Retries without duplicates: POSTs that create things honour `Idempotency-Key`."""
