"""The Zola 0.22 twin of a generated esite site (used by bench/gen.py --zola DIR).

The same content as the esite site and the Hugo twin, as a multilingual Zola site (fi the
default language at /, en under /en/), with Tera templates doing the same work as the Hugo
twin's theme: a home page per language listing the services by topic with summaries; a page
per service with its body, legal basis, each region's notes, channels with formatted hours,
and areas; a page per region; a municipality list and a page per municipality with its
region's services and contacts; a language switcher and hreflang links; a sitemap (Zola's
own); minified output (`minify_html = true`).

Written for speed the way a Zola developer would write it, so that the esite/Zola ratio is not
flattered by a slow twin:
- the services a region offers (id, title and summary per language, by title) are in a data
  file per region, `data/region-services/RID.json`, which the region page and each of the
  region's municipality pages read with `load_data` (parsed once, then cached) and link with
  `get_url("@/services/ID.md")`. The idiomatic way, a `regions` taxonomy and
  `get_taxonomy_term` on each municipality page, serializes every listed page with its HTML
  and table of contents on every call: at 1,000 services Zola took 28 s of CPU time with it
  and about 7 s without, growing with services × municipalities. The data file does flatter
  Zola a little: it does not work out these lists itself;
- the home page's topics come from a `topics` taxonomy (`render = false`) through
  `get_taxonomy_term`, called once per topic on the two home pages;
- region data is one small JSON file per region (channels, areas, municipalities) read with
  `load_data`; the notes a region writes for a service are in that service's front matter
  (`extra.notes`, with the channels they pick), because `load_data` hands every caller a copy
  of the whole file;
- channels are a Tera macro; weekday names and topics are in `config.extra`, not loaded per
  page;
- `service:` and `region:` links become Zola's internal links (`@/services/ID.md`), which
  Zola resolves and checks while it renders the Markdown.

Zola has no fragment cache like Hugo's partialCached, so blocks that repeat across pages (a
region's channels, the service list on each municipality page) are rendered on every page that
shows them: that is the work Zola does for such a site.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

LANGS = ("fi", "en")
SUFFIX = {"fi": "", "en": ".en"}  # Zola's file name for a language: x.md, x.en.md

# Interface texts beyond the Hugo twin's (which write_zola is given).
MORE_STRINGS = {"fi": {"not_found": "Sivua ei löydy"}, "en": {"not_found": "Page not found"}}
SECTION_TITLES = {"fi": ("Palvelut", "Alueet", "Kunnat"), "en": ("Services", "Regions", "Municipalities")}
CSS = "body{font-family:sans-serif;max-width:40rem;margin:auto}.skip{position:absolute;left:-999px}\n"

# `prefix` is where the current language's pages live ("/" or "/en/"); links inside the site
# are built from it or taken from `path`, as the Hugo twin's are relative.
TEMPLATES = {
    "base.html": """\
{%- set prefix = "/" -%}{%- if lang != config.default_language -%}{%- set prefix = "/" ~ lang ~ "/" -%}{%- endif -%}
{%- if page -%}{%- set tr = page.translations -%}{%- elif section -%}{%- set tr = section.translations -%}{%- else -%}{%- set tr = [] -%}{%- endif -%}
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% if page %}{{ page.title }} – {% endif %}{{ config.title }}{% endblock %}</title>
<meta name="description" content="{% block description %}{{ config.title }}{% endblock %}">
{% for t in tr %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink }}">{% endfor %}
<link rel="stylesheet" href="/style.css">
</head>
<body>
<a class="skip" href="#main">{{ trans(key="skip", lang=lang) }}</a>
<header>
<a href="{{ prefix }}">{{ config.title }}</a>
<nav aria-label="Language"><ul>
{% for t in tr %}{% if t.lang != lang %}<li><a href="{{ t.permalink }}" hreflang="{{ t.lang }}" lang="{{ t.lang }}">{{ trans(key="language_name", lang=t.lang) }}</a></li>{% endif %}{% endfor %}
</ul></nav>
<nav><ul>
<li><a href="{{ prefix }}regions/">{{ trans(key="regions", lang=lang) }}</a></li>
<li><a href="{{ prefix }}municipalities/">{{ trans(key="municipalities", lang=lang) }}</a></li>
</ul></nav>
</header>
<main id="main">
{% block main %}{% endblock %}
</main>
<footer><p>{{ config.title }}</p></footer>
</body>
</html>
""",
    "macros.html": """\
{% macro hours(hours, lang) %}{% set names = config.extra.days[lang] %}
<ul class="hours">{% for h in hours %}
<li>{{ h.days | replace(from="-", to="–") | replace(from="mon", to=names.mon) | replace(from="tue", to=names.tue) | replace(from="wed", to=names.wed) | replace(from="thu", to=names.thu) | replace(from="fri", to=names.fri) | replace(from="sat", to=names.sat) | replace(from="sun", to=names.sun) }}{% if lang == "fi" %} klo{% endif %} {{ h.open | trim_start_matches(pat="0") | replace(from=":", to=".") }}–{{ h.close | trim_start_matches(pat="0") | replace(from=":", to=".") }}</li>
{% endfor %}</ul>
{% endmacro %}

{% macro channels(channels, lang, picked) %}
<ul class="channels">
{% for c in channels %}{% if not picked or c.id in picked %}
<li class="channel channel-{{ c.type }}">
{% if c.name %}<strong>{{ c.name[lang] }}</strong>{% endif %}
{% if c.type == "phone" %}<a href="tel:+358{{ c.number | replace(from=" ", to="") | trim_start_matches(pat="0") }}">{{ c.number }}</a>
{% elif c.type == "email" %}<a href="mailto:{{ c.address }}">{{ c.address }}</a>
{% elif c.type == "web" or c.type == "eservice" or c.type == "form" %}<a href="{{ c.url }}">{{ c.url }}</a>
{% elif c.type == "location" or c.type == "postal" %}<p>{% if c.lines %}{% for l in c.lines %}{{ l }}<br>{% endfor %}{% endif %}{{ c.street }}<br>{{ c.postal_code }} {{ c.city }}</p>
{% endif %}
{% if c.hours %}{{ self::hours(hours=c.hours, lang=lang) }}{% endif %}
{% if c.description %}{{ c.description[lang] | markdown(inline=true) | safe }}{% endif %}
</li>
{% endif %}{% endfor %}
</ul>
{% endmacro %}

{% macro municipalities(area, prefix) %}<p>{% for m in area.municipalities %}{% if not loop.first %}, {% endif %}<a href="{{ prefix }}municipalities/{{ m.slug }}/">{{ m.name }}</a>{% endfor %}</p>{% endmacro %}
""",
    "index.html": """\
{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
{% for t in config.extra.topics %}
<section>
<h2>{{ t.name[lang] }}</h2>
<p>{{ t.description[lang] }}</p>
<ul>
{% set term = get_taxonomy_term(kind="topics", term=t.id, lang=lang, required=false) %}
{% if term %}{% for p in term.pages | sort(attribute="title") %}
<li><a href="{{ p.path }}">{{ p.title }}</a> <span>{{ p.description }}</span></li>
{% endfor %}{% endif %}
</ul>
</section>
{% endfor %}
{% endblock %}
""",
    "section.html": """\
{% extends "base.html" %}
{% block title %}{{ section.title }} – {{ config.title }}{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>
<ul>{% for p in section.pages %}<li><a href="{{ p.path }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock %}
""",
    "service.html": """\
{% extends "base.html" %}
{% import "macros.html" as m %}
{% block description %}{{ page.description }}{% endblock %}
{% block main %}
<h1>{{ page.title }}</h1>
<p class="lead">{{ page.description }}</p>
{{ page.content | safe }}
{% if page.extra.legal_basis %}<h2>{{ trans(key="legal", lang=lang) }}</h2><ul>{% for l in page.extra.legal_basis %}<li>{{ l }}</li>{% endfor %}</ul>{% endif %}
<h2>{{ trans(key="contacts", lang=lang) }}</h2>
{% for rid in page.extra.regions %}
{% set r = load_data(path="data/regions/" ~ rid ~ ".json") %}
{% set picked = page.extra.picked[rid] | default(value=[]) %}
<section id="{{ rid }}">
<h3>{{ r.name[lang] }}</h3>
{% if page.extra.notes[rid] %}{{ page.extra.notes[rid] | markdown | safe }}{% endif %}
{{ m::channels(channels=r.channels, lang=lang, picked=picked) }}
{% for a in r.areas %}
<h4>{{ a.name[lang] }}</h4>
<p>{% for mu in a.municipalities %}{% if not loop.first %}, {% endif %}{{ mu.name }}{% endfor %}</p>
{{ m::channels(channels=a.channels, lang=lang, picked=picked) }}
{% endfor %}
</section>
{% endfor %}
<p>{{ trans(key="updated", lang=lang) }}: {{ page.extra.updated }}</p>
{% endblock %}
""",
    "region.html": """\
{% extends "base.html" %}
{% import "macros.html" as m %}
{% block main %}
{% set rid = page.extra.region %}
{% set r = load_data(path="data/regions/" ~ rid ~ ".json") %}
<h1>{{ page.title }}</h1>
{{ r.description[lang] | markdown(inline=true) | safe }}
{{ m::channels(channels=r.channels, lang=lang, picked=[]) }}
{% for a in r.areas %}
<section id="{{ a.id }}">
<h2>{{ a.name[lang] }}</h2>
{% if a.description %}{{ a.description[lang] | markdown(inline=true) | safe }}{% endif %}
<ul>{% for mu in a.municipalities %}<li><a href="{{ prefix }}municipalities/{{ mu.slug }}/">{{ mu.name }}</a>{% if mu.note %} ({{ mu.note[lang] }}){% endif %}</li>{% endfor %}</ul>
{{ m::channels(channels=a.channels, lang=lang, picked=[]) }}
</section>
{% endfor %}
<h2>{{ trans(key="services_here", lang=lang) }}</h2>
{% set sfx = "" %}{% if lang != config.default_language %}{% set sfx = "." ~ lang %}{% endif %}
{% set offered = load_data(path="data/region-services/" ~ rid ~ ".json") %}
<ul>{% for s in offered[lang] %}<li><a href="{{ get_url(path="@/services/" ~ s.id ~ sfx ~ ".md") }}">{{ s.title }}</a></li>{% endfor %}</ul>
{% endblock %}
""",
    "municipality.html": """\
{% extends "base.html" %}
{% import "macros.html" as m %}
{% block main %}
<h1>{{ page.title }}</h1>
{% set rid = page.extra.region %}
{% set r = load_data(path="data/regions/" ~ rid ~ ".json") %}
<section>
<h2>{{ r.name[lang] }}</h2>
<h3>{{ trans(key="services", lang=lang) }}</h3>
{% set sfx = "" %}{% if lang != config.default_language %}{% set sfx = "." ~ lang %}{% endif %}
{% set offered = load_data(path="data/region-services/" ~ rid ~ ".json") %}
<ul>{% for s in offered[lang] %}<li><a href="{{ get_url(path="@/services/" ~ s.id ~ sfx ~ ".md") }}#{{ rid }}">{{ s.title }}</a> <p>{{ s.summary }}</p></li>
{% endfor %}</ul>
<h3>{{ trans(key="contacts", lang=lang) }}</h3>
{{ m::channels(channels=r.channels, lang=lang, picked=[]) }}
{% for a in r.areas %}{% if a.id == page.extra.area %}
<h4>{{ a.name[lang] }}</h4>
{% if a.description %}{{ a.description[lang] | markdown(inline=true) | safe }}{% endif %}
{{ m::municipalities(area=a, prefix=prefix) }}
{{ m::channels(channels=a.channels, lang=lang, picked=[]) }}
{% endif %}{% endfor %}
<p><a href="{{ get_url(path="@/regions/" ~ rid ~ sfx ~ ".md") }}">{{ trans(key="region", lang=lang) }}: {{ r.name[lang] }}</a></p>
</section>
{% endblock %}
""",
    "404.html": """\
{% extends "base.html" %}
{% block main %}<h1>404</h1><p>{{ trans(key="not_found", lang=lang) }}</p>{% endblock %}
""",
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def toml_value(v) -> str:
    """A TOML value: JSON's string escapes are valid in TOML basic strings."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    raise TypeError(f"no TOML for {v!r}")


def toml_table(d: dict) -> list[str]:
    return [f"{k} = {toml_value(v)}" for k, v in d.items() if v is not None]


def front_matter(top: dict, taxonomies: dict | None = None, extra: dict | None = None) -> str:
    lines = ["+++"] + toml_table(top)
    if taxonomies:
        lines += ["[taxonomies]"] + toml_table(taxonomies)
    if extra:
        lines += ["[extra]"] + toml_table(extra)
    return "\n".join(lines + ["+++", "", ""])


_LINK = re.compile(r"\]\((service|region):([a-z0-9-]+)\)")


def zola_links(body: str, lang: str) -> str:
    """esite's service:ID and region:ID links as Zola's internal links to the same language."""
    section = {"service": "services", "region": "regions"}
    return _LINK.sub(lambda m: f"](@/{section[m.group(1)]}/{m.group(2)}{SUFFIX[lang]}.md)", body)


def config(site: dict, strings: dict, days: dict) -> str:
    taxonomies = '[{ name = "topics", render = false }]'
    extra = {"days": days, "topics": site["topics"]}
    names = {x["code"]: x["name"] for x in site["languages"]}
    strings = {lang: {**strings[lang], **MORE_STRINGS[lang], "language_name": names[lang]} for lang in LANGS}
    lines = [
        f'base_url = "{site["base_url"].rstrip("/")}"',
        f'title = {toml_value(site["title"]["fi"])}',
        'default_language = "fi"',
        "compile_sass = false",
        "build_search_index = false",
        "generate_feeds = false",
        "generate_sitemap = true",
        "generate_robots_txt = true",
        "minify_html = true",
        f"taxonomies = {taxonomies}",
        "",
        "[markdown]",
        "smart_punctuation = true  # as esite and Hugo do",
        "",
        "[translations]",
        *toml_table(strings["fi"]),
        "",
        "[languages.en]",
        f'title = {toml_value(site["title"]["en"])}',
        "generate_feeds = false",
        f"taxonomies = {taxonomies}",
        "",
        "[languages.en.translations]",
        *toml_table(strings["en"]),
        "",
        "[extra]",
        *toml_table(extra),
        "",
    ]
    return "\n".join(lines)


def write_zola(out: Path, g, bodies: dict, site: dict, hugo: dict) -> None:
    """Writes the Zola twin into `out` (zola.toml, content/, data/, templates/, static/).

    `g` is gen.py's generated model, `bodies` each service's (fi body, en body, fi summary,
    en summary), `site` the site.yaml data; from the Hugo twin, `hugo` gives the same
    interface texts (`strings`) and weekday names (`days`), a region's JSON (`region_data`:
    localized maps for every language, municipality slugs) and `slugify`.
    """
    region_data, slugify = hugo["region_data"], hugo["slugify"]
    for sub in ("content", "templates", "data", "static", "public"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    write(out / "zola.toml", config(site, hugo["strings"], hugo["days"]))
    for path, text in TEMPLATES.items():
        write(out / "templates" / path, text)
    write(out / "static" / "style.css", CSS)
    for reg in g.regions:
        lists = {lang: sorted(({"id": s["id"], "title": s["title"][lang], "summary": bodies[s["id"]][2 + li]}
                               for s in g.services if reg["id"] in s["regions"]), key=lambda x: x["title"])
                 for li, lang in enumerate(LANGS)}
        write(out / "data" / "region-services" / f"{reg['id']}.json", json.dumps(lists, ensure_ascii=False))
        data = region_data(reg)
        del data["services"]  # the notes go with each service (see the module's comment)
        write(out / "data" / "regions" / f"{reg['id']}.json", json.dumps(data, ensure_ascii=False))
    c = out / "content"
    for lang in LANGS:
        sfx = SUFFIX[lang]
        write(c / f"_index{sfx}.md", front_matter({"title": site["title"][lang]}))
        titles = SECTION_TITLES[lang]
        for name, title, template in (("services", titles[0], "service.html"),
                                      ("regions", titles[1], "region.html"),
                                      ("municipalities", titles[2], "municipality.html")):
            write(c / name / f"_index{sfx}.md",
                  front_matter({"title": title, "sort_by": "title", "page_template": template}))
        li = LANGS.index(lang)
        for s in g.services:
            body, summary = bodies[s["id"]][li], bodies[s["id"]][2 + li]
            notes, picked = {}, {}
            for rid in s["regions"]:
                entry = g.region_by_id[rid]["services"].get(s["id"])
                if entry:
                    notes[rid] = entry["notes"][lang]
                    if "channels" in entry:
                        picked[rid] = entry["channels"]
            write(c / "services" / f"{s['id']}{sfx}.md", front_matter(
                {"title": s["title"][lang], "description": summary,
                 "slug": s["slug_en"] if lang == "en" else None},
                {"topics": s["topics"]},
                {"regions": s["regions"], "legal_basis": [x[li] for x in s["legal"]], "updated": s["updated"],
                 "notes": notes, "picked": picked},
            ) + zola_links(body, lang))
        for reg in g.regions:
            write(c / "regions" / f"{reg['id']}{sfx}.md", front_matter(
                {"title": reg["name"][lang], "slug": (reg["slug"] or {}).get(lang)}, None, {"region": reg["id"]}))
            for a in reg["areas"]:
                for m in a["municipalities"]:
                    write(c / "municipalities" / f"{slugify(m['name'])}{sfx}.md", front_matter(
                        {"title": m["name"]}, None,
                        {"region": reg["id"], "area": a["id"]}))
