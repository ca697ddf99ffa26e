"""The city above the wards: every ward of the city side by side for a campaign year
(standings, per-criterion adoption, progress of the four steps, R8 targets met), and the
targets the city assigns each ward. The city's office reads every ward and changes none of
a ward's data; its only write is the targets it assigns (R8)."""
