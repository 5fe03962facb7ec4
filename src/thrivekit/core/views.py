from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render


def start(request):
    if request.user.is_authenticated:
        return redirect("sites:choose")
    return render(request, "core/start.jinja")


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def accessibility(request):
    return render(request, "core/accessibility.jinja")


def bad_request(request, exception=None):
    return render(request, "core/400.jinja", status=400)


def not_found(request, exception=None):
    return render(request, "core/404.jinja", status=404)


def forbidden(request, exception=None):
    return render(request, "core/403.jinja", status=403)


def server_error(request):
    return render(request, "core/500.jinja", status=500)
