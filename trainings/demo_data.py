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

NAME_POOLS: tuple[NamePool, ...] = (MOROCCAN_ARABIC, MOROCCAN_AMAZIGH, SENEGALESE, IVORIAN,
                                    GUINEAN, CAMEROONIAN, MALIAN, CONGOLESE)

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
