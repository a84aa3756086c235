#!/usr/bin/env python3
"""Validates a site's YAML files and front matter against esite's JSON Schemas with an
independent validator (the Python jsonschema package), as an editor's program would.

    validate.py SCHEMA_DIR SITE_DIR

Checks that each schema is itself a valid draft-07 schema, then validates content/site.yaml,
content/regions/*.yaml and the front matter of content/services/*/*.md and
content/pages/*/*.md. Prints one line per problem, "FILE: PATH: MESSAGE", and a last line
"N files, N invalid". Exit status 1 when any file is invalid, 2 when something is missing.
"""

import json
import sys
from pathlib import Path

try:
    import jsonschema
    import yaml
except ImportError as e:  # scripts/setup-test-deps.sh installs them
    print(f"missing Python package: {e.name}", file=sys.stderr)
    sys.exit(2)


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1, where 2026-01-31 is a date and yes is true. esite and the YAML
    extension for VS Code read YAML 1.2, where both are strings: resolve them as 1.2 does."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
for first in "yYnNoO":
    Yaml12Loader.yaml_implicit_resolvers[first] = [
        (tag, rx) for tag, rx in Yaml12Loader.yaml_implicit_resolvers.get(first, [])
        if tag != "tag:yaml.org,2002:bool"
    ]


def front_matter(text):
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "\n".join(lines[1:i])
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    schemas_dir, site = Path(sys.argv[1]), Path(sys.argv[2])
    validators = {}
    for kind in ("site", "region", "service", "page"):
        path = schemas_dir / f"{kind}.schema.json"
        if not path.is_file():
            print(f"{path}: missing", file=sys.stderr)
            return 2
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft7Validator.check_schema(schema)
        validators[kind] = jsonschema.Draft7Validator(schema)

    content = site / "content"
    documents = [("site", content / "site.yaml", None)]
    documents += [("region", p, None) for p in sorted((content / "regions").glob("*.yaml"))]
    documents += [("service", p, "md") for p in sorted((content / "services").glob("*/*.md"))]
    documents += [("page", p, "md") for p in sorted((content / "pages").glob("*/*.md"))]

    invalid = 0
    for kind, path, md in documents:
        text = path.read_text(encoding="utf-8")
        if md:
            text = front_matter(text)
            if text is None:
                print(f"{path}: no front matter")
                invalid += 1
                continue
        data = yaml.load(text, Loader=Yaml12Loader)
        errors = sorted(validators[kind].iter_errors(data), key=lambda e: list(e.absolute_path))
        for e in errors:
            # Inside anyOf (a text or a text per language, a value or nothing) the nearest
            # cause says more than "not valid under any of the given schemas".
            e = jsonschema.exceptions.best_match([e])
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            # The editors' own wording, where the schema has one (VS Code shows the same).
            extra = e.schema.get("patternErrorMessage") if isinstance(e.schema, dict) else None
            message = f"{e.message} ({extra})" if extra else e.message
            print(f"{path.relative_to(site)}: {where}: {message}")
        invalid += bool(errors)
    print(f"{len(documents)} files, {invalid} invalid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
