"""The routing data set (hand-written phrasing families, split by family) and the trained router."""
