"""Every Swedish sentence and heading an answer says about itself (the rendering stage's wording): the notice's
sentence before the quotes and the headings over parts of an answer. The decision (policy.py, decision.py) names
what is the case (a Notice, a heading constant); what it is called is decided here alone."""

from __future__ import annotations

import re

from .notice import Notice

# The heading over entries added for being close in meaning; answer.py counts them apart by it.
NEAR_HEADING = "Nära i betydelse (nämner inte frågans ord)"
# The heading over entries found by a corpus word close in meaning to a missing question word.
RELATED_HEADING = "Har ett ord med liknande betydelse som frågans ord"
# Said by every labelled fallback before its quotes.
PARTIAL_HEADING = "Tar upp en del av frågan (har inte alla frågans ord)"
# Over the entries of a detail question ("har de något telefonnummer?") that hold no such fact.
LACKS_FACT = "Tar upp en del av frågan (anger inte det som frågas efter)"
# Headings under which entries are no match: a count of matching entries ends at the first of them.
NOT_MATCH_HEADINGS = (NEAR_HEADING, PARTIAL_HEADING, LACKS_FACT)
NOT_EXACT = "Inget av det följande är alltså ett exakt svar"
# Headings over the parts of a place's fallback answer.
OTHER_FROM_COUNTY = "Annat från samma län"
# Over a region's or county's own entries after the place's: they cover the place, but are not from it.
REGION_WIDE = "För hela regionen eller länet"


def other_from(places: str) -> str:
    """Over a place's other entries, when it has none for the group asked about."""
    return f"Annat från {places}"


def group_in_county(groups: str) -> str:
    """Over the group's entries elsewhere in the place's county."""
    return f"För {groups} i samma län"


def from_place(places: str) -> str:
    """Over a county's entries when the organisation named in the question has none."""
    return f"Från {places}"


# Island municipalities take "på" in Swedish: "på Gotland", not "i Gotland".
ON_ISLAND = frozenset({"Gotland", "Tjörn", "Orust", "Öckerö", "Värmdö", "Ekerö"})


def in_place(places: str) -> str:
    """"i Malmö", but "på Gotland"; a list as Swedish says it: "i Malmö och Lund", "på Gotland och i Malmö"."""
    names = re.split(r", | och ", places)
    preps = ["på" if n in ON_ISLAND else "i" for n in names]
    if len(set(preps)) == 1:
        return f"{preps[0]} {places}"
    parts = [f"{p} {n}" for p, n in zip(preps, names)]
    return f"{', '.join(parts[:-1])} och {parts[-1]}"


def notice_message(notice: Notice, *, places: str = "", groups: str = "", words: str = "", sections: str = "",
                   n: int = 0, near: int = 0, related: str = "", total: int = 0, partial: bool = False,
                   group_in_county: bool = True) -> str:
    """The plain Swedish sentence before (or instead of) the quotes."""
    if notice is Notice.EMPTY:
        return "Skriv en fråga, till exempel ”vad finns för äldre på Gotland?”"
    if notice is Notice.VAGUE:
        return ("Frågan är för allmän för att matcha något i översikten. Skriv en målgrupp (till exempel äldre "
                "eller barn och unga), en kommun eller ett län, eller ett ämne.")
    if notice is Notice.NO_PLACE:
        return f"Översikten har inga exempel från {places}, och inga från samma län."
    if notice is Notice.NO_TOPIC:
        if not words:
            return "Översikten har inget som matchar frågan. Inga poster citeras."
        where = f" för {places}" if places else ""
        return f"Översikten har inget om {words}{where}. Inga poster citeras."
    if notice is Notice.COUNTY_FALLBACK:
        target = f" för {groups}" if groups else ""
        topic = f", och inget om {words}" if words else ""
        if groups and not group_in_county:
            return (f"Översikten har inga exempel{target} från {places} eller från samma län{topic}. "
                    f"{NOT_EXACT}, men det här finns från samma län:")
        return (f"Översikten har inga exempel{target} från {places} själv{topic}. "
                f"Här är exempel från samma län eller region:")
    if notice is Notice.PLACE_WITHOUT_GROUP:
        if not n:
            return f"Översikten har inga exempel för {groups} {in_place(places)}."
        return f"Översikten har inga exempel för {groups} {in_place(places)}. {NOT_EXACT}, men det här är vad som finns:"
    if notice is Notice.PLACE_WITHOUT_TOPIC:
        return f"Översikten har inget om {words} för {places}. {NOT_EXACT}, men det här finns från {places}:"
    if notice is Notice.PARTIAL_TOPIC:
        if related:
            return (f"Översikten har inget om {words}. {NOT_EXACT}, men de här posterna tar upp en del av frågan "
                    f"eller har ord med liknande betydelse som frågans ({related}):")
        return f"Översikten har inget om {words}. {NOT_EXACT}, men de här posterna tar upp en del av frågan:"
    if notice is Notice.UNSURE:
        return (f"Det är osäkert att översikten svarar på just det här. {NOT_EXACT}, men de här posterna delar "
                f"ord eller betydelse med frågan:")
    if notice is Notice.NO_FULL_MATCH:
        where = f"från {places}" if places else "i översikten"
        return (f"Ingen post {where} har allt som frågan tar upp ({words}). {NOT_EXACT}, men de här posterna "
                f"tar upp en del av frågan:")
    if notice is Notice.MEANING_ONLY:
        return (f"Ingen post i översikten nämner {words}. De här posterna ligger närmast i betydelse, men är "
                f"inget säkert svar:")
    if notice is Notice.GROUP_WITHOUT_TOPIC:
        return f"Översikten har inget om {words} för {groups}. {NOT_EXACT}, men det här finns för {groups}:"
    if notice is Notice.MORE:
        return f"Fler poster till förra frågan ({n} till):"
    if notice is Notice.NO_MORE:
        return "Alla poster som matchar förra frågan är redan visade."
    if notice is Notice.NOTHING_BESIDES:
        where = f"från {places}" if places else "från de organisationerna"
        return f"Översikten har inget mer {where} än det som redan visats."
    if notice is Notice.NO_ORGANISATION:
        if not n:
            return f"Översikten har inga poster från {words}."
        return f"Översikten har inga poster från {words}. {NOT_EXACT}, men det här finns från {places}:"
    if notice is Notice.NO_PREVIOUS:
        return "Det finns inget tidigare svar att visa fler poster till. Ställ en fråga först."
    if notice is Notice.EMPTY_SECTION:
        if not n:
            return f"Översikten har inga exempel under rubriken {sections}, och inga andra poster nämner gruppen."
        return f"Översikten har inga exempel under rubriken {sections}. Följande poster nämner gruppen:"
    if not n:
        return "Översikten har inget som matchar frågan."
    if near:  # the last `near` of the n stand under NOT_MATCH_HEADINGS: they do not match the question
        if near == n:  # the entries just shown, asked about again, were none of them a match
            return ("Ingen av posterna i förra svaret matchar frågan helt, men de här tar upp en del av den eller "
                    "ligger nära i betydelse:")
        if partial:
            return (f"{n - near} {'post' if n - near == 1 else 'poster'} i översikten matchar frågan, och "
                    f"{near} till tar upp en del av den eller ligger nära i betydelse:")
        return (f"{n - near} {'post' if n - near == 1 else 'poster'} i översikten matchar frågans ord, och "
                f"{near} till ligger nära i betydelse:")
    if total > n:  # the first page of a longer answer
        return f"{total} poster i översikten matchar. Här är {'den första' if n == 1 else f'de {n} första'}:"
    return f"{n} {'post' if n == 1 else 'poster'} i översikten matchar:"
