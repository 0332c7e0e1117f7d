"""Drift: the training rows of the model in service against what the service was asked.

`reference` is stored with each published version by the training pipeline; `window` reads
the recent predictions from the log; `report` runs Evidently on both; `storage` keeps the
reports in the object store. Only `report` imports Evidently (slow to import), so the API
and the training pipeline never pay for it.
"""
