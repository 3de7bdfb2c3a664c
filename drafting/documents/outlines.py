"""Outlines a drafting round can start from: the section headings of a
guideline with a short guidance text for the writer of each section."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class OutlineSection:
    heading: str      # Finnish heading of the section, as in the document
    guidance: str     # Finnish, plain text, 1-3 sentences: what to write in this section


@dataclass(frozen=True)
class Outline:
    key: str
    name: object         # lazy_gettext English string
    description: object  # lazy_gettext English string, one sentence
    sections: tuple[OutlineSection, ...]


_DOCUMENT_MODEL = Outline(
    key="document_model",
    name=_l("Document model in 13 sections"),
    description=_l(
        "The full structure of a guideline for cooperation with associations, "
        "from the introduction to the contact details."
    ),
    sections=(
        OutlineSection(
            heading="Johdanto",
            guidance=(
                "Kerro, miksi ohje on laadittu ja kenelle se on tarkoitettu: "
                "yhdistyksille, kunnan henkilöstölle, luottamushenkilöille ja "
                "kuntalaisille. Kuvaa lyhyesti, miten ohje valmisteltiin yhdessä "
                "yhdistysten kanssa, mikä toimielin sen hyväksyi ja milloin se "
                "seuraavan kerran päivitetään."
            ),
        ),
        OutlineSection(
            heading="Kuntalain velvoitteet",
            guidance=(
                "Kuvaa, mitä kuntalaki edellyttää asukkaiden ja järjestöjen "
                "osallistumis- ja vaikuttamismahdollisuuksista (erityisesti 22 §). "
                "Mainitse lakisääteiset vaikuttamistoimielimet eli nuorisovaltuusto, "
                "vanhusneuvosto ja vammaisneuvosto sekä kunnan velvoite tehdä "
                "hyvinvoinnin edistämisessä yhteistyötä yleishyödyllisten yhteisöjen kanssa."
            ),
        ),
        OutlineSection(
            heading="Kuntastrategia",
            guidance=(
                "Nosta esiin ne kuntastrategian tavoitteet, joihin järjestöyhteistyö "
                "kytkeytyy, ja kerro, miten yhdistykset näkyvät strategiassa toimijoina. "
                "Kirjaa myös, onko ohje osa strategian toimeenpanoa ja miten yhdistykset "
                "pääsevät mukaan seuraavan strategian valmisteluun."
            ),
        ),
        OutlineSection(
            heading="Järjestöyhteistyön muodot",
            guidance=(
                "Luettele yhteistyön käytännön muodot, kuten avustukset, tilojen käyttö, "
                "kumppanuussopimukset, yhteiset tapahtumat ja palvelujen hankinta "
                "järjestöiltä. Kerro, mitkä toimialat tekevät yhteistyötä ja kuka "
                "kokonaisuutta koordinoi."
            ),
        ),
        OutlineSection(
            heading="Järjestö-kuntayhteistyön rakenteet",
            guidance=(
                "Kuvaa foorumit, joissa kunta ja yhdistykset kohtaavat säännöllisesti: "
                "yhdistysillat, järjestöneuvottelukunta, kumppanuuspöydät sekä "
                "lakisääteiset vanhus- ja vammaisneuvostot. Kerro, kuinka usein ne "
                "kokoontuvat, kuka kutsuu koolle ja miten yhdistykset valitsevat edustajansa."
            ),
        ),
        OutlineSection(
            heading="Avustukset ja tuet",
            guidance=(
                "Kirjaa avustuslajit, myöntämisperusteet, hakuajat, hakutapa ja "
                "avustuksista päättävä toimielin. Kerro myös, miten sosiaali- ja "
                "terveysalan yhdistysten avustaminen jakautuu kunnan ja "
                "hyvinvointialueen kesken, ja tarkista summat ja päivämäärät "
                "vuoden talousarviosta."
            ),
        ),
        OutlineSection(
            heading="Järjestöille tarjottavat toimitilat",
            guidance=(
                "Luettele kunnan tilat, joita yhdistykset voivat käyttää, ja kerro, "
                "millä perusteilla vuorot myönnetään. Erottele maksuttomat ja maksulliset "
                "tilat sekä kerro, miten ja mihin mennessä tiloja haetaan tai varataan."
            ),
        ),
        OutlineSection(
            heading="Järjestöjen osallistuminen kunnan hyvinvointityöhön",
            guidance=(
                "Kerro, miten yhdistykset osallistuvat hyvinvointikertomuksen ja "
                "-suunnitelman laatimiseen sekä toimenpiteiden arviointiin. Kuvaa, "
                "missä työryhmissä järjestöillä on edustus ja miten niiden näkemykset "
                "kerätään vuosittain."
            ),
        ),
        OutlineSection(
            heading="Järjestö- ja vapaaehtoistoiminnan kehittämistoimenpiteet",
            guidance=(
                "Kirjaa kuluvalle vuodelle sovitut kehittämistoimenpiteet, niiden "
                "vastuuhenkilöt ja aikataulu. Toimenpiteitä kannattaa jäsentää "
                "nykytilan, tavoitetilan ja seurannan avulla."
            ),
        ),
        OutlineSection(
            heading="Tiedottaminen",
            guidance=(
                "Kerro, missä kanavissa kunta tiedottaa yhdistyksiä koskevista asioista "
                "ja miten yhdistykset saavat tapahtumansa ja yhteystietonsa kunnan "
                "verkkosivuille ja tapahtumakalenteriin. Mainitse myös, miten tästä "
                "ohjeesta viestitään sen hyväksymisen jälkeen."
            ),
        ),
        OutlineSection(
            heading="Järjestöyhteistyön vuosikello",
            guidance=(
                "Kokoa vuoden tärkeät ajankohdat kuukausittain: avustusten ja "
                "tilavuorojen hakuajat, yhdistysillat, talousarvion valmistelu ja "
                "ohjeen päivitys tammikuussa. Päivitä päivämäärät joka vuosi."
            ),
        ),
        OutlineSection(
            heading="Kunnan järjestöyhteyshenkilöt",
            guidance=(
                "Nimeä kunnan järjestöyhteyshenkilö ja toimialojen yhteyshenkilöt "
                "ja kuvaa heidän tehtävänsä. Kerro, miten tavoitettavuus turvataan "
                "henkilövaihdosten yhteydessä, esimerkiksi yhteisellä sähköpostiosoitteella."
            ),
        ),
        OutlineSection(
            heading="Yhteystiedot",
            guidance=(
                "Kokoa kunnan keskeiset yhteystiedot ja linkki verkkosivujen "
                "yhdistysluetteloon. Muistuta, että yhdistykset vastaavat itse omien "
                "yhteystietojensa ajantasaisuudesta."
            ),
        ),
    ),
)

_ASSOCIATION_PROGRAMME = Outline(
    key="association_programme",
    name=_l("Association programme in six steps"),
    description=_l(
        "A shorter outline built around six practical steps for starting or "
        "strengthening cooperation with associations."
    ),
    sections=(
        OutlineSection(
            heading="Yhdyshenkilöt",
            guidance=(
                "Nimeä kunnan yhdyshenkilö järjestöyhteistyölle ja tarvittaessa "
                "toimialakohtaiset yhdyshenkilöt. Kerro, mistä yhteystiedot löytyvät "
                "ja miten yhteydenpito jatkuu, vaikka henkilöt vaihtuvat."
            ),
        ),
        OutlineSection(
            heading="Järjestöjen näkyvyys",
            guidance=(
                "Kuvaa, missä kunta esittelee alueellaan toimivat yhdistykset, "
                "esimerkiksi verkkosivujen yhdistysluettelossa. Kirjaa, että "
                "yhdistykset huolehtivat itse tietojensa päivittämisestä."
            ),
        ),
        OutlineSection(
            heading="Säännölliset tapaamiset",
            guidance=(
                "Kerro, kuinka monta kertaa vuodessa kunta kutsuu yhdistykset koolle, "
                "ketä tapaamisiin kutsutaan ja mitä niissä käsitellään. Mainitse "
                "valtuustokauden alun tapaaminen ja se, miten tapaamiset liittyvät "
                "kuntastrategian tavoitteisiin."
            ),
        ),
        OutlineSection(
            heading="Järjestöjen asiantuntemuksen hyödyntäminen",
            guidance=(
                "Kuvaa, miten kunta käyttää yhdistysten ja niiden jäsenten osaamista "
                "kunnan kehittämisessä. Keinoja ovat esimerkiksi kuulemiset, "
                "yhteiskehittäminen ja järjestöedustus valmistelevissa työryhmissä."
            ),
        ),
        OutlineSection(
            heading="Kumppanuussopimukset",
            guidance=(
                "Kerro, mistä asioista kunta tekee kumppanuussopimuksia yhdistysten "
                "kanssa, esimerkiksi palveluista, tiloista tai tapahtumista. Kuvaa, "
                "mitä sopimuksiin kirjataan (tavoitteet, toteutus, rahoitus) ja kuka "
                "sopimukset hyväksyy."
            ),
        ),
        OutlineSection(
            heading="Kestävä tulevaisuus yhdessä",
            guidance=(
                "Kirjaa, miten kunta ja yhdistykset edistävät yhdessä kestävää "
                "kehitystä taloudellisesti, sosiaalisesti ja ekologisesti. Nosta esiin kunnan omat "
                "kestävyystavoitteet ja tavat, joilla yhdistyksiä kannustetaan "
                "toimimaan niiden hyväksi."
            ),
        ),
    ),
)

_CORE_TOPICS = Outline(
    key="core_topics",
    name=_l("Core topics of the guideline"),
    description=_l(
        "A compact outline covering only the topics every guideline should "
        "settle, preceded by a short introduction."
    ),
    sections=(
        OutlineSection(
            heading="Johdanto",
            guidance=(
                "Kerro lyhyesti ohjeen tarkoitus, kohderyhmät ja valmisteluvaiheet. "
                "Mainitse hyväksyvä toimielin ja se, että ohje päivitetään vuosittain "
                "tammikuussa."
            ),
        ),
        OutlineSection(
            heading="Foorumit ja rakenteet",
            guidance=(
                "Kuvaa kunnan ja yhdistysten yhteistyörakenteet, kuten yhdistysillat, "
                "järjestöneuvottelukunta tai kumppanuuspöydät, ja kerro myös, miten "
                "lakisääteiset vanhus- ja vammaisneuvostot liittyvät niihin. Kerro, kuinka usein "
                "ne kokoontuvat ja miten yhdistykset pääsevät mukaan."
            ),
        ),
        OutlineSection(
            heading="Avustukset ja tuet",
            guidance=(
                "Kirjaa avustusten myöntämisperusteet, avustuslajit ja hakuajat. "
                "Kerro myös, kuka nykyään avustaa sosiaali- ja terveysalan yhdistyksiä "
                "ja miten vastuu on jaettu kunnan ja hyvinvointialueen kesken."
            ),
        ),
        OutlineSection(
            heading="Toimitilat",
            guidance=(
                "Luettele kunnan tilat, joita yhdistykset voivat käyttää, ja tilojen "
                "myöntämisperusteet. Kerro, mitkä tilat ovat maksuttomia, mitä "
                "maksulliset maksavat ja miten tiloja haetaan."
            ),
        ),
        OutlineSection(
            heading="Kumppanuustoiminta",
            guidance=(
                "Kuvaa, millaista kumppanuutta kunta ja yhdistykset tekevät, "
                "esimerkiksi kumppanuussopimuksia, yhteisiä tapahtumia tai "
                "palvelujen tuottamista. Kerro, miten kumppanuuksista sovitaan "
                "ja kuka niistä päättää."
            ),
        ),
        OutlineSection(
            heading="Yhteistyön vuosikello",
            guidance=(
                "Kokoa kuukausittain vuoden tärkeimmät ajankohdat, kuten hakuajat, "
                "yhdistysillat ja ohjeen päivitys. Tarkista päivämäärät joka vuosi."
            ),
        ),
        OutlineSection(
            heading="Kunnan järjestöyhteyshenkilöt",
            guidance=(
                "Nimeä kunnan järjestöyhteyshenkilö ja toimialojen yhteyshenkilöt "
                "yhteystietoineen. Kerro lyhyesti, missä asioissa kuhunkin voi "
                "ottaa yhteyttä."
            ),
        ),
    ),
)

OUTLINES: dict[str, Outline] = {
    outline.key: outline
    for outline in (_DOCUMENT_MODEL, _ASSOCIATION_PROGRAMME, _CORE_TOPICS)
}
