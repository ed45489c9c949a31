"""Support code the stages share: atomic files and signals, worker processes, the collector, slugs."""
