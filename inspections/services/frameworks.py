"""Which framework an inspection is rated against, and the parts of a framework validation checks against."""

from .. import rating_rules
from ..models import Framework, KeyQuestion


def framework_for(provider_type, published_on=None):
    """The framework for a provider type in force on a date (the latest introduced by then)."""
    frameworks = Framework.objects.filter(provider_type=provider_type).order_by("-introduced_on", "-pk")
    if published_on is not None:
        in_force = [fw for fw in frameworks if fw.introduced_on is None or fw.introduced_on <= published_on]
        if in_force:
            return in_force[0]
    return frameworks.first()


def framework_parts(framework):
    """(standards by key: code, or slug where the framework numbers none; key questions by code; domains by
    number; the ratings its bands allow)."""
    standards = {standard.key: standard for standard in framework.standards.all()}
    key_questions = {
        key_question.code: key_question
        for key_question in KeyQuestion.objects.filter(standard__framework=framework).select_related("standard")
    }
    domains = {domain.number: domain for domain in framework.domains.all()}
    band_ratings = {band.rating for band in framework.bands.all()} or set(rating_rules.RATINGS)
    return standards, key_questions, domains, band_ratings
