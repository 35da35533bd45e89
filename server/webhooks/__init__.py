"""Signed webhooks: endpoints per event, a transactional outbox, delivery with retries and a log."""
