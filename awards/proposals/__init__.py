"""Award proposals of a phase (R6 TDP award, R8 ward team, R9 nominations), the Chairman's
approval of each line, the ward's targets (R8) and the pledge list — `khen-thuong/…`:
urls, views, forms, services; templates/awards/proposals/."""
