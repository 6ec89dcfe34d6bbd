from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Medewerker, Organisatie, Partnerschap, RolToewijzing, Zvh


@admin.register(Zvh)
class ZvhAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "regio", "actief"]


class PartnerschapInline(admin.TabularInline):
    model = Partnerschap
    extra = 0


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "type", "actief"]
    list_filter = ["type", "actief"]
    search_fields = ["naam"]
    inlines = [PartnerschapInline]
    readonly_fields = ["groep"]


class RolInline(admin.TabularInline):
    model = RolToewijzing
    fk_name = "medewerker"
    extra = 0
    readonly_fields = ["toegekend_op", "toegekend_door"]


@admin.register(Medewerker)
class MedewerkerAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Organisatie"), {"fields": ("organisatie", "functie", "telefoon")}),
    )
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_select_related = ["organisatie"]
    inlines = [RolInline]
