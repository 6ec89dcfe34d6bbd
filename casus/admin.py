from django.contrib import admin

from .models import Thema


@admin.register(Thema)
class ThemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "zvh", "actief"]
    list_filter = ["zvh", "actief"]
