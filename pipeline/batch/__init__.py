"""Batch annotation: one input → one outcome, run in-process, on a local process pool or on Ray Data,
written in input order to a file or to shards, resumable, with failures recorded and the run going on."""
