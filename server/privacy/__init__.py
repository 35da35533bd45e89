"""Account lifecycle (GDPR Art. 15, 17, 20): export, erasure, event retention and the organizers' audit log."""
