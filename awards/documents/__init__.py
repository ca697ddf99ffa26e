"""Procedure documents (plan III.2.3) as PDF and .xlsx — `bieu-mau/…`: phiếu tự chấm điểm
(selfassessment.py), bảng tổng hợp of a TDP (summaries.py), bảng kết quả toàn phường
(ward_results.py), the administrative .xlsx layout (workbooks.py), shared pieces (common.py);
urls, views; templates/awards/documents/."""
