"""scale: the engines that run the coder over a corpus.

- ``workers.py``: in this process (``--workers 1``) or in N worker processes on this
  machine (``--workers N``), the database written by this process only;
- ``dask_engine.py``: on a Dask cluster (``--engine dask``), partitions coded on the
  workers and staged as Parquet, then loaded into the store.

Both use the same reading, deduplication and merge steps (``jobs.py``, ``merge/``), so the
store they leave is the same. docs/scale.md says how to run them and how fast they are.
"""
