"""
CSV and JSON forms of the site's pages and of the whole dataset, a module for each.

Every JSON document names its shape (`"schema"`) and the shape's `"version"`;
docs/open-data.md describes each one with an example. A field is only ever
added within a version; renaming or removing one makes a new version.
Values a source does not state are `null` in JSON and an empty cell in CSV,
never zero. Downloads that grow with the data (the league, the dataset) are
streamed: written as their rows are read, never held whole.
"""
