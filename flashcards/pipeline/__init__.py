"""One build, from sources to package: the stages tied together, the checks across sources, where files go."""
