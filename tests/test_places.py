import pytest


def names(gazetteer, text):
    return [p.name for p in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vad finns för äldre på Gotland?", ["Gotland"]),
        ("Gotlands äldreboenden", ["Gotland"]),
        ("barn i malmo", ["Malmö"]),
        ("Vad gör Gottland?", ["Gotland"]),
        ("i Göteborgs stad", ["Göteborg"]),
        ("Vad görs i Skåne?", ["Skåne län"]),
        ("Region Sörmland", ["Södermanlands län"]),
        ("Exempel från Stockholms län", ["Stockholms län"]),
        ("Stockholm", ["Stockholm"]),
        ("Vad görs i Norrland?", ["Norrland"]),
        ("vad kan vara bra", []),
        ("Vad görs i Vara?", ["Vara"]),
    ],
)
def test_places_in_questions(gazetteer, text, expected):
    assert names(gazetteer, text) == expected


def test_county_covers_every_municipality(gazetteer):
    skane = gazetteer.find("Skåne")[0]
    assert len(skane.municipalities) == 33
    norrland = gazetteer.find("Norrland")[0]
    assert norrland.counties == {"21", "22", "23", "24", "25"}


def test_organisations_relate_to_places(gazetteer):
    rt = gazetteer.org_places("Resursteam heder")
    stockholm = gazetteer.find("Stockholm")[0]
    assert gazetteer.relation(rt, stockholm) == "direct"
    sormland = gazetteer.org_places("Region Sörmland")
    assert gazetteer.relation(sormland, gazetteer.find("Eskilstuna")[0]) == "region"
    assert gazetteer.relation(gazetteer.org_places("Länsstyrelserna"), stockholm) is None
    fyrbodal = gazetteer.org_places("Fyrbodal (17 kommuner)")
    assert gazetteer.relation(fyrbodal, gazetteer.find("Uddevalla")[0]) == "direct"
    assert gazetteer.relation(fyrbodal, gazetteer.find("Lidköping")[0]) == "county"


def test_every_organisation_in_the_document_has_a_place_row(document, gazetteer):
    for entry in document.entries:
        assert entry.organisation in gazetteer.organisations, entry.organisation
