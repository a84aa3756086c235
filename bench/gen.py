#!/usr/bin/env python3
"""Generates a large, realistic esite site for benchmarking (Python 3.11 standard library only).

    python3 bench/gen.py --services 1000 --regions 20 --seed 1 --out /dev/shm/site [--hugo DIR] [--zola DIR]

DIR/content/ gets site.yaml, services/<id>/{fi,en}.md, regions/<id>.yaml and pages/tietoa/;
the same content goes to a Hugo site in DIR (when --hugo is given) with a small theme that
does comparable work: home per language by topic, a page per service with its regions'
contacts and notes, a page per region, a municipality list and a page per municipality,
a language switcher. Everything is deterministic from --seed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

LANGS = ("fi", "en")

# ---------------------------------------------------------------------------------------------
# Word banks

NAME_PREFIXES = [
    "Kuusi", "Koivu", "Mänty", "Haapa", "Leppä", "Pihlaja", "Tammi", "Vaahtera", "Kataja",
    "Kivi", "Hieta", "Savi", "Suo", "Lumi", "Kulta", "Hopea", "Rauta", "Vaski", "Karhu",
    "Susi", "Ilves", "Kettu", "Jänis", "Hirvi", "Peura", "Kotka", "Haukka", "Joutsen", "Kurki",
    "Sorsa", "Lohi", "Hauki", "Ahven", "Muikku", "Kala", "Pitkä", "Iso", "Pikku", "Musta",
    "Valko", "Punka", "Kalli", "Rauha", "Tuuli", "Päivä", "Kuu", "Tähti", "Sini", "Vihta",
    "Ranta", "Salo", "Honka", "Kanerva", "Orava", "Kärppä", "Näätä", "Myyrä", "Kiuru",
    "Tiainen", "Pyy", "Metso", "Teeri", "Korppi",
]
# suffix -> genitive of the suffix, for "Kuusijärven hyvinvointialue"
NAME_SUFFIXES = {
    "järvi": "järven", "lahti": "lahden", "joki": "joen", "niemi": "niemen", "salmi": "salmen",
    "koski": "kosken", "mäki": "mäen", "vaara": "vaaran", "ranta": "rannan", "saari": "saaren",
    "kylä": "kylän", "lampi": "lammen", "harju": "harjun", "aho": "ahon", "vesi": "veden",
    "selkä": "selän", "kangas": "kankaan", "puro": "puron", "vuori": "vuoren",
    "linna": "linnan", "pelto": "pellon", "suu": "suun", "kallio": "kallion", "virta": "virran",
}
PLACE_QUALIFIERS = ["Ylä", "Ala", "Vähä", "Iso", "Pohjois", "Etelä", "Itä", "Länsi", "Keski", "Uusi", "Vanha"]
REGION_SUFFIXES = {"maa": "maan", "seutu": "seudun", "rinne": "rinteen", "kunta": "kunnan"}
REGION_DIRECTIONS = [
    ("", "", ""), ("Pohjois-", "North ", "north-"), ("Etelä-", "South ", "south-"),
    ("Itä-", "East ", "east-"), ("Länsi-", "West ", "west-"), ("Keski-", "Central ", "central-"),
]
AREA_KINDS = [
    ("pohjoinen", "Pohjoinen alue", "Northern area"),
    ("etelainen", "Eteläinen alue", "Southern area"),
    ("itainen", "Itäinen alue", "Eastern area"),
    ("lantinen", "Läntinen alue", "Western area"),
    ("keskinen", "Keskinen alue", "Central area"),
    ("rannikko", "Rannikon alue", "Coastal area"),
]
STREET_KINDS = ["katu", "tie", "kuja", "polku", "raitti", "väylä"]

SERVICE_TYPES = [
    ("Perhetyö", "Family work"), ("Kotipalvelu", "Home help"),
    ("Perheneuvonta", "Family counselling"), ("Kasvatusneuvonta", "Parenting advice"),
    ("Puheterapia", "Speech therapy"), ("Toimintaterapia", "Occupational therapy"),
    ("Fysioterapia", "Physiotherapy"), ("Ravitsemusneuvonta", "Nutrition advice"),
    ("Päihdeneuvonta", "Substance abuse counselling"), ("Mielenterveysneuvonta", "Mental health advice"),
    ("Sosiaaliohjaus", "Social guidance"), ("Talousneuvonta", "Debt and money advice"),
    ("Asumisneuvonta", "Housing advice"), ("Omaishoidon tuki", "Support for family carers"),
    ("Tukihenkilötoiminta", "Support person service"), ("Vertaistuki", "Peer support"),
    ("Kriisiapu", "Crisis help"), ("Lähisuhdeväkivaltatyö", "Help with domestic violence"),
    ("Sovittelu", "Mediation"), ("Kuljetuspalvelu", "Transport service"),
    ("Ateriapalvelu", "Meal service"), ("Turvapuhelin", "Safety phone"),
    ("Kotisairaanhoito", "Home nursing"), ("Muistineuvonta", "Memory advice"),
    ("Kuntoutusohjaus", "Rehabilitation guidance"), ("Apuvälinepalvelu", "Assistive devices"),
    ("Henkilökohtainen apu", "Personal assistance"), ("Tilapäishoito", "Respite care"),
    ("Päivätoiminta", "Day activities"), ("Työtoiminta", "Work activities"),
    ("Nuorten ohjaus", "Guidance for young people"), ("Koulupsykologi", "School psychologist"),
    ("Koulukuraattori", "School social worker"), ("Opiskeluhuolto", "Student welfare"),
    ("Ehkäisyneuvonta", "Contraception advice"), ("Synnytysvalmennus", "Childbirth classes"),
    ("Imetystuki", "Breastfeeding support"), ("Perhevalmennus", "Family preparation classes"),
    ("Kotikuntoutus", "Home rehabilitation"), ("Etäkuntoutus", "Remote rehabilitation"),
    ("Tulkkauspalvelu", "Interpreting service"), ("Kotoutumisen tuki", "Integration support"),
    ("Ensikotityö", "Mother and baby home work"), ("Lapsiperheiden kotiapu", "Home aid for families"),
    ("Terveysneuvonta", "Health advice"),
]
SERVICE_GROUPS = [
    ("lapsiperheille", "for families with children"),
    ("vauvaperheille", "for families with babies"),
    ("nuorille", "for young people"),
    ("ikäihmisille", "for older people"),
    ("omaishoitajille", "for family carers"),
    ("vammaisille", "for people with disabilities"),
    ("työikäisille", "for working-age people"),
    ("opiskelijoille", "for students"),
    ("maahanmuuttajille", "for immigrants"),
    ("yksinhuoltajille", "for single parents"),
    ("sijaisperheille", "for foster families"),
    ("eroperheille", "for separating families"),
    ("kuntoutujille", "for rehabilitation clients"),
    ("pitkäaikaissairaille", "for people with long-term illness"),
]
SERVICE_FORMS = [
    ("ryhmissä", "in groups"), ("etänä", "remotely"), ("kotona", "at home"),
    ("iltaisin", "in the evenings"), ("viikonloppuisin", "at weekends"),
    ("chatissa", "by chat"), ("puhelimitse", "by phone"), ("kesäaikaan", "in summer"),
    ("kiireellisesti", "urgently"), ("pitkäkestoisesti", "long-term"),
]

TOPICS = [
    ("arki", "Arki ja vanhemmuus", "Everyday life and parenting",
     "Kun arki ei suju tai vanhempana oleminen tuntuu raskaalta.",
     "When everyday life is not working or being a parent feels heavy."),
    ("vauva", "Vauva ja pienet lapset", "Babies and small children",
     "Kun odotatte vauvaa tai kotona on alle kouluikäisiä lapsia.",
     "When you are expecting a baby or have children under school age."),
    ("jaksaminen", "Väsymys ja kriisit", "Exhaustion and crises",
     "Kun voimat ovat lopussa tai perhettä kohtaa kriisi.",
     "When you have no strength left or your family is in a crisis."),
    ("terveys", "Terveys ja kuntoutus", "Health and rehabilitation",
     "Kun tarvitset tukea terveyteen, toimintakykyyn tai kuntoutukseen.",
     "When you need support with health, functional ability or rehabilitation."),
    ("ikaantyminen", "Ikääntyminen", "Ageing",
     "Kun kotona asuminen vaatii apua tai läheinen ikääntyy.",
     "When living at home needs help or someone close to you is getting older."),
    ("talous", "Raha ja asuminen", "Money and housing",
     "Kun rahat eivät riitä tai asumiseen tarvitaan neuvoja.",
     "When money is not enough or you need advice on housing."),
]

FI_HEADINGS = [
    ("Mitä {palvelu} on?", "What is {service}?"),
    ("Kenelle palvelu on tarkoitettu?", "Who is the service for?"),
    ("Miten palvelua haetaan?", "How to apply"),
    ("Miten palvelu etenee?", "How the service works"),
    ("Mitä palvelu maksaa?", "What does the service cost?"),
    ("Tapaamiset ja yhteydenpito", "Meetings and keeping in touch"),
    ("Luottamuksellisuus", "Confidentiality"),
    ("Oikeutesi asiakkaana", "Your rights as a client"),
]
SUB_HEADINGS = [
    ("Ensimmäinen tapaaminen", "The first meeting"),
    ("Suunnitelma", "The plan"),
    ("Palvelun päättyminen", "When the service ends"),
    ("Jos tarvitset tulkin", "If you need an interpreter"),
    ("Kiireellinen apu", "Urgent help"),
    ("Maksut", "Fees"),
]
# Parallel sentences: {palvelu}/{service} is the service's name in lower case, {ryhma}/{group}
# its group, {paikka}/{place} a municipality of one of its regions.
SENTENCES = [
    ("{Palvelu} on maksuton palvelu, jota voi hakea ilman lähetettä.",
     "{Service} is a free service that you can apply for without a referral."),
    ("Palvelu on tarkoitettu {ryhma}, jotka tarvitsevat tukea arjessa.",
     "The service is meant {group} who need support in everyday life."),
    ("Työntekijä tulee yleensä kotiinne ja keskustelee kanssanne siitä, mikä tuntuu nyt vaikealta.",
     "A worker usually comes to your home and talks with you about what feels difficult now."),
    ("Tavoitteet ja suunnitelma tehdään aina yhdessä teidän kanssanne.",
     "The goals and the plan are always made together with you."),
    ("Apua kannattaa pyytää ajoissa, ennen kuin pienet huolet kasvavat suuriksi.",
     "It is worth asking for help early, before small worries grow into big ones."),
    ("Kaikki, mitä kerrotte, on luottamuksellista, eikä tietoja anneta eteenpäin ilman lupaanne.",
     "Everything you tell us is confidential, and nothing is passed on without your permission."),
    ("Tapaamisista sovitaan etukäteen, ja ne voidaan järjestää myös etäyhteydellä.",
     "Meetings are agreed in advance, and they can also be held online."),
    ("Palvelu kestää niin kauan kuin sitä tarvitaan, yleensä muutamasta viikosta puoleen vuoteen.",
     "The service lasts as long as it is needed, usually from a few weeks to half a year."),
    ("Voit ottaa yhteyttä itse, tai joku läheisesi voi ottaa yhteyttä puolestasi.",
     "You can get in touch yourself, or someone close to you can get in touch for you."),
    ("Ensimmäisellä kerralla työntekijä kysyy, millaista apua toivotte ja mikä arjessa jo sujuu hyvin.",
     "At the first meeting the worker asks what kind of help you hope for and what already goes well."),
    ("Palvelusta peritään asiakasmaksulain mukainen maksu, joka riippuu perheen tuloista.",
     "There is a fee under the Client Fees Act, and it depends on the family's income."),
    ("Jos maksu on teille liian suuri, voitte hakea sen alentamista tai poistamista.",
     "If the fee is too high for you, you can apply for it to be lowered or waived."),
    ("Saatte tarvittaessa tulkin maksutta, myös viittomakielen tulkin.",
     "You can have an interpreter free of charge if needed, including a sign language interpreter."),
    ("Palvelua on saatavilla myös tässä kunnassa: {paikka}. Palvelupisteeseen pääsee hyvin julkisella liikenteellä.",
     "The service is also available in this municipality: {place}. The service point is easy to reach by public transport."),
    ("Työntekijät ovat sosiaali- ja terveysalan ammattilaisia, joilla on vaitiolovelvollisuus.",
     "The workers are social and health care professionals who are bound by confidentiality."),
    ("Palvelun aikana arvioimme yhdessä, miten tavoitteet ovat toteutuneet.",
     "During the service we assess together how the goals have been met."),
    ("Kun palvelu päättyy, sovimme, mistä saatte tarvittaessa tukea jatkossa.",
     "When the service ends, we agree where you can get support later if you need it."),
    ("Asiakkaana sinulla on oikeus hyvään palveluun ja kohteluun sekä oikeus nähdä omat tietosi.",
     "As a client you have the right to good service and treatment and the right to see your own data."),
    ("Jos olet tyytymätön saamaasi palveluun, voit tehdä muistutuksen tai ottaa yhteyttä sosiaaliasiavastaavaan.",
     "If you are not satisfied with the service, you can file an objection or contact the social welfare ombudsman."),
    ("Kiireellisessä tilanteessa soita hätänumeroon 112 tai sosiaalipäivystykseen.",
     "In an emergency call 112 or the social emergency services."),
    ("Palvelu voi sisältää keskusteluja, ohjausta, käytännön apua ja ryhmätoimintaa.",
     "The service can include conversations, guidance, practical help and group activities."),
    ("Monet perheet kertovat, että jo muutama tapaaminen helpotti arkea.",
     "Many families say that just a few meetings made everyday life easier."),
    ("Voit hakea palvelua sähköisesti, puhelimitse tai paperilomakkeella.",
     "You can apply for the service online, by phone or with a paper form."),
    ("Hakemuksen jälkeen työntekijä ottaa yhteyttä noin viikon kuluessa.",
     "After you apply, a worker will contact you within about a week."),
    ("Tapaamisia on yleensä kerran tai kaksi viikossa, ja kesto on tunnista kahteen tuntiin.",
     "There are usually one or two meetings a week, each lasting one to two hours."),
]
LIST_ITEMS = [
    ("keskustelua ja neuvontaa", "conversations and advice"),
    ("apua arjen rytmiin ja päivän kulkuun", "help with daily routines"),
    ("tukea vanhemmuuteen", "support for parenting"),
    ("ohjausta muihin palveluihin", "guidance to other services"),
    ("vertaistukiryhmiä", "peer support groups"),
    ("käytännön apua kotitöihin", "practical help with housework"),
    ("tukea lasten hoitoon ja kasvatukseen", "support with caring for and raising children"),
    ("apua raha-asioiden järjestämiseen", "help with sorting out money matters"),
    ("tukea yhteydenpitoon viranomaisten kanssa", "support in dealing with authorities"),
    ("harjoituksia kotona tehtäväksi", "exercises to do at home"),
    ("tietoa omista oikeuksistasi", "information about your rights"),
    ("verkostotapaamisia läheistenne kanssa", "network meetings with people close to you"),
]
EXTERNAL_LINKS = [
    ("Terveyden ja hyvinvoinnin laitoksen sivu aiheesta", "the Finnish Institute for Health and Welfare's page on the topic",
     "https://thl.example.fi/aiheet/{slug}"),
    ("Suomi.fi-palvelukuvaus", "the Suomi.fi service description",
     "https://www.suomi.example.fi/palvelut/{slug}"),
    ("Kelan ohjeet tuen hakemiseen", "Kela's instructions for applying for benefits",
     "https://www.kela.example.fi/hakeminen/{slug}"),
    ("Sosiaali- ja terveysministeriön tietosivu", "the Ministry of Social Affairs and Health information page",
     "https://stm.example.fi/tietoa/{slug}"),
    ("Mielenterveystalon omahoito-ohjelmat", "the self-care programmes of Mielenterveystalo",
     "https://www.mielenterveystalo.example.fi/{slug}"),
    ("asiakasmaksulaki Finlexissä", "the Client Fees Act in Finlex",
     "https://www.finlex.example.fi/laki/ajantasa/2021/20210734"),
]
LEGAL = [
    ("Sosiaalihuoltolaki (1301/2014)", "Social Welfare Act (1301/2014)"),
    ("Terveydenhuoltolaki (1326/2010)", "Health Care Act (1326/2010)"),
    ("Lastensuojelulaki (417/2007)", "Child Welfare Act (417/2007)"),
    ("Vanhuspalvelulaki (980/2012)", "Older Persons Services Act (980/2012)"),
    ("Vammaispalvelulaki (675/2023)", "Disability Services Act (675/2023)"),
]

# ---------------------------------------------------------------------------------------------
# Helpers


def official_place_slugs() -> set[str]:
    """The slugs of every name in esite's bundled municipality lists (today's and former)."""
    data = Path(__file__).resolve().parent.parent / "data"
    slugs: set[str] = set()
    for f in ("municipalities.tsv", "former_municipalities.tsv"):
        path = data / f
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            for name in line.split("\t")[1:3]:
                if name.strip():
                    slugs.add(slugify(name.strip()))
    return slugs


def slugify(name: str) -> str:
    """The same mapping as esite's model::slug::slugify."""
    table = {"ä": "a", "å": "a", "á": "a", "à": "a", "â": "a", "ö": "o", "ø": "o", "ó": "o",
             "ò": "o", "ô": "o", "ü": "u", "ú": "u", "é": "e", "è": "e", "ê": "e", "š": "s", "ž": "z"}
    out = []
    for c in name.lower():
        c = table.get(c, c)
        if not (c.isascii() and c.isalnum()):
            c = "-"
        if c == "-" and (not out or out[-1] == "-"):
            continue
        out.append(c)
    while out and out[-1] == "-":
        out.pop()
    return "".join(out) or "x"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def low(s: str) -> str:
    return s[:1].lower() + s[1:]


# --- a small YAML writer: block style, quoting whatever a YAML 1.1 parser could misread ---------

_PLAIN_OK = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ_(][^\n]*$")
_YAML11_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}


def scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", s):  # dates as the example content writes them
        return s
    if (
        _PLAIN_OK.match(s)
        and ": " not in s
        and " #" not in s
        and not s.endswith(":")
        and s.lower() not in _YAML11_WORDS
        and s == s.strip()
        and not any(c in s for c in "{}[],&*!|>%@`\"'")
    ):
        return s
    return json.dumps(s, ensure_ascii=False)


def is_flow_map(d) -> bool:
    return isinstance(d, dict) and len(d) <= 4 and all(
        isinstance(v, (str, int, bool)) and "\n" not in str(v) and len(str(v)) < 40 for v in d.values()
    )


def flow(v) -> str:
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k}: {scalar(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(scalar(x) for x in v) + "]"
    return scalar(v)


def yaml_lines(v, indent: int = 0) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(v, dict):
        for k, x in v.items():
            out.extend(_yaml_entry(f"{pad}{k}:", x, indent))
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, dict) and not is_flow_map(x):
                inner = yaml_lines(x, indent + 2)
                inner[0] = pad + "- " + inner[0][indent + 2:]
                out.extend(inner)
            else:
                out.extend(_yaml_entry(f"{pad}-", x, indent))
    return out


def _yaml_entry(head: str, x, indent: int) -> list[str]:
    if isinstance(x, str) and "\n" in x:
        lines = [head + " |"]
        for line in x.rstrip("\n").split("\n"):
            lines.append((" " * (indent + 2) + line) if line else "")
        return lines
    if isinstance(x, dict):
        if is_flow_map(x):
            return [f"{head} {flow(x)}"]
        return [head] + yaml_lines(x, indent + 2)
    if isinstance(x, list):
        if all(isinstance(i, str) and len(i) < 30 for i in x) and len(x) <= 8:
            return [f"{head} {flow(x)}"]
        return [head] + yaml_lines(x, indent + 2)
    return [f"{head} {scalar(x)}"]


def dump_yaml(v) -> str:
    return "\n".join(yaml_lines(v)) + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The model


class Gen:
    def __init__(self, seed: int, n_services: int, n_regions: int):
        self.rng = random.Random(seed)
        self.n_services = n_services
        self.n_regions = n_regions
        # Real municipalities, today's and former ones, are not made up again: esite checks
        # names against the official lists, and a made-up place named like a former
        # municipality would draw a warning.
        self.used_places: set[str] = official_place_slugs()
        self.used_channel_ids: set[str] = set()
        self.region_by_id: dict[str, dict] = {}

    # --- names --------------------------------------------------------------------------------

    def place(self) -> tuple[str, str]:
        """A unique (by slug) Finnish-looking place name and its genitive."""
        for attempt in range(20000):
            pre = self.rng.choice(NAME_PREFIXES)
            suf = self.rng.choice(list(NAME_SUFFIXES))
            name = pre + suf
            if attempt >= 200:  # the plain names are running out: Ylä-Kuusijärvi and so on
                name = self.rng.choice(PLACE_QUALIFIERS) + "-" + name
                pre = name.removesuffix(suf)
            if slugify(name) not in self.used_places:
                self.used_places.add(slugify(name))
                return name, pre + NAME_SUFFIXES[suf]
        raise SystemExit("ran out of place names")

    def phone(self) -> str:
        r = self.rng
        if r.random() < 0.75:
            return f"{r.choice(['040', '044', '045', '050'])} {r.randint(100, 999)} {r.randint(1000, 9999)}"
        return f"0{r.choice(['9', '2', '3'])} {r.randint(100, 999)} {r.randint(10000, 99999)}"

    def hours(self) -> list[dict]:
        r = self.rng
        pattern = r.randrange(5)
        h = r.choice([8, 9, 10])
        if pattern == 0:
            return [{"days": "mon-fri", "open": f"{h:02d}:00", "close": f"{h + 2:02d}:00"}]
        if pattern == 1:
            return [
                {"days": "mon-thu", "open": f"{h:02d}:00", "close": "15:00"},
                {"days": "fri", "open": f"{h:02d}:00", "close": "14:00"},
            ]
        if pattern == 2:
            return [
                {"days": "mon, wed, fri", "open": f"{h:02d}:00", "close": "12:00"},
                {"days": "tue, thu", "open": "12:00", "close": "15:30"},
            ]
        if pattern == 3:
            return [
                {"days": "mon-fri", "open": f"{h:02d}:00", "close": "11:00"},
                {"days": "mon-fri", "open": "12:00", "close": "14:00"},
            ]
        return [
            {"days": "mon-wed, fri", "open": f"{h:02d}:30", "close": "16:00"},
            {"days": "thu", "open": "12:00", "close": "18:00"},
            {"days": "sat", "open": "10:00", "close": "13:00"},
        ]

    def channel_id(self, base: str) -> str:
        cid, k = base, 2
        while cid in self.used_channel_ids:
            cid, k = f"{base}-{k}", k + 1
        self.used_channel_ids.add(cid)
        return cid

    def street(self, city: str) -> dict:
        r = self.rng
        street = f"{r.choice(NAME_PREFIXES)}{r.choice(STREET_KINDS)} {r.randint(1, 60)}"
        if r.random() < 0.3:
            street += f" {r.choice('ABC')}"
        return {"street": street, "postal_code": f"{r.randint(10, 99)}{r.randint(0, 9)}{r.choice('0123456789')}0",
                "city": city}

    # --- site ---------------------------------------------------------------------------------

    def build(self) -> None:
        r = self.rng
        self.topics = TOPICS[: r.randint(4, 6)]
        self.regions = [self.region(i) for i in range(self.n_regions)]
        self.services = self.make_services()
        # Per-service notes and channel picks, now that services know their regions.
        for s in self.services:
            for rid in s["regions"]:
                reg = self.region_by_id[rid]
                if r.random() < 0.35:
                    reg["services"][s["id"]] = self.region_notes(reg, s)

    def region(self, i: int) -> dict:
        r = self.rng
        d_fi, d_en, d_slug = REGION_DIRECTIONS[i % len(REGION_DIRECTIONS)]
        while True:
            pre = r.choice(NAME_PREFIXES)
            suf = r.choice(list(REGION_SUFFIXES))
            base = pre + suf
            name = d_fi + base
            rid = slugify(name)
            if rid not in self.used_places:
                self.used_places.add(rid)
                break
        gen = d_fi + pre + REGION_SUFFIXES[suf]
        en_name = d_en + base
        region = {
            "id": rid,
            "name": {"fi": f"{gen} hyvinvointialue", "en": f"Wellbeing services county of {en_name}"},
            "short_name": {"fi": name, "en": en_name} if d_fi else name,
            "slug": {"en": slugify(en_name)} if d_fi else None,
            "website": f"https://www.{rid}.example.fi",
            "description": {
                "fi": f"{gen} hyvinvointialue järjestää sosiaali- ja terveyspalvelut alueensa kunnissa. "
                      f"Palvelupisteitä on jokaisessa kunnassa, ja monia palveluja saa myös sähköisesti.\n",
                "en": f"The wellbeing services county of {en_name} (<span lang=\"fi\">{gen} hyvinvointialue</span>) "
                      f"provides social and health services in its municipalities. There are service points "
                      f"in every municipality, and many services are also available online.\n",
            },
            "areas": [],
            "services": {},
        }
        region["channels"] = [
            {"type": "phone", "id": self.channel_id(f"{rid}-neuvonta"),
             "name": {"fi": "Sosiaali- ja terveysneuvonta", "en": "Social and health advice line"},
             "number": self.phone(), "hours": self.hours(),
             "description": {"fi": "Neuvontapuhelimesta saat apua kaikissa palveluja koskevissa kysymyksissä.",
                             "en": "The advice line helps with all questions about services."}},
            {"type": "email", "id": self.channel_id(f"{rid}-sahkoposti"),
             "name": {"fi": "Asiakasneuvonnan sähköposti", "en": "Client advice e-mail"},
             "address": f"neuvonta@{rid}.example.fi"},
            {"type": "web", "id": self.channel_id(f"{rid}-verkkosivut"),
             "name": {"fi": f"{gen} hyvinvointialueen verkkosivut", "en": f"Website of {en_name} wellbeing services county (in Finnish)"},
             "url": f"https://www.{rid}.example.fi/palvelut"},
        ]
        if r.random() < 0.5:
            region["channels"].append(
                {"type": "eservice", "id": self.channel_id(f"{rid}-asiointi"),
                 "name": {"fi": "Sähköinen asiointi", "en": "Online services"},
                 "url": f"https://asiointi.{rid}.example.fi"})
        kinds = r.sample(AREA_KINDS, r.randint(3, 6))
        first_city = None
        for aid, afi, aen in kinds:
            munis = []
            for _ in range(r.randint(3, 10)):
                mname, mgen = self.place()
                # Made-up places have no official code (esite checks codes against the list).
                m = {"name": mname}
                if r.random() < 0.08:
                    village = r.choice(NAME_PREFIXES) + "kylä"
                    m["note"] = {"fi": f"ei {village}n aluetta", "en": f"except the {village} area"}
                munis.append(m)
            if r.random() < 0.25 and len(munis) < 10:
                former, _ = self.place()
                munis.append({"name": former, "part_of": munis[0]["name"]})
            city = munis[0]["name"]
            first_city = first_city or city
            area = {
                "id": aid,
                "name": {"fi": afi, "en": aen},
                "description": None,
                "municipalities": munis,
                "channels": [
                    {"type": "phone", "id": self.channel_id(f"{rid}-{aid}-ajanvaraus"),
                     "name": {"fi": f"Ajanvaraus, {low(afi)}", "en": f"Appointments, {low(aen)}"},
                     "number": self.phone(), "hours": self.hours()},
                    {"type": "location", "id": self.channel_id(f"{rid}-{aid}-palvelupiste"),
                     "name": {"fi": f"{city} – sosiaali- ja terveyskeskus", "en": f"{city} social and health centre"},
                     **self.street(city), "hours": self.hours()},
                ],
            }
            if r.random() < 0.4:
                area["description"] = {
                    "fi": f"Alueeseen kuuluu {len(munis)} kuntaa. Alueen palvelupiste on kunnassa {city}.",
                    "en": f"The {low(aen)} covers {len(munis)} municipalities. The service point is in {city}.",
                }
            if area["description"] is None:
                del area["description"]
            region["areas"].append(area)
        region["channels"].append(
            {"type": "postal", "id": self.channel_id(f"{rid}-kirjaamo"),
             "name": {"fi": "Kirjaamon postiosoite", "en": "Postal address of the registry office"},
             "lines": [region["name"]["fi"], "Kirjaamo"], **self.street(first_city)})
        self.region_by_id[rid] = region
        return region

    def make_services(self) -> list[dict]:
        r = self.rng
        combos = [(t, g, None) for t in range(len(SERVICE_TYPES)) for g in range(len(SERVICE_GROUPS))]
        r.shuffle(combos)
        if self.n_services > len(combos):
            more = [(t, g, f) for t in range(len(SERVICE_TYPES)) for g in range(len(SERVICE_GROUPS))
                    for f in range(len(SERVICE_FORMS))]
            r.shuffle(more)
            combos += more
        services = []
        used_fi, used_en = set(), set()
        k = 0
        while len(services) < self.n_services:
            if k < len(combos):
                t, g, f = combos[k]
                n = None
            else:
                t, g, f = combos[k % len(combos)]
                n = k // len(combos) + 1
            k += 1
            fi = f"{SERVICE_TYPES[t][0]} {SERVICE_GROUPS[g][0]}"
            en = f"{SERVICE_TYPES[t][1]} {SERVICE_GROUPS[g][1]}"
            if f is not None:
                fi += f" {SERVICE_FORMS[f][0]}"
                en += f" {SERVICE_FORMS[f][1]}"
            if n is not None:
                fi += f" {n}"
                en += f" {n}"
            if len(fi) > 70 or len(en) > 70:
                continue
            sid, en_slug = slugify(fi), slugify(en)
            if sid in used_fi or en_slug in used_en:
                continue
            used_fi.add(sid)
            used_en.add(en_slug)
            regions = r.sample(self.regions, min(len(self.regions), r.randint(1, 4)))
            services.append({
                "id": sid,
                "type": t, "group": g,
                "title": {"fi": fi, "en": en},
                "slug_en": en_slug,
                "regions": [x["id"] for x in regions],
                "topics": [x[0] for x in r.sample(self.topics, r.randint(1, 2))],
                "legal": r.sample(LEGAL, r.randint(0, 2)),
                "updated": f"20{r.randint(22, 26)}-{r.randint(1, 12):02d}" + (f"-{r.randint(1, 28):02d}" if r.random() < 0.5 else ""),
            })
        return services

    def region_notes(self, reg: dict, s: dict) -> dict:
        r = self.rng
        area = r.choice(reg["areas"])
        city = area["municipalities"][0]["name"]
        fi_t, en_t = s["title"]["fi"], s["title"]["en"]
        fees = r.randint(5, 40)
        entry = {"notes": {
            "fi": f"{reg['short_name']['fi'] if isinstance(reg['short_name'], dict) else reg['short_name']}"
                  f" alueella palvelua {low(fi_t)} voi hakea kolmella tavalla:\n\n"
                  f"- täytä sähköinen hakemus\n- soita ajanvaraukseen\n- käy palvelupisteessä {city}\n\n"
                  f"Käyntimaksu on {fees} euroa. Lisätietoa on [hyvinvointialueen palvelusivulla]"
                  f"(https://www.{reg['id']}.example.fi/palvelut/{s['id']}).\n",
            "en": f"In this county you can apply for {low(en_t)} in three ways:\n\n"
                  f"- fill in the online application\n- call the appointment line\n"
                  f"- visit the service point in {city}\n\n"
                  f"A visit costs {fees} euros. More information is on the [county's service page]"
                  f"(https://www.{reg['id']}.example.fi/palvelut/{s['id']}) (in Finnish).\n",
        }}
        if r.random() < 0.3:
            entry["channels"] = [reg["channels"][0]["id"], area["channels"][0]["id"]]
        return entry

    # --- bodies -------------------------------------------------------------------------------

    def body(self, s: dict) -> tuple[str, str]:
        """Parallel Finnish and English Markdown bodies of 2-4 KB (UTF-8)."""
        for _ in range(50):
            fi, en = self._body(s)
            if all(2048 <= len(x.encode()) <= 4096 for x in (fi, en)):
                break
        return fi, en

    def _body(self, s: dict) -> tuple[str, str]:
        r = self.rng
        fi_title, en_title = s["title"]["fi"], s["title"]["en"]
        reg = self.region_by_id[s["regions"][0]]
        place = r.choice(r.choice(reg["areas"])["municipalities"])["name"]
        subst_fi = {"Palvelu": cap(fi_title), "palvelu": low(fi_title),
                    "ryhma": SERVICE_GROUPS[s["group"]][0], "paikka": place}
        subst_en = {"Service": cap(en_title), "service": low(en_title),
                    "group": SERVICE_GROUPS[s["group"]][1], "place": place}
        target = r.randint(2400, 3900)
        fi, en = [], []

        def para(n_min=2, n_max=5):
            idx = r.sample(range(len(SENTENCES)), r.randint(n_min, n_max))
            fi.append(" ".join(SENTENCES[i][0].format(**subst_fi) for i in idx) + "\n")
            en.append(" ".join(SENTENCES[i][1].format(**subst_en) for i in idx) + "\n")

        def bullets():
            items = r.sample(LIST_ITEMS, r.randint(3, 6))
            intro = r.choice([("Palveluun voi kuulua esimerkiksi", "The service can include, for example,"),
                              ("Saatte tukea muun muassa näihin:", "You can get support with things such as:")])
            fi.append(intro[0] + "\n\n" + "\n".join(f"- {a}" for a, _ in items) + "\n")
            en.append(intro[1] + "\n\n" + "\n".join(f"- {b}" for _, b in items) + "\n")

        headings = FI_HEADINGS[:]
        first = headings.pop(0)
        r.shuffle(headings)
        headings.insert(0, first)
        size = lambda: sum(len(x.encode()) for x in fi)  # noqa: E731
        for hi, (hfi, hen) in enumerate(headings):
            fi.append("## " + hfi.format(palvelu=low(fi_title)) + "\n")
            en.append("## " + hen.format(service=low(en_title)) + "\n")
            para()
            if r.random() < 0.5:
                bullets()
            if r.random() < 0.35:
                for sfi, sen in r.sample(SUB_HEADINGS, r.randint(1, 2)):
                    fi.append(f"### {sfi}\n")
                    en.append(f"### {sen}\n")
                    para(1, 3)
            if hi == 0 and r.random() < 0.3:
                en.append(f"In Finnish the service is called <span lang=\"fi\">{low(fi_title)}</span>.\n")
            if size() > target - 700:
                break

        # Links to other services and to a region.
        others = [o for o in r.sample(self.services, min(4, len(self.services))) if o is not s][:3]
        if others:
            fi.append("## Muut palvelut\n")
            en.append("## Other services\n")
            fi.append("\n".join(f"- Katso myös [{low(o['title']['fi'])}](service:{o['id']})." for o in others) + "\n")
            en.append("\n".join(f"- See also [{low(o['title']['en'])}](service:{o['id']})." for o in others) + "\n")
            rn = reg["name"]
            fi.append(f"Palvelua tarjoaa muun muassa [{rn['fi']}](region:{reg['id']}).\n")
            en.append(f"The service is offered by, among others, the [{rn['en']}](region:{reg['id']}).\n")
        fi.append("## Lisätietoa\n")
        en.append("## More information\n")
        links = r.sample(EXTERNAL_LINKS, r.randint(1, 2))
        fi.append("Lue lisää aiheesta: " + " ja ".join(
            f"[{lf}]({u.format(slug=s['id'])})" for lf, _, u in links) + ".\n")
        en.append("You can find more on " + " and ".join(
            f"[{le}]({u.format(slug=s['id'])})" for _, le, u in links) + " (in Finnish).\n")
        return "\n".join(fi), "\n".join(en)

    def summary(self, s: dict) -> tuple[str, str]:
        fi = f"{s['title']['fi']}: tukea ja neuvoja, kun arki tarvitsee apua – maksutta tai pientä maksua vastaan."
        en = f"{s['title']['en']}: support and advice when everyday life needs help, free or for a small fee."
        assert len(fi) <= 200 and len(en) <= 200, (fi, en)
        return fi, en


# ---------------------------------------------------------------------------------------------
# esite output


def site_yaml(g: Gen) -> dict:
    return {
        "languages": [{"code": "fi", "name": "Suomeksi"}, {"code": "en", "name": "In English"}],
        "base_url": "https://palvelut.example.fi/",
        "title": {"fi": "Sosiaali- ja terveyspalvelut", "en": "Social and health services"},
        "organisation": {"fi": "Hyvinvointialueiden yhteinen toimitus", "en": "Joint editorial team of the wellbeing services counties"},
        "description": {"fi": "Hyvinvointialueiden sosiaali- ja terveyspalvelut selkeästi kerrottuna.",
                        "en": "The social and health services of the wellbeing services counties in plain words."},
        "topics": [{"id": t[0], "name": {"fi": t[1], "en": t[2]}, "description": {"fi": t[3], "en": t[4]}}
                   for t in g.topics],
        "contact": {"name": {"fi": "Yhteinen toimitus", "en": "Joint editorial team"},
                    "email": "toimitus@palvelut.example.fi", "phone": "09 310 12345"},
        "accessibility": {
            "conformance": "partial",
            "prepared": "2026-11-01",
            "reviewed": "2026-11-20",
            "method": {"fi": "Toimitus arvioi sivuston saavutettavuuden itse.",
                       "en": "The editorial team assessed the site's accessibility itself."},
            "shortcomings": [{"fi": "Osa vanhoista PDF-esitteistä ei ole saavutettavia.",
                              "en": "Some old PDF leaflets are not accessible."}],
            "feedback": {"email": "saavutettavuus@palvelut.example.fi"},
            "authority": {
                "name": {"fi": "Etelä-Suomen aluehallintovirasto, saavutettavuuden valvonnan yksikkö",
                         "en": "Regional State Administrative Agency for Southern Finland, Web Accessibility Monitoring Unit"},
                "url": "https://www.saavutettavuusvaatimukset.fi",
                "email": "saavutettavuus@avi.fi",
                "phone": "0295 016 000",
            },
        },
    }


def region_yaml(reg: dict) -> dict:
    out = {"name": reg["name"], "short_name": reg["short_name"]}
    if reg["slug"]:
        out["slug"] = reg["slug"]
    out["website"] = reg["website"]
    out["description"] = reg["description"]
    out["channels"] = reg["channels"]
    out["areas"] = reg["areas"]
    if reg["services"]:
        out["services"] = reg["services"]
    return out


def front_matter(d: dict) -> str:
    return "---\n" + dump_yaml({k: v for k, v in d.items() if v not in (None, [], {})}) + "---\n\n"


def write_esite(g: Gen, out: Path, bodies: dict) -> None:
    c = out / "content"
    if c.exists():
        shutil.rmtree(c)
    write(c / "site.yaml", "# Generated by bench/gen.py\n" + dump_yaml(site_yaml(g)))
    for reg in g.regions:
        write(c / "regions" / f"{reg['id']}.yaml", dump_yaml(region_yaml(reg)))
    for s in g.services:
        fi_body, en_body, fi_sum, en_sum = bodies[s["id"]]
        write(c / "services" / s["id"] / "fi.md", front_matter({
            "title": s["title"]["fi"], "summary": fi_sum, "regions": s["regions"], "topics": s["topics"],
            "legal_basis": [a for a, _ in s["legal"]], "updated": s["updated"],
        }) + fi_body)
        write(c / "services" / s["id"] / "en.md", front_matter({
            "title": s["title"]["en"], "summary": en_sum, "slug": s["slug_en"],
            "legal_basis": [b for _, b in s["legal"]], "updated": s["updated"],
        }) + en_body)
    write(c / "pages" / "tietoa" / "fi.md", front_matter({
        "title": "Tietoa sivustosta", "summary": "Kuka sivustoa ylläpitää ja mistä tiedot ovat peräisin."})
        + "## Sivuston tiedot\n\nTämä on suorituskykytestiä varten tuotettu sivusto.\n")
    write(c / "pages" / "tietoa" / "en.md", front_matter({
        "title": "About this site", "summary": "Who maintains the site and where the facts come from.",
        "slug": "about"}) + "## About the content\n\nThis site was generated for a performance benchmark.\n")


# ---------------------------------------------------------------------------------------------
# Hugo output

HUGO_CONFIG = """\
baseURL = "https://palvelut.example.fi/"
defaultContentLanguage = "fi"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true

[languages.fi]
  title = "Sosiaali- ja terveyspalvelut"
  contentDir = "content/fi"
  weight = 1
[languages.en]
  title = "Social and health services"
  contentDir = "content/en"
  weight = 2

[markup.goldmark.renderer]
  unsafe = true   # esite lets <span lang="..."> through
"""

HUGO_I18N = {
    "fi": {"services": "Palvelut", "regions": "Alueet", "municipalities": "Kunnat",
           "contacts": "Yhteystiedot", "skip": "Siirry sisältöön", "offered_by": "Palvelua tarjoavat",
           "services_here": "Palvelut alueella", "region": "Alue", "legal": "Lainsäädäntö",
           "updated": "Päivitetty", "municipality_of": "Kunta kuuluu alueeseen"},
    "en": {"services": "Services", "regions": "Regions", "municipalities": "Municipalities",
           "contacts": "Contacts", "skip": "Skip to content", "offered_by": "Offered by",
           "services_here": "Services in the region", "region": "Region", "legal": "Legislation",
           "updated": "Updated", "municipality_of": "The municipality belongs to"},
}

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip" href="#main">{{ i18n "skip" }}</a>
<header>
<a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="Language"><ul>
{{ $names := (partialCached "data.html" .).site.languages }}
{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ index $names .Language.Lang }}</a></li>{{ end }}
</ul></nav>
<nav><ul>
<li><a href="{{ "regions/" | relLangURL }}">{{ i18n "regions" }}</a></li>
<li><a href="{{ "municipalities/" | relLangURL }}">{{ i18n "municipalities" }}</a></li>
</ul></nav>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "index.html": """\
{{ define "main" }}
{{ $lang := .Language.Lang }}
<h1>{{ site.Title }}</h1>
{{ $services := where site.RegularPages "Section" "services" }}
{{ range (partialCached "data.html" .).site.topics }}
<section>
<h2>{{ index .name $lang }}</h2>
<p>{{ index .description $lang }}</p>
<ul>
{{ range (where $services "Params.topics" "intersect" (slice .id)).ByTitle }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span>{{ .Params.summary }}</span></li>
{{ end }}
</ul>
</section>
{{ end }}
{{ end }}
""",
    "_default/single.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    # Everything below the page's own text depends only on (region, area, language, the
    # channels a service's notes pick), so it is rendered once per such key with partialCached
    # and reused: the variants after the context are the whole cache key (the context is not
    # part of it), and the language is always one of them.
    "services/single.html": """\
{{ define "main" }}
{{ $lang := .Language.Lang }}
{{ $id := .File.ContentBaseName }}
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
{{ .Content }}
{{ with .Params.legal_basis }}<h2>{{ i18n "legal" }}</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
<h2>{{ i18n "contacts" }}</h2>
{{ range $rid := .Params.regions }}
{{ $r := index (partialCached "data.html" .).regions $rid }}
<section id="{{ $rid }}">
<h3>{{ index $r.name $lang }}</h3>
{{ $picked := "" }}
{{ $pk := "" }}
{{ with index $r.services $id }}
  {{ with .notes }}{{ index . $lang | markdownify }}{{ end }}
  {{ with .channels }}{{ $picked = . }}{{ $pk = delimit . "," }}{{ end }}
{{ end }}
{{ partialCached "region-contacts.html" (dict "region" $r "rid" $rid "lang" $lang "picked" $picked "pk" $pk) $rid $lang $pk }}
</section>
{{ end }}
<p>{{ i18n "updated" }}: {{ .Params.updated }}</p>
{{ end }}
""",
    "regions/single.html": """\
{{ define "main" }}
{{ $lang := .Language.Lang }}
{{ $rid := .Params.region }}
{{ $r := index (partialCached "data.html" .).regions $rid }}
<h1>{{ .Title }}</h1>
{{ index $r.description $lang | markdownify }}
{{ partialCached "channels.html" (dict "channels" $r.channels "lang" $lang "picked" "") $rid "" $lang "" }}
{{ range $r.areas }}
<section id="{{ .id }}">
<h2>{{ index .name $lang }}</h2>
{{ with .description }}{{ index . $lang | markdownify }}{{ end }}
<ul>{{ range .municipalities }}<li><a href="{{ printf "municipalities/%s/" .slug | relLangURL }}">{{ .name }}</a>{{ with .note }} ({{ index . $lang }}){{ end }}</li>{{ end }}</ul>
{{ partialCached "channels.html" (dict "channels" .channels "lang" $lang "picked" "") $rid .id $lang "" }}
</section>
{{ end }}
<h2>{{ i18n "services_here" }}</h2>
{{ partialCached "region-services.html" (dict "rid" $rid "anchor" false) $rid $lang "plain" }}
{{ end }}
""",
    "municipalities/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>
{{ end }}
""",
    "municipalities/single.html": """\
{{ define "main" }}
{{ $lang := .Language.Lang }}
{{ $rid := .Params.region }}
{{ $aid := .Params.area }}
{{ $r := index (partialCached "data.html" .).regions $rid }}
<h1>{{ .Title }}</h1>
<section>
<h2>{{ index $r.name $lang }}</h2>
<h3>{{ i18n "services" }}</h3>
{{ partialCached "region-services.html" (dict "rid" $rid "anchor" true) $rid $lang "anchor" }}
<h3>{{ i18n "contacts" }}</h3>
{{ partialCached "channels.html" (dict "channels" $r.channels "lang" $lang "picked" "") $rid "" $lang "" }}
{{ partialCached "area.html" (dict "region" $r "rid" $rid "aid" $aid "lang" $lang) $rid $aid $lang }}
{{ with site.GetPage (printf "/regions/%s" $rid) }}<p><a href="{{ .RelPermalink }}">{{ i18n "region" }}: {{ .Title }}</a></p>{{ end }}
</section>
{{ end }}
""",
    # The data files: hugo.Data since Hugo 0.156 (site.Data is deprecated there), site.Data
    # before (Debian's 0.111 has no hugo.Data). Cached, so looked up once.
    "partials/data.html": """\
{{- $d := dict -}}
{{- if ge hugo.Version "0.156.0" -}}{{- $d = hugo.Data -}}{{- else -}}{{- $d = site.Data -}}{{- end -}}
{{- return $d -}}
""",
    # A region's services in the current language, by title: once per (region, language, style).
    "partials/region-services.html": """\
{{ $rid := .rid }}
{{ $anchor := .anchor }}
<ul>
{{ range (where (where site.RegularPages "Section" "services") "Params.regions" "intersect" (slice $rid)).ByTitle }}
{{ if $anchor }}<li><a href="{{ .RelPermalink }}#{{ $rid }}">{{ .Title }}</a> <p>{{ .Params.summary }}</p></li>
{{ else }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
{{ end }}
</ul>
""",
    # A region's channels and its areas with their municipalities and channels, as on a
    # service page: once per (region, language, channels picked by the service's notes).
    "partials/region-contacts.html": """\
{{ $r := .region }}
{{ $rid := .rid }}
{{ $lang := .lang }}
{{ $picked := .picked }}
{{ $pk := .pk }}
{{ partialCached "channels.html" (dict "channels" $r.channels "lang" $lang "picked" $picked) $rid "" $lang $pk }}
{{ range $r.areas }}
<h4>{{ index .name $lang }}</h4>
<p>{{ range $i, $m := .municipalities }}{{ if $i }}, {{ end }}{{ $m.name }}{{ end }}</p>
{{ partialCached "channels.html" (dict "channels" .channels "lang" $lang "picked" $picked) $rid .id $lang $pk }}
{{ end }}
""",
    # One area as on a municipality page: once per (region, area, language).
    "partials/area.html": """\
{{ $lang := .lang }}
{{ range where .region.areas "id" .aid }}
<h4>{{ index .name $lang }}</h4>
{{ with .description }}{{ index . $lang | markdownify }}{{ end }}
<p>{{ range $i, $m := .municipalities }}{{ if $i }}, {{ end }}<a href="{{ printf "municipalities/%s/" $m.slug | relLangURL }}">{{ $m.name }}</a>{{ end }}</p>
{{ partialCached "channels.html" (dict "channels" .channels "lang" $lang "picked" "") $.rid .id $lang "" }}
{{ end }}
""",
    # Only called through partialCached (region, area or "", language, picked channels); the
    # weekday names come from data/site.json rather than a dict built on every call.
    "partials/channels.html": """\
{{ $lang := .lang }}
{{ $picked := .picked }}
{{ $names := index (partialCached "data.html" .).site.days $lang }}
<ul class="channels">
{{ range .channels }}
{{ if or (not $picked) (in $picked .id) }}
<li class="channel channel-{{ .type }}">
{{ with .name }}<strong>{{ index . $lang }}</strong>{{ end }}
{{ $t := .type }}
{{ if eq $t "phone" }}<a href="tel:+358{{ strings.TrimPrefix "0" (replace .number " " "") }}">{{ .number }}</a>
{{ else if eq $t "email" }}<a href="mailto:{{ .address }}">{{ .address }}</a>
{{ else if or (eq $t "web") (eq $t "eservice") (eq $t "form") }}<a href="{{ .url }}">{{ .url }}</a>
{{ else if or (eq $t "location") (eq $t "postal") }}<p>{{ range .lines }}{{ . }}<br>{{ end }}{{ .street }}<br>{{ .postal_code }} {{ .city }}</p>
{{ end }}
{{ with .hours }}<ul class="hours">{{ range . }}
{{ $d := replace .days "-" "–" }}
{{ range $k, $v := $names }}{{ if in $d $k }}{{ $d = replace $d $k $v }}{{ end }}{{ end }}
<li>{{ $d }}{{ if eq $lang "fi" }} klo{{ end }} {{ replace (strings.TrimPrefix "0" .open) ":" "." }}–{{ replace (strings.TrimPrefix "0" .close) ":" "." }}</li>
{{ end }}</ul>{{ end }}
{{ with .description }}{{ index . $lang | markdownify }}{{ end }}
</li>
{{ end }}
{{ end }}
</ul>
""",
    "_default/_markup/render-link.html": """\
{{- $dest := .Destination -}}
{{- if hasPrefix $dest "service:" -}}
{{- with site.GetPage (printf "/services/%s" (strings.TrimPrefix "service:" $dest)) -}}{{- $dest = .RelPermalink -}}{{- end -}}
{{- else if hasPrefix $dest "region:" -}}
{{- with site.GetPage (printf "/regions/%s" (strings.TrimPrefix "region:" $dest)) -}}{{- $dest = .RelPermalink -}}{{- end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}">{{ .Text | safeHTML }}</a>
""",
    "404.html": """\
{{ define "main" }}<h1>404</h1>{{ end }}
""",
}

# Weekday abbreviations for the hours lists (keys as in the hours' "days", e.g. "mon-fri").
HUGO_DAYS = {
    "fi": {"mon": "ma", "tue": "ti", "wed": "ke", "thu": "to", "fri": "pe", "sat": "la", "sun": "su"},
    "en": {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"},
}

HUGO_CSS = "body{font-family:sans-serif;max-width:40rem;margin:auto}.skip{position:absolute;left:-999px}\n"


def loc(v) -> dict:
    """Localized text as a map for every language (Hugo's templates index by language)."""
    if isinstance(v, dict):
        return {lang: v.get(lang, v.get("fi", "")) for lang in LANGS}
    return {lang: v for lang in LANGS}


def hugo_region_data(reg: dict) -> dict:
    def ch(c: dict) -> dict:
        c = dict(c)
        for k in ("name", "description"):
            if k in c:
                c[k] = loc(c[k])
        return c
    return {
        "name": loc(reg["name"]),
        "description": loc(reg["description"]),
        "channels": [ch(c) for c in reg["channels"]],
        "areas": [{**a, "name": loc(a["name"]),
                   **({"description": loc(a["description"])} if "description" in a else {}),
                   "municipalities": [{**m, "slug": slugify(m["name"]),
                                       **({"note": loc(m["note"])} if "note" in m else {})}
                                      for m in a["municipalities"]],
                   "channels": [ch(c) for c in a["channels"]]} for a in reg["areas"]],
        "services": {sid: {"notes": loc(v["notes"]), **({"channels": v["channels"]} if "channels" in v else {})}
                     for sid, v in reg["services"].items()},
    }


def write_hugo(g: Gen, out: Path, bodies: dict) -> None:
    for sub in ("content", "layouts", "data", "i18n", "static"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    write(out / "hugo.toml", HUGO_CONFIG)
    for path, text in HUGO_LAYOUTS.items():
        write(out / "layouts" / path, text)
    write(out / "static" / "style.css", HUGO_CSS)
    for lang, strings in HUGO_I18N.items():
        write(out / "i18n" / f"{lang}.yaml", dump_yaml({k: {"other": v} for k, v in strings.items()}))
    site = site_yaml(g)
    languages = {x["code"]: x["name"] for x in site["languages"]}
    write(out / "data" / "site.json", json.dumps({"topics": site["topics"], "days": HUGO_DAYS, "languages": languages},
                                                 ensure_ascii=False))
    for reg in g.regions:
        write(out / "data" / "regions" / f"{reg['id']}.json",
              json.dumps(hugo_region_data(reg), ensure_ascii=False))
    section_titles = {"fi": ("Palvelut", "Alueet", "Kunnat"), "en": ("Services", "Regions", "Municipalities")}
    for lang in LANGS:
        c = out / "content" / lang
        write(c / "_index.md", front_matter({"title": site["title"][lang]}))
        st = section_titles[lang]
        write(c / "services" / "_index.md", front_matter({"title": st[0]}))
        write(c / "regions" / "_index.md", front_matter({"title": st[1]}))
        write(c / "municipalities" / "_index.md", front_matter({"title": st[2]}))
        for s in g.services:
            fi_body, en_body, fi_sum, en_sum = bodies[s["id"]]
            li = 0 if lang == "fi" else 1
            write(c / "services" / f"{s['id']}.md", front_matter({
                "title": s["title"][lang], "summary": (fi_sum, en_sum)[li],
                "slug": s["slug_en"] if lang == "en" else None,
                "regions": s["regions"], "topics": s["topics"],
                "legal_basis": [x[li] for x in s["legal"]], "updated": s["updated"],
            }) + (fi_body, en_body)[li])
        for reg in g.regions:
            slug = (reg["slug"] or {}).get(lang)
            write(c / "regions" / f"{reg['id']}.md", front_matter({
                "title": loc(reg["name"])[lang], "region": reg["id"], "slug": slug}))
            for a in reg["areas"]:
                for m in a["municipalities"]:
                    write(c / "municipalities" / f"{slugify(m['name'])}.md", front_matter({
                        "title": m["name"], "region": reg["id"], "area": a["id"]}))


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--services", type=int, required=True)
    ap.add_argument("--regions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="the esite site folder to write (DIR/content/...)")
    ap.add_argument("--hugo", type=Path, help="also write the same content as a Hugo site here")
    ap.add_argument("--zola", type=Path, help="also write the same content as a Zola 0.22 site here")
    a = ap.parse_args()
    if a.services < 1 or a.regions < 1:
        ap.error("--services and --regions must be at least 1")
    g = Gen(a.seed, a.services, a.regions)
    g.build()
    bodies = {}
    for s in g.services:
        fi_body, en_body = g.body(s)
        fi_sum, en_sum = g.summary(s)
        bodies[s["id"]] = (fi_body, en_body, fi_sum, en_sum)
    write_esite(g, a.out, bodies)
    if a.hugo:
        write_hugo(g, a.hugo, bodies)
    if a.zola:
        import zola_twin  # beside this script

        zola_twin.write_zola(a.zola, g, bodies, site_yaml(g), {
            "strings": HUGO_I18N, "days": HUGO_DAYS, "region_data": hugo_region_data, "slugify": slugify})
    munis = sum(len(x["municipalities"]) for r in g.regions for x in r["areas"])
    print(f"gen: {len(g.services)} services, {len(g.regions)} regions, {munis} municipalities -> {a.out}"
          + "".join(f" and {d}" for d in (a.hugo, a.zola) if d), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
