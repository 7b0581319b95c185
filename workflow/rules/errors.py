"""Domain errors. Each carries a Vietnamese message fit to show to the user as it is."""


class DomainError(Exception):
    """Base of every refusal the domain can give; `message` is user-facing Vietnamese."""

    default_message = "Thao tác không thực hiện được."

    def __init__(self, message: str | None = None, *, field: str | None = None):
        self.message = message or self.default_message
        # the data field the refusal is about (e.g. "award_type"), so a form can show it beside that field
        self.field = field
        super().__init__(self.message)


class NotAllowed(DomainError):
    """The actor lacks the role or the scope for this action (HTTP 403)."""

    default_message = "Bạn không có quyền thực hiện thao tác này."


class Conflict(DomainError):
    """Someone else changed the record first: optimistic version check failed (HTTP 409)."""

    default_message = "Hồ sơ đã có người xử lý trước. Vui lòng tải lại trang và thử lại."


class InvalidTransition(DomainError):
    """The action is not legal from the record's current state, or a guard refuses it (HTTP 400)."""

    default_message = "Thao tác này không hợp lệ ở trạng thái hiện tại của hồ sơ."


class ValidationFailed(DomainError):
    """The data given to a service breaks a domain rule (missing field, duplicate achievement…)."""

    default_message = "Dữ liệu không hợp lệ."
