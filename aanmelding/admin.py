from django.contrib import admin

from .models import RegionaalCriterium


@admin.register(RegionaalCriterium)
class RegionaalCriteriumAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "zvh", "volgorde", "actief"]
    list_filter = ["zvh", "actief"]
