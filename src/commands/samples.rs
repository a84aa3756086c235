//! The sample texts `esite init` writes, in the languages whose interface texts the built-in
//! theme has (themes/default/i18n/). Written plainly, as the pages they stand in for should be.

/// One language's sample texts.
pub(super) struct Sample {
    pub code: &'static str,
    /// The language's name in itself, for the language switcher.
    pub name: &'static str,
    pub site_title: &'static str,
    pub organisation: &'static str,
    pub description: &'static str,
    pub topic_name: &'static str,
    pub topic_description: &'static str,
    pub method: &'static str,
    pub authority: &'static str,
    pub service_title: &'static str,
    pub service_summary: &'static str,
    /// The URL name in this language; `None` where the id is already the word.
    pub service_slug: Option<&'static str>,
    pub legal_basis: &'static str,
    pub service_body: &'static str,
    pub region_name: &'static str,
    pub region_short: &'static str,
    pub region_slug: Option<&'static str>,
    pub area_name: &'static str,
    pub phone_name: &'static str,
    pub holiday: &'static str,
    pub region_notes: &'static str,
    pub page_title: &'static str,
    pub page_summary: &'static str,
    pub page_slug: Option<&'static str>,
    pub page_body: &'static str,
    /// The language's name in English, for the files' comments.
    pub english_name: &'static str,
}

pub(super) const SAMPLES: [Sample; 3] = [FI, SV, EN];

const FI: Sample = Sample {
    code: "fi",
    name: "Suomeksi",
    english_name: "Finnish",
    site_title: "Perhepalvelut",
    organisation: "Esimerkin hyvinvointialue",
    description: "Lapsiperheiden palvelut selkeästi kerrottuna: mitä apua on tarjolla ja miten sitä saa.",
    topic_name: "Arki ja vanhemmuus",
    topic_description: "Kun arki ei suju tai vanhempana oleminen tuntuu raskaalta.",
    method: "Arvioimme sivuston saavutettavuuden itse. Tarkistimme sivut automaattisella työkalulla sekä käsin näppäimistöllä ja ruudunlukijalla.",
    authority: "Etelä-Suomen aluehallintovirasto, saavutettavuuden valvonnan yksikkö",
    service_title: "Perheneuvola",
    service_summary: "Perheneuvolasta saat apua, kun lapsen kasvu tai perheen arki huolettaa.",
    service_slug: None,
    legal_basis: "Sosiaalihuoltolaki (1301/2014) 26 §",
    service_body: "## Mitä perheneuvola tekee?

Perheneuvolassa työskentelee psykologeja ja sosiaalityöntekijöitä. He auttavat, kun lapsen käytös, tunteet tai kehitys huolettavat, tai kun perheessä riidellään paljon.

Voitte tulla koko perhe yhdessä, tai vanhempi voi tulla yksin.

## Kenelle palvelu on?

Palvelu on perheille, joissa on alle 18-vuotias lapsi. Palvelu on maksuton.

## Miten pääsen perheneuvolaan?

Soita ajanvaraukseen. Et tarvitse lähetettä. Työntekijä kysyy, mikä tilanteenne on, ja sopii kanssanne ensimmäisen tapaamisen. Ajanvarauksen numero ja puhelinajat ovat tällä sivulla.
",
    region_name: "Esimerkin hyvinvointialue",
    region_short: "Esimerkki",
    region_slug: None,
    area_name: "Keskinen alue",
    phone_name: "Perheneuvolan ajanvaraus",
    holiday: "Jouluaatto",
    region_notes: "Varaa aika soittamalla ajanvaraukseen. Lähetettä ei tarvita.",
    page_title: "Tietoa sivustosta",
    page_summary: "Kuka sivuston julkaisee ja mistä sen tiedot ovat peräisin.",
    page_slug: None,
    page_body: "## Kuka sivuston julkaisee?

Sivuston julkaisee Esimerkin hyvinvointialue. Kerromme täällä selkeästi palveluista, joita lapsiperheet voivat saada.

## Mistä tiedot ovat peräisin?

Tiedot ovat hyvinvointialueen omista palvelukuvauksista. Tarkistamme ne vähintään kerran vuodessa.

Sivustolla on nyt yksi palvelu: [perheneuvola](service:perheneuvola).
",
};

const SV: Sample = Sample {
    code: "sv",
    name: "På svenska",
    english_name: "Swedish",
    site_title: "Familjetjänster",
    organisation: "Exempels välfärdsområde",
    description: "Tjänster för barnfamiljer berättade på ett tydligt sätt: vilken hjälp som finns och hur man får den.",
    topic_name: "Vardag och föräldraskap",
    topic_description: "När vardagen inte fungerar eller när föräldraskapet känns tungt.",
    method: "Vi bedömde webbplatsens tillgänglighet själva. Vi kontrollerade sidorna med ett automatiskt verktyg och för hand med tangentbord och skärmläsare.",
    authority: "Regionförvaltningsverket i Södra Finland, enheten för tillgänglighetstillsyn",
    service_title: "Familjerådgivning",
    service_summary: "Familjerådgivningen hjälper dig när du är orolig för barnets utveckling eller familjens vardag.",
    service_slug: Some("familjeradgivning"),
    legal_basis: "Socialvårdslagen (1301/2014) 26 §",
    service_body: "## Vad gör familjerådgivningen?

På familjerådgivningen arbetar psykologer och socialarbetare. De hjälper när barnets beteende, känslor eller utveckling oroar er, eller när det blir mycket gräl i familjen.

Ni kan komma hela familjen tillsammans, eller så kan en förälder komma ensam.

## Vem är tjänsten till för?

Tjänsten är till för familjer med barn under 18 år. Den är avgiftsfri.

## Hur får jag en tid?

Ring tidsbokningen. Du behöver ingen remiss. En anställd frågar hur er situation ser ut och kommer överens med er om det första mötet. Tidsbokningens nummer och telefontider finns på den här sidan.
",
    region_name: "Exempels välfärdsområde",
    region_short: "Exempel",
    region_slug: Some("exempel"),
    area_name: "Centrala området",
    phone_name: "Familjerådgivningens tidsbokning",
    holiday: "Julafton",
    region_notes: "Boka tid genom att ringa tidsbokningen. Du behöver ingen remiss.",
    page_title: "Om webbplatsen",
    page_summary: "Vem som publicerar webbplatsen och varifrån uppgifterna kommer.",
    page_slug: Some("om-webbplatsen"),
    page_body: "## Vem publicerar webbplatsen?

Webbplatsen publiceras av Exempels välfärdsområde. Här berättar vi tydligt om de tjänster som barnfamiljer kan få.

## Varifrån kommer uppgifterna?

Uppgifterna kommer från välfärdsområdets egna beskrivningar av tjänsterna. Vi kontrollerar dem minst en gång om året.

Just nu finns det en tjänst på webbplatsen: [familjerådgivning](service:perheneuvola).
",
};

const EN: Sample = Sample {
    code: "en",
    name: "In English",
    english_name: "English",
    site_title: "Family services",
    organisation: "Example wellbeing services county",
    description: "Services for families with children in plain words: what help there is and how to get it.",
    topic_name: "Everyday life and parenting",
    topic_description: "When everyday life is not working or being a parent feels heavy.",
    method: "We assessed the site's accessibility ourselves. We checked the pages with an automated tool and by hand with a keyboard and a screen reader.",
    authority: "Regional State Administrative Agency for Southern Finland, Web Accessibility Monitoring Unit",
    service_title: "Family counselling",
    service_summary: "Family counselling helps you when you are worried about your child's development or your family's everyday life.",
    service_slug: Some("family-counselling"),
    legal_basis: "Social Welfare Act (1301/2014), section 26",
    service_body: "## What does family counselling do?

Psychologists and social workers work at family counselling. They help when a child's behaviour, feelings or development worry you, or when there is a lot of arguing in the family.

You can come together as a whole family, or a parent can come alone.

## Who is the service for?

The service is for families with a child under 18. It is free of charge.

## How do I get an appointment?

Call the appointment line. You do not need a referral. A worker asks about your situation and agrees on the first meeting with you. The appointment line's number and hours are on this page.
",
    region_name: "Example wellbeing services county",
    region_short: "Example",
    region_slug: Some("example"),
    area_name: "Central area",
    phone_name: "Family counselling appointments",
    holiday: "Christmas Eve",
    region_notes: "Book an appointment by calling the appointment line. You do not need a referral.",
    page_title: "About this site",
    page_summary: "Who publishes this site and where its information comes from.",
    page_slug: Some("about"),
    page_body: "## Who publishes the site?

The site is published by the Example wellbeing services county. Here we tell you in plain words about the services that families with children can get.

## Where does the information come from?

The information comes from the county's own descriptions of its services. We check it at least once a year.

The site has one service for now: [family counselling](service:perheneuvola).
",
};
