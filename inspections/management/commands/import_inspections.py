"""python manage.py import_inspections FILE [FILE ...] [--dry-run] [--inspection "SHORT NAME@DATE"] [--round SLUG]"""

from django.core.management.base import BaseCommand, CommandError

from inspections.importers import csv_import


class Command(BaseCommand):
    help = (
        "Import inspection CSV files of both eras, all or nothing, as the admin's CSV import does. "
        "Each file is recognised by its header. The Probation Service era's files (fixtures/source/"
        "probation_service/): units.csv (unit_name, unit_type, region, aliases, predecessors), former_units.csv "
        "(unit_name, unit_type, region, successors, successors_basis, ceased_note) and inspections_2022_2026.csv "
        "(unit_name, unit_type, region, framework, published, inspection_number_for_unit, overall_rating, "
        "overall_rating_derived, points_stated, <prefix>_<standard> columns, derived_values, notes, source_urls); "
        "each of its inspections goes in its framework's programme, and its frameworks must be stored already. "
        "The 2018-20 files: inspections (provider_short_name, provider_type, "
        "owner_at_inspection, published, overall_rating, s1_1_leadership ... s3_2_or_4_2, source_urls; "
        "optional fieldwork_started, report_url), ownership (provider_short_name, owner, from, to, source), "
        "and the detail files of one inspection: key questions (standard, key_question, question, percent_yes, "
        "relevant_subsample_only), facts (metric, provider_value, england_and_wales_value, target, unit, "
        "source_as_cited_in_report), samples (domain, cases_inspected, notes), recommendations (position, "
        "addressed_to, text) and fieldwork (fieldwork_started as YYYY, YYYY-MM or YYYY-MM-DD, "
        "source_as_cited_in_report). A detail file names its inspection with provider_short_name and published "
        "columns, or takes it from --inspection. Inspections are matched by provider and publication date, so "
        "re-running an import changes nothing; a blank cell never removes a stored value; a detail file replaces "
        "the stored list of its kind. Key questions take their case counts from the samples file ('2 Case "
        "supervision' for 2.x, '4.1 Unpaid work' for 4.1.x, '4.2 Through the Gate' for 4.2.x); a question over "
        "the relevant sub-sample only gets no count and subsample_of = the whole sample. Every inspection of the "
        "2018-20 inspections file is put in the round given by --round (default 2018-19). Any error rolls the whole "
        "import back and is reported by file and row (the header is row 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="CSV files, in any order.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate everything and report what would change; write nothing."
        )
        parser.add_argument(
            "--inspection",
            metavar="SHORT_NAME@PUBLISHED",
            help="The inspection that detail files without provider_short_name/published belong to, e.g. "
            '"KSS CRC@2019-06-19".',
        )
        parser.add_argument(
            "--round",
            dest="round_slug",
            default=csv_import.DEFAULT_ROUND,
            help="Slug of the round of a 2018-20 inspections file's rows (default %(default)s); Probation Service "
            "inspections go in their framework's programme.",
        )

    def handle(self, *args, files, dry_run, inspection, round_slug, **options):
        report = csv_import.import_paths(files, dry_run=dry_run, inspection=inspection, round_slug=round_slug)
        if report.errors:
            raise CommandError("Nothing was imported:\n" + "\n".join(report.errors))
        for name, kind in report.files:
            self.stdout.write(f"{name}: {kind} file")
        if options["verbosity"] >= 1:
            for line in report.change_lines():
                self.stdout.write(f"  {line}")
        for line in report.summary_lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS("Import complete."))
