"""
The write path for inspections.

The admin, the report importer and the CSV importer all write through these
modules, so every rule lives here once:

- `inputs`: what is given for one inspection (`InspectionInput` and its children);
- `field_rules`: the rule for each single value (numbers, ratings, dates);
- `validation`: a whole inspection checked into a `CleanInspection`;
- `inspections`: creating, replacing, saving and deleting inspections;
- `frameworks`: which framework an inspection is rated against;
- `previews`: the score and band an entry would give, for editors (a pure read).

Providers, owners and ownership periods are written by `providers.services`.

Every write validates its whole input before writing anything and raises
`django.core.exceptions.ValidationError` whose `message_dict` maps a field to
its messages, ready to show next to that field in a form:

- top-level fields by name: `provider`, `framework`, `inspection_round`,
  `published_on`, `fieldwork_started_on`, `overall_rating`, `report_url`, ...
- source URLs as `source_url_<n>` (1-based),
- standard ratings as `rating_<code>` (`rating_2.3`),
- key-question results as `key_question_<code>` (`key_question_2.1.3`),
- case samples, facts and recommendations as `case_sample_<n>`, `fact_<n>`,
  `recommendation_<n>` (1-based, in input order).

Blank means "not recorded": a blank rating, percentage, count or date is never
stored as zero or as a placeholder; it is simply absent (no row, or NULL).
"""
