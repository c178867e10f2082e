-- A migration the demo's verify stage lints against green before anyone runs it there:
-- a column appended at the end and a new index keep green replicating (compatible).
ALTER TABLE app.books ADD COLUMN isbn VARCHAR(20) NULL;
CREATE INDEX orders_ordered_at ON app.orders (ordered_at);
