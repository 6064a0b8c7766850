"""Understanding a question before ranking: places, target groups, topic words, language.

Words typed without å/ä/ö or with a small typo are mapped to the corpus's own
words; English topic words get their Swedish counterparts from a glossary so
English questions reach the same entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from .groups import BY_KEY, GROUPS, find_groups
from .lexical import STOP, STOPWORDS_EN, STOPWORDS_SWEDISH, Analyzer, LexicalIndex, hyphen_pieces, named_with_stop_word, stem
from .lexicon import EMPTY, RESTORE_FLOOR, Lexicon, is_frequent, restore_diacritics, transliterated
from .places import Gazetteer, Place
from .request import asks_others, points_back as request_points_back, speaks_of_asker, split_request
from .text import clean_user_text, ends_of, fold, tokens

MAX_CHARS = 500
# Parts of one compound word kept as topic terms: those found in at most this many times as many entries as
# its rarest part. 2 keeps "heder" + "våld" apart from a word like "tjänst" (set by reading the dev questions'
# compounds; the sweep in eval/tuning.md shows dev nDCG@10 for 1, 2 and 3).
COMPOUND_SPREAD = 2

# English topic words → the Swedish words the document uses.
GLOSSARY = {
    "phone": "telefon", "telephone": "telefon", "number": "telefonnummer", "hotline": "stödlinje",
    "helpline": "stödlinje hjälplinjer", "campaign": "kampanj", "campaigns": "kampanj kampanjer",
    "film": "film", "films": "filmer", "video": "film", "videos": "filmer", "movie": "film",
    "poster": "affischer", "posters": "affischer", "library": "bibliotek", "libraries": "biblioteken",
    "pharmacy": "apotek", "pharmacies": "apoteken", "code": "kodord", "codeword": "kodord",
    "school": "skolor", "schools": "skolor", "sms": "sms", "text": "sms", "chat": "chatten",
    "newspaper": "tidning lokaltidningen", "newspapers": "tidningar lokaltidningar", "radio": "radio lokalradion",
    "crisis": "krisplan kriscentrum", "plan": "krisplan", "debt": "skuldrådgivningen",
    "summer": "sommar sommarjobb", "jobs": "sommarjobb", "training": "utbildning", "course": "utbildningen",
    "education": "utbildning", "handbook": "handböcker handbok", "handbooks": "handböcker",
    "checklist": "checklistor", "checklists": "checklistor", "leaflet": "informationsblad",
    "leaflets": "informationsfoldrar", "brochures": "informationsfoldrar", "instagram": "instagramkontot",
    "facebook": "facebook", "snapchat": "snapchat", "social": "sociala", "media": "medier",
    "ipad": "ipad", "ipads": "ipad", "card": "kort", "cards": "kontaktkort visitkort", "mail": "postutskick",
    "letter": "postutskick", "households": "hushåll", "landlords": "hyresvärdar", "laundry": "tvättstugor",
    "prostitution": "prostitution", "trafficking": "människohandel", "police": "polisen", "violence": "våld",
    "domestic": "nära relationer", "women's": "kvinnojour", "shelter": "kvinnojour", "shelters": "kvinnojouren",
    "e-service": "e-tjänst", "online": "e-tjänst", "webinar": "webbinarium", "employers": "arbetsgivarperspektiv",
    "employer": "arbetsgivarperspektiv", "waiting": "väntrum", "rooms": "väntrum", "healthcare": "sjukvården",
    "statistics": "statistik", "reports": "anmälningar", "translated": "översatt", "arabic": "arabiska",
    "dari": "dari", "languages": "språk", "language": "språk", "mobile": "mobila", "teams": "team",
    "origo": "origo", "contact": "kontaktuppgifter", "food": "matkassar", "deliveries": "hemleverans",
}
ENGLISH_MARKERS = frozenset(
    "the what which who how is are there any does do did done has have was were can could anyone anybody someone "
    "for in on about with and of to elderly children women men municipality municipalities violence support help"
    .split()
)
ENGLISH_STOP = frozenset(STOPWORDS_EN) | frozenset(
    "done doing being has have get got can could would should may might need needs want wants there here "
    "anything something things thing kind kinds type types way ways help helps helping support happens happen "
    "happening going offered offer offers available exist exists provide provides provided run runs running made "
    "make makes did there their they them people person persons".split()
)
# An elliptic follow-up leans on the previous question: "och i Malmö?", "men för barn då?", "samma för Skåne",
# "i Östergötland då?", "någon i Skåne?". Only these shapes inherit; any other question starts fresh.
SWEDISH_FUNCTION = frozenset(STOPWORDS_SWEDISH) | {"vad", "vilka", "vilken", "finns", "hur", "någon", "något"}
FOLLOWUP = re.compile(
    r"^\s*(?:och|men|samt|också|även|samma|likadant|and|what about|how about|vad gäller|hur är det med|"
    r"hur ser det ut (?:i|på|för))\b", re.IGNORECASE)
# "visa fler", "fler", "mer", "nästa", "vad mer?": the next entries of the previous answer.
MORE = re.compile(r"^\s*(?:visa\s+|(?:vad|något|nåt|finns det(?: något| nåt)?)\s+)?"
                  r"(?:fler|flera|mer|mera|nästa|resten|show more|more)\b[\s.!?]*(?:tack)?[\s.!?]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Understanding:
    """What a question asks for; plain data so the answer can say what it understood."""

    question: str  # as cleaned (and cut) for searching
    places: tuple[Place, ...]
    groups: tuple[str, ...]
    terms: tuple[str, ...]  # lexical query terms (stems)
    content_terms: tuple[str, ...]  # topic words beyond place and group
    english: bool = False
    truncated: bool = False
    corrections: tuple[tuple[str, str], ...] = ()
    inherited: tuple[str, ...] = ()  # "places"/"groups" taken from the previous question
    unknown_words: tuple[str, ...] = ()  # topic words the corpus does not have at all
    topic_words: tuple[str, ...] = ()  # the question's topic words (beyond place and group)
    words: tuple[str, ...] = ()  # the question's words as typed (lower-cased), see text.tokens
    filters: tuple[str, ...] = ()  # filters chosen beside the chat that were applied
    ignored_filters: tuple[str, ...] = ()  # filters not applied because the question names its own place/group
    content_words: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each topic word as typed → its index terms
    more: bool = False  # "visa fler": continue the previous answer
    groups_by_meaning: bool = False  # the group was read from the question's meaning, not named by a word
    topic_source: str = ""  # the earlier question an inherited topic came from (its words are tested there)
    pointing: bool = False  # "har de något telefonnummer?": about the entries of the previous answer
    besides: bool = False  # "vad mer gör de där?": what the previous answer did not show
    expanded: str = ""  # the question with the field terms' expansions ("VBE (våldsbejakande extremism)"), searched
    field_terms: tuple[tuple[str, str], ...] = ()  # (term as in termer.csv, what it stands for) read in the question
    everyday: tuple[str, ...] = ()  # topic words that are everyday Swedish (lexicon.is_everyday): never the topic
    absent_organisations: tuple[str, ...] = ()  # organisations the question names that the overview has no entry of
    # The topic words the corpus has that an entry must contain to answer the question as asked: content words
    # rare enough to test (content_terms) and no everyday Swedish ("gjort", "hjälp": lexicon.is_everyday).
    telling: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Telling but for being everyday Swedish ("polisen", Zipf 5.46): telling when the question's meaning rests on
    # them (carriers.confirm_telling, with the embedding).
    doubtful: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The request of a long question whose background speaks of the asker (request.py); "" when the whole question
    # asks. A word's weight in the question is tested here: in a long question e5 barely notices any one word.
    request: str = ""
    # Telling words the corpus has only as parts of a compound ("dagläger"): they order and split a topic answer,
    # but say nothing about what a place's or group's entries lack (written_as_such).
    loose: tuple[str, ...] = ()

    @property
    def search_text(self) -> str:
        """What is embedded: the question with its abbreviations spelled out."""
        return self.expanded or self.question


@dataclass(frozen=True)
class Context:
    """What a conversation remembers between questions: what was understood and which entries were shown."""

    understanding: Understanding
    shown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """Everything one ask needs; the CLI, the app, the API, the evaluation and the benchmarks all build one."""

    text: str
    group: str | None = None  # a group filter: key ("aldre") or label ("Äldre"); unknown values are ignored
    county: str | None = None  # a county filter by name ("Skåne län"); unknown values are ignored
    previous: Context | None = None  # the conversation so far, for follow-ups
    k: int = 10
    mode: str = "full"  # "full", or one signal alone for the evaluation: "dense", "lexical", "fused"


def _is_english(words: list[str]) -> bool:
    """English when its function words outnumber Swedish ones (bm25s's stop-word lists of both languages)."""
    if not words:
        return False
    english = sum(w in ENGLISH_MARKERS or (w in STOPWORDS_EN and w not in SWEDISH_FUNCTION) for w in words)
    swedish = sum(w in SWEDISH_FUNCTION for w in words)
    return english >= 1 and english > swedish and (english >= 2 or len(words) >= 3)


@lru_cache(maxsize=4)
def _spelling_tables(known: frozenset[str]) -> tuple[dict[str, str], list[str]]:
    """Folded word → corpus word, and the words long enough for typo matching (built once per vocabulary)."""
    by_fold: dict[str, str] = {}
    for w in sorted(known):
        by_fold.setdefault(fold(w), w)
    return by_fold, sorted(w for w in known if len(w) >= 5)  # sorted: a set's order changes between processes


def _transposed(word: str, known: frozenset[str]) -> str | None:
    """The corpus word this one becomes when two neighbouring letters change places, if exactly one does."""
    found = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)} & known
    return found.pop() if len(found) == 1 else None


def _correct(words: list[str], lexical: LexicalIndex, places: frozenset[str] = frozenset(),
             english: bool = False) -> tuple[list[str], list[tuple[str, str]]]:
    """Put back å/ä/ö and mend one-letter typos using the corpus's own vocabulary; a real place name is
    never "corrected" into another word (Västergötland is not Östergötland)."""
    known = lexical.analyzer.known
    by_fold, choices = _spelling_tables(known)
    out, fixes = [], []
    for w in words:
        if w in known or w in STOP or not w.replace("-", "").isalpha() or w.startswith("-") or w in places:
            out.append(w)
            continue
        # In English, a word that folds to a corpus word is an English word ("gang" is no "gång").
        fixed = None if english else by_fold.get(fold(w))
        if fixed is None and not english and fold(w) == w:
            # Typed without å/ä/ö and not a corpus word: the far commoner Swedish spelling ("nan" → "nån").
            fixed = restore_diacritics(w)
            spelt = transliterated(w) if fixed is None else None
            if spelt:  # "vaaldsutovare": aa/ae/oe for å/ä/ö, then the corpus's word or a common one
                fixed = by_fold.get(fold(spelt)) or (spelt if is_frequent(spelt, RESTORE_FLOOR) else None) \
                    or restore_diacritics(spelt)
        if fixed is None and len(w) >= 4 and not english and w.isalpha():
            # "kampnaj" → "kampanj": two letters swapped, the commonest typo. In a four-letter word a swap often
            # makes another real word ("tema" / "team", "lila" / "illa"), so there only a word that a fifth of the
            # entries use is taken as meant ("vlåd" → "våld"): the likelier word, as in any frequency-based speller.
            swapped = _transposed(w, known)
            common = max(3, int(0.2 * len(lexical.doc_terms)))
            if swapped and (len(w) >= 5 or lexical.document_frequency(stem(swapped)) >= common):
                fixed = swapped
        if fixed is None and len(w) >= 6 and w.isalpha():
            # Of equally close corpus words ("samarbetat": "samarbetar", "samarbetet"), the one more entries use,
            # as any frequency-based speller does; then the alphabetical first, so every process reads it alike.
            found = process.extract(w, choices, scorer=fuzz.ratio, score_cutoff=88, limit=10)
            best = max((m[1] for m in found), default=None)
            tied = [m[0] for m in found if m[1] == best]
            fixed = min(tied, key=lambda c: (-lexical.document_frequency(stem(c)), c)) if tied else None
        if fixed and fixed != w:
            fixes.append((w, fixed))
            out.append(fixed)
        else:
            out.append(w)
    return out, fixes


def understand(
    question: str,
    gazetteer: Gazetteer,
    lexical: LexicalIndex,
    previous: Understanding | None = None,
    lexicon: Lexicon = EMPTY,
) -> Understanding:
    """Read places, groups and topic words from a question (pure: no I/O). In a long question only the request
    (request.py) sets places and groups; the background still counts in the search."""
    cleaned = clean_user_text(question)
    truncated = len(cleaned) > MAX_CHARS
    if truncated:  # the beginning and the end: a question pasted after (or before) a long text survives
        cleaned = ends_of(cleaned, MAX_CHARS // 2)
    whole = _read(cleaned, gazetteer, lexical, lexicon)
    request, background = split_request(cleaned)
    if background:
        whole = with_background(whole, _read(request, gazetteer, lexical, lexicon), request, background, gazetteer)
    whole = replace(whole, truncated=truncated)
    return merge_followup(previous, whole) if previous else whole


def with_background(whole: Understanding, asked: Understanding, request: str, background: str,
                    gazetteer: Gazetteer) -> Understanding:
    """A long question read as its request asks it. The request's own places, groups and topic words win; the
    background fills in only what the request leaves open, and background that speaks of the asker's situation
    fills in no group, and its place only when the request points back to it ("… vad finns det hos oss?"): "Jag är
    handläggare i Uppsala. Vilka kommuner har gjort något för äldre?" asks about every municipality, and in
    "Brukarna vågar inte ringa när förövaren är hemma, finns det sms-stöd för kvinnor?" the perpetrator is no group
    asked for. A request with nothing of its own ("Vad finns det?") leaves the whole question to be read."""
    own_topic = any(w not in asked.everyday for w, _ in asked.content_words)
    situation = speaks_of_asker(background)
    if not (asked.places or asked.groups or own_topic):
        # "Vi på kvinnojouren i Karlstad funderar på … Har någon kommun redan testat något liknande?": the topic is
        # the background's, but the asker's own place is not where the answer must come from (dev6-095).
        if situation and whole.places and asks_others(request) and not request_points_back(request):
            return replace(whole, places=(), absent_organisations=(), request=request)
        return whole
    places = asked.places or (whole.places if not situation or request_points_back(request) else ())
    groups = asked.groups or (() if situation else whole.groups)
    topic = asked if own_topic else whole
    return replace(
        topic, places=places, groups=groups, absent_organisations=absent_organisations(places, gazetteer),
        question=whole.question, expanded=whole.expanded, field_terms=whole.field_terms, words=whole.words,
        request=request,
        terms=tuple(dict.fromkeys(asked.terms + whole.terms)), corrections=whole.corrections,
        english=whole.english, more=whole.more)


def absent_organisations(places: tuple[Place, ...], gazetteer: Gazetteer) -> tuple[str, ...]:
    """"Region Skåne" when the overview has no entry from that region: a named region is a named organisation, and
    the county's municipalities are not it."""
    out = []
    for p in places:
        named = p.matched.strip()
        if p.kind != "county" or not named.lower().startswith("region "):
            continue
        present = any(o.organisation.lower() == named.lower()
                      or (o.scope == "county" and "region" in o.organisation.lower() and o.counties >= p.counties)
                      for o in gazetteer.organisations.values())
        if not present:
            if named.lower() not in gazetteer.aliases and named.lower()[:-1] in gazetteer.aliases:
                named = named[:-1]  # "Region Jönköpings behandling": the genitive
            out.append(" ".join(w[:1].upper() + w[1:] for w in named.split()))
    return tuple(out)


def _read(
    cleaned: str,
    gazetteer: Gazetteer,
    lexical: LexicalIndex,
    lexicon: Lexicon,
) -> Understanding:
    """One text's places, groups and topic words."""
    reading, field_terms = lexicon.expand(cleaned, keep=False)
    expanded_question = lexicon.expand(cleaned)[0] if field_terms else ""
    raw_words = tokens(reading)
    english = _is_english(raw_words)
    words, fixes = _correct(raw_words, lexical, gazetteer.alias_words, english)
    corrected = " ".join(words)
    places = gazetteer.find(reading, lexical.analyzer.known, lexicon.reserved)
    group_text = f"{reading.lower()} {corrected}"
    groups = find_groups(group_text, english)
    expanded = corrected
    if english:
        kept = [w for w in words if w not in ENGLISH_STOP and w not in GLOSSARY]
        expanded = " ".join(kept + [GLOSSARY[w] for w in words if w in GLOSSARY])
    terms = lexical.analyzer.terms(expanded)

    # Topic words: what is left once place names, group words and very common words are taken out.
    leftover = expanded
    for g in GROUPS:
        leftover = g.query.sub(" ", leftover)
    place_words = {stem(w) for p in places for w in re.findall(r"\w+", f"{p.matched} {p.name}".lower())}
    place_words |= {stem(fold(w)) for w in place_words}
    common = max(3, int(0.25 * len(lexical.doc_terms)))
    content: list[str] = []
    unknown: list[str] = []
    topics: list[str] = []
    content_words: list[tuple[str, tuple[str, ...]]] = []
    as_written: list[tuple[str, tuple[str, ...]]] = []  # the topic words the corpus has as such (not only in compounds)
    for word in dict.fromkeys(tokens(leftover)):  # a word said twice is one topic word ("hundar och hundar")
        if word.startswith("-"):
            continue  # what is left of a group's or place's compound: "hbtq-personer" → "-personer"
        if stem(word) in place_words or stem(fold(word)) in place_words:
            continue  # the place's own name, whatever the analyzer splits it into ("kristine", "hamn")
        stems = [t for t in lexical.analyzer.terms(word) if t not in place_words]
        if not stems:
            continue
        if not lexical.has_word(word):
            analyzer = lexical.analyzer
            heads = analyzer.compounds_with(word) or analyzer.forms_of(word)
            last_part = () if heads else analyzer.head_of(word, is_frequent)
            if not heads and not last_part:  # a word the material does not have: carriers.py decides whether it carries it
                unknown.append(word)
                topics.append(word)
                content_words.append((word, ()))
                continue
            if last_part:
                # "reklamkampanjer" is searched as "kampanjer", but the material still lacks the word itself: the
                # policy may say so ("Översikten har inget om ”reklamkampanjer”") while showing the campaigns.
                # A compound of two corpus words ("informationsinsatser": "information" + "insatser") is not
                # missing: the material speaks of both.
                if not lexical.analyzer.of_corpus_parts(word, last_part):
                    unknown.append(word)
                heads = last_part
            stems = [t for h in heads for t in lexical.analyzer.terms(h)]  # "instagram" → "instagramkontot"
            terms.extend(stems)
        pieces = hyphen_pieces(word)
        named = stem("".join(pieces))
        if named_with_stop_word(pieces) and named in stems:
            stems = [named]  # "Corona-linje" names the one line: an entry with only a "hjälplinje" lacks it
        if len(stems) > 1:
            # A compound's parts are not equally telling: in "sms-tjänst" the rare part says what is asked
            # for; a common part ("tjänst") would match much else.
            rarest = min(lexical.document_frequency(s) or 1 for s in stems)
            stems = [s for s in stems if (lexical.document_frequency(s) or 1) <= COMPOUND_SPREAD * rarest]
        topics.append(word)
        content_words.append((word, tuple(dict.fromkeys(stems))))
        if lexical.has_word(word):
            as_written.append(content_words[-1])
        for t in stems:
            if t not in content and lexical.document_frequency(t) <= common:
                content.append(t)

    not_telling = answer_types(raw_words)
    # An abbreviation's expansion says what the term means ("LSS" → "stöd och service till vissa funktionshindrade"):
    # its words are searched, but an entry need not contain them to answer.
    not_telling |= frozenset(w for t in field_terms for w in tokens(t.expansion))
    candidates = [c for c in as_written if c[0] not in not_telling]
    tested_terms = [c for c in content if c not in lexical.context_terms]
    telling = telling_words(candidates, tested_terms, lexicon)
    doubtful = telling_words(candidates, tested_terms, lexicon, everyday=True)
    return Understanding(
        cleaned, places, groups, tuple(terms), tuple(content), english, False, tuple(fixes),
        unknown_words=tuple(unknown), topic_words=tuple(topics), words=tuple(tokens(cleaned)),
        content_words=tuple(content_words), more=bool(MORE.match(cleaned)), expanded=expanded_question,
        field_terms=tuple((t.term, t.shown or t.expansion) for t in field_terms),
        everyday=tuple(w for w in topics if lexicon.is_everyday(w)),
        absent_organisations=absent_organisations(places, gazetteer),
        telling=telling, loose=tuple(w for w, _ in telling if not written_as_such(w, lexical)), doubtful=doubtful,
    )




# A bare phrase with no question word of its own: "i Östergötland då", "för äldre?", "någon i Skåne?".
ELLIPTIC = re.compile(r"^\s*(?:(?:i|på|för|från|inom|bland)\s|(?:någon|något|några|nåt)\s+(?:i|på|för|från)\s)"
                      r"|\sdå\s*\?*\s*$", re.IGNORECASE)


# A short question that points back with a pronoun and names no place or group: "har de något telefonnummer?".
ANAPHOR = re.compile(r"\b(?:de|dem|deras|dom|dit|they|them|their)\b", re.IGNORECASE)


# "vad mer gör de där?", "något annat från Malmö?", "utöver det?": asks for what the previous answer did not show.
BESIDES = re.compile(r"\b(?:vad|något|nåt|några|finns det)\s+(?:mer|mera|annat|fler)\b|\b(?:utöver|förutom)\s+"
                     r"(?:det|detta|dem|de|den|dessa)\b|\b(?:what|anything|something) else\b", re.IGNORECASE)


# "finns det något om extremism där?": "där" at the end is the previous question's place.
PLACE_ANAPHOR = re.compile(r"\bdär\s*[?.!]*\s*$", re.IGNORECASE)  # not "there": "what campaigns are there?"


def points_back(u: Understanding) -> bool:
    """A pronoun and no place or group of its own: the question is about the previous answer."""
    return not u.places and not u.groups and bool(ANAPHOR.search(u.question))


def is_followup(u: Understanding) -> bool:
    """Elliptic follow-ups only: "och i Malmö?", "men för barn?", "samma för Skåne", "i Östergötland då",
    "har de något telefonnummer?", "visa fler"."""
    elliptic = len(u.words) <= 6 and bool(ELLIPTIC.search(u.question))
    return u.more or bool(FOLLOWUP.match(u.question)) or elliptic or (len(u.words) <= 6 and points_back(u))


def merge_followup(previous: Understanding, current: Understanding) -> Understanding:
    """'och i Malmö?' after a question about äldre keeps äldre; 'och för barn?' keeps the place. A question
    that is no elliptic follow-up, or that names both its own place and group, starts fresh. A follow-up that
    asks for something besides ("vad mer gör de där?") is about what the previous answer left out, not about the
    entries it showed."""
    asks_besides = bool(BESIDES.search(current.question))  # "vad mer" asks beyond the earlier group and topic
    merged = _merged(previous, current, keep_asked=not asks_besides)
    if asks_besides and merged.inherited and not merged.more:
        return replace(merged, besides=True, pointing=False)
    return merged


def _merged(previous: Understanding, current: Understanding, keep_asked: bool = True) -> Understanding:
    if not current.places and previous.places and PLACE_ANAPHOR.search(current.question):
        return replace(current, places=previous.places, inherited=("places",))
    if not is_followup(current):
        return current
    if current.more:  # the previous question again, continued
        return replace(previous, more=True, inherited=("places", "groups"))
    if points_back(current):
        current = replace(current, pointing=True)
    if current.places and current.groups:
        return current
    inherited: list[str] = []
    places, groups = current.places, current.groups
    if not places and previous.places:
        places = previous.places
        inherited.append("places")
    if keep_asked and not groups and previous.groups:
        groups = previous.groups
        inherited.append("groups")
    topic = {}
    # "Vilka har gjort filmer?" → "någon i Skåne?"
    if keep_asked and not current.content_words and previous.content_words:
        topic = {"content_terms": previous.content_terms, "content_words": previous.content_words,
                 "topic_words": previous.topic_words, "unknown_words": previous.unknown_words,
                 "everyday": previous.everyday, "telling": previous.telling, "loose": previous.loose,
                 "doubtful": previous.doubtful,
                 "field_terms": current.field_terms or previous.field_terms,
                 "terms": tuple(dict.fromkeys(current.terms + previous.content_terms)),
                 "topic_source": previous.topic_source or previous.question}
        inherited.append("topic")
    if not inherited:
        return replace(current, inherited=("answer",)) if current.pointing else current
    return replace(current, places=places, groups=groups, inherited=tuple(inherited), **topic)


def written_as_such(word: str, lexical: LexicalIndex) -> bool:
    """The corpus has the word itself (each hyphenated piece as a word of its own): "sms-stöd", "e-tjänst". Not a
    closed compound it has only as parts ("dagläger" from "varje dag" and "kolla läget"): such a telling word is
    too loose to say that a place's or group's entries lack the topic (policy.telling_gap)."""
    pieces = [p for p in hyphen_pieces(word) if p and p not in STOP]
    return bool(pieces) and all(stem(p) in lexical.vocab_dict for p in pieces)


# Interrogative determiners, and the nouns after one that name the kind of answer asked for ("vilken webbplats",
# "vilket telefonnummer", "från vilken ålder", "which municipalities"), not a word the answer must contain: an
# entry names the site ("dinarattigheter.se") without the word "webbplats". A closed list of answer kinds (where,
# who, how old, which number), not words picked from the corpus; a topic noun ("vilka affischer") stays telling.
WH_DETERMINERS = frozenset("vilken vilket vilka which what".split())
ANSWER_KINDS = frozenset(
    "webbplats webbplatsen webbsida webbsidan hemsida hemsidan sida sidan länk länken länkar adress adressen "
    "telefonnummer telefonnumret nummer numret ålder åldern åldrar åldersgrupp åldersgrupper namn namnet datum år "
    "kommun kommuner region regioner län organisation organisationer aktör aktörer myndighet myndigheter "
    "website site page link address number phone age ages name date year municipality municipalities council "
    "councils town towns region regions county counties organisation organisations organization organizations".split()
)


def answer_types(words: list[str]) -> frozenset[str]:
    """The answer kinds named right after an interrogative determiner ("Vilken webbplats har chatten i Malmö?")."""
    return frozenset(b for a, b in zip(words, words[1:]) if a in WH_DETERMINERS and b in ANSWER_KINDS)


def telling_words(content_words: list[tuple[str, tuple[str, ...]]], content: list[str],
                  lexicon: Lexicon, everyday: bool = False) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The topic words an exact answer must have: written as the corpus has them (not "material", found only in
    "kampanjmaterial"), rare enough in the corpus to tell entries apart, and no everyday word. "e-tjänst" in "finns
    det en e-tjänst för att söka hjälp vid våld" is one; "hjälp" and "våld" are not, so entries on help against
    violence without an e-tjänst are no match. everyday=True: the words left out only for being everyday Swedish
    ("polisen", "hemma"), which the question's meaning decides (carriers.confirm_telling)."""
    tested = set(content)
    return tuple((w, tuple(s for s in stems if s in tested)) for w, stems in content_words
                 if any(s in tested for s in stems) and lexicon.is_everyday(w) == everyday)


def apply_filters(u: Understanding, group: str | None, county: Place | None) -> Understanding:
    """Filters chosen beside the chat fill in what the question leaves open; a place or group the
    question names itself wins, and the answer says which filter was not used."""
    groups, places = u.groups, u.places
    used, ignored = [], []
    if group:
        label = BY_KEY[group].label
        if u.groups and group not in u.groups:
            ignored.append(label)
        else:
            groups = u.groups or (group,)
            used.append(label)
    if county:
        if u.places and not any(county.municipalities >= p.municipalities for p in u.places):
            ignored.append(county.name)
        else:
            places = u.places or (county,)
            used.append(county.name)
    return replace(u, groups=groups, places=places, filters=tuple(used), ignored_filters=tuple(ignored))
