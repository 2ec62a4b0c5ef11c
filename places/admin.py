"""The councils and police force areas, for reference: they are built from the ONS packages
(`manage.py build_places`), so the admin shows them and does not edit them."""

from django.contrib import admin

from .models import Council, DirectoryVersion, PoliceForceArea


class BuiltFromPackages(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(BuiltFromPackages):
    list_display = ["name", "code", "country", "police_force_area", "police_force_area_share", "postcode_count"]
    list_filter = ["country", "police_force_area"]
    search_fields = ["name", "ons_name", "code"]
    list_select_related = ["police_force_area"]


@admin.register(PoliceForceArea)
class PoliceForceAreaAdmin(BuiltFromPackages):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(DirectoryVersion)
class DirectoryVersionAdmin(BuiltFromPackages):
    list_display = ["postcodes_version", "authorities_version", "postcode_count", "built_at"]
