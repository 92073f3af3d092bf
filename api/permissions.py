"""Who may do what through the API: everyone reads, curators write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions


class CuratorWriteOrReadOnly(BasePermission):
    """Safe methods for everyone; writes need the model's add/change/delete permission."""

    _model_permissions = DjangoModelPermissions()

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            return request.user.is_staff
        return self._model_permissions.has_permission(request, view)
