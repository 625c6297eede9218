"""Window statistics of the MiniDT detector, shared by the streaming and batch
modes of workers/spark/stats_job.py.

The definition these modules implement is the TypeScript reference in
lib/detector/ (parse-text.ts, parse-dat.ts, window-stats.ts); every rule that
DETECTOR.md leaves open follows the reference's choice, and the tests in
tests/spark-stats.test.ts compare the two message by message.
"""
