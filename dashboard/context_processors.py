SITE_NAME = "Probation inspection league (unofficial)"
SITE_DESCRIPTION = (
    "An unofficial league table of HM Inspectorate of Probation ratings"
    " for the probation providers of England and Wales."
)


def site(request):
    return {"SITE_NAME": SITE_NAME, "SITE_DESCRIPTION": SITE_DESCRIPTION}
