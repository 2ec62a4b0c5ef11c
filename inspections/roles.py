"""The "Editor" group: trusted volunteers who enter and correct inspections in the admin.

Editors may add, change and view inspections and everything an inspection holds,
and owners, providers and ownership periods. They get no permission on users and
groups, nor on the rating frameworks (frameworks, bands, domains, standards, key
questions, rounds), and may delete nothing: a mistaken row is corrected, and
only an administrator removes data. They may read readers' reports of mistakes and
mark them handled. Migration 0004 creates the group; corrections' 0002 adds the reports.
"""

EDITOR_GROUP = "Editor"

EDITOR_MODELS = {
    "inspections": [
        "inspection",
        "inspectionsource",
        "standardrating",
        "keyquestionresult",
        "casesample",
        "contextualfact",
        "recommendation",
    ],
    "providers": ["owner", "provider", "ownershipperiod"],
}
EDITOR_ACTIONS = ["add", "change", "view"]
# Readers' reports of mistakes: editors read them and mark them handled; readers add them.
EDITOR_REVIEWED_MODELS = {"corrections": ["mistakereport"]}
EDITOR_REVIEW_ACTIONS = ["change", "view"]


def ensure_editor_group(apps):
    """Create (or bring up to date) the Editor group with exactly its permissions.

    `apps` is a migration's app registry or `django.apps.apps`. An app whose models the registry does not
    hold yet (an earlier migration's state) is left out: its own migration calls this again.
    """
    from django.contrib.auth.management import create_permissions

    reviewed = {label: models for label, models in EDITOR_REVIEWED_MODELS.items() if _has_models(apps, label, models)}
    for label in ["auth", "contenttypes", *EDITOR_MODELS, *reviewed]:
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # create_permissions skips apps without one
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in EDITOR_MODELS.items()
        for model in models
        for action in EDITOR_ACTIONS
    ] + [
        (app_label, f"{action}_{model}")
        for app_label, models in reviewed.items()
        for model in models
        for action in EDITOR_REVIEW_ACTIONS
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)
    return group


def _has_models(apps, label, models):
    try:
        app_config = apps.get_app_config(label)
    except LookupError:
        return False
    names = {model._meta.model_name for model in app_config.get_models()}
    return set(models) <= names
