-- Receipt numbers for the payments recorded before receipts existed (written by hand): one
-- each, gap-free from 1, in the order they were recorded (time, then id). The "receipt"
-- sequence continues after the last of them; the "invoice" sequence starts at 0. Amounts are
-- untouched: the ledger stays append-only in money.
UPDATE transactions AS t SET receipt_no = n.rn
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS rn
      FROM transactions WHERE kind = 'PAYMENT' AND receipt_no IS NULL) AS n
WHERE t.id = n.id;
INSERT INTO sequences (name, last) SELECT 'receipt', COALESCE(MAX(receipt_no), 0) FROM transactions
ON CONFLICT (name) DO NOTHING;
INSERT INTO sequences (name, last) VALUES ('invoice', 0) ON CONFLICT (name) DO NOTHING;
