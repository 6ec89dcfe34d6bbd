"""Responses of the application are never stored by a browser or a proxy.

Pages show personal data; a shared computer's back button or disk cache must not bring them
back after logout. Static files are served before this middleware (whitenoise) and stay
cacheable.
"""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
