import os
import sys

# The job's package, as stats_job.py puts it on the path.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
