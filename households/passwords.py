"""Django's four password validators with Vietnamese messages and help texts.

Django's Vietnamese catalogue translates only some of these messages (the minimum length one
is left in English), so the text is given here, keyed to the same error codes."""

from django.contrib.auth import password_validation as base


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self):
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self):
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử."

    def get_help_text(self):
        return "Mật khẩu không được giống tên đăng nhập, họ tên hoặc thư điện tử."


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu này quá phổ biến, dễ bị đoán ra."

    def get_help_text(self):
        return "Không dùng mật khẩu phổ biến (như 12345678, password)."


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self):
        return "Mật khẩu không được chỉ gồm chữ số."
