-- Schema version 9: locked items (P2). A locked item keeps its text fields sealed (AES-GCM, key from
-- the passphrase by scrypt) in `sealed`; the plain columns then hold masks such as 「【密】事项 #12」.
-- Follow-up notes of a locked item are sealed the same way. Salt, KDF parameters and a check
-- value live in meta.
ALTER TABLE items ADD COLUMN sealed TEXT;
ALTER TABLE follow_ups ADD COLUMN sealed TEXT;
