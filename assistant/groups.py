"""Target-group knowledge: which words name a group, its section, and which entries mention it.

Patterns are matched on lower-cased text and accept a/o for å/ä/ö, so
"aldre" finds "äldre". English words are included so English questions find
the same groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    key: str
    label: str  # Swedish, as shown to users
    sections: tuple[str, ...]  # the document's headings for this group (may be empty in the document)
    query: re.Pattern[str]  # words in a question that name the group
    mention: re.Pattern[str] | None  # words in an entry's text that concern the group


# What each group is, in plain Swedish: a question is also matched to a group by its meaning (the embedding
# of the question against these), so words no pattern above lists still find their group.
DESCRIPTIONS = {
    "aldre": "Äldre personer, pensionärer och seniorer som utsätts för våld, till exempel inom hemtjänst och på "
             "äldreboenden.",
    "barn": "Barn och unga, ungdomar, elever och tonåringar som utsätts för våld eller lever med våld hemma.",
    "funktion": "Personer med funktionsnedsättning, fysisk, psykisk eller intellektuell, som utsätts för våld.",
    "heder": "Hedersrelaterat våld och förtryck, tvångsäktenskap och barnäktenskap.",
    "man": "Män som utsätts för våld i nära relationer, mansjourer.",
    "kvinnor": "Kvinnor som utsätts för mäns våld och våld i nära relationer, kvinnojourer.",
    "utovare": "Våldsutövare, förövare och personer som utsätter någon för våld, behandling för att sluta slå.",
    "hbtq": "Hbtq-personer: homosexuella, bisexuella, transpersoner och queera som utsätts för våld.",
    "utrikes": "Utrikesfödda kvinnor, nyanlända, invandrare och flyktingar som utsätts för våld.",
    "digitalt": "Digitalt våld: näthat, hot och trakasserier på nätet och i sociala medier.",
    "extremism": "Våldsbejakande extremism och radikalisering.",
    "samordning": "Samordningsförbund som samordnar rehabilitering mellan myndigheter.",
    "regioner": "Regioner och länsstyrelser, statliga och regionala myndigheter.",
}


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


GROUPS: tuple[Group, ...] = (
    Group(
        "aldre", "Äldre", ("ÄLDRE",),
        _re(r"\b[äa]ldre\w*|\w*pension[äa]r\w*|\bpensionerade?\b|\bpensions[åa]ldern?\b|\bsenior\w*|(?<!hur )\bgamla\b|\bgamlingar\b|\b[åa]ldring\w*"
            r"|\bhemtj[äa]nst\w*|\b(?:mor|far)(?:mor|far)\w*|\b(?:mor|far)- och (?:far|mor)föräldrar\b|\bdemen(?:s|t|ta)\w*"
            r"|\b[6-9]0-?(?:plus\w*|åringar)|\b[6-9]0\+|\bgrandparents?\b"
            r"|\belderly\b|\bolder (?:people|persons|adults|women|men)\b"
            r"|\bpensioners?\b|\bover 65\b|\böver 65\b|\bold people\b"),
        _re(r"\b[äa]ldre\w*|\bpension\b|\böver 65 år"),
    ),
    Group(
        "barn", "Barn och unga", ("BARN OCH UNGA",),
        _re(r"\bbarn(?!ahus|[äa]ktenskap)\w*|\w+barn(?:en|et|s)?\b|\bung(?:a|dom\w*)?\b|\w*ungdom\w*|\belev\w*"
            r"|\w+elev(?:er|erna|en)?\b|\bskol(?:a|an|or|orna|barn|elever)\b|\bgymnasie\w*|\b(?:hög|mellan|låg)stadie\w*"
            r"|\bf[öo]rskol\w*|\bflickor\b|\bpojkar\b|(?<!av )(?<!sina )(?:\bd[öo]ttrar\b|\bs[öo]ner\b)"
            r"|\bkids(?:en)?\b|\bunderåriga\b|\bminderåriga\b"
            r"|\bton[åa]r\w*|\bchild\w*\b(?!\s+(?:marriages?|brides?)\b)|\byouth\w*|\byoung\b|\bteen\w*|\bstudents?\b|\bpupils?\b|\bminors?\b"),
        _re(r"\bbarn(?!ahus|[äa]ktenskap)\w*|\bunga\b|\bungdom\w*|\belev\w*|\bskol\w*|\bgymnasie\w*|\bdagkollo\b"),
    ),
    Group(
        "funktion", "Personer med funktionsnedsättning", ("PERSONER MED FUNKTIONSNEDSÄTTNING",),
        _re(r"\bfunktions(?:neds[äa]ttning|hinder|hindrade|variation|nedsatt)\w*|\bhandikapp\w*|\bdisab\w*|\bfunkis(?:ar|arna)?\b"
            r"|\bintellektuell\w*|\bintellectual\b|\bnpf\b|\br[öo]relsehind\w*|\butvecklingsst[öo]r\w*"
            r"|\bautism\w*|\bdöva\b|\bblinda\b|\bsynskadad\w*|\bh[öo]rselskadad\w*|\brullstol\w*|\bLSS\b"
            r"|\bneuropsykiatrisk\w*|\badhd\b|\bdowns? syndrom\b|\b(?:syn|h[öo]rsel)neds[äa]tt\w*|\bd[öo]vblind\w*"
            r"|\bpersonlig assistan\w*|\bdaglig verksamhet\b|\bgruppbostad\w*|\bs[äa]rskol\w*|\bfunktionsvarierad\w*"),
        _re(r"\bfunktionsneds[äa]ttning\w*"),
    ),
    Group(
        "heder", "Hedersrelaterat våld och förtryck", ("HEDERSRELATERAT VÅLD OCH FÖRTRYCK",),
        _re(r"\bheder\w*|\bheders\w*|\btv[åa]ngs[äa]ktenskap\w*|\btv[åa]ngsgift\w*|\bbarn[äa]ktenskap\w*"
            r"|\bbortgift\w*|\bgift(?:as|a|s) bort\b|\bära\b|\bäran\b|\bfamiljens rykte\b|\boskuld\w*|\bkyskhet\w*"
            r"|\bbarnbrud\w*|\bkontroller(?:as|ad|ade)? av (?:sin|sina|familjen|släkten)\b"
            r"|\bhono(?:u)?r\w*|\bforced marriages?\b|\bchild (?:marriages?|brides?)\b"),
        _re(r"\bheder\w*|\bheders\w*|\btv[åa]ngs[äa]ktenskap\w*|\bbarn[äa]ktenskap\w*"),
    ),
    Group(
        "man", "Våldsutsatta män", ("VÅLDSUTSATTA MÄN",),
        _re(r"(?<!av )(?<!sina )(?<!deras )(?<!vars )(?:\bmän\b|\bmännen\b)|\bm[äa]n som (?:blir|uts[äa]tts|[äa]r utsatta)\b"
            r"|\bmansjour\w*|\bkillar\b|\bv[åa]ldsutsatta m[äa]n\b"),
        _re(r"\bmän\b|\bmansjour\w*"),
    ),
    Group(
        "kvinnor", "Våldsutsatta kvinnor", ("VÅLDSUTSATTA KVINNOR",),
        _re(r"\bkvinn(?!ojour)\w*|\w+kvinnor\b|\bwom[ae]n\b|\btjejer\b"
            r"|(?<!sin )(?<!sina )(?:\bfru(?:ar|n)?\b|\bhustru\w*|\bflickv[äa]n\w*)"
            r"|\bmammor\b|\bm[öo]drar\b"
            r"|\bgravida\b|\bwives\b|\bmothers\b"),
        _re(r"\bkvinn\w*"),
    ),
    Group(
        "utovare", "Våldsutövare", ("VÅLDSUTÖVARE",),
        _re(r"\bv[åa]ldsut[öo]var\w*|\bf[öo]r[öo]var\w*|\but[öo]var\w*|\bden som uts[äa]tter\b|\bperpetrat\w*"
            r"|\bg[äa]rningsperson\w*|\bgärningsm[äa]n\w*|\bmisshandlare\b"
            r"|\b(?:de|den|dom|m[äa]n|killar|pojkar|personer) som (?:sl[åa]r|misshandlar|uts[äa]tter)\b(?! (?:mig|oss)\b)"
            r"|\bsluta sl[åa]\b|\b(?:men|people|those) who (?:beat|hit|abuse)\b|\bbatterers?\b"
            r"|\babusers?\b|\babusive (?:men|males?|husbands?)\b|\bviolent (?:men|husbands?)\b|\boffenders?\b|\bvåldsverkare\b"),
        _re(r"\bv[åa]ldsut[öo]var\w*|\bden som uts[äa]tter\b|\balternativ till v[åa]ld\b"),
    ),
    Group(
        "hbtq", "Hbtq-personer", ("HBTQ-PERSONER",),
        _re(r"\bhbtq\w*|\bhbt\b|\blgbt\w*|\bqueer\w*|\btranspersoner\b|\btrans\b|\bhomosexuell\w*|\bbisexuell\w*"
            r"|\bgay\b|\blesbi\w*|\bregnb[åa]g\w*|\bicke-?bin[äa]r\w*|\bsamk[öo]nad\w*|\brfsl\b|\btrans(?:kvinn|m[äa]n|person)\w*"),
        _re(r"\bhbtq\w*|\bhomosexuell\w*|\btranspersoner\b"),
    ),
    Group(
        "utrikes", "Utrikesfödda kvinnor", ("UTRIKESFÖDDA KVINNOR",),
        _re(r"\butrikes ?f[öo]dd\w*|\binvandrar\w*|\bimmigrant\w*|\bnyanl[äa]nd\w*|\bmigrant\w*|\bflykting\w*"
            r"|\basylsökande\b|\brefugee\w*|\bnewcomers?\b|\bforeign[- ]born\b|\butl[äa]ndsk bakgrund\b|\butlandsf[öo]dd\w*"
            r"|\bpapperslös\w*|\bensamkommande\b|\bnya i sverige\b|\bkommit till sverige\b|\binte (?:pratar|talar|kan) svenska\b"
            r"|\bannat modersm[åa]l\b|\bandra modersm[åa]l\b|\bsfi\b"),
        _re(r"\butl[äa]ndsk bakgrund\b|\bflera spr[åa]k\b|\bvanligaste spr[åa]ken\b|\bdari\b|\barabiska\b|\bintegrationsenhet\w*"),
    ),
    Group(
        "digitalt", "Digitalt våld", ("DIGITALT VÅLD",),
        _re(r"\bdigitalt v[åa]ld\w*|\bdigitala v[åa]ld\w*|\bn[äa]that\w*|\bn[äa]tmobb\w*|\bv[åa]ld p[åa] n[äa]tet\b"
            r"|\bcyber\w*|\bdigital (?:violence|abuse)\b|\bonline (?:violence|abuse|harassment)\b"
            r"|\bsextortion\b|\bgrooming\b|\bnakenbild\w*|\bh[äa]mndporr\w*|\bsexting\b|\bstalkerware\b|\bspionprogram\w*"
            r"|\b(?:hot|hat|trakasserier|kr[äa]nkningar|mobbning|[öo]vergrepp) (?:p[åa]|via) (?:n[äa]tet|internet|sociala medier)\b"),
        _re(r"\bdigitalt v[åa]ld\b|\bn[äa]that\b|\bn[äa]tmobbning\b"),
    ),
    Group(
        "extremism", "Våldsbejakande extremism", ("VÅLDSBEJAKANDE EXTREMISM",),
        _re(r"\bextremis\w*|\bv[åa]ldsbejakande\b|\bradikaliser\w*|\bradicali[sz]\w*|\bterror\w*"),
        _re(r"\bextremis\w*|\bv[åa]ldsbejakande\b"),
    ),
    Group(
        "samordning", "Samordningsförbund", ("SAMORDNINGSFÖRBUND",),
        _re(r"\bsamordningsf[öo]rbund\w*|\bfinsam\b|\bcoordination associations?\b"),
        _re(r"\bsamordningsf[öo]rbund\w*"),
    ),
    Group(
        "regioner", "Regioner och länsstyrelser", ("REGIONER OCH LÄNSSTYRELSER", "ÖVERGRIPANDE WEBBSIDOR"),
        _re(r"\bl[äa]nsstyrelse\w*|\bregionerna\b|\bregioner\b|\bcounty administrative boards?\b|\bskr\b"
            r"|\bsveriges kommuner och regioner\b|\b[öo]vergripande webbsidor\b|\bnationella? (?:webbsidor|sidor|organisation\w*|akt[öo]r\w*|myndighet\w*)"),
        _re(r"\bl[äa]nsstyrelse\w*|\bskr\b"),
    ),
)

BY_KEY = {g.key: g for g in GROUPS}


# A heading that names two groups means the narrower one: "utrikesfödda kvinnor" is about utrikesfödda.
SUBSUMES = {"utrikes": ("kvinnor",), "utovare": ("man",), "hbtq": ("kvinnor", "man")}


# Words that name a group only in English: "men" is also the Swedish "but" ("men för barn då?").
ENGLISH_ONLY = {"man": re.compile(r"\bmen\b|\bmale\b|\bmen's\b", re.IGNORECASE)}


# Shut in with the perpetrator: "instängd hemma med den som slår", "isoleras med sin förövare" (the overview's own
# wording) describe a victim's situation, so the perpetrator named there is no target group (issue 15: a group
# mentioned as background is no gate). Only being with someone in a place counts: "arbetar med förövare" asks for them.
SITUATION = re.compile(
    r"\b(?:hemma|instängd[a]?|isolerad[e]?|isoleras|isolerat|inlåst[a]?|inlåsta|fast|bor|bo|lever|leva)"
    r"\s+(?:hemma\s+|ihop\s+|tillsammans\s+)?med\s+(?:sin|sina|en|den|de|dom)?\s*"
    r"(?:f[öo]r[öo]var\w*|v[åa]ldsut[öo]var\w*|misshandlare\b|(?:den|de|dom|någon|man|partner) som (?:sl[åa]r|misshandlar|uts[äa]tter)\b)",
    re.IGNORECASE)


# "kommuner och regioner" together is everyone the overview covers (its own title: "kommuners och regioners arbete"),
# not the group of regions: "Vilka kommuner och regioner har satt upp affischer?" asks who, of all of them.
# "Sveriges kommuner och regioner" (SKR) is a name and stays.
EVERYONE = re.compile(r"(?<!sveriges )\b(?:kommuner(?:na)?\s+(?:och|eller|el\.?|/)\s*regioner(?:na)?"
                      r"|regioner(?:na)?\s+(?:och|eller|/)\s*kommuner(?:na)?)\b", re.IGNORECASE)


# "tjejer och killar" (or "flickor och pojkar") together is how Swedish speaks of young people ("tjejer och killar
# i tonåren"), the children and young people's group, not the women's and the men's: "Hur når kommunerna tjejer och
# killar i tonåren som är isolerade?" read all three groups and put the women's entries first.
YOUTH_PAIR = re.compile(r"\b(?:tjejer|flickor)\s+(?:och|eller|&|/)\s*(?:killar|pojkar)\b"
                        r"|\b(?:killar|pojkar)\s+(?:och|eller|&|/)\s*(?:tjejer|flickor)\b", re.IGNORECASE)


def situation_free(text: str) -> str:
    """The text without the phrases that put the asker (or a victim) together with the perpetrator (SITUATION)."""
    return SITUATION.sub(" ", text)


def find_groups(text: str, english: bool = False) -> tuple[str, ...]:
    """Keys of the groups a question names, in the order of the table; the perpetrator only where asked for
    (situation_free), the regions not as part of "kommuner och regioner" (EVERYONE), girls and boys together as
    the young (YOUTH_PAIR)."""
    without_pair = YOUTH_PAIR.sub(" ", text)
    asked = {"utovare": situation_free(text), "regioner": EVERYONE.sub(" ", text), "kvinnor": without_pair,
             "man": without_pair}
    keys = [g.key for g in GROUPS
            if g.query.search(asked.get(g.key, text)) or (g.key == "barn" and YOUTH_PAIR.search(text))
            or (english and g.key in ENGLISH_ONLY and ENGLISH_ONLY[g.key].search(text))]
    dropped = {d for k in keys for d in SUBSUMES.get(k, ())}
    return tuple(k for k in keys if k not in dropped)


def group_level(group: Group, section: str, text: str) -> int:
    """2 when the entry stands under the group's heading, 1 when its text concerns the group, else 0."""
    if section in group.sections:
        return 2
    if group.mention is not None and group.mention.search(text):
        return 1
    return 0
