"""The ten criteria of the annex "Tiêu chí đánh giá công dân số" (Kế hoạch 86/KHPH-UBND),
in the plan's own wording: forms, screens and templates show exactly these."""

CRITERIA_TEXT = (
    "Công dân có sử dụng dịch vụ Internet đường truyền băng rộng cáp quang hoặc 4G.",
    "Công dân có máy tính bảng hoặc điện thoại thông minh.",
    "Công dân được tuyên truyền, hướng dẫn sử dụng các nền tảng, ứng dụng thanh toán trực "
    "tuyến: mua, bán online, trả tiền điện, tiền nước, cước viễn thông, thu, nộp học phí bằng "
    "hình thức không sử dụng tiền mặt, thanh toán điện tử, thanh toán số.",
    "Công dân được cài đặt và sử dụng nền tảng mua sắm trực tuyến: Voso, Postmart...",
    "Công dân có tài khoản trên Cổng dịch vụ công quốc gia.",
    "Công dân thực hiện nộp đảng phí; các loại quỹ; tiền ủng hộ cho chi bộ, tổ dân phố qua "
    "Số tài khoản ngân hàng của Chi bộ, Tổ dân phố.",
    "Công dân cài đặt và sử dụng các phương thức thanh toán không dùng tiền mặt vào: Nộp thuế, "
    "Trả tiền điện, tiền nước, cước viễn thông, viện phí, học phí, các phí, lệ phí thủ tục "
    "hành chính ...",
    "Công dân trong độ tuổi trưởng thành được cài đặt và sử dụng ứng dụng tiện ích như: Hồ sơ "
    "sức khỏe điện tử, VOV Bacsi24, Báo cháy 114, PC Covid - 19 ...",
    "Công dân được cấp căn cước công dân.",
    "Công dân được cấp mã định danh điện tử tích hợp hiển thị thông tin căn cước công dân, thẻ "
    "bảo hiểm y tế, thông tin giấy phép lái xe, thực hiện thông báo lưu trú...",
)

# Short labels for narrow screens and table headers.
CRITERIA_SHORT = (
    "Internet cáp quang / 4G",
    "Điện thoại thông minh / máy tính bảng",
    "Được hướng dẫn thanh toán trực tuyến",
    "Dùng nền tảng mua sắm trực tuyến",
    "Tài khoản Cổng DVC quốc gia",
    "Nộp đảng phí, quỹ qua ngân hàng",
    "Thanh toán không dùng tiền mặt",
    "Dùng ứng dụng tiện ích",
    "Có căn cước công dân",
    "Định danh điện tử (VNeID mức 2)",
)

SCORING_NOTES = (
    "Áp dụng tính với công dân từ đủ 18 tuổi trở lên trong gia đình.",
    "Mỗi tiêu chí được tính = 10 điểm.",
    "Đạt Công dân số nếu được số điểm: 90/100 điểm.",
)
