"""Reads, scoped to the viewer, one module per area: sessions (the scoped getters), cards, summary,
comments, overrides, history, progress, coaching (the dashboard), volume. Import and export reads live in
training_log.transfer.selectors."""
