"""The pages, by area: workout (logging), progress (history and progress), coaching (summary and comments,
overrides, the dashboard). The import/export pages live in training_log.transfer.views."""
