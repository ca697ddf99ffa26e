"""Giấy chứng nhận "Gia đình công dân số": numbering, issue, revoke, the list, one
certificate's PDF, the public verification page — `giay-chung-nhan/…`, `xac-minh/…`: urls,
views, forms, services; templates/awards/certificates/."""
