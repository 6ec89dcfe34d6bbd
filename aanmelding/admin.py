from django.contrib import admin

from .models import Afwijsreden, RegionaalCriterium, TriageInstelling


@admin.register(RegionaalCriterium)
class RegionaalCriteriumAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "zvh", "volgorde", "actief"]
    list_filter = ["zvh", "actief"]


@admin.register(Afwijsreden)
class AfwijsredenAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "zvh", "volgorde", "actief"]
    list_filter = ["zvh", "actief"]


@admin.register(TriageInstelling)
class TriageInstellingAdmin(admin.ModelAdmin):
    list_display = ["zvh", "vier_ogen"]
