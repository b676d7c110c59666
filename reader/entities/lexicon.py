"""The recogniser's word lists and patterns: what a name's tokens look like, which words head an
organisation or an event, titles, roles, speech verbs, stop words, and the context patterns."""

from __future__ import annotations

import re

# Every upper-case letter the regex engine should treat as the start of a name.
_UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x2000) if chr(code).isupper() and chr(code).isalpha())
_TOKEN = rf"[{_UPPER}](?:[^\W_]|'(?!s\b)(?=[^\W_])|-(?=[^\W_])|\.(?=[{_UPPER}]))*"
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
    Town County State Province District Region Prize Award Medal Cup""".split()
)

ORG_HEADS = frozenset(
    """Institute Institution Center Centre University College School Academy Council Program Programme
    Service Services Agency Foundation Fund Group Committee Commission Organization Organisation Party
    Ministry Department Bank Union Association Federation Alliance League Court Parliament Assembly
    Senate Corporation Company Inc Ltd Bureau Office Authority Board Society Forces Army Navy Police
    Network Times Post News Press Radio Television Daily Journal Herald Tribune Gazette Club Movement
    Front Coalition Congress Secretariat Directorate Observatory Laboratory Hospital Museum Library Airlines
    Airways Railways Holdings Trust Consortium Cabinet Duma Rada Knesset Majlis Guard Brigade Battalion
    Regiment Command Council Tribunal Registry Exchange Reserve Treasury Mission Studies Research""".split()
)
EVENT_HEADS = frozenset(
    """Summit Forum Conference Olympics Games Expo Dialogue Festival Cup Championship
    Championships Marathon Convention Symposium Biennale Olympiad Jamboree""".split()
)
_HEADS = EVENT_HEADS | ORG_HEADS
_HEAD_KINDS = ((EVENT_HEADS, "EVENT", "event-head"), (ORG_HEADS, "ORG", "org-head"))
# A chunk holding any of these names something other than a person.
_NOT_A_PERSON = NOT_PERSON | ORG_HEADS | EVENT_HEADS
# Capitalised words that introduce a name without being part of it.
PERSON_TITLES = frozenset(
    """President Prime Minister Chancellor King Queen Prince Princess Pope Senator Sen Governor Mayor
    General Gen Dr Mr Mrs Ms Miss Mx Professor Prof Secretary Chairman Chairwoman Vice Deputy Premier
    Ambassador Emperor Empress Speaker Director Chief Commander Colonel Col Captain Capt Lieutenant Lt
    Sergeant Judge Bishop Cardinal Archbishop Rev Reverend Sheikh Emir Sultan Crown Representative Rep
    Envoy Spokesperson Spokesman Spokeswoman Leader Counsellor Councillor Adviser Advisor Marshal Admiral
    Inspector Superintendent Advisors Advisers Commissioner Congressman Congresswoman Lawmaker Dame Sir Lord Lady
    Patriarch Ayatollah Emeritus Analyst Researcher Expert Economist Scientist Correspondent Reporter""".split()
)
# Portfolio and rank words that belong to a title ("Foreign Minister", "Deputy Emergency
# Situations Minister"): part of the title when they come before the name.
PORTFOLIO_WORDS = frozenset(
    """Foreign Defense Defence Interior Finance Health Justice Trade Economy Energy Emergencies Emergency
    Situations State Affairs Home Education Culture Agriculture Environment Labor Labour Transport
    Special First Supreme Acting Former Regional Federal National Senior Executive Associate Assistant
    Political""".split()
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
    victim resident owner chef athlete coordinator advisers advisors aides officials""".split()
)
SPEECH_VERBS = (
    "said|says|told|tells|added|adds|wrote|writes|tweeted|posted|noted|notes|argued|argues|explained|"
    "explains|believes|believed|warned|warns|stated|asked|asks|replied|replies|continued|concluded|"
    "agreed|agrees|announced|announces|insisted|insists|urged|urges|claimed|claims|suggested|suggests|"
    "acknowledged|admitted|denied|responded|recalled|reported|reports|contributed|thinks|thought|"
    "emphasized|emphasised|stressed|observed|predicted|cautioned|vowed|pledged|confirmed|described|"
    "reportedly said|has said|had said|also said|later said|told reporters"
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
    f"{noun} of" for noun in "city town village port province district region capital island municipality".split()
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
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'-]*")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\"“”'(]|\s[-–—•])[ \t]*$")
_GENERIC = re.compile(
    r"\b(?:the|this|that|The|This|That|this year's|This year's)[ \t]+"
    r"((?:(?:two|three|four|five|one|\d+)-day[ \t]+)?(?:summit|meeting|gathering))\b"
)
_SUMMIT_AFTER = re.compile(r"[ \t]*(?:\(([A-Z][A-Z0-9\-]{0,9})\)[ \t]*)?[ \t]+[Ss]ummit\b")
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
_ANOTHER_MEETING = re.compile(r"[ \t]+(?:with|between|of)\b")
_PREFIX_WORD = re.compile(r"([\w.]+)-$")
_WINDOW_WORD = re.compile(r"[\w][\w'-]*")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_HYPHEN_AFFIXES = frozenset("ex pro anti non post pre neo mid semi quasi so-called".split())
# Bloc names that mean a region only with "the" before them: "the West", not "West Bank".
_NEEDS_THE = frozenset({"West", "East", "North", "South", "Gulf"})
