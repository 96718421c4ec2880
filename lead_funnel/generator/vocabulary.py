"""Word lists the generator draws from: industries, brands, countries, domains, job titles, names."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Firmographics
# ---------------------------------------------------------------------------

# (which industries are ICP is the seed scoring_icp_industries: generator.rules)
# industry -> (share of accounts, words used in company names / domains)
INDUSTRIES = {
    "software": (0.12, ("Software", "Systems", "Apps", "Code")),
    "saas": (0.08, ("Cloud", "Platform", "HQ", "Suite")),
    "internet": (0.05, ("Online", "Web", "Net", "Social")),
    "information technology": (0.08, ("IT", "Technologies", "Tech", "Networks")),
    "financial services": (0.06, ("Capital", "Financial", "Bank", "Insurance")),
    "fintech": (0.03, ("Pay", "Payments", "Fintech", "Ledger")),
    "healthcare technology": (0.03, ("Health", "Medtech", "Care", "Bio")),
    "manufacturing": (0.09, ("Manufacturing", "Industries", "Machinery", "Components")),
    "retail": (0.07, ("Retail", "Stores", "Outfitters", "Market")),
    "logistics": (0.05, ("Logistics", "Freight", "Shipping", "Transport")),
    "construction": (0.04, ("Construction", "Builders", "Engineering")),
    "hospitality": (0.03, ("Hotels", "Hospitality", "Resorts")),
    "media": (0.04, ("Media", "Studios", "Publishing")),
    "telecommunications": (0.03, ("Telecom", "Communications", "Wireless")),
    "energy": (0.03, ("Energy", "Power", "Solar")),
    "real estate": (0.03, ("Realty", "Properties", "Estates")),
    "healthcare": (0.05, ("Clinic", "Medical", "Hospital")),
    "education": (0.03, ("Academy", "Learning", "Education")),
    "government": (0.02, ("County", "Authority")),
    "nonprofit": (0.02, ("Foundation", "Trust", "Alliance")),
    "consulting": (0.02, ("Consulting", "Advisory", "Strategy")),
}
INDUSTRY_NAMES = tuple(INDUSTRIES)
# used only for corporate domains that match no account
UNMATCHED_WORDS = ("Ventures", "Studio", "Collective", "Agency", "Labs", "Designs")
# suffix words that keep names/domains unique when brand x word combos run out
NAME_VARIANTS = ("Group", "Global", "International", "USA", "Europe", "Holdings", "Worldwide", "Partners")

BRAND_PREFIXES = (
    "acme", "blue", "north", "summit", "nova", "bright", "iron", "silver",
    "green", "red", "clear", "true", "swift", "peak", "prime", "bold",
    "open", "cedar", "maple", "oak", "pine", "river", "lake", "stone",
    "sun", "moon", "star", "sky", "polar", "coral", "amber", "jade",
    "onyx", "cobalt", "crimson", "golden", "harbor", "eagle", "falcon", "fox",
    "wolf", "bear", "lion", "atlas", "vertex",
)
BRAND_ROOTS = (
    "field", "bridge", "point", "line", "gate", "path", "wave", "crest",
    "ridge", "rock", "view", "way", "forge", "works", "hub", "spring",
    "wood", "light", "mark", "port", "base", "core", "shift", "scale",
    "sight", "well", "brook", "haven", "vale", "land", "bay", "dale",
    "ford", "mont", "quest", "trail", "wing", "yard", "zone", "craft",
)
COUNTRIES = ("US", "GB", "DE", "CA", "FR", "NL", "AU", "IN", "SE", "ES", "BR", "SG", "IE", "JP", "IT", "CH")
COUNTRY_MIX = (0.52, 0.10, 0.07, 0.05, 0.04, 0.03, 0.03, 0.04, 0.02, 0.02, 0.02, 0.015, 0.015, 0.01, 0.01, 0.01)
LEGAL_SUFFIX = {"US": " Inc.", "GB": " Ltd", "DE": " GmbH", "FR": " SAS", "NL": " B.V."}

# segments (names of seed scoring_segments, whose bands, thresholds and windows apply) and their
# mix among accounts; the order indexes SEGMENT_MIX, OPP_CYCLE_MEDIAN_DAYS and OPP_AMOUNT_MEDIAN
SEGMENTS = ("smb", "mid_market", "enterprise")
SEGMENT_MIX = (0.60, 0.28, 0.12)
ACCOUNT_DELETED_SHARE = 0.01
# lead-to-account assignment weight: employees ** exponent * lognormal noise (Zipf-like tail)
CONTACT_WEIGHT_EXPONENT, CONTACT_WEIGHT_SIGMA = 0.5, 1.2

FREE_MAIL_DOMAINS = (
    "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
    "aol.com", "protonmail.com", "gmx.de", "yahoo.co.uk", "live.com",
)
FREE_MAIL_MIX = (0.45, 0.12, 0.12, 0.10, 0.07, 0.03, 0.03, 0.03, 0.03, 0.02)
ACADEMIC_DOMAINS = (
    ("northfield.edu", "Northfield University"), ("lakeside-state.edu", "Lakeside State University"),
    ("riverton.edu", "Riverton College"), ("westbrook.edu", "Westbrook University"),
    ("oxbridge.ac.uk", "University of Oxbridge"), ("kingsgate.ac.uk", "Kingsgate College London"),
    ("hokkai-u.ac.jp", "Hokkai University"), ("aukland-tech.ac.nz", "Aukland Institute of Technology"),
)
COMPETITOR_DOMAINS = (("rivalfunnel.com", "RivalFunnel"), ("competitor-analytics.io", "Competitor Analytics"))

# lead kinds: how the lead relates to an account
KIND_ACCOUNT, KIND_DOMAIN, KIND_FREE, KIND_ACADEMIC, KIND_UNMATCHED, KIND_COMPETITOR = range(6)
KIND_MIX = (0.75, 0.15, 0.065, 0.015, 0.017, 0.003)
ACCOUNT_LEAD_FREE_MAIL_SHARE = 0.03  # leads with account_id but a gmail address
EMAIL_CORPORATE, EMAIL_FREE, EMAIL_ACADEMIC, EMAIL_COMPETITOR = range(4)

# ---------------------------------------------------------------------------
# Job titles: (title, seniority, persona, weight in corporate pool, weight in free-mail pool)
# ---------------------------------------------------------------------------

SENIORITIES = ("executive", "vp", "director", "manager", "other", "student")
PERSONAS = ("marketing", "sales", "revops", "finance", "other")
SEN = {name: i for i, name in enumerate(SENIORITIES)}
PER = {name: i for i, name in enumerate(PERSONAS)}

TITLES = (
    ("Chief Executive Officer", "executive", "other", 1.2, 0.6),
    ("CEO", "executive", "other", 0.8, 0.6),
    ("Founder & CEO", "executive", "other", 1.0, 1.5),
    ("Co-Founder", "executive", "other", 0.6, 1.0),
    ("Owner", "executive", "other", 0.6, 2.0),
    ("President", "executive", "other", 0.4, 0.3),
    ("Chief Marketing Officer", "executive", "marketing", 1.0, 0.2),
    ("CMO", "executive", "marketing", 0.5, 0.1),
    ("Chief Revenue Officer", "executive", "sales", 0.7, 0.1),
    ("Chief Financial Officer", "executive", "finance", 0.8, 0.2),
    ("Chief Technology Officer", "executive", "other", 0.8, 0.4),
    ("Chief Operating Officer", "executive", "other", 0.5, 0.2),
    ("VP of Marketing", "vp", "marketing", 2.2, 0.3),
    ("Vice President, Marketing", "vp", "marketing", 0.8, 0.1),
    ("vp marketing", "vp", "marketing", 0.3, 0.1),
    ("VP Sales", "vp", "sales", 1.5, 0.3),
    ("Vice President of Sales", "vp", "sales", 0.8, 0.1),
    ("SVP, Global Sales", "vp", "sales", 0.3, 0.0),
    ("VP Revenue Operations", "vp", "revops", 0.6, 0.0),
    ("Head of Growth", "vp", "revops", 1.0, 0.5),
    ("Head of Marketing", "vp", "marketing", 1.5, 0.4),
    ("Head of Sales", "vp", "sales", 0.9, 0.3),
    ("VP of Finance", "vp", "finance", 0.5, 0.1),
    ("VP Engineering", "vp", "other", 0.8, 0.2),
    ("Head of Product", "vp", "other", 0.6, 0.2),
    ("Director of Marketing", "director", "marketing", 2.0, 0.3),
    ("Marketing Director", "director", "marketing", 1.2, 0.3),
    ("Director, Revenue Operations", "director", "revops", 0.8, 0.1),
    ("Sales Director", "director", "sales", 1.2, 0.3),
    ("Director of Sales Operations", "director", "revops", 0.5, 0.0),
    ("Director of Growth Marketing", "director", "revops", 0.6, 0.1),
    ("Finance Director", "director", "finance", 0.7, 0.1),
    ("Director of Engineering", "director", "other", 0.9, 0.2),
    ("IT Director", "director", "other", 0.8, 0.2),
    ("Marketing Manager", "manager", "marketing", 4.0, 1.5),
    ("Senior Marketing Manager", "manager", "marketing", 1.8, 0.5),
    ("Product Marketing Manager", "manager", "marketing", 1.6, 0.5),
    ("Sales Manager", "manager", "sales", 1.8, 0.6),
    ("Marketing Operations Manager", "manager", "revops", 1.2, 0.2),
    ("Sales Operations Manager", "manager", "revops", 0.8, 0.2),
    ("Growth Manager", "manager", "revops", 0.8, 0.5),
    ("Finance Manager", "manager", "finance", 0.9, 0.3),
    ("Engineering Manager", "manager", "other", 1.0, 0.3),
    ("Project Manager", "manager", "other", 1.4, 1.0),
    ("Product Manager", "manager", "other", 1.2, 0.6),
    ("Customer Success Manager", "manager", "other", 1.0, 0.5),
    ("Office Manager", "manager", "other", 0.5, 0.5),
    ("Account Executive", "other", "sales", 2.0, 0.8),
    ("Sales Development Representative", "other", "sales", 1.8, 0.8),
    ("Marketing Specialist", "other", "marketing", 2.2, 1.0),
    ("Marketing Coordinator", "other", "marketing", 1.8, 1.0),
    ("Growth Marketer", "other", "revops", 0.8, 0.6),
    ("mktg mgr", "manager", "marketing", 0.3, 0.2),
    ("Financial Analyst", "other", "finance", 1.2, 0.5),
    ("Accountant", "other", "finance", 0.8, 0.6),
    ("Software Engineer", "other", "other", 4.0, 3.0),
    ("Senior Software Engineer", "other", "other", 2.0, 1.5),
    ("Data Analyst", "other", "other", 2.2, 2.0),
    ("Data Scientist", "other", "other", 1.2, 1.2),
    ("Business Development Representative", "other", "other", 1.0, 0.6),
    ("Consultant", "other", "other", 1.5, 2.5),
    ("Operations Analyst", "other", "other", 1.0, 0.6),
    ("HR Generalist", "other", "other", 0.6, 0.5),
    ("Designer", "other", "other", 0.8, 1.5),
    ("Content Writer", "other", "other", 0.6, 1.2),
    ("Intern", "student", "other", 0.5, 1.5),
    ("Marketing Intern", "student", "marketing", 0.4, 1.2),
    ("Student", "student", "other", 0.1, 3.0),
)
ACADEMIC_TITLES = (
    ("Student", "student", "other", 5.0),
    ("Graduate Student", "student", "other", 2.0),
    ("PhD Student", "student", "other", 1.5),
    ("MBA Student", "student", "other", 1.0),
    ("Intern", "student", "other", 1.0),
    ("Research Assistant", "other", "other", 1.5),
    ("Professor", "other", "other", 1.0),
    ("Lecturer", "other", "other", 0.7),
)

FIRST_NAMES = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
    "Ronald", "Rebecca", "Edward", "Sharon", "Jason", "Laura", "Jeffrey", "Cynthia", "Ryan", "Kathleen",
    "Jacob", "Amy", "Gary", "Angela", "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda",
    "Stephen", "Pamela", "Larry", "Emma", "Justin", "Nicole", "Scott", "Helen", "Brandon", "Samantha",
    "Benjamin", "Katherine", "Samuel", "Christine", "Gregory", "Debra", "Alexander", "Rachel", "Frank", "Carolyn",
    "Patrick", "Janet", "Raymond", "Catherine", "Jack", "Maria", "Dennis", "Heather", "Jerry", "Diane",
    "Tyler", "Ruth", "Aaron", "Julie", "Jose", "Olivia", "Adam", "Joyce", "Nathan", "Virginia",
    "Henry", "Victoria", "Douglas", "Kelly", "Zachary", "Lauren", "Peter", "Christina", "Kyle", "Joan",
    "Lukas", "Sophie", "Felix", "Lena", "Pierre", "Camille", "Hugo", "Chloe", "Arjun", "Priya",
    "Rahul", "Ananya", "Wei", "Mei", "Hiroshi", "Yuki", "Lars", "Ingrid", "Mateo", "Lucia",
    "Diego", "Valentina", "Liam", "Aoife", "Noah", "Freya", "Oliver", "Isla", "Finn", "Saoirse",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
    "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
    "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
    "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
    "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes",
    "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham",
    "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson",
    "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens",
    "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Dubois", "Laurent",
    "Lefebvre", "Moreau", "Sharma", "Gupta", "Singh", "Kumar", "Wang", "Zhang", "Chen", "Liu",
    "Tanaka", "Suzuki", "Sato", "Larsen", "Nielsen", "Johansson", "Andersson", "Rossi", "Russo", "Ferrari",
    "Silva", "Santos", "Oliveira", "Costa", "Byrne", "Walsh", "OBrien", "Doyle", "Novak", "Kowalski",
    "Jansen", "DeVries", "Bakker", "Visser", "Smit", "Meijer", "Hoffmann", "Koch", "Richter", "Klein",
    "Wolf", "Schroeder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hofmann", "Hartmann", "Lange", "Werner",
)
