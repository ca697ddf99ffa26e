"""Award decisions (Quyết định số …/QĐ-UBND) grouping approved lines, their list of awards
(.xlsx, PDF) and their Giấy khen (merit.py) — `khen-thuong/…/quyet-dinh/…`,
`quyet-dinh/<pk>/giay-khen…`: urls, views, forms, services, merit; templates/awards/decisions/."""
