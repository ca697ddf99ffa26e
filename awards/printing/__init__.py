"""Printing: the PDF renderer every document uses (pdf.py), background print jobs (tasks.py)
and their pages — `in-an/…`, the certificate print form `giay-chung-nhan/in/`: urls, views,
forms, services; templates/awards/printing/ (printed layouts: templates/awards/pdf/)."""
