"""The recogniser's word lists and patterns: what a name's tokens look like, which words head an
organisation or an event, titles, roles, speech verbs, stop words, and the context patterns."""

from __future__ import annotations

import re

# Every upper-case letter the regex engine should treat as the start of a name.
_UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x2000) if chr(code).isupper() and chr(code).isalpha())
# A capitalised word: letters and digits, single apostrophes, hyphens and periods inside it
# ("O'Brien", "Kassym-Jomart", "U.S"; not "Amash.Image", a caption glued on: a period inside
# a word comes before an initial only). Runs of letters are taken whole and never given back:
# nothing after a word in these patterns could want part of it, and taking them a letter at a
# time cost a twentieth of recognition.
_TOKEN = rf"[{_UPPER}][^\W_]*+(?:(?:'(?!s\b)|-|\.(?=[{_UPPER}](?![^\W\d_]{{2}})))(?=[^\W_])[^\W_]*+)*+"
_CONNECTOR = r"(?:of|for|and|on|the|de|del|da|das|dos|du|la|le|van|von|der|den|bin|ibn|al|el|y|di|zu)"
_CHUNK = re.compile(rf"{_TOKEN}(?:\.?[ \t]+(?:{_CONNECTOR}[ \t]+)*{_TOKEN})*")
_TOKEN_RE = re.compile(_TOKEN)
_PIECE_RE = re.compile(rf"{_TOKEN}|(?<![\w'-]){_CONNECTOR}(?![\w'-])")
_CONNECTORS = frozenset(_CONNECTOR[3:-1].split("|"))
# Words that make a capitalised chunk something other than a person.
NOT_PERSON = frozenset(
    """Initiative Road Street Avenue Square Bridge Project Plan Act Law Treaty Agreement Accord Pact
    Declaration Strategy Doctrine Charter Protocol Convention Policy Programme Report Index Airport
    Station Park River Lake Mountain Mountains Sea Ocean Island Islands Valley Desert Canal Bay Day City
    Town County State Province District Region Prize Award Medal Cup Clause Amendment Constitution
    Directive Resolution Ordinance""".split()
)

ORG_HEADS = frozenset(
    """Institute Institution Center Centre University College School Academy Council Program Programme
    Service Services Agency Foundation Fund Group Committee Commission Organization Organisation Party
    Ministry Department Bank Union Association Federation Alliance League Court Parliament Assembly
    Senate Corporation Company Inc Ltd Bureau Office Authority Board Society Forces Army Navy Police
    Network Times Post News Press Radio Television Daily Journal Herald Tribune Gazette Club Movement
    Front Coalition Congress Secretariat Directorate Observatory Laboratory Hospital Museum Library Airlines
    Airways Railways Holdings Trust Consortium Cabinet Duma Rada Knesset Majlis Guard Brigade Battalion
    Regiment Command Council Tribunal Registry Exchange Reserve Treasury Mission Studies Research
    Embassy Consulate Force Observer Mail Telegraph Chronicle Standard Express Monitor Inquirer Courier
    Examiner Globe Review Magazine Weekly Gazeta Zeitung Pharmaceuticals Technologies Industries Motors
    Centers Centres Institutes Media Broadcasting Communications Telecom Insurance Investment Investments Ventures Enterprises
    Limited Corp Corporation LLC PLC Plc GmbH Bancorp Airline Airlines Railway Railroad Ministries
    Federation Confederation Caucus Junta Legislature Commissariat House Patrol Administration Lab Labs""".split()
)
# Heads of named places without a government: features, buildings and facilities (no FAC type:
# they are LOC), last in the name ("Caspian Sea", "Sultan X Grand Mosque") ...
FEATURE_HEADS = frozenset(
    """River Sea Ocean Lake Lakes Gulf Bay Strait Straits Island Islands Isles Peninsula Mountains Mountain
    Hills Desert Valley Canal Airport Airfield Airbase Mosque Cathedral Basilica Monastery Synagogue Shrine
    Palace Pipeline Mine Dam Bridge Stadium Arena Tower Fortress Glacier Reef Falls Basin Plateau Volcano
    Prison Jail Barracks Base Harbour Harbor Port Terminal Refinery Oilfield Lagoon Delta Archipelago
    Atoll Cape Coast""".split()
)
# Words that name a storm by the name after them ("Hurricane Dorian", "Tropical Storm Humberto"):
# the storm is an EVENT, and its name alone later in the article is the same storm.
STORM_WORDS = frozenset("Hurricane Typhoon Cyclone Storm Tornado Blizzard".split())
STORM_MODIFIERS = frozenset("Tropical Super Severe Subtropical Extratropical Post-Tropical Winter".split())
# ... or first ("Mount Everest", "Lake Titicaca", "Gulf of Riga").
FEATURE_PREFIXES = frozenset("Mount Lake Cape Gulf Strait Bay Sea Isle Fort Camp RAF".split())
# "Gas Field", "Oil Field": Field only after these.
FIELD_WORDS = frozenset("Gas Oil Oilfield".split())
EVENT_HEADS = frozenset(
    """Summit Forum Conference Olympics Games Expo Dialogue Festival Cup Championship
    Championships Marathon Convention Symposium Biennale Olympiad Jamboree War Wars Crisis Revolution
    Uprising Rebellion Massacre Genocide""".split()
)
_HEADS = EVENT_HEADS | ORG_HEADS | FEATURE_HEADS
_HEAD_KINDS = (
    (EVENT_HEADS, "EVENT", "event-head"),
    (ORG_HEADS, "ORG", "org-head"),
    (FEATURE_HEADS, "LOC", "feature-head"),
)
# A chunk holding any of these names something other than a person.
_NOT_A_PERSON = NOT_PERSON | ORG_HEADS | EVENT_HEADS | FEATURE_HEADS
# Capitalised words that introduce a name without being part of it.
PERSON_TITLES = frozenset(
    """President Prime Minister Chancellor King Queen Prince Princess Pope Senator Sen Governor Mayor
    General Gen Dr Mr Mrs Ms Miss Mx Professor Prof Secretary Chairman Chairwoman Vice Deputy Premier
    Ambassador Emperor Empress Speaker Director Chief Commander Colonel Col Captain Capt Lieutenant Lt
    Sergeant Judge Bishop Cardinal Archbishop Rev Reverend Sheikh Emir Sultan Crown Representative Rep
    Envoy Spokesperson Spokesman Spokeswoman Leader Counsellor Councillor Adviser Advisor Marshal Admiral
    Inspector Superintendent Advisors Advisers Commissioner Congressman Congresswoman Lawmaker Dame Sir Lord Lady
    Patriarch Ayatollah Emeritus Analyst Researcher Expert Economist Scientist Correspondent Reporter
    CEO CFO COO Chairperson Cde Comrade Monsignor Monsenor Father Imam Rabbi Pastor MP MEP MLA MSP Cllr
    Assemblyman Assemblywoman Assemblymember Councilman Councilwoman Councilmember Alderman Alderwoman
    Justice Magistrate Attorney""".split()
)
# Portfolio and rank words that belong to a title ("Foreign Minister", "Deputy Emergency
# Situations Minister"): part of the title when they come before the name.
PORTFOLIO_WORDS = frozenset(
    """Foreign Defense Defence Interior Finance Health Justice Trade Economy Energy Emergencies Emergency
    Situations State Affairs Home Education Culture Agriculture Environment Labor Labour Transport
    Special First Supreme Acting Former Regional Federal National Senior Executive Associate Assistant
    Political District Majority Minority""".split()
)
TITLES = PERSON_TITLES | PORTFOLIO_WORDS
# Lower-case words that, right before a capitalised chunk, say it is a person.
ROLE_WORDS = frozenset(
    """aide spokesperson spokesman spokeswoman researcher analyst expert professor scientist economist
    journalist reporter correspondent lawyer attorney official minister president premier chancellor
    leader envoy ambassador diplomat fellow director chairman chairwoman chair secretary governor mayor
    senator lawmaker legislator deputy commander general colonel captain officer judge prosecutor
    activist candidate opponent rival counterpart successor predecessor founder executive head chief
    coach player singer actor author writer historian archbishop bishop priest cardinal king queen
    prince princess sheikh emir colleague wife husband son daughter brother sister father mother
    businessman businesswoman billionaire tycoon dissident blogger cleric imam rabbi pastor manager
    scholar strategist commentator columnist editor host counsellor adviser advisor pope republican
    democrat democratic conservative liberal socialist independent physician doctor surgeon nurse
    pilot engineer teacher student banker farmer soldier detective investigator witness survivor
    victim resident owner chef athlete coordinator advisers advisors aides officials protester protestor
    demonstrator incumbent nominee defendant suspect plaintiff campaigner organiser organizer volunteer
    spokesperson inventor entrepreneur filmmaker director producer photographer poet novelist artist
    musician rapper comedian presenter anchor broadcaster constable sheriff whistleblower podcaster
    youtuber vlogger influencer eyewitness voter passenger driver motorist shopper spectator bystander
    cyclist footballer cricketer golfer boxer swimmer runner climber sailor mountaineer astronaut
    assemblyman assemblywoman councilman councilwoman alderman magistrate justice actress model dancer
    designer painter sculptor composer conductor pianist guitarist drummer violinist nun monk dentist
    pharmacist paramedic firefighter trooper agent hacker programmer astronomer physicist chemist
    biologist mathematician philosopher theologian psychologist psychiatrist therapist lecturer
    principal headteacher referee umpire jockey trainer striker midfielder goalkeeper quarterback
    pitcher batsman bowler skater sprinter wrestler gymnast cousin nephew niece uncle aunt grandson
    granddaughter grandfather grandmother widow girlfriend boyfriend fiancée partner spouse""".split()
)
SPEECH_VERBS = (
    "said|says|told|tells|added|adds|wrote|writes|tweeted|posted|noted|notes|argued|argues|explained|"
    "explains|believes|believed|warned|warns|stated|asked|asks|replied|replies|continued|concluded|"
    "agreed|agrees|announced|announces|insisted|insists|urged|urges|claimed|claims|suggested|suggests|"
    "acknowledged|admitted|denied|responded|recalled|reported|reports|contributed|thinks|thought|"
    "emphasized|emphasised|stressed|observed|predicted|cautioned|vowed|pledged|confirmed|described|"
    "reportedly said|has said|had said|also said|later said|told reporters|commented|comments|remarked|"
    "testified|tweets|wrote on|posted on|explained|elaborated|countered|conceded|speculated|estimated"
)
_SPEECH = frozenset(SPEECH_VERBS.split("|")) | {"according to"}
# "told Reuters", "reported CNN": before a name these verbs as often take an outlet.
_SPEECH_BEFORE = _SPEECH - {"told", "tells", "reported", "reports", "told reporters"}
_PRAISE = frozenset("quoted quoting thanked praised criticised criticized".split())
_APPOSITION = re.compile(
    rf",[ \t]+(?:a|an|the|who|whose|his|her|one of|[{_UPPER}][\w'-]*'s|senior|former|deputy|chief|associate|"
    r"assistant|vice|acting|co-\w+|" + "|".join(sorted(ROLE_WORDS)) + r")\b"
)
_BYLINE = re.compile(
    r"^[ \t]*(?:Edited|Written|Reported|Reporting|Compiled|Produced|Translated|Additional reporting)[ \t]+by[ \t]*:?[ \t]*$"
)
# "in Seoul contributed", "the Vatican has said": a preposition or article before means not a person.
_PLACE_WORDS = frozenset("in at from to into the The near across".split())
_PLACE_NOUNS_OF = frozenset(
    f"{noun} of"
    for noun in """city town village port province district region capital island municipality cities towns
    villages ports provinces districts regions islands""".split()
)
_PLACE_AFTER = re.compile(
    r",[ \t]+(?:a|the)[ \t]+(?:\w+[ \t]+)?(?:city|town|village|port|province|district|municipality|region)\b"
)
# Capitalised words that start sentences or headlines without being names.
STOP_WORDS = frozenset(
    """The A An In On At For But And Or If When While As After Before Since During This That These Those
    It Its He She They We I You His Her Their Our My Your Despite However Although Though Still Yet Also
    Both Other Others Some Many Most All Among Under Over Like Why What How Who Whom Whose Where Which
    Earlier Later Last Next Previously Former Remarked Shortly Members Analysts Observers Officials Experts Critics
    Residents Authorities Reports Sources Witnesses Diplomats Lawmakers Researchers Scientists Activists
    Protesters Investigators Prosecutors Doctors Rescuers Students Workers Leaders People Police
    Meanwhile Moreover Furthermore Instead Then There Here Now Today Yesterday Tomorrow Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Not No Yes Only Even Just Such Each Every Any Several Few
    Thus Therefore Indeed According From To By With Without Within Into Onto Upon About Above Below
    Between Through Throughout Against Along Around Behind Beyond Near Off Out Up Down Once Twice
    Let Please Read Watch Listen See Share Comment Image Photo Video Update Updated Breaking News
    Mr Mrs Ms Dr Editor Edited Reporting Additional Sir Madam Dear Chapter Part Section Figure Table
    Will Would Can Could Should Must May Might Shall Do Does Did Is Are Was Were Be Been Has Have Had
    One Two Three Four Five Six Seven Eight Nine Ten First Second Third New Old Big Small Great
    Agree Ahead Amid Asked Back Because Being Having Given Following Including Regarding Unlike
    Whether Unless Until Besides Nor So Too Very Well Much More Less Least Best Worst""".split()
)
_ROMAN = re.compile(r"[IVX]{1,4}")
_NAME_PARTICLES = frozenset("de del da das dos du la le van von der den bin ibn al el y di zu".split())
# The words longer than three characters, the ones the headline test counts (a shorter word is
# skipped where it starts, as no part of it is longer).
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\"“”'(]|\s[-–—•])[ \t]*$")
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]?[A-Z0-9&\-]{0,8}[A-Z0-9])\)")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_IN_PLACE = re.compile(rf"[ \t]+(?:in|at)[ \t]+({_TOKEN}(?:[ \t]+{_TOKEN})?)")
# Fixed patterns are compiled once here: the per-article patterns below (acronyms, surnames)
# would otherwise push them out of the re module's cache, and the capital-letter class is costly
# to compile.
_NAME_FOLLOWS = re.compile(rf"[ \t]+[{_UPPER}]")
_NAME_BEFORE = re.compile(rf"[{_UPPER}][\w'-]*[ \t]+$")
_SURNAME_GLUED = re.compile(r"[\w-]|'(?!s\b)")
_HYPHENATED = re.compile(r"[\w-]")
_WORD_OR_APOSTROPHE = re.compile(r"[\w'-]")
_PREFIX_WORD = re.compile(r"([\w.]+)-$")
_WINDOW_WORD = re.compile(r"[\w][\w'-]*")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_HYPHEN_AFFIXES = frozenset("ex pro anti non post pre neo mid semi quasi so-called".split())
# Bloc names that mean a region only with "the" before them: "the West", not "West Bank".
_NEEDS_THE = frozenset({"West", "East", "North", "South", "Gulf"})

# ---------------------------------------------------------------- organisations, outlets, places

# Lower-case nouns that, right before a name ("retailer Tesco", "broadcaster X") or right after
# it ("the X chain", "the X party"), say it is an organisation.
COMPANY_NOUNS = frozenset(
    """company companies firm firms retailer retailers chain chains supermarket supermarkets carrier airline
    airlines broadcaster broadcasters network networks outlet newspaper newspapers tabloid magazine
    website site publisher publishers agency agencies operator operators manufacturer manufacturers maker
    makers carmaker automaker developer developers giant conglomerate startup start-up insurer lender bank
    banks brand brands producer producers supplier suppliers contractor contractors subsidiary telecom
    utility miner refiner exporter importer distributor wholesaler platform broadcaster channel station
    party parties club clubs charity charities organisation organization organisations organizations
    movement militia group groups faction coalition alliance union unions association federation
    consortium cooperative co-operative franchise multinational corporation corporations conglomerate
    portal blog""".split()
)
# Right after a name, these make it an organisation only after "the" ("the Labour party", "the
# Netto chain") or directly ("Kaufland chain"); never "Thai company" (a demonym is not a name).
COMPANY_AFTER = frozenset(
    """chain company firm group party retailer supermarket network brand airline carrier newspaper
    magazine website channel station broadcaster agency bank movement militia club charity organisation
    organization corporation conglomerate franchise""".split()
)
# "X's chief executive", "shares of X": what only organisations have.
_ORG_POSSESSIONS = (
    r"CEO|CFO|COO|chief executive|chief executive officer|chairman|chairwoman|chairperson|board|shares|"
    r"stock|shareholders|subsidiary|subsidiaries|headquarters|employees|staff|workers|stores|outlets|"
    r"branches|products|customers|brand|franchise|founder|co-founder|owner|parent company|spokesperson|"
    r"stake|revenue|revenues|profits|profit|losses|sales|market share|operations|factories|plants|"
    r"website|app|platform|broadcast|broadcasts|newsroom|editor|editors|reporters?"
)
ORG_POSSESSIVE_AFTER = re.compile(
    rf"(?:'s|')[ \t]+(?:(?:new|former|top|own|chief|senior|global|local)[ \t]+)?(?:{_ORG_POSSESSIONS})\b"
)
# "X's wife", "X's presidency": what only a person has (after the organisation test, which
# takes "X's spokesperson").
PERSON_POSSESSIVE_AFTER = re.compile(
    r"(?:'s|')[ \t]+(?:(?:late|former|eldest|youngest|elder|younger|only|first|second|widowed|estranged)[ \t]+)?"
    r"(?i:presidency|premiership|reign|wife|husband|widow|widower|son|sons|daughter|daughters|father|mother|"
    r"brother|sister|children|parents|funeral|burial|successor|predecessor|cousin|nephew|niece|grandson|"
    r"granddaughter|grandfather|grandmother|uncle|aunt|lawyer|lawyers|attorney|resignation|assassination|"
    r"inauguration|birthday|girlfriend|boyfriend|fiancée|fiancee|fiancé|biography|memoir|autobiography)\b"
)
# What only people do, right after a name: "X was born", "X was convicted", "X died".
PERSON_VERB_AFTER = re.compile(
    r"[ \t]+(?:(?:was|were|has been|had been|is being|was later|was also)[ \t]+(?:born|sentenced|convicted|jailed|"
    r"imprisoned|married|knighted|pardoned|murdered|stabbed|hospitalised|hospitalized|widowed|acquitted|"
    r"nicknamed|raised|educated|elected|re-elected|sworn|inaugurated)|died|pleaded|testified|graduated|"
    r"smiled|laughed|wept|resigned|retired)\b"
)
ORG_TITLE_AFTER = re.compile(
    r"[ \t]+(?:CEO|CFO|COO|chief executive|chairman|chairwoman|spokesperson|spokesman|spokeswoman|executive)\b"
)
ORG_OF_BEFORE = re.compile(
    r"\b(?:CEO|CFO|COO|chief executive|chief executive officer|chairman|chairwoman|shares|shareholders?|"
    r"subsidiary|owner|owners|founder|co-founder|stake|units?|division|branch|arm|editor|editor-in-chief|"
    r"headquarters|boss|president|director|managing director|spokesperson|spokesman|spokeswoman)[ \t]+(?:of|in|at)[ \t]+(?:the[ \t]+)?$"
)
# ", a retailer", ", the company", ", the Polish anti-monopoly agency": apposition that makes an organisation.
ORG_APPOSITION = re.compile(
    r",[ \t]+(?:a|an|the|which|its)[ \t]+(?:(?!of\b|for\b|at\b|in\b|to\b|with\b)[\w'-]+[ \t]+){0,4}?(?:"
    + "|".join(
        sorted(
            COMPANY_NOUNS
            | {
                "watchdog",
                "regulator",
                "authority",
                "body",
                "office",
                "ministry",
                "department",
                "institution",
                "institute",
                "university",
                "outlet",
                "newspaper",
                "broadcaster",
                "charity",
                "foundation",
                "trust",
                "council",
                "committee",
                "commission",
                "court",
                "parliament",
                "legislature",
                "assembly",
                "senate",
                "government",
                "service",
                "forecaster",
                "team",
                "band",
                "school",
                "hospital",
                "church",
                "nonprofit",
                "non-profit",
                "tank",
                "lobby",
                "army",
                "force",
            }
        )
    )
    + r")\b(?![ \t]+(?:of|for)\b)"
)
# Words that make a name an outlet: after "told", before "reported", after "according to".
OUTLET_WORDS = frozenset(
    """Times Post News Daily Gazette Herald Journal Radio TV Television Press Agency Observer Mail Telegraph
    Tribune Gazeta Zeitung Review Magazine Chronicle Inquirer Courier Weekly Broadcasting Channel Network
    Media Diario Correo Prensa Nacion Pravda
    Izvestia Vedomosti Novosti Shimbun Ilbo Agence Agencia Presse Kurier Dziennik Tageblatt Nieuws Noticias
    Jornal Folha Estado Corriere Repubblica Stampa Monde Figaro Libération Spiegel Allgemeine Rundschau
    Avisen Dagblad Tidning Hurriyet Milliyet Yomiuri Asahi Mainichi""".split()
)
# Speech cues that, with an outlet-looking name, make an organisation ("told the Daily Mail").
OUTLET_BEFORE = frozenset("told tells to according interview with speaking quoted quoting cited citing by in".split())
# A web address as a name: "Portfolio.hu", "Politico.eu" (news sites and companies are ORG).
DOMAIN = re.compile(
    r"\.(?:com|org|net|info|news|io|co|uk|us|eu|de|fr|it|es|pl|hu|cz|sk|ru|ua|in|ph|ng|za|au|nz|ca|br|ar|mx|jp|kr|cn|tw|hk|sg|my|id|pk|ir|tr|gr|ro|bg|rs|hr|si|at|ch|nl|be|dk|se|no|fi|ie|pt|lt|lv|ee)(?![\w.])"
)
# Company suffixes that close a name, with their punctuation: "Salling Group A/S", "X, Inc.".
CORPORATE_SUFFIX = re.compile(
    r"(?:,[ \t]+|[ \t]+)(?:Inc\.|Inc\b|Corp\.|Corp\b|Co\.|Ltd\.|Ltd\b|Limited\b|LLC\b|L\.L\.C\.|PLC\b|plc\b|AG\b|SA\b|S\.A\.|"
    r"SE\b|NV\b|N\.V\.|BV\b|B\.V\.|GmbH\b|AB\b|ASA\b|SpA\b|S\.p\.A\.|Srl\b|Kft\.|Kft\b|Zrt\.|Zrt\b|Nyrt\.|Bhd\.?|Pty\b|"
    r"Tbk\b|A/S\b|ApS\b|AS\b|Oyj\b|Oy\b|K\.K\.|S\.A\.S\.|SAS\b|sp\. z o\.o\.)"
)
# Generic company heads: "Salling Group" is also "Salling", "HDT Limited" "HDT".
CORPORATE_HEADS = frozenset(
    "Group Holdings Holding Inc Corp Corporation Company Co Ltd Limited LLC PLC plc AG SA".split()
)
# Acronyms that name no entity: titles, units, currencies, diseases, formats, time zones.
NOT_ENTITY_ACRONYMS = frozenset(
    """CEO CFO COO CTO CIO CMO MP MPs MEP MEPs PM GDP GNP TV DNA RNA HIV AIDS COVID SARS MERS LGBT LGBTQ LGBTI
    UTC GMT BST EST EDT PST PDT CST CDT CET CEST IST JST AEST AM FM ID IDs IT PR VIP VIPs UFO NGO NGOs USD EUR
    GBP RMB JPY CNY CHF INR KM KG MW GW KW BC AD BCE CE OK PhD MBA BA MA MSc BSc DIY FAQ PDF URL HTML HTTP
    SMS GPS ATM ATMs CD DVD PC PCs IQ ICU ER RIP SOS VAT GST ETA DJ MC TB HQ AI AR VR IPO CEOs LED LCD
    USB SUV SUVs TNT WMD IED IEDs RPG GOP MVP QC KC OBE MBE CBE ISBN ISSN NB PS PPS AKA TBA TBC ASAP
    FYI DC AC NE NW SE SW USSR I II III IV VI VII VIII IX XI XII XX""".split()
)
# Sentence-initial adverbs and connectives: never the start of a name ("Afterwards Trump said").
SENTENCE_ADVERBS = frozenset(
    """Afterwards Afterward Subsequently Additionally Consequently Nonetheless Nevertheless Currently
    Recently Initially Finally Eventually Ultimately Reportedly Apparently Notably Separately Similarly
    Likewise Overall Elsewhere Otherwise Accordingly Hence Previously Originally Traditionally Historically
    Officially Allegedly Meanwhile Thereafter Alternatively Specifically Importantly Interestingly
    Unfortunately Fortunately Surprisingly Ironically Typically Generally Usually Normally Often Sometimes
    Later Soon Already Again Today Tonight Tomorrow Yesterday Recently Lately Perhaps Maybe Probably
    Clearly Obviously Certainly Indeed Actually Basically Essentially Primarily Mainly Mostly Largely
    Partly Simply Only Especially Particularly Ultimately Elsewhere Outside Inside Nearby Abroad
    Altogether Anyway Besides Instead Otherwise Still Together Hopefully Personally Frankly Honestly
    Publicly Privately Formally Informally Briefly Quickly Immediately Suddenly Shortly Thankfully
    Sadly Tragically Controversially Unusually Uniquely Initially Firstly Secondly Thirdly Lastly""".split()
)
# Compass adjectives that join a following country into a region: "Southern Poland" (LOC).
COMPASS_ADJECTIVES = frozenset(
    "Northern Southern Eastern Western Northeastern Northwestern Southeastern Southwestern Central".split()
)
# Names of laws and agreements: a place just before them is part of the name ("Paris Agreement").
AGREEMENT_WORDS = frozenset(
    """Agreement Agreements Accord Accords Protocol Protocols Treaty Treaties Convention Conventions
    Declaration Consensus Communique Communiqué Format Formula Memorandum Understanding Principles
    Statute Charter Process Talks Peace""".split()
)
# "Jr." and "Sr." after a person's name belong to it: "Cyrus R. Vance, Jr.", "Edward DeBartolo Jr.".
NAME_SUFFIX = re.compile(r"(?:,[ \t]+|[ \t]+)(?:Jr|Sr)\b\.?")
# Contractions are not names: "I'm", "We're", "They've", "Don't".
CONTRACTION = re.compile(r"['\u2019](?:m|re|ve|ll|d|t)$|n['\u2019]t$")
# Currency prefixes: "US$3.6 billion", "A$", "HK$" name no place.
CURRENCY_AFTER = re.compile(r"\$|€|£|¥")

# Words of party names: two of them together name a party ("Liberal Democrats", "Social
# Democrats", "Liberal National"), even where one alone is a listed group ("Democrats").
IDEOLOGY_WORDS = frozenset(
    """Liberal Social Christian Free Progressive Conservative Labour Labor National Green Socialist
    Radical Popular Republican Democratic Unionist Nationalist Reform Workers Pirate United Civic
    Centre Center Agrarian Communist Independent Patriotic""".split()
)
PARTY_NOUNS = IDEOLOGY_WORDS | frozenset(
    "Democrats Democrat Republicans Socialists Greens Nationals Liberals Conservatives Unionists Nationalists".split()
)
# Institutions named by one capitalised word in the middle of a sentence ("a majority in
# Parliament", "the Senate did not"): the legislature of the article's country (ORG).
# "House" is the lower house ("the House passed the bill"), "Court" the court the article is
# about ("writing for the Court"); a cabinet is no legislature ("two Cabinet officers").
INSTITUTION_WORDS = frozenset(
    "Parliament Senate Congress Legislature Knesset Duma Bundestag Majlis House Court Army Navy".split()
)
# "X family": families are not annotated, nor is the name before the word.
FAMILY_AFTER = re.compile(r"(?:'s|')?[ \t]+(?:family|families|dynasty|clan|household|estate)\b")
# Particles inside Arabic and other names that do not split a name ("Qaboos bin Said").
NAME_JOINERS = frozenset("bin ibn bint al el van von de da di du del der den la le".split())

# How much each rule's evidence weighs when one name got different types in one article (and,
# in linking, across the corpus): cues that name a kind of thing outweigh "X said".
RULE_WEIGHTS = {
    "summit": 6,
    "org-head": 5,
    "event-head": 5,
    "feature-head": 5,
    "org-cue": 5,
    "outlet": 5,
    "domain": 5,
    "compass": 4,
    "acronym-definition": 4,
    "acronym": 3,
    "title": 4,
    "role": 4,
    "byline": 4,
    "given-names": 3,
    "possessive": 3,
    "person-verb": 2,
    "affiliation": 3,
    "apposition": 3,
    "given-name": 2,
    "coordination": 2,
    "org-country": 3,
    "place": 3,
    "place-data": 2,
    "acronym-repeated": 2,
    "attribution": 1,
    "surname": 1,
    "repeat": 2,
    "party": 4,
    "institution": 3,
    "plural": 3,
    "corpus": 0,
}
