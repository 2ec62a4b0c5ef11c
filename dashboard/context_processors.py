def site(request):
    return {"SITE_NAME": "Probation inspection league (unofficial)"}
