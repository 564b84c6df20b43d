"""The tables `flask demo` draws from: trainings, organisations, names, functions, venues.

Every name here is invented or common; none designates a real person."""
from __future__ import annotations

from dataclasses import dataclass

# --- Trainings: one or more per theme of places.THEMES ------------------------------------

TRAININGS: list[dict] = [
    {
        "title": "Approche genre et migration : notions de base",
        "short": "Genre et migration",
        "theme": "gender-migration",
        "duration_hours": 12,
        "audience": ["osc", "diaspora", "commune", "state-service"],
        "objectives": "Distinguer sexe et genre, rôles et besoins pratiques et stratégiques.\n"
                      "Repérer comment le genre façonne les parcours migratoires des femmes "
                      "et des hommes.\nIdentifier les inégalités d'accès aux services.",
        "description": "Module d'entrée du programme : apports courts, études de cas tirées des "
                       "deux régions, travail en petits groupes sur les parcours de femmes et "
                       "d'hommes migrant·e·s, MRE et migrant·e·s de retour.",
    },
    {
        "title": "Approche genre et migration : approfondissement pour les équipes territoriales",
        "short": "Genre et migration (approfondissement)",
        "theme": "gender-migration",
        "duration_hours": 18,
        "audience": ["commune", "provincial-council", "territorial-administration",
                     "state-service"],
        "objectives": "Analyser les services publics locaux sous l'angle du genre et de la "
                      "migration.\nProposer des ajustements concrets de l'accueil et de "
                      "l'orientation.",
        "description": "Trois jours pour les agent·e·s des collectivités et des services "
                       "déconcentrés ayant suivi le module de base : diagnostic d'un service, "
                       "parcours usager·ère, plan d'amélioration.",
    },
    {
        "title": "Formuler un projet migration sensible au genre",
        "short": "Projets sensibles au genre",
        "theme": "gender-projects",
        "duration_hours": 18,
        "audience": ["osc", "diaspora"],
        "objectives": "Mener une analyse genre du problème.\nFormuler des objectifs et des "
                      "indicateurs désagrégés par sexe.\nBudgétiser les mesures en faveur de "
                      "l'égalité.",
        "description": "Atelier pratique en vue de l'appel à projets : chaque association "
                       "travaille sur sa propre note conceptuelle avec l'appui de l'experte.",
    },
    {
        "title": "Cadre logique et budget sensibles au genre",
        "short": "Cadre logique genre",
        "theme": "gender-projects",
        "duration_hours": 12,
        "audience": ["osc", "diaspora", "project-team"],
        "objectives": "Construire un cadre logique intégrant le genre.\nIdentifier les lignes "
                      "budgétaires dédiées à l'égalité.",
        "description": "Exercices sur des projets réels du programme, relecture croisée entre "
                       "associations.",
    },
    {
        "title": "Suivi-évaluation sensible au genre",
        "short": "Suivi-évaluation genre",
        "theme": "gender-me",
        "duration_hours": 12,
        "audience": ["osc", "diaspora", "project-team", "public-agency"],
        "objectives": "Choisir des indicateurs sensibles au genre.\nCollecter des données "
                      "désagrégées par sexe.\nRendre compte aux bailleurs.",
        "description": "Outils de collecte, feuilles de présence, enquêtes de satisfaction et "
                       "tableaux de bord ; mise en pratique sur les données du programme.",
    },
    {
        "title": "Intégrer la migration et le genre dans le Plan d'Action de la Commune",
        "short": "Migration et genre dans le PAC",
        "theme": "pac",
        "duration_hours": 18,
        "audience": ["commune", "provincial-council", "territorial-administration"],
        "objectives": "Connaître le cadre légal du PAC et de l'IEECAG.\nIntégrer les besoins "
                      "des personnes migrantes et des femmes dans le diagnostic et les fiches "
                      "projets du PAC.",
        "description": "Formation-action destinée aux élu·e·s, cadres communaux et membres de "
                       "l'Instance de l'équité, de l'égalité des chances et de l'approche genre.",
    },
    {
        "title": "Le fonds régional sensible au genre : critères et procédures",
        "short": "Fonds régional sensible au genre",
        "theme": "regional-fund",
        "duration_hours": 6,
        "audience": ["osc", "diaspora", "regional-council"],
        "objectives": "Comprendre les critères d'éligibilité et de sélection du fonds.\n"
                      "Préparer un dossier de candidature complet.",
        "description": "Séance d'information et d'appui avant l'ouverture de l'appel à "
                       "propositions du conseil régional.",
    },
    {
        "title": "Communication et langage inclusifs",
        "short": "Langage inclusif",
        "theme": "inclusive-language",
        "duration_hours": 6,
        "audience": ["osc", "commune", "public-agency", "project-team"],
        "objectives": "Repérer les stéréotypes dans les supports de communication.\nRédiger "
                      "en français et en arabe de façon inclusive.",
        "description": "Analyse d'affiches, de courriers et de publications ; réécriture "
                       "collective.",
    },
    {
        "title": "Analyse des risques liés au genre dans les projets migration",
        "short": "Risques liés au genre",
        "theme": "gender-risk",
        "duration_hours": 12,
        "audience": ["osc", "state-service", "public-agency"],
        "objectives": "Identifier les risques de violences et d'exclusion liés au genre.\n"
                      "Prévoir des mesures d'atténuation et d'orientation.",
        "description": "Matrice des risques, cartographie des services d'orientation, "
                       "études de cas.",
    },
    {
        "title": "Conduire un audit genre participatif",
        "short": "Audit genre",
        "theme": "gender-audit",
        "duration_hours": 24,
        "audience": ["osc", "commune", "regional-council", "public-agency"],
        "objectives": "Connaître la méthode de l'audit genre participatif.\nPlanifier et "
                      "animer un audit dans sa structure.",
        "description": "Méthode inspirée de l'OIT, adaptée aux associations et aux "
                       "collectivités ; restitution d'un audit pilote.",
    },
    {
        "title": "Animer des ateliers participatifs avec les personnes migrantes",
        "short": "Animation d'ateliers participatifs",
        "theme": "other",
        "duration_hours": 6,
        "audience": ["osc", "diaspora", "state-service"],
        "objectives": "Préparer et animer un atelier participatif.\nFavoriser la prise de "
                      "parole des femmes.",
        "description": "Techniques d'animation, gestion des groupes mixtes et multilingues.",
    },
]

# --- Organisations: (name, kind, region, province) ----------------------------------------

ORGANIZATIONS: list[tuple[str, str, str, str | None]] = [
    # Oriental
    ("Association Tanmia Nador", "osc", "oriental", "nador"),
    ("Association Al Amal pour la femme – Berkane", "osc", "oriental", "berkane"),
    ("Association Tafsut pour le développement – Driouch", "osc", "oriental", "driouch"),
    ("Association Nour des femmes de Guercif", "osc", "oriental", "guercif"),
    ("Association Afak – Jerada", "osc", "oriental", "jerada"),
    ("Association Tiwizi – Figuig", "osc", "oriental", "figuig"),
    ("Association Assafa – Taourirt", "osc", "oriental", "taourirt"),
    ("Association Solidarité et accueil – Oujda", "osc", "oriental", "oujda-angad"),
    ("Association Pont des deux rives – Berkane", "diaspora", "oriental", "berkane"),
    ("Association Rif Solidarité Pays-Bas – antenne de Nador", "diaspora", "oriental", "nador"),
    ("Réseau des compétences de l'Oriental en Europe", "diaspora", "oriental", "oujda-angad"),
    ("Commune d'Oujda", "commune", "oriental", "oujda-angad"),
    ("Commune de Nador", "commune", "oriental", "nador"),
    ("Commune de Berkane", "commune", "oriental", "berkane"),
    ("Commune de Bouarfa", "commune", "oriental", "figuig"),
    ("Commune de Taourirt", "commune", "oriental", "taourirt"),
    ("Commune de Guercif", "commune", "oriental", "guercif"),
    ("Conseil préfectoral d'Oujda-Angad", "provincial-council", "oriental", "oujda-angad"),
    ("Conseil provincial de Nador", "provincial-council", "oriental", "nador"),
    ("Conseil provincial de Berkane", "provincial-council", "oriental", "berkane"),
    ("Conseil régional de l'Oriental", "regional-council", "oriental", "oujda-angad"),
    ("Wilaya de la région de l'Oriental – division de l'action sociale",
     "territorial-administration", "oriental", "oujda-angad"),
    ("Province de Nador – division des affaires sociales", "territorial-administration",
     "oriental", "nador"),
    ("Entraide Nationale – délégation d'Oujda", "state-service", "oriental", "oujda-angad"),
    ("Délégation provinciale de la santé – Nador", "state-service", "oriental", "nador"),
    ("ANAPEC – agence d'Oujda", "public-agency", "oriental", "oujda-angad"),
    ("Agence de l'Oriental", "public-agency", "oriental", "oujda-angad"),
    ("Équipe projet – bureau régional d'Oujda", "project-team", "oriental", "oujda-angad"),
    ("Université Mohammed Premier – faculté de droit", "other", "oriental", "oujda-angad"),
    # Souss-Massa
    ("Association Tamount – Tiznit", "osc", "souss-massa", "tiznit"),
    ("Association Tilelli – Taroudant", "osc", "souss-massa", "taroudant"),
    ("Association Anir pour le développement – Agadir", "osc", "souss-massa",
     "agadir-ida-outanane"),
    ("Association Tifawin – Biougra", "osc", "souss-massa", "chtouka-ait-baha"),
    ("Association Ighrem – Tata", "osc", "souss-massa", "tata"),
    ("Association Femmes solidaires d'Inezgane", "osc", "souss-massa", "inezgane-ait-melloul"),
    ("Association Amal Souss pour l'accueil", "osc", "souss-massa", "agadir-ida-outanane"),
    ("Association Souss–France pour le codéveloppement", "diaspora", "souss-massa", "taroudant"),
    ("Collectif des compétences du Souss à l'étranger", "diaspora", "souss-massa",
     "agadir-ida-outanane"),
    ("Association des MRE de Tiznit", "diaspora", "souss-massa", "tiznit"),
    ("Commune d'Agadir", "commune", "souss-massa", "agadir-ida-outanane"),
    ("Commune d'Aït Melloul", "commune", "souss-massa", "inezgane-ait-melloul"),
    ("Commune de Tiznit", "commune", "souss-massa", "tiznit"),
    ("Commune de Biougra", "commune", "souss-massa", "chtouka-ait-baha"),
    ("Commune de Taroudant", "commune", "souss-massa", "taroudant"),
    ("Commune de Tata", "commune", "souss-massa", "tata"),
    ("Conseil provincial de Tiznit", "provincial-council", "souss-massa", "tiznit"),
    ("Conseil provincial de Taroudant", "provincial-council", "souss-massa", "taroudant"),
    ("Conseil préfectoral d'Inezgane-Aït Melloul", "provincial-council", "souss-massa",
     "inezgane-ait-melloul"),
    ("Conseil régional de Souss-Massa", "regional-council", "souss-massa", "agadir-ida-outanane"),
    ("Wilaya de la région Souss-Massa – division de l'action sociale",
     "territorial-administration", "souss-massa", "agadir-ida-outanane"),
    ("Province de Tiznit – division des affaires sociales", "territorial-administration",
     "souss-massa", "tiznit"),
    ("Entraide Nationale – délégation de Tiznit", "state-service", "souss-massa", "tiznit"),
    ("ANAPEC – agence d'Agadir", "public-agency", "souss-massa", "agadir-ida-outanane"),
    ("Agence de développement social – coordination Souss-Massa", "public-agency",
     "souss-massa", "agadir-ida-outanane"),
    ("Équipe projet – bureau régional d'Agadir", "project-team", "souss-massa",
     "agadir-ida-outanane"),
    ("Coopérative féminine d'argan Tifaout – Chtouka", "other", "souss-massa", "chtouka-ait-baha"),
    # Rabat (central team and national partners)
    ("Plateforme nationale des associations d'accueil", "osc", "rabat", "rabat"),
    ("Réseau national des Marocain·e·s de retour", "diaspora", "rabat", "rabat"),
    ("Commune de Rabat", "commune", "rabat", "rabat"),
    ("Direction des affaires de la migration", "state-service", "rabat", "rabat"),
    ("ANAPEC – direction des partenariats", "public-agency", "rabat", "rabat"),
    ("Équipe projet – équipe centrale", "project-team", "rabat", "rabat"),
]

# --- People ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    """First names by sex and last names of one naming tradition, with its share of people."""

    weight: float
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


MOROCCAN_ARABIC = NamePool(
    0.50,
    women=("Fatima", "Khadija", "Aïcha", "Meryem", "Salma", "Nadia", "Samira", "Latifa",
           "Hanane", "Naïma", "Zineb", "Imane", "Soukaina", "Loubna", "Hafsa", "Houda", "Asmae",
           "Karima", "Rachida", "Siham", "Ghizlane", "Wafae", "Malika", "Btissam", "Sanae",
           "Nawal", "Hajar", "Kenza", "Oumaima", "Fadwa", "Fatima-Zahra", "Saïda"),
    men=("Mohamed", "Ahmed", "Youssef", "Abdelkader", "Rachid", "Karim", "Hicham", "Mustapha",
         "Saïd", "Khalid", "Abdellah", "Omar", "Hassan", "Brahim", "Mehdi", "Anas", "Yassine",
         "Hamza", "Driss", "Noureddine", "Aziz", "Jamal", "Abderrahim", "Soufiane", "Othmane",
         "Ayoub", "Redouane", "Zakaria", "Ilyas", "Tarik"),
    surnames=("Benali", "El Amrani", "Bennani", "Alaoui", "El Idrissi", "Tazi", "Berrada",
              "Benjelloun", "Chraïbi", "El Fassi", "Lahlou", "Ouazzani", "Bouzidi", "Zerouali",
              "El Mansouri", "Belhaj", "Haddad", "Kettani", "Sefrioui", "El Khattabi", "Boukili",
              "Cherkaoui", "Naciri", "Rahmouni", "Ziani", "Bakkali", "El Ouardi", "Hamdaoui",
              "Moussaoui", "Talbi", "Benyahia", "Mokhtari", "Saadi", "Filali"),
)

MOROCCAN_AMAZIGH = NamePool(
    0.30,
    women=("Tilelli", "Tafsut", "Itto", "Tiziri", "Dihya", "Tinhinane", "Fadma", "Tanirt",
           "Izza", "Mimouna", "Taous", "Thamila", "Tudert", "Tamimount", "Yamna", "Hennou"),
    men=("Idir", "Yuba", "Massinissa", "Aksel", "Amnay", "Lahcen", "Moha", "Hammou", "Aghilas",
         "Mimoun", "Anir", "Lhoussaine", "Ouzzine", "Aderdour", "Belaïd", "Amastan"),
    surnames=("Aït Lahcen", "Aït Ouakrim", "Aït Brahim", "Id Ali", "Id Belaïd", "Amzil",
              "Ouhammou", "Oubaha", "Amghar", "Izem", "Azerkane", "Oukhouya", "Ouchen",
              "Agourram", "Aberkane", "Ouaziz", "Boukhris", "Oulahcen", "Idbelkas", "Outaleb",
              "Ahrouch", "Amellal", "Bouhmidi", "Azaouaj"),
)

SENEGALESE = NamePool(
    0.05,
    women=("Aminata", "Fatou", "Awa", "Mariama", "Ndeye", "Coumba", "Khady", "Astou", "Sokhna",
           "Rokhaya"),
    men=("Mamadou", "Cheikh", "Ousmane", "Moussa", "Abdoulaye", "Ibrahima", "Modou", "Pape",
         "Serigne", "Babacar"),
    surnames=("Diop", "Ndiaye", "Fall", "Sow", "Gueye", "Faye", "Sarr", "Ba", "Mbaye", "Cissé"),
)

IVORIAN = NamePool(
    0.03,
    women=("Adjoua", "Aya", "Affoué", "Amenan", "Akissi", "Ahou", "Mariam"),
    men=("Kouassi", "Koffi", "Yao", "Konan", "Kouadio", "Serge", "Didier"),
    surnames=("Kouamé", "Konaté", "N'Guessan", "Bamba", "Koné", "Ouattara", "Aka", "Yapi"),
)

GUINEAN = NamePool(
    0.03,
    women=("Kadiatou", "Fatoumata", "Hawa", "Aïssatou", "Mabinty", "Mariama"),
    men=("Alpha", "Thierno", "Mamadou", "Sékou", "Lansana", "Boubacar"),
    surnames=("Diallo", "Barry", "Bah", "Camara", "Condé", "Soumah", "Sylla", "Keïta"),
)

CAMEROONIAN = NamePool(
    0.03,
    women=("Brigitte", "Nadège", "Carine", "Murielle", "Esther", "Blandine"),
    men=("Jean-Paul", "Emmanuel", "Samuel", "Hervé", "Patrice", "Franck"),
    surnames=("Mbarga", "Tchoumi", "Fotso", "Tchamba", "Nguema", "Abena", "Onana", "Kamga",
              "Fokou", "Mballa"),
)

MALIAN = NamePool(
    0.03,
    women=("Oumou", "Fanta", "Djeneba", "Assitan", "Rokia", "Salimata"),
    men=("Modibo", "Bakary", "Seydou", "Souleymane", "Amadou", "Drissa"),
    surnames=("Coulibaly", "Traoré", "Diarra", "Touré", "Sidibé", "Dembélé", "Sangaré", "Maïga"),
)

CONGOLESE = NamePool(
    0.03,
    women=("Grâce", "Nadine", "Chantal", "Bénédicte", "Merveille", "Divine", "Exaucée"),
    men=("Jean-Claude", "Patrick", "Christian", "Héritier", "Fiston", "Glody", "Trésor"),
    surnames=("Ilunga", "Kabongo", "Mukendi", "Tshibangu", "Nsimba", "Mavungu", "Kalala",
              "Mputu", "Makiese", "Bakala"),
)

# Some associations write their members' names in Arabic script, as on the national identity
# card; the e-mail addresses use the usual Latin spelling (TRANSLITERATIONS).
MOROCCAN_ARABIC_SCRIPT = NamePool(
    0.06,
    women=("فاطمة", "خديجة", "زينب", "مريم", "نعيمة", "حنان", "سعاد", "إيمان", "لطيفة",
           "فاطمة الزهراء"),
    men=("محمد", "أحمد", "يوسف", "رشيد", "عبد القادر", "إدريس", "حسن", "عمر", "عبد الله"),
    surnames=("العمراني", "بناني", "العلوي", "الإدريسي", "التازي", "الفاسي", "بنعلي",
              "المنصوري", "الشرقاوي", "الزياني"),
)

TRANSLITERATIONS = {
    "فاطمة": "Fatima", "خديجة": "Khadija", "زينب": "Zineb", "مريم": "Meryem",
    "نعيمة": "Naima", "حنان": "Hanane", "سعاد": "Souad", "إيمان": "Imane", "لطيفة": "Latifa",
    "فاطمة الزهراء": "Fatima-Zahra", "محمد": "Mohamed", "أحمد": "Ahmed", "يوسف": "Youssef",
    "رشيد": "Rachid", "عبد القادر": "Abdelkader", "إدريس": "Driss", "حسن": "Hassan",
    "عمر": "Omar", "عبد الله": "Abdellah", "العمراني": "El Amrani", "بناني": "Bennani",
    "العلوي": "Alaoui", "الإدريسي": "El Idrissi", "التازي": "Tazi", "الفاسي": "El Fassi",
    "بنعلي": "Benali", "المنصوري": "El Mansouri", "الشرقاوي": "Cherkaoui", "الزياني": "Ziani",
}

NAME_POOLS: tuple[NamePool, ...] = (MOROCCAN_ARABIC, MOROCCAN_AMAZIGH, SENEGALESE, IVORIAN,
                                    GUINEAN, CAMEROONIAN, MALIAN, CONGOLESE,
                                    MOROCCAN_ARABIC_SCRIPT)
MOROCCAN_POOLS = (MOROCCAN_ARABIC, MOROCCAN_AMAZIGH, MOROCCAN_ARABIC_SCRIPT)

# Functions by organisation kind, as (feminine, masculine) forms.
FUNCTIONS: dict[str, list[tuple[str, str]]] = {
    "osc": [("Présidente", "Président"), ("Coordinatrice de projets", "Coordinateur de projets"),
            ("Animatrice", "Animateur"), ("Trésorière", "Trésorier"),
            ("Assistante sociale", "Assistant social"), ("Éducatrice", "Éducateur"),
            ("Chargée de communication", "Chargé de communication"), ("Bénévole", "Bénévole")],
    "diaspora": [("Présidente", "Président"), ("Secrétaire générale", "Secrétaire général"),
                 ("Chargée de projets", "Chargé de projets"),
                 ("Membre du bureau", "Membre du bureau")],
    "commune": [("Conseillère communale", "Conseiller communal"),
                ("Cheffe de la division des affaires sociales",
                 "Chef de la division des affaires sociales"),
                ("Membre de l'IEECAG", "Membre de l'IEECAG"),
                ("Technicienne", "Technicien"), ("Cheffe du service d'état civil",
                                                 "Chef du service d'état civil")],
    "provincial-council": [("Conseillère provinciale", "Conseiller provincial"),
                           ("Directrice des services", "Directeur des services"),
                           ("Cadre administrative", "Cadre administratif")],
    "regional-council": [("Conseillère régionale", "Conseiller régional"),
                         ("Chargée de mission", "Chargé de mission"),
                         ("Cheffe de service", "Chef de service")],
    "territorial-administration": [("Cheffe de service", "Chef de service"),
                                   ("Cadre de la division de l'action sociale",
                                    "Cadre de la division de l'action sociale"),
                                   ("Administratrice", "Administrateur")],
    "state-service": [("Déléguée provinciale", "Délégué provincial"),
                      ("Assistante sociale", "Assistant social"),
                      ("Médecin", "Médecin"), ("Infirmière", "Infirmier"),
                      ("Conseillère en orientation", "Conseiller en orientation")],
    "public-agency": [("Conseillère emploi", "Conseiller emploi"),
                      ("Chargée de programme", "Chargé de programme"),
                      ("Responsable d'agence", "Responsable d'agence")],
    "project-team": [("Chargée de projet", "Chargé de projet"),
                     ("Chargée SERA", "Chargé SERA"),
                     ("Coordinatrice régionale", "Coordinateur régional"),
                     ("Assistante administrative", "Assistant administratif")],
    "other": [("Enseignante-chercheuse", "Enseignant-chercheur"),
              ("Gérante", "Gérant"), ("Membre", "Membre")],
}

# Shares of participants by region: the two programme regions, a few national partners.
PARTICIPANT_REGIONS: dict[str, float] = {"oriental": 0.45, "souss-massa": 0.42, "rabat": 0.13}

EMAIL_DOMAINS = ("example.org", "example.com", "example.net")

# --- Sessions -------------------------------------------------------------------------------

CITIES: dict[str, str] = {
    "oujda-angad": "Oujda", "berkane": "Berkane", "driouch": "Driouch", "figuig": "Bouarfa",
    "guercif": "Guercif", "jerada": "Jerada", "nador": "Nador", "taourirt": "Taourirt",
    "agadir-ida-outanane": "Agadir", "inezgane-ait-melloul": "Inezgane",
    "chtouka-ait-baha": "Biougra", "taroudant": "Taroudant", "tata": "Tata", "tiznit": "Tiznit",
    "rabat": "Rabat",
}

VENUES: dict[str, list[str]] = {
    "oujda-angad": ["Hôtel Atlas Terminus, Oujda", "Siège du conseil régional, Oujda",
                    "Maison des associations, Oujda"],
    "nador": ["Salle de la commune, Nador", "Chambre de commerce, Nador"],
    "agadir-ida-outanane": ["Siège du conseil régional, Agadir", "Hôtel Tildi, Agadir",
                            "Maison de la jeunesse, Agadir"],
    "inezgane-ait-melloul": ["Centre socio-culturel, Aït Melloul", "Salle de la commune, Inezgane"],
    "rabat": ["Bureau de l'équipe centrale, Rabat", "Hôtel Belere, Rabat"],
}

VENUE_PATTERNS = ("Salle de la commune, {city}", "Siège de la province, {city}",
                  "Centre socio-culturel, {city}", "Espace associatif, {city}",
                  "Centre de l'Entraide Nationale, {city}")

LEAD_TRAINERS = ("Nadia Bensaïd (experte genre)", "Leïla Amrani (experte genre)")
CO_TRAINERS = ("Omar Tahiri", "Fatima-Zahra Ouali", "Hassan Idrissi", "Souad Ait Taleb",
               "Aminata Diallo", "Karim Bouchta")

# Accounts made by `flask demo`: (e-mail, role, region, name).
DEMO_ACCOUNTS: list[tuple[str, str, str | None, str]] = [
    ("admin@demo.local", "admin", None, "Administration (démo)"),
    ("expert@demo.local", "expert", None, "Experte genre (démo)"),
    ("coordination.oriental@demo.local", "coordinator", "oriental", "Coordination Oriental (démo)"),
    ("coordination.souss-massa@demo.local", "coordinator", "souss-massa",
     "Coordination Souss-Massa (démo)"),
    ("observateur@demo.local", "observer", None, "Suivi-évaluation (démo)"),
]

# --- Question banks of the pre-tests and post-tests, by theme --------------------------------
# A question: (kind, text, choices, explanation). A choice starting with "*" is a correct one;
# a true-false question has the choices "Vrai" and "Faux", one of them marked.

QUESTION_BANKS: dict[str, list[tuple[str, str, list[str], str]]] = {
    "gender-migration": [
        ("single", "Le « genre » désigne :",
         ["Le sexe biologique des personnes",
          "*Les rôles, responsabilités et rapports entre femmes et hommes construits par la "
          "société",
          "Les seules questions qui concernent les femmes"],
         "Le sexe est biologique ; le genre est social, il varie selon les cultures et les "
         "époques et peut donc changer."),
        ("true-false", "Les femmes représentent aujourd'hui près de la moitié des personnes "
                       "migrantes dans le monde.",
         ["*Vrai", "Faux"],
         "On parle de féminisation des migrations : les femmes migrent de plus en plus de "
         "façon autonome, et plus seulement pour rejoindre un conjoint."),
        ("multiple", "Parmi ces besoins, lesquels sont des besoins stratégiques de genre ?",
         ["Un accès à l'eau potable près du logement",
          "*Participer aux décisions du conseil communal",
          "*Être propriétaire en son nom d'un logement ou d'une terre",
          "Une place en crèche pour son enfant"],
         "Les besoins pratiques touchent aux conditions de vie quotidienne ; les besoins "
         "stratégiques visent à changer les rapports de pouvoir entre femmes et hommes."),
        ("single", "Selon Caroline Moser, le « triple rôle » des femmes comprend les rôles :",
         ["Économique, politique et culturel",
          "*Productif, reproductif et communautaire",
          "Familial, professionnel et associatif"],
         "Le travail reproductif (soins, tâches domestiques) et communautaire est souvent "
         "invisible et non rémunéré ; il limite le temps disponible pour une formation ou un "
         "emploi."),
        ("single", "Une femme migrante venue seule d'Afrique de l'Ouest arrive à Oujda. Quel "
                   "risque est le plus lié au genre ?",
         ["Ne pas parler la langue locale",
          "*Être exposée aux violences sexuelles et à l'exploitation le long du parcours",
          "Ne pas connaître les horaires des administrations"],
         "Les violences fondées sur le genre touchent particulièrement les femmes seules en "
         "transit ; l'orientation vers des services spécialisés est une priorité."),
        ("true-false", "L'approche genre consiste à mener des activités réservées aux femmes.",
         ["Vrai", "*Faux"],
         "L'approche genre analyse la situation des femmes et des hommes et les rapports "
         "entre eux ; des actions spécifiques pour les femmes peuvent en découler, mais elles "
         "ne la résument pas."),
        ("multiple", "Quels groupes sont des publics cibles du programme ?",
         ["*Les ressortissant·e·s de pays tiers vivant au Maroc",
          "*Les Marocain·e·s résidant à l'étranger",
          "*Les migrant·e·s marocain·e·s de retour",
          "Les touristes de passage"],
         "Le programme accompagne les services qui accueillent ces trois publics, en tenant "
         "compte des situations différentes des femmes et des hommes."),
        ("single", "La Constitution marocaine de 2011 consacre l'égalité entre les femmes et "
                   "les hommes et crée une autorité chargée :",
         ["Des élections régionales",
          "*De la parité et de la lutte contre toutes les formes de discrimination",
          "De la politique migratoire"],
         "L'Autorité pour la parité et la lutte contre toutes formes de discrimination (APALD) "
         "est prévue par la Constitution de 2011."),
        ("single", "Désagréger des données par sexe, c'est :",
         ["Ne compter que les femmes",
          "*Présenter séparément les chiffres des femmes et des hommes",
          "Retirer les données des personnes dont le sexe n'est pas connu"],
         "Sans chiffres séparés, les écarts entre femmes et hommes restent invisibles ; les "
         "personnes dont le sexe n'est pas renseigné restent comptées dans le total."),
        ("true-false", "Les hommes migrants peuvent aussi subir des contraintes liées au genre.",
         ["*Vrai", "Faux"],
         "Par exemple l'injonction à envoyer de l'argent à la famille ou à ne pas demander "
         "d'aide : le genre concerne aussi les hommes."),
    ],
    "gender-projects": [
        ("single", "Par quoi commence la formulation d'un projet sensible au genre ?",
         ["Le budget",
          "*Une analyse genre du problème et du contexte",
          "Le choix des indicateurs"],
         "L'analyse genre identifie qui est touché, comment, et qui a accès aux ressources : "
         "objectifs, activités et indicateurs en découlent."),
        ("multiple", "Quelles informations une analyse genre du problème recueille-t-elle ?",
         ["*La répartition des tâches entre femmes et hommes",
          "*L'accès aux ressources et leur contrôle",
          "*La participation aux décisions",
          "La couleur du logo du projet"],
         "Ce sont les trois dimensions classiques du profil d'activités et du profil d'accès "
         "et de contrôle des ressources."),
        ("single", "Un objectif sensible au genre est par exemple :",
         ["Former 40 personnes",
          "*Améliorer l'accès des femmes migrantes de retour aux services d'emploi de la "
          "province",
          "Organiser trois ateliers"],
         "Un objectif décrit un changement pour des personnes précises ; former ou organiser "
         "des ateliers sont des activités."),
        ("true-false", "Un projet qui compte autant de femmes que d'hommes parmi ses "
                       "bénéficiaires est forcément sensible au genre.",
         ["Vrai", "*Faux"],
         "La parité des effectifs ne dit rien des obstacles spécifiques ni des effets du "
         "projet sur les rapports entre femmes et hommes."),
        ("single", "Les horaires d'un atelier empêchent des mères de famille d'y venir. Que "
                   "prévoir dans le projet ?",
         ["Rien : la participation est libre",
          "*Des horaires adaptés et, si besoin, une garde d'enfants budgétée",
          "Un atelier réservé aux hommes"],
         "Lever les obstacles pratiques à la participation est une mesure concrète, qui doit "
         "apparaître dans les activités et dans le budget."),
        ("multiple", "Quelles lignes budgétaires peuvent servir l'égalité femmes-hommes ?",
         ["*La garde d'enfants pendant les activités",
          "*Le transport des participantes des zones rurales",
          "*Une expertise genre ponctuelle",
          "Le loyer du siège de l'association"],
         "Ces coûts sont souvent oubliés ; les budgétiser rend les mesures d'égalité "
         "réalisables et visibles pour le bailleur."),
        ("single", "Le marqueur genre du CAD de l'OCDE note 2 un projet dont :",
         ["Le genre n'est pas pris en compte",
          "L'égalité est un objectif secondaire",
          "*L'égalité femmes-hommes est l'objectif principal"],
         "0 : non ciblé ; 1 : objectif significatif ; 2 : objectif principal."),
        ("true-false", "Il faut consulter les femmes et les hommes concernés dès la conception "
                       "du projet.",
         ["*Vrai", "Faux"],
         "Les consultations séparées permettent souvent aux femmes de s'exprimer plus "
         "librement sur leurs besoins."),
        ("single", "Dans un cadre logique, où placer « 60 % des bénéficiaires formé·e·s sont "
                   "des femmes » ?",
         ["Dans les hypothèses",
          "*Dans les indicateurs",
          "Dans les activités"],
         "C'est une mesure de résultat, avec une cible chiffrée : sa place est dans la "
         "colonne des indicateurs."),
        ("single", "Une note conceptuelle doit montrer comment le projet :",
         ["Évite de parler de genre pour rester neutre",
          "*Réduit les inégalités identifiées entre femmes et hommes",
          "Se limite à des activités pour les femmes"],
         "Un projet « neutre » reproduit souvent les inégalités existantes : le bailleur "
         "attend une logique d'intervention explicite."),
    ],
    "gender-me": [
        ("single", "Un indicateur sensible au genre :",
         ["Est toujours qualitatif",
          "*Mesure les changements dans la situation des femmes et des hommes, séparément",
          "Ne concerne que les femmes"],
         "Il peut être quantitatif ou qualitatif ; il rend visibles les écarts et leur "
         "évolution."),
        ("true-false", "La feuille de présence signée est une source de vérification des "
                       "indicateurs de participation.",
         ["*Vrai", "Faux"],
         "Les bailleurs demandent les feuilles d'émargement par demi-journée, avec le sexe "
         "des participant·e·s."),
        ("multiple", "Quelles données collecter pour compter les personnes formées par sexe ?",
         ["*Le sexe de chaque participant·e",
          "*La présence à chaque demi-journée",
          "La nationalité",
          "*Le type d'organisation"],
         "La nationalité est une donnée sensible dont les rapports n'ont pas besoin "
         "(loi 09-08) ; on collecte seulement ce qui sert."),
        ("single", "Une personne suit cinq sessions de formation. Dans les rapports, elle "
                   "compte pour :",
         ["Cinq personnes formées",
          "*Une personne formée et cinq participations",
          "Une participation"],
         "Les bailleurs demandent les deux chiffres : personnes uniques et participations."),
        ("single", "Le gain de connaissances d'une personne se calcule :",
         ["En comparant la moyenne du post-test à celle d'une autre session",
          "*En comparant son score au post-test à son propre score au pré-test",
          "Avec le seul post-test"],
         "Seules les personnes ayant passé les deux tests entrent dans le calcul des gains."),
        ("true-false", "Si le sexe d'une personne n'est pas renseigné, on peut la retirer des "
                       "totaux.",
         ["Vrai", "*Faux"],
         "Elle est comptée dans le total et dans une colonne « non renseigné », jamais "
         "ignorée."),
        ("single", "Quel outil mesure la satisfaction à la fin d'une formation ?",
         ["Le pré-test",
          "*L'évaluation à chaud",
          "L'audit genre"],
         "C'est le niveau 1 du modèle de Kirkpatrick ; les tests mesurent l'apprentissage "
         "(niveau 2)."),
        ("multiple", "Quelles sont de bonnes pratiques de collecte sensible au genre ?",
         ["*Prévoir des enquêtrices pour interroger des femmes quand c'est nécessaire",
          "*Choisir des horaires et des lieux accessibles aux femmes",
          "Interroger uniquement le chef de ménage",
          "*Analyser les résultats par sexe"],
         "Interroger seulement le chef de ménage, souvent un homme, efface la parole et la "
         "situation des femmes."),
        ("single", "Un écart de gain entre femmes et hommes calculé sur quatre personnes doit "
                   "être :",
         ["Présenté comme un résultat solide",
          "*Signalé comme un effectif faible",
          "Supprimé du rapport"],
         "Avec moins de cinq paires, un écart peut être dû au hasard : on le montre avec une "
         "mise en garde."),
    ],
    "pac": [
        ("single", "Le Plan d'Action de la Commune (PAC) est établi :",
         ["Chaque année",
          "*Au cours de la première année du mandat du conseil, pour six ans",
          "Tous les dix ans"],
         "La loi organique 113-14 relative aux communes prévoit un PAC élaboré au début du "
         "mandat, pour la durée de celui-ci."),
        ("single", "L'IEECAG est :",
         ["Un service de l'État dans la province",
          "*L'Instance de l'équité, de l'égalité des chances et de l'approche genre de la "
          "commune",
          "Une association de la diaspora"],
         "Instance consultative créée auprès du conseil communal, elle donne son avis sur "
         "l'égalité et l'approche genre, notamment dans le PAC."),
        ("true-false", "Le diagnostic du PAC doit s'appuyer sur des données désagrégées par "
                       "sexe.",
         ["*Vrai", "Faux"],
         "L'approche genre fait partie des principes de l'élaboration du PAC ; sans données "
         "par sexe, les besoins des femmes restent invisibles."),
        ("multiple", "Qui peut être associé à l'élaboration du PAC ?",
         ["*Les associations locales",
          "*L'IEECAG",
          "*Les services déconcentrés de l'État",
          "Les entreprises étrangères sans activité dans la commune"],
         "La démarche est participative : concertation avec la population, la société "
         "civile et les acteurs publics du territoire."),
        ("single", "Intégrer la migration dans le PAC, c'est par exemple :",
         ["*Prévoir un guichet d'accueil et d'orientation des personnes migrantes et des MRE",
          "Créer un poste de police des frontières",
          "Attribuer la nationalité marocaine"],
         "La commune agit dans ses compétences propres : accueil, information, accès aux "
         "services de proximité."),
        ("true-false", "Les Marocain·e·s résidant à l'étranger peuvent être une ressource "
                       "pour le développement de leur commune d'origine.",
         ["*Vrai", "Faux"],
         "Compétences, investissements, partenariats : les MRE sont aussi des actrices et "
         "acteurs du développement local."),
        ("single", "Une fiche projet du PAC sensible au genre précise :",
         ["Le nom du ou de la président·e du conseil",
          "*Les bénéficiaires attendu·e·s par sexe et les mesures pour lever les obstacles "
          "à l'accès des femmes",
          "La couleur des bâtiments"],
         "Des bénéficiaires chiffrés par sexe permettent ensuite le suivi et l'évaluation du "
         "PAC."),
        ("single", "La budgétisation sensible au genre au niveau national a été introduite "
                   "par :",
         ["*La loi organique relative à la loi de finances (LOF 130-13)",
          "Le code de la route",
          "La loi sur les associations"],
         "La LOF de 2015 impose de prendre en compte l'approche genre dans la programmation "
         "budgétaire et les indicateurs de performance."),
        ("multiple", "Quels services de proximité sont de la compétence de la commune ?",
         ["*L'état civil et la légalisation",
          "*Les équipements socio-culturels et sportifs",
          "La délivrance des passeports",
          "*Le transport public urbain"],
         "Les passeports relèvent de l'État ; l'état civil et les équipements de proximité "
         "relèvent de la commune."),
    ],
    "regional-fund": [
        ("single", "Le fonds régional sensible au genre finance :",
         ["Des salaires de fonctionnaires",
          "*Des projets d'associations qui améliorent la situation des personnes migrantes "
          "en tenant compte du genre",
          "Des voyages à l'étranger"],
         "Le fonds soutient des projets locaux, sélectionnés sur des critères publics."),
        ("multiple", "Quelles pièces un dossier de candidature complet comporte-t-il en "
                     "général ?",
         ["*La note conceptuelle ou le formulaire de projet",
          "*Le budget détaillé",
          "*Les statuts et le récépissé de l'association",
          "Une lettre de recommandation d'un élu"],
         "Un dossier incomplet est souvent écarté dès la vérification administrative."),
        ("true-false", "Un projet peut être sélectionné même si son budget ne prévoit aucune "
                       "mesure pour l'égalité femmes-hommes.",
         ["Vrai", "*Faux"],
         "La prise en compte du genre est un critère d'éligibilité et de sélection du fonds."),
        ("single", "Qui décide de la sélection des projets ?",
         ["La première association qui dépose",
          "*Un comité de sélection, selon une grille de critères publiée",
          "Le ou la formatrice"],
         "La grille publiée garantit un traitement égal des candidatures."),
        ("single", "Le cofinancement demandé à l'association peut être :",
         ["Uniquement en argent",
          "*En argent ou en nature (locaux, bénévolat valorisé)",
          "Interdit"],
         "La valorisation des apports en nature doit être justifiée dans le budget."),
        ("true-false", "Les associations de la diaspora peuvent présenter un projet en "
                       "partenariat avec une association locale.",
         ["*Vrai", "Faux"],
         "Le partenariat renforce l'ancrage local du projet et le lien avec les MRE."),
        ("single", "Avant la date limite, que faire d'une question sur les critères ?",
         ["Deviner la réponse",
          "*La poser au secrétariat du fonds par le canal prévu dans l'appel",
          "Attendre les résultats"],
         "Les réponses aux questions sont en général publiées pour tous les candidats."),
        ("multiple", "Qu'est-ce qui rend un projet sensible au genre aux yeux du comité ?",
         ["*Une analyse des besoins des femmes et des hommes",
          "*Des indicateurs désagrégés par sexe",
          "Une photo de femmes sur la couverture",
          "*Des mesures concrètes pour lever les obstacles à la participation des femmes"],
         "Une image ne suffit pas : le comité regarde l'analyse, les mesures et le suivi."),
    ],
    "inclusive-language": [
        ("single", "Le langage inclusif vise à :",
         ["Compliquer les textes administratifs",
          "*Rendre visibles les femmes et les hommes dans la communication",
          "Remplacer le français par l'arabe"],
         "Il évite que le masculin « générique » efface les femmes des messages."),
        ("multiple", "Quelles formulations sont inclusives ?",
         ["*« Les habitantes et les habitants »",
          "*« Le personnel » plutôt que « les employés »",
          "« Les hommes de la commune » pour parler de toute la population",
          "*« Les participant·e·s »"],
         "Doublets, termes épicènes ou collectifs et point médian sont trois procédés "
         "courants."),
        ("true-false", "Une affiche qui ne montre que des hommes en réunion et des femmes "
                       "avec des enfants véhicule des stéréotypes.",
         ["*Vrai", "Faux"],
         "Les images comptent autant que les mots : elles assignent des rôles."),
        ("single", "Comment s'adresser par écrit à une personne dont on ne connaît pas le "
                   "sexe ?",
         ["« Monsieur »",
          "*« Madame, Monsieur » ou une formule neutre comme « Bonjour »",
          "Ne pas lui écrire"],
         "Supposer le masculin par défaut est une erreur fréquente dans les courriers "
         "administratifs."),
        ("single", "Le nom de métier féminisé correct est :",
         ["« Madame le directeur »",
          "*« Madame la directrice »",
          "« Madame le directrice »"],
         "Les noms de métiers et de fonctions se féminisent : directrice, présidente, "
         "conseillère, maire (épicène)."),
        ("true-false", "Le langage inclusif ne concerne que le français.",
         ["Vrai", "*Faux"],
         "En arabe aussi on peut utiliser les deux genres (المواطنات والمواطنون) plutôt qu'un "
         "masculin seul."),
        ("single", "Dans un rapport, « les bénéficiaires (dont 62 % de femmes) » est "
                   "préférable à « les bénéficiaires » parce que :",
         ["C'est plus long",
          "*Cela rend visible la part des femmes",
          "C'est obligatoire en grammaire"],
         "Donner les chiffres par sexe fait partie de la communication inclusive."),
        ("multiple", "Quels supports relire sous l'angle du langage inclusif ?",
         ["*Les affiches et les invitations",
          "*Les formulaires d'inscription",
          "*Les publications sur les réseaux sociaux",
          "Les relevés bancaires"],
         "Tout ce qui s'adresse au public ou le décrit peut inclure ou exclure."),
    ],
    "gender-risk": [
        ("single", "Un risque lié au genre dans un projet migration est :",
         ["Une panne d'ordinateur",
          "*Un effet négatif possible du projet ou du contexte sur les femmes ou les hommes "
          "en raison de leur genre",
          "Un retard de versement du bailleur"],
         "Par exemple une tension dans le couple quand une femme obtient un revenu, ou des "
         "trajets dangereux vers une activité."),
        ("multiple", "Quelles mesures réduisent le risque de violences lors d'une activité ?",
         ["*Choisir un lieu sûr et éclairé, et des horaires adaptés",
          "*Connaître les services d'orientation (santé, écoute, justice)",
          "*Former l'équipe à l'accueil des victimes et à la confidentialité",
          "Demander aux victimes de témoigner en public"],
         "Le principe « ne pas nuire » guide l'identification et l'atténuation des risques."),
        ("true-false", "Une personne qui révèle des violences doit être orientée avec son "
                       "accord vers un service spécialisé.",
         ["*Vrai", "Faux"],
         "Le consentement et la confidentialité sont des principes de base de "
         "l'orientation."),
        ("single", "Dans une matrice des risques, chaque risque est noté selon :",
         ["Son coût seulement",
          "*Sa probabilité et sa gravité",
          "L'avis du bailleur"],
         "Le croisement probabilité × gravité indique les risques à traiter en priorité."),
        ("single", "Une cartographie des services d'orientation sert à :",
         ["Décorer le bureau",
          "*Savoir vers qui orienter une personne selon son besoin",
          "Recenser les associations concurrentes"],
         "Elle doit être à jour, avec les contacts et les conditions d'accès de chaque "
         "service."),
        ("true-false", "Les hommes migrants ne sont jamais victimes de violences liées au "
                       "genre.",
         ["Vrai", "*Faux"],
         "Les hommes peuvent aussi subir des violences, y compris sexuelles, notamment en "
         "transit ; ils en parlent souvent encore moins."),
        ("multiple", "Quels signes peuvent indiquer une situation de traite ?",
         ["*Des papiers d'identité confisqués par un tiers",
          "*Une dette envers la personne qui a organisé le voyage",
          "Une tenue vestimentaire particulière",
          "*L'impossibilité de se déplacer librement"],
         "Ces signes appellent une orientation prudente vers les services compétents, sans "
         "mettre la personne en danger."),
        ("single", "Qui doit participer à l'analyse des risques liés au genre ?",
         ["Uniquement la direction",
          "*L'équipe du projet et des représentant·e·s des publics concernés",
          "Personne : les risques se découvrent pendant le projet"],
         "Les personnes concernées connaissent des risques que l'équipe ne voit pas."),
    ],
    "gender-audit": [
        ("single", "Un audit genre participatif examine :",
         ["Les comptes de l'organisation",
          "*La manière dont une organisation intègre l'égalité femmes-hommes dans son "
          "fonctionnement et ses actions",
          "La satisfaction des bailleurs"],
         "La méthode, inspirée de l'OIT, est une auto-évaluation collective, pas un "
         "contrôle."),
        ("multiple", "Quelles sources un audit genre utilise-t-il ?",
         ["*Les documents de l'organisation (statuts, procédures, rapports)",
          "*Des entretiens et ateliers avec le personnel",
          "*Les données du personnel désagrégées par sexe",
          "Les réseaux sociaux personnels des salarié·e·s"],
         "Le croisement des documents, des données et de la parole du personnel fait la "
         "richesse de l'audit."),
        ("true-false", "L'audit genre aboutit à un plan d'action avec des responsables et "
                       "des échéances.",
         ["*Vrai", "Faux"],
         "Sans plan d'action suivi, l'audit reste un constat."),
        ("single", "La participation du personnel à l'audit sert surtout à :",
         ["Réduire le coût de l'audit",
          "*Favoriser l'appropriation des constats et des changements",
          "Désigner des coupables"],
         "Un audit participatif mise sur l'apprentissage collectif."),
        ("single", "Un indicateur de fonctionnement interne examiné par l'audit est :",
         ["Le nombre de réunions avec le bailleur",
          "*La part de femmes aux postes de décision",
          "Le nombre d'ordinateurs"],
         "La répartition des responsabilités dit beaucoup de la culture d'une organisation."),
        ("true-false", "Un audit genre n'est utile que pour les organisations de défense des "
                       "droits des femmes.",
         ["Vrai", "*Faux"],
         "Communes, agences publiques et associations de tous domaines y gagnent."),
        ("multiple", "Quelles conditions favorisent la réussite d'un audit genre ?",
         ["*L'engagement visible de la direction",
          "*Une équipe d'audit formée et mixte",
          "*La confidentialité des entretiens",
          "Un calendrier de deux jours pour toute l'organisation"],
         "L'audit demande du temps : plusieurs semaines selon la taille de l'organisation."),
        ("single", "La restitution de l'audit se fait :",
         ["Par courrier confidentiel à la seule direction",
          "*Devant l'ensemble du personnel, puis en validant le plan d'action",
          "Sur le site internet uniquement"],
         "La restitution collective prépare la mise en œuvre du plan d'action."),
    ],
    "other": [
        ("single", "Un atelier participatif se distingue d'une conférence parce que :",
         ["Il dure plus longtemps",
          "*Les participant·e·s produisent des idées et décident ensemble",
          "Il n'a pas d'objectif"],
         "L'animatrice ou l'animateur facilite ; le contenu vient du groupe."),
        ("multiple", "Quelles techniques favorisent la prise de parole des femmes ?",
         ["*Des petits groupes non mixtes pour certaines discussions",
          "*Un tour de parole",
          "Laisser parler d'abord les personnes les plus à l'aise",
          "*Des supports visuels pour les personnes qui lisent peu"],
         "La dynamique de groupe reproduit souvent les rapports de pouvoir : l'animation "
         "doit les compenser."),
        ("true-false", "Dans un groupe multilingue, il faut prévoir la traduction des "
                       "consignes.",
         ["*Vrai", "Faux"],
         "Une consigne mal comprise exclut une partie du groupe, souvent sans qu'elle le "
         "dise."),
        ("single", "Le « brise-glace » en début d'atelier sert à :",
         ["Occuper le temps",
          "*Créer un climat de confiance et faire connaissance",
          "Évaluer les participant·e·s"],
         "Il facilite ensuite l'expression de chacune et chacun."),
        ("single", "Une participante reste silencieuse. Que faire ?",
         ["La forcer à parler devant le groupe",
          "*Lui proposer une autre forme d'expression (écrit, binôme, petit groupe)",
          "L'ignorer"],
         "Respecter les rythmes tout en ouvrant des espaces d'expression variés."),
        ("true-false", "Les règles du groupe (écoute, confidentialité, respect) sont "
                       "définies de préférence avec les participant·e·s.",
         ["*Vrai", "Faux"],
         "Des règles construites ensemble sont mieux respectées."),
        ("single", "La restitution des travaux de groupe permet :",
         ["De désigner le meilleur groupe",
          "*De partager les productions et d'en faire une synthèse collective",
          "De terminer plus tôt"],
         "La synthèse collective fait le lien avec les objectifs de l'atelier."),
        ("multiple", "Que prévoir avant un atelier avec des personnes migrantes ?",
         ["*Un lieu accessible et connu des participant·e·s",
          "*Des horaires compatibles avec le travail et la garde des enfants",
          "*L'information sur l'usage qui sera fait de leurs paroles et de leurs données",
          "La liste de leurs titres de séjour"],
         "Le statut administratif est une donnée sensible, inutile pour un atelier."),
    ],
}

# Comments people write in the satisfaction questionnaire: what helped, what to improve.
SATISFACTION_COMMENTS: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("Les études de cas tirées de notre région.", "Le travail en petits groupes.",
     "Les outils pratiques que je peux réutiliser.", "Les échanges avec les autres "
     "associations.", "La clarté des explications de la formatrice.",
     "Les exemples concrets sur les MRE et les migrant·e·s de retour.",
     "La grille d'analyse genre.", "Tout était utile."),
    ("Plus de temps pour les exercices pratiques.", "Commencer plus tôt le matin.",
     "Avoir les supports en arabe aussi.", "La salle était trop petite.",
     "Prévoir une session de suivi dans quelques mois.", "Plus d'exemples des communes "
     "rurales.", "Les pauses étaient trop courtes.", "Envoyer les documents avant la "
     "formation."),
)


# The Arabic texts of a theme's questions, in the order of QUESTION_BANKS: (question, choices
# in the same order, explanation); the demo's session in Arabic uses this theme's training.
ARABIC_THEME = "gender-migration"
TRUE_FALSE_AR = ["صحيح", "خطأ"]
QUESTION_BANKS_AR: dict[str, list[tuple[str, list[str], str]]] = {
    "gender-migration": [
        ("يشير مفهوم «النوع الاجتماعي» إلى:",
         ["الجنس البيولوجي للأشخاص",
          "الأدوار والمسؤوليات والعلاقات بين النساء والرجال كما يبنيها المجتمع",
          "القضايا التي تخص النساء وحدهن"],
         "الجنس معطى بيولوجي؛ أما النوع الاجتماعي فهو بناء اجتماعي يختلف باختلاف الثقافات "
         "والعصور، ولذلك يمكن أن يتغير."),
        ("تمثل النساء اليوم قرابة نصف المهاجرين في العالم.", TRUE_FALSE_AR,
         "يُتحدث عن تأنيث الهجرة: تهاجر النساء أكثر فأكثر بشكل مستقل، وليس فقط للالتحاق "
         "بأزواجهن."),
        ("أيٌّ من هذه الاحتياجات احتياجات استراتيجية للنوع الاجتماعي؟",
         ["الحصول على الماء الصالح للشرب قرب المسكن",
          "المشاركة في قرارات المجلس الجماعي",
          "امتلاك مسكن أو أرض باسمها",
          "مكان في دار الحضانة لطفلها"],
         "تتعلق الاحتياجات العملية بظروف الحياة اليومية؛ أما الاحتياجات الاستراتيجية فتهدف "
         "إلى تغيير علاقات السلطة بين النساء والرجال."),
        ("حسب كارولين موزر، يشمل «الدور الثلاثي» للنساء الأدوار:",
         ["الاقتصادي والسياسي والثقافي",
          "الإنتاجي والإنجابي والمجتمعي",
          "الأسري والمهني والجمعوي"],
         "غالبًا ما يكون العمل الإنجابي (الرعاية والأعمال المنزلية) والعمل المجتمعي غير مرئيين "
         "وغير مأجورين، وهما يحدّان من الوقت المتاح للتكوين أو للعمل."),
        ("تصل إلى وجدة امرأة مهاجرة قدمت وحدها من غرب إفريقيا. ما الخطر الأكثر ارتباطًا "
         "بالنوع الاجتماعي؟",
         ["عدم التحدث باللغة المحلية",
          "التعرض للعنف الجنسي وللاستغلال على طول مسار الهجرة",
          "عدم معرفة مواقيت عمل الإدارات"],
         "يطال العنف القائم على النوع الاجتماعي بشكل خاص النساء الوحيدات في مرحلة العبور، "
         "ويُعدّ توجيههن نحو الخدمات المتخصصة أولوية."),
        ("تعني مقاربة النوع الاجتماعي تنفيذ أنشطة مخصصة للنساء فقط.", TRUE_FALSE_AR,
         "تحلل مقاربة النوع الاجتماعي وضعية النساء والرجال والعلاقات بينهم؛ وقد تنبثق عنها "
         "إجراءات خاصة بالنساء، لكنها لا تُختزل فيها."),
        ("ما الفئات المستهدفة من البرنامج؟",
         ["مواطنو البلدان الأخرى المقيمون بالمغرب",
          "المغاربة المقيمون بالخارج",
          "المهاجرون المغاربة العائدون",
          "السياح العابرون"],
         "يواكب البرنامج المصالح التي تستقبل هذه الفئات الثلاث، مع مراعاة اختلاف أوضاع النساء "
         "والرجال."),
        ("يكرّس دستور المملكة المغربية لسنة 2011 المساواة بين النساء والرجال، وينشئ هيئة "
         "مكلفة:",
         ["بالانتخابات الجهوية",
          "بالمناصفة ومكافحة جميع أشكال التمييز",
          "بسياسة الهجرة"],
         "هيئة المناصفة ومكافحة جميع أشكال التمييز منصوص عليها في دستور 2011."),
        ("تفصيل البيانات حسب الجنس يعني:",
         ["عدّ النساء فقط",
          "عرض أرقام النساء وأرقام الرجال بشكل منفصل",
          "حذف بيانات الأشخاص الذين لا يُعرف جنسهم"],
         "دون أرقام منفصلة تبقى الفوارق بين النساء والرجال غير مرئية؛ ويظل الأشخاص غير المحدد "
         "جنسهم محسوبين في المجموع."),
        ("يمكن أن يعاني الرجال المهاجرون أيضًا من قيود مرتبطة بالنوع الاجتماعي.",
         TRUE_FALSE_AR,
         "مثل الضغط لإرسال المال إلى الأسرة أو لعدم طلب المساعدة: النوع الاجتماعي يعني الرجال "
         "أيضًا."),
    ],
}


# --- Targets of the progress report, for this year and the next -------------------------------
# (indicator, group, value in the indicator's unit). Chosen so that the demo report shows some
# indicators on track (women's share, gains) and some behind (people trained, completion).
TARGETS: list[tuple[str, str, float]] = [
    ("people_trained", "total", 400),
    ("people_trained", "women", 220),
    ("sessions_held", "total", 30),
    ("share_women", "total", 40),
    ("share_women_associations", "total", 60),
    ("attendance_rate", "total", 80),
    ("completion_rate", "total", 90),
    ("mean_gain", "total", 10),
    ("mean_gain", "women", 10),
    ("share_pass_post", "total", 50),
    ("satisfaction_mean", "total", 4.5),
]
TARGETS_NEXT_YEAR_GROWTH = 1.25  # counts grow by a quarter the year after
