"""Content of the demo municipality Esimerkkikunta: its associations and the
text of its approved 2025 guideline."""

ASSOCIATIONS: list[dict] = [
    {
        "name": "Esimerkkikunnan Eläkkeensaajat ry",
        "register_number": "142.318",
        "email": "elakkeensaajat@example.fi",
        "phone": "040 512 3301",
        "website": "https://elakkeensaajat.example.fi",
        "description": "Yhdistys järjestää eläkeläisille viikoittaista kerhotoimintaa, "
        "liikuntaryhmiä ja retkiä sekä valvoo jäsentensä etuja kunnan vanhusneuvostossa.",
    },
    {
        "name": "Esimerkkikunnan Urheiluseura ry",
        "register_number": "87.554",
        "email": "urheiluseura@example.fi",
        "phone": "040 512 3302",
        "website": "https://urheiluseura.example.fi",
        "description": "Monilajiseura tarjoaa yleisurheilua, hiihtoa ja salibandya "
        "kaikenikäisille ja ylläpitää kunnan kanssa sovittuja hiihtolatuja.",
    },
    {
        "name": "Kylänlahden Kyläyhdistys ry",
        "register_number": "176.902",
        "email": "kylanlahti@example.fi",
        "phone": "044 218 7710",
        "website": "https://kylanlahti.example.fi",
        "description": "Kyläyhdistys ylläpitää Kylänlahden kylätaloa ja uimarantaa "
        "sekä järjestää kylän yhteiset tapahtumat ja talkoot.",
    },
    {
        "name": "Esimerkkikunnan Perheyhdistys ry",
        "register_number": "154.067",
        "email": "perheyhdistys@example.fi",
        "phone": "050 331 4820",
        "website": "https://perheyhdistys.example.fi",
        "description": "Yhdistys ylläpitää avointa perhekahvilaa ja järjestää "
        "lapsiperheille vertaistukea, tapahtumia ja lastenhoitoapua.",
    },
    {
        "name": "Esimerkkikunnan Vammaisyhdistys ry",
        "register_number": "133.745",
        "email": "vammaisyhdistys@example.fi",
        "phone": "040 512 3305",
        "website": None,
        "description": "Yhdistys tarjoaa vertaistukea ja virkistystoimintaa vammaisille "
        "ja heidän läheisilleen ja edistää esteettömyyttä kunnassa.",
    },
    {
        "name": "Esimerkkikunnan Nuorisoseura ry",
        "register_number": "62.813",
        "email": "nuorisoseura@example.fi",
        "phone": "044 218 7716",
        "website": "https://nuorisoseura.example.fi",
        "description": "Nuorisoseura järjestää teatteri-, tanssi- ja bänditoimintaa "
        "nuorille ja vuokraa seurantaloaan juhlakäyttöön.",
    },
    {
        "name": "Esimerkkikunnan Kulttuuriseura ry",
        "register_number": "191.426",
        "email": "kulttuuriseura@example.fi",
        "phone": "050 331 4827",
        "website": "https://kulttuuriseura.example.fi",
        "description": "Seura järjestää konsertteja, näyttelyitä ja kesän "
        "kotiseutupäivät sekä tallentaa paikallista perinnettä.",
    },
    {
        "name": "Esimerkkikunnan Budoseura ry",
        "register_number": None,
        "email": "budoseura@example.fi",
        "phone": "040 512 3308",
        "website": None,
        "description": "Seura tarjoaa judo- ja karateharjoituksia lapsille, nuorille "
        "ja aikuisille koulujen liikuntasaleissa.",
    },
    {
        "name": "Esimerkkikunnan Maaseutunuoret ry",
        "register_number": "118.290",
        "email": "maaseutunuoret@example.fi",
        "phone": "044 218 7719",
        "website": "https://maaseutunuoret.example.fi",
        "description": "Yhdistys ohjaa lapsia ja nuoria kerhoissa luonnon, kädentaitojen "
        "ja yrittäjyyden pariin ja välittää nuorille kesätöitä.",
    },
    {
        "name": "Esimerkkikunnan Sotaveteraanit ry",
        "register_number": "45.371",
        "email": "sotaveteraanit@example.fi",
        "phone": "050 331 4830",
        "website": None,
        "description": "Yhdistys vaalii veteraaniperinnettä, tukee veteraanien "
        "puolisoita ja järjestää kunnan kanssa kansallisen veteraanipäivän juhlan.",
    },
    {
        "name": "Exempelkommuns Svenska Förening rf",
        "register_number": None,
        "email": "svenskaforening@example.fi",
        "phone": "040 512 3311",
        "website": "https://svenskaforening.example.fi",
        "description": "Ruotsinkielinen yhdistys järjestää kulttuuri- ja "
        "kerhotoimintaa sekä tukee ruotsin kielen käyttöä kunnassa.",
    },
    {
        "name": "Esimerkkikunnan Omaishoitajat ry",
        "register_number": "168.534",
        "email": "omaishoitajat@example.fi",
        "phone": "044 218 7722",
        "website": None,
        "description": "Yhdistys kokoaa omaishoitajia vertaisryhmiin ja järjestää "
        "heille virkistyspäiviä ja tietoa palveluista.",
    },
]


APPROVED_2025_SECTIONS: list[tuple[str, str]] = [
    (
        "Johdanto",
        "<p>Esimerkkikunnan järjestöyhteistyön ohjeeseen on koottu periaatteet ja "
        "käytännöt, joiden pohjalta kunta ja kunnassa toimivat yhdistykset tekevät "
        "yhteistyötä. Ohje on tarkoitettu yhdistysten toimijoille, kunnan "
        "työntekijöille ja luottamushenkilöille sekä kaikille kuntalaisille, jotka "
        "haluavat tietää, miten kunta tukee järjestötoimintaa.</p>"
        "<p>Kun yhteiset pelisäännöt on kirjattu, jokainen yhdistys saa samat tiedot "
        "ja sitä kohdellaan samoin perustein. Ohjeesta on apua myös silloin, kun "
        "yhdistykseen tulee uusia aktiiveja tai kunnassa aloittaa uusi työntekijä.</p>"
        "<p>Ohje valmisteltiin yhdessä yhdistysten kanssa syksyllä 2024. Luonnosta "
        "käsiteltiin hyvinvointiryhmässä ja yhdistysillassa, ja yhdistykset saattoivat "
        "kommentoida sitä myös sähköisesti. <strong>Kunnanhallitus hyväksyi ohjeen "
        "27.1.2025 (§ 14).</strong> Ohje tarkistetaan <em>joka vuosi tammikuussa</em> "
        "talousarvion ja toimialojen linjausten perusteella. Päivityksestä vastaa "
        "kunnan hyvinvointikoordinaattori.</p>",
    ),
    (
        "Kuntalain velvoitteet",
        "<p>Kuntalain (410/2015) mukaan kunta edistää asukkaidensa hyvinvointia ja "
        "alueensa elinvoimaa. Lain 22 § velvoittaa valtuuston huolehtimaan siitä, "
        "että asukkailla ja palvelujen käyttäjillä on monipuoliset ja toimivat "
        "keinot osallistua ja vaikuttaa kunnan toimintaan. Yhtenä keinona laissa "
        "mainitaan järjestöjen ja muiden yhteisöjen omaehtoisen suunnittelu- ja "
        "valmistelutyön tukeminen.</p>"
        "<p>Esimerkkikunnassa toimivat kuntalain edellyttämät vaikuttamistoimielimet:</p>"
        "<ul>"
        "<li>nuorisovaltuusto (26 §)</li>"
        "<li>vanhusneuvosto (27 §)</li>"
        "<li>vammaisneuvosto (28 §)</li>"
        "</ul>"
        "<p>Vanhus- ja vammaisneuvostossa on jäseninä paikallisten eläkeläis- ja "
        "vammaisjärjestöjen edustajia. Kunta pyytää neuvostojen lausunnon niitä "
        "koskevista asioista riittävän ajoissa ennen päätöksentekoa.</p>"
        "<p>Lisäksi sosiaali- ja terveydenhuollon järjestämisestä annettu laki "
        "(612/2021) edellyttää, että kunta tekee hyvinvoinnin ja terveyden "
        "edistämisessä yhteistyötä hyvinvointialueen ja kunnassa toimivien "
        "yleishyödyllisten yhteisöjen kanssa.</p>",
    ),
    (
        "Kuntastrategia",
        "<p>Esimerkkikunnan kuntastrategian visio on <em>”Yhdessä tehty, hyvä "
        "arki”</em>. Strategian kolmesta painopisteestä kaksi liittyy suoraan "
        "järjestöyhteistyöhön: asukkaiden osallisuuden vahvistaminen sekä "
        "hyvinvoinnin edistäminen yhdessä yhdistysten, seurakuntien ja yritysten "
        "kanssa. Strategiassa yhdistykset nähdään tasavertaisina kumppaneina, jotka "
        "tuovat kuntaan harrastuksia, tapahtumia ja yhteisöllisyyttä kaikenikäisille.</p>"
        "<p>Tämä ohje on osa strategian toimeenpanoa. Strategian tavoitteiden "
        "toteutumista seurataan vuosittain hyvinvointikertomuksen yhteydessä, ja "
        "yhdistykset osallistuvat arviointiin järjestöneuvottelukunnan kautta.</p>"
        "<p>Kesäkuussa 2025 aloittava uusi valtuusto valmistelee seuraavan "
        "kuntastrategian. Yhdistykset kutsutaan strategiatyöpajoihin syksyllä 2025, "
        "ja niiden näkemykset kootaan myös sähköisellä kyselyllä.</p>",
    ),
    (
        "Järjestöyhteistyön muodot",
        "<p>Kunta tekee yhdistysten kanssa yhteistyötä monella tavalla. Lähtökohtana "
        "ovat avoimuus ja tasapuolisuus: samat tiedot, hakuajat ja periaatteet "
        "koskevat kaikkia kunnassa toimivia yhdistyksiä.</p>"
        "<ul>"
        "<li><strong>Taloudellinen tuki:</strong> toiminta-, kohde- ja "
        "kylien kehittämisavustukset.</li>"
        "<li><strong>Tilat:</strong> kunnan kokous-, liikunta- ja harrastustilojen "
        "käyttö maksutta tai alennettuun hintaan.</li>"
        "<li><strong>Kumppanuussopimukset:</strong> monivuotiset sopimukset "
        "esimerkiksi kylätalojen ylläpidosta, latujen kunnostamisesta ja "
        "tapahtumien järjestämisestä.</li>"
        "<li><strong>Palvelujen hankinta:</strong> kun kunta ostaa palveluja "
        "yhdistykseltä, noudatetaan hankintalakia ja kunnan hankintaohjetta.</li>"
        "<li><strong>Yhteiset tapahtumat ja viestintä:</strong> esimerkiksi "
        "kotiseutupäivät, itsenäisyyspäivän juhla ja kunnan tapahtumakalenteri.</li>"
        "<li><strong>Osallistuminen valmisteluun:</strong> kuulemiset, työpajat ja "
        "yhdistysten edustus kunnan työryhmissä.</li>"
        "</ul>"
        "<p>Kukin toimiala vastaa oman alansa yhteistyöstä. Kokonaisuutta "
        "koordinoi hyvinvointikoordinaattori.</p>",
    ),
    (
        "Järjestö-kuntayhteistyön rakenteet",
        "<p>Kunta ja yhdistykset kohtaavat säännöllisesti seuraavissa rakenteissa:</p>"
        "<ul>"
        "<li><strong>Yhdistysilta</strong> pidetään kaksi kertaa vuodessa. "
        "Kevään yhdistysilta pidettiin 8.4.2025, ja syksyn yhdistysilta "
        "järjestetään 14.10.2025 kunnantalon valtuustosalissa. Iltaan kutsutaan "
        "kaikki kunnassa toimivat yhdistykset sekä järjestöyhteistyöstä vastaavat "
        "viranhaltijat ja luottamushenkilöt.</li>"
        "<li><strong>Järjestöneuvottelukunta</strong> kokoontuu neljästi vuodessa. "
        "Siihen kuuluu seitsemän yhdistysten edustajaa, jotka valitaan "
        "yhdistysillassa kahdeksi vuodeksi kerrallaan, sekä hyvinvointikoordinaattori.</li>"
        "<li><strong>Vanhusneuvosto ja vammaisneuvosto</strong> ovat lakisääteisiä "
        "vaikuttamistoimielimiä, joissa paikallisilla järjestöillä on edustajansa.</li>"
        "<li><strong>Kyläfoorumi</strong> kokoaa kyläyhdistykset kerran vuodessa "
        "keskustelemaan kylien kehittämisestä ja kyläavustusten painopisteistä.</li>"
        "</ul>"
        "<p>Valtuustokauden alussa kunta kutsuu yhdistykset lisäksi erilliseen "
        "tapaamiseen, jossa uudet valtuutetut ja yhdistykset tutustuvat toisiinsa "
        "ja sopivat yhteistyön painopisteistä.</p>",
    ),
    (
        "Avustukset ja tuet",
        "<p>Kunta avustaa yhdistyksiä vuosittain talousarvioon varatun määrärahan "
        "rajoissa. Vuonna 2025 avustuksiin on varattu yhteensä 95 000 euroa. "
        "Avustusta voi saada rekisteröity yhdistys, joka toimii Esimerkkikunnassa "
        "tai jonka toiminta kohdistuu esimerkkikuntalaisiin.</p>"
        "<h3>Avustuslajit</h3>"
        "<ul>"
        "<li><em>Toiminta-avustus</em> yhdistyksen säännölliseen toimintaan</li>"
        "<li><em>Kohdeavustus</em> yksittäiseen tapahtumaan, hankkeeseen tai hankintaan</li>"
        "<li><em>Kylien kehittämisavustus</em> kyläyhdistysten yhteisiin hankkeisiin</li>"
        "</ul>"
        "<h3>Myöntämisperusteet</h3>"
        "<p>Harkinnassa painotetaan toiminnan laajuutta ja merkitystä kuntalaisille, "
        "lasten, nuorten ja ikääntyneiden toimintaa, vapaaehtoistyön määrää sekä "
        "yhdistyksen omaa varainhankintaa. Puoluepoliittista tai uskonnollista "
        "toimintaa ei avusteta.</p>"
        "<h3>Hakeminen</h3>"
        "<p><strong>Avustusten hakuaika päättyy 31.3.2025.</strong> Kohdeavustuksia "
        "voi hakea jatkuvasti 30.11.2025 asti. Hakemus jätetään sähköisellä "
        "lomakkeella osoitteessa "
        "<a href=\"https://www.example.fi/avustukset\">www.example.fi/avustukset</a>. "
        "Avustuksista päättää hyvinvointilautakunta.</p>"
        "<p>Sosiaali- ja terveysalan yhdistysten avustaminen siirtyi vuoden 2023 "
        "alusta pääosin hyvinvointialueelle. Kunta avustaa edelleen näiden "
        "yhdistysten hyvinvointia edistävää toimintaa, kuten liikunta- ja "
        "virkistystoimintaa ja avoimia vertaisryhmiä.</p>",
    ),
    (
        "Järjestöille tarjottavat toimitilat",
        "<p>Toimivat kokoontumispaikat ovat yhdistystoiminnan edellytys, ja siksi "
        "kunta antaa tilojaan yhdistysten käyttöön. Maksuttomat tilat on tarkoitettu "
        "yhdistysten kokouksiin sekä avoimeen, kaikille kuntalaisille suunnattuun "
        "toimintaan.</p>"
        "<ul>"
        "<li><strong>Maksutta:</strong> kunnantalon kokoushuoneet, kirjaston "
        "ryhmätila sekä koulujen luokkatilat iltaisin.</li>"
        "<li><strong>Alennettuun hintaan:</strong> liikuntahalli, koulujen "
        "liikuntasalit ja nuorisotalon sali lasten ja nuorten ohjattuun "
        "harrastustoimintaan.</li>"
        "<li><strong>Hinnaston mukaan:</strong> pääsymaksulliset tapahtumat ja "
        "yksityistilaisuudet.</li>"
        "</ul>"
        "<p>Säännölliset vuorot kaudelle 2025–2026 haetaan 15.5.2025 mennessä. "
        "Vuoroja jaettaessa etusijalla on lasten ja nuorten ohjattu toiminta sekä "
        "kunnassa toimivat yhdistykset. Yksittäiset varaukset tehdään kunnan "
        "sähköisessä tilanvarausjärjestelmässä osoitteessa "
        "<a href=\"https://www.example.fi/tilavaraus\">www.example.fi/tilavaraus</a>. "
        "Tilojen hinnasto on vahvistettu vuodelle 2025.</p>",
    ),
    (
        "Järjestöjen osallistuminen kunnan hyvinvointityöhön",
        "<p>Yhdistykset ovat kunnalle tärkeä kumppani asukkaiden hyvinvoinnin ja "
        "terveyden edistämisessä. Ne tavoittavat ihmisiä, joita kunnan omat "
        "palvelut eivät aina tavoita, ja tuntevat jäsentensä arjen.</p>"
        "<p>Järjestöjen osallistumisesta hyvinvointityöhön on sovittu näin:</p>"
        "<ol>"
        "<li>Hyvinvointiryhmässä on kaksi järjestöneuvottelukunnan nimeämää "
        "yhdistysten edustajaa.</li>"
        "<li>Yhdistykset voivat kommentoida hyvinvointikertomusta ja "
        "-suunnitelmaa ennen niiden käsittelyä valtuustossa.</li>"
        "<li>Vuosittaista hyvinvointikatsausta varten yhdistyksille tehdään "
        "kysely syyskuussa.</li>"
        "<li>Hyvinvointisuunnitelman toimenpiteille voidaan nimetä vastuullisen "
        "toimialan lisäksi yhdistyskumppani.</li>"
        "</ol>"
        "<p>Uuden valtuustokauden laaja hyvinvointikertomus ja -suunnitelma "
        "valmistellaan vuoden 2025 aikana, ja yhdistykset kutsutaan mukaan jo "
        "valmistelun alkuvaiheessa. Kunta sopii hyvinvointialueen kanssa, miten "
        "sosiaali- ja terveysalan yhdistysten toimintaedellytyksiä tuetaan "
        "yhdessä.</p>",
    ),
    (
        "Järjestö- ja vapaaehtoistoiminnan kehittämistoimenpiteet",
        "<p>Vuonna 2025 kunta ja yhdistykset keskittyvät seuraaviin "
        "kehittämistoimenpiteisiin:</p>"
        "<ol>"
        "<li><strong>Yhdistysluettelon uudistaminen.</strong> Verkkosivujen "
        "yhdistysluettelo siirretään alustalle, jolla yhdistykset päivittävät "
        "tietonsa itse. Vastuu: viestintäsuunnittelija, valmis 30.6.2025.</li>"
        "<li><strong>Vapaaehtoistoiminnan infopiste.</strong> Kirjastoon avataan "
        "piste, josta kuntalaiset löytävät vapaaehtoistehtäviä eri yhdistyksistä. "
        "Vastuu: hyvinvointikoordinaattori.</li>"
        "<li><strong>Koulutukset yhdistyksille.</strong> Järjestetään kaksi "
        "maksutonta koulutusiltaa, aiheina avustusten hakeminen ja yhdistyksen "
        "taloudenhoito.</li>"
        "<li><strong>Uusien toimijoiden tavoittaminen.</strong> Nuorisoseuran kanssa "
        "kokeillaan lyhyitä, kertaluonteisia vapaaehtoistehtäviä, jotka sopivat "
        "myös nuorille ja työikäisille.</li>"
        "</ol>"
        "<p>Toimenpiteiden nykytila, tavoitetila ja seuranta kirjataan "
        "hyvinvointisuunnitelmaan. Toteutumista arvioidaan syksyn yhdistysillassa "
        "ja ohjeen tammikuun päivityksessä.</p>",
    ),
    (
        "Tiedottaminen",
        "<p>Kunta tiedottaa yhdistyksiä koskevista asioista, kuten avustusten "
        "hakuajoista, tilavuoroista ja yhdistysilloista, usean kanavan kautta. "
        "Tiedotteet julkaistaan kunnan verkkosivujen yhdistyssivulla osoitteessa "
        "<a href=\"https://www.example.fi/yhdistykset\">www.example.fi/yhdistykset</a>, "
        "kunnan sosiaalisen median tileillä ja paikallislehdessä. Lisäksi "
        "hyvinvointikoordinaattori lähettää yhdistyksille sähköisen järjestökirjeen "
        "noin kuusi kertaa vuodessa.</p>"
        "<p>Yhdistykset voivat ilmoittaa tapahtumistaan maksutta kunnan "
        "tapahtumakalenterissa. Kunta suosittelee, että yhdistyksellä on yhteinen "
        "sähköpostiosoite, joka säilyy, vaikka puheenjohtaja tai sihteeri vaihtuu. "
        "<strong>Yhdistys vastaa itse siitä, että sen tiedot kunnan "
        "yhdistysluettelossa ovat ajan tasalla.</strong></p>"
        "<p>Tämä ohje julkaistaan kunnan verkkosivuilla suomeksi ja ruotsiksi, ja "
        "siitä kerrotaan järjestökirjeessä sekä yhdistysillassa.</p>",
    ),
    (
        "Järjestöyhteistyön vuosikello",
        "<p>Vuosikelloon on koottu järjestöyhteistyön tärkeimmät ajankohdat "
        "vuonna 2025.</p>"
        "<ul>"
        "<li><strong>Tammikuu:</strong> ohjeen vuosittainen päivitys ja käsittely "
        "kunnanhallituksessa.</li>"
        "<li><strong>Helmikuu:</strong> avustushaku avautuu 3.2.2025; "
        "järjestöneuvottelukunnan kokous.</li>"
        "<li><strong>Maaliskuu:</strong> avustusten hakuaika päättyy 31.3.2025.</li>"
        "<li><strong>Huhtikuu:</strong> kevään yhdistysilta 8.4.2025; "
        "kuntavaalit 13.4.2025.</li>"
        "<li><strong>Toukokuu:</strong> hyvinvointilautakunta päättää "
        "toiminta-avustuksista; säännöllisten tilavuorojen haku päättyy 15.5.2025.</li>"
        "<li><strong>Kesäkuu:</strong> uusi valtuusto aloittaa; myönnetyt "
        "avustukset maksetaan.</li>"
        "<li><strong>Heinäkuu:</strong> kesätauko, yhdistysasioissa palvellaan "
        "yhteisen sähköpostiosoitteen kautta.</li>"
        "<li><strong>Elokuu:</strong> syyskauden tilavuorot vahvistetaan; "
        "järjestöneuvottelukunnan kokous.</li>"
        "<li><strong>Syyskuu:</strong> yhdistyskysely hyvinvointikatsausta varten; "
        "yhdistysten toiveet seuraavan vuoden talousarvioon.</li>"
        "<li><strong>Lokakuu:</strong> syksyn yhdistysilta 14.10.2025.</li>"
        "<li><strong>Marraskuu:</strong> kohdeavustusten haku päättyy 30.11.2025; "
        "järjestöneuvottelukunnan kokous.</li>"
        "<li><strong>Joulukuu:</strong> valtuusto hyväksyy vuoden 2026 "
        "talousarvion; ohjeen päivityksen valmistelu alkaa.</li>"
        "</ul>",
    ),
    (
        "Kunnan järjestöyhteyshenkilöt",
        "<p>Kunnan järjestöyhteyshenkilönä toimii hyvinvointikoordinaattori. Hän "
        "kokoaa yhdistyksiä koskevat asiat, valmistelee yhdistysillat, ylläpitää "
        "tätä ohjetta ja ohjaa yhdistykset tarvittaessa oikean toimialan "
        "yhteyshenkilölle. Järjestöyhteistyöhön on varattu puolet hänen "
        "työajastaan.</p>"
        "<ul>"
        "<li><strong>Järjestöyhteistyö ja hyvinvointi:</strong> hyvinvointikoordinaattori "
        "Kaisa Lehtola, p. 040 700 1201, kaisa.lehtola@esimerkkikunta.fi</li>"
        "<li><strong>Avustukset:</strong> hallintosihteeri Riikka Mäntylä, "
        "p. 040 700 1214, riikka.mantyla@esimerkkikunta.fi</li>"
        "<li><strong>Liikunta ja tilavuorot:</strong> liikuntasihteeri Markus Rinne, "
        "p. 040 700 1233, markus.rinne@esimerkkikunta.fi</li>"
        "<li><strong>Kulttuuri ja tapahtumat:</strong> kulttuurituottaja Elina "
        "Saarikoski, p. 040 700 1245, elina.saarikoski@esimerkkikunta.fi</li>"
        "<li><strong>Nuorisotyö:</strong> nuorisosihteeri Tomi Heikura, "
        "p. 040 700 1258, tomi.heikura@esimerkkikunta.fi</li>"
        "</ul>"
        "<p>Kun yhteyshenkilö vaihtuu, tiedot päivitetään kunnan verkkosivuille "
        "viipymättä. Yhteinen osoite yhdistykset@esimerkkikunta.fi on aina "
        "käytössä, ja siihen lähetetyt viestit käsitellään myös lomien aikana.</p>",
    ),
    (
        "Yhteystiedot",
        "<p><strong>Esimerkkikunta</strong> (ruotsiksi Exempelkommun)</p>"
        "<ul>"
        "<li>Postiosoite: PL 10, 12345 Esimerkkikunta</li>"
        "<li>Käyntiosoite: kunnantalo, Keskuskatu 1</li>"
        "<li>Kirjaamo: kirjaamo@esimerkkikunta.fi, p. 040 700 1000</li>"
        "<li>Yhdistysasiat: yhdistykset@esimerkkikunta.fi</li>"
        "<li>Verkkosivut: <a href=\"https://www.example.fi\">www.example.fi</a></li>"
        "</ul>"
        "<p>Kunnassa toimivien yhdistysten yhteystiedot löytyvät verkkosivujen "
        "yhdistysluettelosta osoitteesta "
        "<a href=\"https://www.example.fi/yhdistysluettelo\">www.example.fi/yhdistysluettelo</a>. "
        "Yhdistykset ylläpitävät omia tietojaan itse. Uusi yhdistys pääsee "
        "luetteloon lähettämällä viestin osoitteeseen yhdistykset@esimerkkikunta.fi.</p>"
        "<p>Kunnantalon asiointipiste palvelee arkisin kello 9–15. Palautetta "
        "tästä ohjeesta voi lähettää hyvinvointikoordinaattorille koska tahansa, "
        "ja se otetaan huomioon seuraavassa päivityksessä.</p>"
        "<p>Ohje on voimassa, kunnes kunnanhallitus hyväksyy sen seuraavan "
        "päivityksen tammikuussa 2026.</p>",
    ),
]
