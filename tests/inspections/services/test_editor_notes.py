"""Editors' working notes are stored and kept through every save, and never reach the public history of changes."""

import pytest
from django.core.exceptions import ValidationError
from reversion.models import Version

from inspections.models import ChangeRecord
from inspections.services.inputs import inspection_input
from inspections.services.inspections import create_inspection, replace_inspection, save_inspection

NOTE = "Check the caseload against the report's annex."


def test_editors_notes_are_stored_and_kept_by_an_edit_of_other_values(kss_input):
    inspection = create_inspection(kss_input(editor_notes=NOTE))
    assert inspection.editor_notes == NOTE

    edited = inspection_input(inspection)
    edited.caseload_as_reported = "8,652"
    replace_inspection(inspection, edited)

    inspection.refresh_from_db()
    assert (inspection.caseload_as_reported, inspection.editor_notes) == ("8,652", NOTE)


def test_editors_notes_can_be_changed_and_cleared(kss_input):
    inspection, _ = save_inspection(kss_input(editor_notes=NOTE))
    replace_inspection(inspection, kss_input(editor_notes="Done."))
    inspection.refresh_from_db()
    assert inspection.editor_notes == "Done."
    replace_inspection(inspection, kss_input())
    inspection.refresh_from_db()
    assert inspection.editor_notes == ""


def test_the_public_history_never_words_an_editors_note(kss_input):
    inspection = create_inspection(kss_input(editor_notes=NOTE))
    replace_inspection(inspection, kss_input(editor_notes="A second working note.", caseload_as_reported="8,652"))
    words = " ".join(f"{record.summary} {' '.join(record.details)}" for record in ChangeRecord.objects.all())
    assert "Caseload" in words
    assert NOTE not in words and "working note" not in words


def test_editors_notes_have_a_bound(kss_input):
    with pytest.raises(ValidationError) as refused:
        create_inspection(kss_input(editor_notes="x" * 2001))
    assert "editor_notes" in refused.value.message_dict


def test_an_edit_of_editors_notes_alone_adds_nothing_to_the_public_history(kss_input):
    inspection = create_inspection(kss_input())
    records, versions = ChangeRecord.objects.count(), Version.objects.get_for_object(inspection).count()

    replace_inspection(inspection, kss_input(editor_notes=NOTE))

    assert ChangeRecord.objects.count() == records
    # The edit is still kept for editors, in the inspection's revisions.
    assert Version.objects.get_for_object(inspection).count() == versions + 1
    inspection.refresh_from_db()
    assert inspection.editor_notes == NOTE
