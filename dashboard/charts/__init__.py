"""Charts, maps and images the server draws: pure functions from selector output to figures, PNGs and SVGs."""
