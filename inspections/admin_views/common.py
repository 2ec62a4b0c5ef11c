"""What every editors' view puts in its template context."""


def admin_context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "has_view_permission": model_admin.has_view_permission(request),
        **extra,
    }
