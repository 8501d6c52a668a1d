"""The tables the demo organization is drawn from.

Everything here is plain data, shipped with the code (no Faker) so that a given seed builds the
same organization on every machine. `seed.py` holds the logic that combines these tables.
"""

from dataclasses import dataclass

DEMO_PASSWORD = "mentorpath-demo"
EMAIL_DOMAIN = "example.com"
COMPANY_YEARS = 10  # the company was founded this many years before the seed's reference date


@dataclass(frozen=True)
class Family:
    """A job family inside a department: its IC ladder and the skills at its core."""

    role: str
    weight: float
    senior_word: str = "Lead"  # the level-6 prefix: "Staff" in engineering, "Lead" elsewhere
    core_skills: tuple[str, ...] = ()

    def ladder(self) -> tuple[str, ...]:
        """Titles for IC levels 1–7."""
        return (
            f"Associate {self.role}",
            f"{self.role} I",
            f"{self.role} II",
            f"{self.role} III",
            f"Senior {self.role}",
            f"{self.senior_word} {self.role}",
            f"Principal {self.role}",
        )


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    weight: float  # share of headcount
    noun: str  # "Director of {noun}"
    manager_title: str  # "{manager_title}, {team}" at level 7, "Senior …" at level 8
    head_title: str
    teams: tuple[str, ...]
    families: tuple[Family, ...]
    skill_weights: dict[str, float]  # skill category → how likely its skills are here
    style_bias: tuple[float, float, float, float]  # mean structure, pace, communication, feedback


@dataclass(frozen=True)
class LocationSpec:
    name: str
    country: str
    time_zone: str
    weight: float
    name_pools: dict[str, float]  # name pool → share of people here
    languages: dict[str, float]  # local language code → chance a person here speaks it
    english: float  # chance a person here speaks English
    remote_time_zones: tuple[str, ...] = ()  # where the odd remote colleague of this office lives


@dataclass(frozen=True)
class DemoLogin:
    key: str
    email: str
    org_role: str  # mentorpath.accounts.enums.OrgRole value
    role_label: str


ADMIN, MANAGER, MENTOR, MENTEE, EXECUTIVE = "admin", "manager", "mentor", "mentee", "executive"

DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(ADMIN, f"admin@{EMAIL_DOMAIN}", "admin", "Organization admin"),
    DemoLogin(MANAGER, f"manager@{EMAIL_DOMAIN}", "member", "Program manager (all programs)"),
    DemoLogin(MENTOR, f"mentor@{EMAIL_DOMAIN}", "member", "Mentor"),
    DemoLogin(MENTEE, f"mentee@{EMAIL_DOMAIN}", "member", "Mentee"),
    DemoLogin(EXECUTIVE, f"exec@{EMAIL_DOMAIN}", "executive", "Executive viewer"),
)

CEO_TITLE = "Chief Executive Officer"
CEO_DEPARTMENT = "Operations"

DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        name="Engineering",
        weight=0.30,
        noun="Engineering",
        manager_title="Engineering Manager",
        head_title="Chief Technology Officer",
        teams=(
            "Platform",
            "Payments",
            "Mobile",
            "Web",
            "Infrastructure",
            "Security",
            "Data Platform",
            "Developer Experience",
            "Search",
            "Integrations",
        ),
        families=(
            Family(
                "Software Engineer",
                0.72,
                "Staff",
                ("System design", "Python", "TypeScript", "Test automation"),
            ),
            Family(
                "Site Reliability Engineer",
                0.13,
                "Staff",
                ("Kubernetes", "Observability", "Cloud architecture (AWS)", "CI/CD"),
            ),
            Family("Data Engineer", 0.15, "Staff", ("SQL", "Data modeling", "Python", "Go")),
        ),
        skill_weights={
            "Engineering": 6,
            "Data": 2,
            "Communication": 1,
            "Leadership": 0.5,
            "Product": 0.5,
            "People management": 0.3,
        },
        style_bias=(2.6, 3.4, 2.2, 3.6),
    ),
    DepartmentSpec(
        name="Product",
        weight=0.09,
        noun="Product",
        manager_title="Group Product Manager",
        head_title="Chief Product Officer",
        teams=("Core Experience", "Growth", "Platform", "Design Systems", "Insights"),
        families=(
            Family(
                "Product Manager",
                0.55,
                core_skills=("Roadmapping", "Product discovery", "Writing product specs"),
            ),
            Family(
                "Product Designer",
                0.3,
                core_skills=("UX design", "Prototyping", "User research", "Accessibility"),
            ),
            Family(
                "UX Researcher",
                0.15,
                core_skills=("User research", "Experiment design (A/B testing)", "Storytelling"),
            ),
        ),
        skill_weights={
            "Product": 6,
            "Data": 2,
            "Communication": 2,
            "Leadership": 1,
            "Engineering": 0.5,
            "People management": 0.3,
        },
        style_bias=(2.8, 3.6, 3.2, 3.4),
    ),
    DepartmentSpec(
        name="Sales",
        weight=0.15,
        noun="Sales",
        manager_title="Sales Manager",
        head_title="Chief Revenue Officer",
        teams=(
            "EMEA Enterprise",
            "North America Enterprise",
            "APAC",
            "Mid-Market",
            "Partnerships",
            "LATAM",
        ),
        families=(
            Family(
                "Account Executive",
                0.6,
                core_skills=("Negotiation", "Closing deals", "Account planning"),
            ),
            Family(
                "Sales Development Representative",
                0.25,
                core_skills=("Prospecting", "Discovery calls", "Objection handling"),
            ),
            Family(
                "Solutions Engineer",
                0.15,
                core_skills=("Solution selling", "Cloud architecture (AWS)", "Public speaking"),
            ),
        ),
        skill_weights={
            "Sales & Negotiation": 6,
            "Communication": 3,
            "Finance": 0.5,
            "Leadership": 0.7,
            "Product": 0.7,
            "People management": 0.3,
        },
        style_bias=(3.2, 4.0, 4.2, 4.0),
    ),
    DepartmentSpec(
        name="Marketing",
        weight=0.08,
        noun="Marketing",
        manager_title="Marketing Manager",
        head_title="Chief Marketing Officer",
        teams=("Brand", "Demand Generation", "Product Marketing", "Content", "Events"),
        families=(
            Family(
                "Marketing Specialist",
                0.4,
                core_skills=("Go-to-market planning", "Storytelling", "Dashboards & BI"),
            ),
            Family(
                "Product Marketing Manager",
                0.35,
                core_skills=(
                    "Go-to-market planning",
                    "Pricing strategy",
                    "Presenting to executives",
                ),
            ),
            Family(
                "Content Marketer",
                0.25,
                core_skills=("Storytelling", "Written communication", "Technical writing"),
            ),
        ),
        skill_weights={
            "Communication": 4,
            "Product": 2,
            "Data": 2,
            "Sales & Negotiation": 1,
            "Leadership": 0.6,
            "People management": 0.3,
        },
        style_bias=(3.2, 3.8, 3.6, 3.0),
    ),
    DepartmentSpec(
        name="Finance",
        weight=0.06,
        noun="Finance",
        manager_title="Finance Manager",
        head_title="Chief Financial Officer",
        teams=("FP&A", "Accounting", "Procurement", "Treasury", "Tax"),
        families=(
            Family(
                "Financial Analyst",
                0.6,
                core_skills=("Financial modeling", "Revenue forecasting", "FP&A reporting"),
            ),
            Family(
                "Accountant",
                0.4,
                core_skills=("Accounting principles (GAAP/IFRS)", "Budgeting", "Risk management"),
            ),
        ),
        skill_weights={
            "Finance": 6,
            "Data": 2,
            "Communication": 1,
            "Leadership": 0.6,
            "People management": 0.3,
        },
        style_bias=(1.8, 2.4, 2.6, 3.2),
    ),
    DepartmentSpec(
        name="People & HR",
        weight=0.06,
        noun="People",
        manager_title="People Operations Manager",
        head_title="Chief People Officer",
        teams=("Talent Acquisition", "People Partners", "Learning & Development", "Total Rewards"),
        families=(
            Family(
                "People Partner",
                0.45,
                core_skills=("Coaching", "Conflict resolution", "Performance reviews"),
            ),
            Family(
                "Recruiter",
                0.35,
                core_skills=("Hiring & interviewing", "Active listening", "Storytelling"),
            ),
            Family(
                "Learning & Development Specialist",
                0.2,
                core_skills=("Facilitation", "Coaching", "Career development conversations"),
            ),
        ),
        skill_weights={
            "People management": 4,
            "Communication": 3,
            "Leadership": 1.5,
            "Data": 0.5,
        },
        style_bias=(3.0, 2.8, 4.0, 2.6),
    ),
    DepartmentSpec(
        name="Operations",
        weight=0.10,
        noun="Operations",
        manager_title="Operations Manager",
        head_title="Chief Operating Officer",
        teams=(
            "Business Operations",
            "IT",
            "Workplace",
            "Legal Operations",
            "Security & Compliance",
        ),
        families=(
            Family(
                "Operations Analyst",
                0.5,
                core_skills=("Data analysis", "Dashboards & BI", "Prioritization"),
            ),
            Family(
                "Program Manager",
                0.3,
                core_skills=("Stakeholder management", "Prioritization", "Facilitation"),
            ),
            Family(
                "IT Support Engineer",
                0.2,
                core_skills=("Security engineering", "Observability", "Active listening"),
            ),
        ),
        skill_weights={
            "Data": 2,
            "Communication": 2,
            "Finance": 1.5,
            "Leadership": 1,
            "Engineering": 1,
            "Product": 0.5,
            "People management": 0.4,
        },
        style_bias=(2.0, 3.0, 3.0, 3.4),
    ),
    DepartmentSpec(
        name="Customer Success",
        weight=0.16,
        noun="Customer Success",
        manager_title="Customer Success Team Lead",
        head_title="VP of Customer Success",
        teams=(
            "Onboarding",
            "Support EMEA",
            "Support Americas",
            "Support APAC",
            "Renewals",
            "Enterprise Accounts",
        ),
        families=(
            Family(
                "Customer Success Manager",
                0.6,
                core_skills=("Customer relationship management", "Account planning"),
            ),
            Family(
                "Support Specialist",
                0.4,
                core_skills=("Active listening", "Conflict resolution", "Technical writing"),
            ),
        ),
        skill_weights={
            "Communication": 3,
            "Sales & Negotiation": 2,
            "Product": 1.5,
            "Data": 1,
            "Leadership": 0.6,
            "People management": 0.3,
        },
        style_bias=(3.0, 3.2, 3.8, 2.8),
    ),
)

LOCATIONS: tuple[LocationSpec, ...] = (
    LocationSpec(
        "Berlin",
        "DE",
        "Europe/Berlin",
        0.18,
        {
            "german": 0.6,
            "turkish": 0.1,
            "polish": 0.08,
            "anglo": 0.1,
            "hispanic": 0.06,
            "indian": 0.06,
        },
        {"de": 0.85},
        0.97,
        ("Europe/Vienna", "Europe/Zurich"),
    ),
    LocationSpec(
        "London",
        "GB",
        "Europe/London",
        0.14,
        {
            "anglo": 0.62,
            "indian": 0.14,
            "polish": 0.08,
            "german": 0.06,
            "hispanic": 0.05,
            "chinese": 0.05,
        },
        {},
        1.0,
        ("Europe/Dublin",),
    ),
    LocationSpec(
        "New York",
        "US",
        "America/New_York",
        0.16,
        {
            "anglo": 0.55,
            "hispanic": 0.17,
            "indian": 0.1,
            "chinese": 0.1,
            "german": 0.04,
            "polish": 0.04,
        },
        {},
        1.0,
        ("America/Chicago", "America/Toronto"),
    ),
    LocationSpec(
        "San Francisco",
        "US",
        "America/Los_Angeles",
        0.12,
        {"anglo": 0.45, "chinese": 0.18, "indian": 0.17, "hispanic": 0.15, "german": 0.05},
        {},
        1.0,
        ("America/Denver", "America/Phoenix"),
    ),
    LocationSpec(
        "São Paulo",
        "BR",
        "America/Sao_Paulo",
        0.09,
        {"brazilian": 0.85, "hispanic": 0.1, "german": 0.05},
        {"pt": 0.97, "es": 0.25},
        0.88,
        ("America/Recife",),
    ),
    LocationSpec(
        "Bangalore",
        "IN",
        "Asia/Kolkata",
        0.16,
        {"indian": 0.95, "anglo": 0.05},
        {"hi": 0.65, "kn": 0.35, "ta": 0.15},
        0.99,
    ),
    LocationSpec(
        "Singapore",
        "SG",
        "Asia/Singapore",
        0.07,
        {"chinese": 0.55, "malay": 0.18, "indian": 0.17, "anglo": 0.1},
        {"zh": 0.4, "ms": 0.2},
        1.0,
        ("Asia/Kuala_Lumpur",),
    ),
    LocationSpec(
        "Sydney",
        "AU",
        "Australia/Sydney",
        0.08,
        {"anglo": 0.7, "chinese": 0.12, "indian": 0.1, "hispanic": 0.04, "german": 0.04},
        {},
        1.0,
        ("Australia/Melbourne", "Australia/Brisbane"),
    ),
)

CEO_LOCATION = "New York"

LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "pt": "Portuguese",
    "es": "Spanish",
    "fr": "French",
    "hi": "Hindi",
    "kn": "Kannada",
    "ta": "Tamil",
    "zh": "Chinese (Mandarin)",
    "ms": "Malay",
    "pl": "Polish",
    "tr": "Turkish",
    "ja": "Japanese",
    "it": "Italian",
    "nl": "Dutch",
}

# The language a name pool suggests people grew up with, and how likely they still speak it.
POOL_LANGUAGE: dict[str, tuple[str, float]] = {
    "german": ("de", 0.95),
    "hispanic": ("es", 0.7),
    "brazilian": ("pt", 0.95),
    "indian": ("hi", 0.6),
    "chinese": ("zh", 0.6),
    "malay": ("ms", 0.9),
    "polish": ("pl", 0.85),
    "turkish": ("tr", 0.8),
}

# Languages anyone may have picked up along the way.
EXTRA_LANGUAGES: dict[str, float] = {
    "fr": 0.06,
    "es": 0.06,
    "de": 0.03,
    "ja": 0.02,
    "it": 0.02,
    "nl": 0.015,
}

NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "anglo": (
        (
            "Oliver", "Amelia", "James", "Olivia", "William", "Isla", "Henry", "Emily",
            "Jack", "Charlotte", "Thomas", "Grace", "George", "Sophie", "Samuel", "Chloe",
            "Benjamin", "Lucy", "Daniel", "Hannah", "Matthew", "Ella", "Ryan", "Megan",
            "Ethan", "Abigail", "Nathan", "Zoe", "Michael", "Rachel", "David", "Laura",
            "Andrew", "Jessica", "Christopher", "Natalie", "Joshua", "Rebecca", "Liam", "Ruby",
        ),
        (
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
            "Hall", "Wood", "Jackson", "Clarke", "Harris", "Lewis", "Martin", "Cooper",
            "Hughes", "Edwards", "Turner", "Parker", "Collins", "Bennett", "Mitchell", "Carter",
            "Campbell", "Murphy", "Kelly", "O'Brien", "Reed", "Foster", "Morgan", "Price",
        ),
    ),
    "german": (
        (
            "Lukas", "Anna", "Leon", "Lena", "Felix", "Marie", "Jonas", "Laura",
            "Maximilian", "Julia", "Paul", "Sophie", "Niklas", "Hannah", "Tobias", "Lea",
            "Florian", "Katharina", "Moritz", "Johanna", "Sebastian", "Clara", "Jan", "Miriam",
            "Tim", "Franziska", "Philipp", "Charlotte", "Matthias", "Jana",
        ),
        (
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
            "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
            "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Köhler",
        ),
    ),
    "hispanic": (
        (
            "Sofía", "Mateo", "Valentina", "Santiago", "Isabella", "Diego", "Camila", "Alejandro",
            "Lucía", "Carlos", "María", "Javier", "Elena", "Miguel", "Daniela", "Andrés",
            "Gabriela", "Luis", "Paula", "Fernando",
        ),
        (
            "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
            "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales",
            "Reyes", "Cruz", "Ortiz", "Castillo", "Jiménez",
        ),
    ),
    "brazilian": (
        (
            "João", "Ana", "Pedro", "Beatriz", "Lucas", "Mariana", "Gabriel", "Juliana",
            "Rafael", "Larissa", "Guilherme", "Fernanda", "Matheus", "Camila", "Thiago",
            "Letícia", "Felipe", "Carolina", "Bruno", "Amanda", "Rodrigo", "Bianca", "Vinícius",
            "Isabela", "Leonardo", "Patrícia", "Caio", "Renata", "André", "Tatiane",
        ),
        (
            "Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Ferreira", "Costa",
            "Rodrigues", "Almeida", "Nascimento", "Carvalho", "Araújo", "Ribeiro", "Gomes",
            "Martins", "Rocha", "Barbosa", "Cardoso", "Teixeira", "Moreira", "Cavalcanti",
            "Mendes", "Freitas", "Azevedo", "Pinto", "Monteiro", "Correia", "Batista", "Vieira",
        ),
    ),
    "indian": (
        (
            "Aarav", "Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Divya",
            "Aditya", "Sneha", "Rahul", "Pooja", "Karthik", "Meera", "Siddharth", "Neha",
            "Varun", "Shreya", "Nikhil", "Aishwarya", "Rajesh", "Lakshmi", "Suresh", "Deepa",
            "Arun", "Swathi", "Manish", "Nandini", "Harish", "Revathi", "Ishaan", "Tanvi",
            "Pranav", "Sanjana", "Vivek", "Anjali", "Kiran", "Bhavna", "Gaurav", "Ritika",
        ),
        (
            "Sharma", "Patel", "Reddy", "Iyer", "Nair", "Rao", "Gupta", "Kumar",
            "Singh", "Menon", "Krishnan", "Joshi", "Mehta", "Shetty", "Pillai", "Desai",
            "Agarwal", "Bhat", "Chatterjee", "Banerjee", "Kulkarni", "Venkatesh", "Srinivasan",
            "Hegde", "Malhotra", "Kapoor", "Mishra", "Naidu", "Subramanian", "Verma",
        ),
    ),
    "chinese": (
        (
            "Wei", "Mei", "Jun", "Xin", "Hao", "Li Na", "Jia Hui", "Zhi Wei",
            "Yi Ling", "Kai", "Hui Min", "Jian", "Xiao Ming", "Shu Fen", "Cheng", "Yan",
            "Boon Keng", "Siew Ling", "Wen Jie", "Pei Shan", "Ethan", "Rachel", "Marcus", "Joanne",
            "Darren", "Cheryl",
        ),
        (
            "Tan", "Lim", "Lee", "Ng", "Wong", "Chen", "Wang", "Zhang",
            "Liu", "Huang", "Goh", "Chua", "Ong", "Koh", "Teo", "Chan",
            "Lau", "Yeo", "Ho", "Lin", "Zhao", "Wu", "Sim", "Low",
        ),
    ),
    "malay": (
        (
            "Nur", "Aisyah", "Muhammad", "Hafiz", "Siti", "Farhan", "Nurul", "Amir",
            "Aqilah", "Irfan", "Syafiq", "Hidayah", "Faizal", "Azlina", "Rizwan", "Zarina",
        ),
        (
            "Abdullah", "Rahman", "Ismail", "Hassan", "Ibrahim", "Osman", "Yusof", "Salleh",
            "Aziz", "Hamid", "Karim", "Mahmud",
        ),
    ),
    "polish": (
        (
            "Jakub", "Zuzanna", "Kacper", "Julia", "Mateusz", "Maja", "Piotr", "Agnieszka",
            "Tomasz", "Katarzyna", "Michał", "Magdalena", "Paweł", "Aleksandra", "Krzysztof",
            "Natalia",
        ),
        (  # surnames that do not change with gender (not Kowalski/Kowalska)
            "Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Zając", "Król",
            "Wróbel", "Pawlak", "Michalak", "Sikora", "Baran", "Duda",
        ),
    ),
    "turkish": (
        (
            "Elif", "Emre", "Zeynep", "Mehmet", "Ayşe", "Can", "Selin", "Burak",
            "Deniz", "Cem", "Ece", "Murat", "Leyla", "Kerem",
        ),
        (
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk",
            "Arslan", "Doğan", "Kılıç", "Aslan",
        ),
    ),
}  # fmt: skip

SKILLS: dict[str, tuple[str, ...]] = {
    "Leadership": (
        "Strategic thinking",
        "Decision making",
        "Change management",
        "Vision setting",
        "Influencing without authority",
        "Executive presence",
        "Stakeholder management",
        "Building trust",
        "Prioritization",
        "Leading through ambiguity",
    ),
    "Communication": (
        "Public speaking",
        "Technical writing",
        "Storytelling",
        "Active listening",
        "Facilitation",
        "Presenting to executives",
        "Giving feedback",
        "Cross-cultural communication",
        "Written communication",
        "Conflict resolution",
    ),
    "Engineering": (
        "Python",
        "Java",
        "TypeScript",
        "Go",
        "Kubernetes",
        "Cloud architecture (AWS)",
        "System design",
        "Test automation",
        "CI/CD",
        "Security engineering",
        "Observability",
        "Mobile development",
    ),
    "Data": (
        "SQL",
        "Data analysis",
        "Data visualization",
        "Machine learning",
        "Statistics",
        "Experiment design (A/B testing)",
        "Data modeling",
        "Dashboards & BI",
        "Time-series forecasting",
        "Data governance",
    ),
    "Product": (
        "Product discovery",
        "User research",
        "Roadmapping",
        "Product analytics",
        "UX design",
        "Prototyping",
        "Writing product specs",
        "Pricing strategy",
        "Go-to-market planning",
        "Accessibility",
    ),
    "Sales & Negotiation": (
        "Negotiation",
        "Prospecting",
        "Discovery calls",
        "Account planning",
        "Enterprise sales",
        "Pipeline management",
        "Objection handling",
        "Closing deals",
        "Customer relationship management",
        "Solution selling",
    ),
    "Finance": (
        "Financial modeling",
        "Budgeting",
        "Revenue forecasting",
        "Unit economics",
        "Accounting principles (GAAP/IFRS)",
        "Business cases",
        "Procurement",
        "Risk management",
        "FP&A reporting",
        "Cost optimization",
    ),
    "People management": (
        "Coaching",
        "Hiring & interviewing",
        "Performance reviews",
        "Delegation",
        "One-on-ones",
        "Career development conversations",
        "Team building",
        "Managing underperformance",
        "Onboarding new hires",
        "Psychological safety",
    ),
}

# Names that keep their capital letter inside a sentence ("get better at Python").
PROPER_NOUNS = frozenset({"Python", "Java", "TypeScript", "Go", "Kubernetes", "SQL"})

# Categories whose skills people grow into as they lead; weighted up with level.
LEADERSHIP_CATEGORIES = ("Leadership", "People management")

INTERESTS: tuple[str, ...] = (
    "Open source",
    "Public speaking",
    "Writing",
    "AI & machine learning",
    "Startups & entrepreneurship",
    "Sustainability",
    "Diversity, equity & inclusion",
    "Design & UX",
    "Behavioral psychology",
    "Work-life balance",
    "Parenting",
    "Personal finance",
    "Volunteering",
    "Running",
    "Cycling",
    "Hiking",
    "Photography",
    "Music",
    "Cooking",
    "Board games",
    "Learning languages",
    "Mindfulness",
)

# Level bands → career-goal sentences. Placeholders: {next_title}, {skill}, {skill2}, {dept},
# {other_dept}, {team}.
CAREER_GOALS: dict[str, tuple[str, ...]] = {
    "junior": (
        "Reach {next_title} within the next 18 months by getting stronger at {skill} and {skill2}.",
        "Find my footing in {dept}: understand how our customers use the product and own a "
        "project end to end.",
        "Build confidence in {skill} and start presenting my work to a wider audience.",
        "Explore whether {other_dept} could be a good long-term fit for me.",
        "Learn how decisions get made here and build a network beyond my own team.",
        "Get regular, candid feedback so I know what {next_title} really requires.",
    ),
    "mid": (
        "Grow into a {next_title} role and mentor the people joining the team after me.",
        "Decide between the management and the expert track; try leading a small project team "
        "first.",
        "Become the go-to person for {skill} across the company.",
        "Take on more cross-functional work with {other_dept} and get better at {skill}.",
        "Step up my {skill} so I can lead the bigger initiatives in {team}.",
    ),
    "manager": (
        "Become a better coach for my team and grow two people into senior roles this year.",
        "Step up to {next_title} by taking on a second team.",
        "Get better at {skill} and build a team that runs well without me in every meeting.",
        "Learn how senior leaders balance strategy and delivery, and practise {skill}.",
    ),
    "leader": (
        "Build a leadership bench in {dept} so that every key role has a ready successor.",
        "Shape company strategy beyond {dept} and sponsor the next generation of leaders.",
        "Sharpen my {skill} as the company grows into new markets.",
        "Give back: mentor first-time managers and make {dept} a place people grow in.",
    ),
}

CEO_GOALS = (
    "Build a company where every key role has a ready successor and people grow faster than "
    "the business does."
)

DECLINE_NOTES: tuple[str, ...] = (
    "This cohort is full; please apply again next round.",
    "Let's revisit after your probation period ends.",
    "Your manager and you agreed to focus on onboarding first.",
    "Not the right fit for this cohort's focus areas.",
)


@dataclass(frozen=True)
class ObjectiveSpec:
    title: str
    org_goal: str
    kpi: str  # mentorpath.programs.enums.Kpi value
    target: str  # a decimal, as text so it is exact
    comparator: str = "gte"


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str  # mentorpath.programs.enums.QuestionKind value
    audience: str = "both"
    choices: tuple[str, ...] = ()
    required: bool = True
    help_text: str = ""
    sample_answers: tuple[str, ...] = ()  # for text questions


@dataclass(frozen=True)
class ProgramSpec:
    key: str
    name: str
    program_type: str  # mentorpath.programs.enums.ProgramType value
    status: str  # mentorpath.programs.enums.ProgramStatus value
    description: str
    start_in_days: int  # relative to the reference date; negative = already started
    length_days: int
    checkin_cadence: str
    default_mentor_capacity: int
    requires_approval: bool
    min_level: int | None
    max_level: int | None
    mentor_min_level: int | None
    objectives: tuple[ObjectiveSpec, ...]
    questions: tuple[QuestionSpec, ...]
    departments: tuple[str, ...] = ()  # the departments its mentees come from; () = all


CAREER_COMPASS = "career_compass"
EARLY_TALENT = "early_talent"
LEADERSHIP_PIPELINE = "leadership_pipeline"
NEW_MANAGER_CIRCLE = "new_manager_circle"

PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        key=CAREER_COMPASS,
        name="Career Compass",
        program_type="career",
        status="enrolling",
        description=(
            "Nine months of one-to-one mentoring for anyone who wants to grow their career "
            "here: a mentor from another team helps you set direction, build skills and find "
            "your next step inside the company."
        ),
        start_in_days=30,
        length_days=273,
        checkin_cadence="biweekly",
        default_mentor_capacity=2,
        requires_approval=True,
        min_level=None,
        max_level=None,
        mentor_min_level=5,
        objectives=(
            ObjectiveSpec(
                "Keep growing people in-house",
                "Retain our best people",
                "retention_12m",
                "95",
            ),
            ObjectiveSpec(
                "More internal promotions",
                "Grow leaders from within",
                "promotion_rate",
                "20",
            ),
            ObjectiveSpec(
                "Participants value the program",
                "Be a company where people learn",
                "satisfaction",
                "4.2",
            ),
        ),
        questions=(
            QuestionSpec(
                "What do you hope to get out of Career Compass?",
                "text",
                sample_answers=(
                    "A clearer picture of where my career could go in the next two years.",
                    "Someone outside my team to challenge my thinking.",
                    "Practical advice on getting promoted and on what is expected at the next "
                    "level.",
                    "To give back: I had a great mentor early on and want to pass it on.",
                    "A sounding board while I decide between management and the expert track.",
                ),
            ),
            QuestionSpec(
                "Which area do you most want to grow in?",
                "single",
                audience="mentee",
                choices=(
                    "Technical depth",
                    "Leadership",
                    "Communication",
                    "Changing career path",
                    "Work-life balance",
                ),
            ),
            QuestionSpec(
                "Which topics would you like to cover?",
                "multiple",
                choices=(
                    "Promotion readiness",
                    "Switching teams",
                    "Building a network",
                    "Public speaking",
                    "Managing stakeholders",
                    "Moving into management",
                ),
            ),
            QuestionSpec(
                "How clear is your career direction today?",
                "scale",
                audience="mentee",
                help_text="1 = no idea yet, 5 = crystal clear",
            ),
            QuestionSpec(
                "How often can you meet your mentee?",
                "single",
                audience="mentor",
                choices=("Every week", "Every two weeks", "Once a month"),
            ),
            QuestionSpec(
                "What do you wish someone had told you earlier in your career?",
                "text",
                audience="mentor",
                required=False,
                sample_answers=(
                    "That asking for help early is a strength, not a weakness.",
                    "Write things down: decisions, wins, what you learned.",
                    "Your manager cannot read your mind; say what you want next.",
                ),
            ),
        ),
    ),
    ProgramSpec(
        key=EARLY_TALENT,
        name="Early Talent Onboarding",
        program_type="early_talent",
        status="active",
        description=(
            "A year-long program that gives every early-career hire an experienced colleague "
            "from their first months: someone to ask the questions you don't want to ask your "
            "manager. New hires join all year round."
        ),
        start_in_days=-240,  # eight months in, so pairs have one to eight months of history
        length_days=365,
        checkin_cadence="weekly",
        default_mentor_capacity=3,
        requires_approval=True,
        min_level=None,
        max_level=None,
        mentor_min_level=4,
        objectives=(
            ObjectiveSpec(
                "New hires stay past their first year",
                "Retain early-career talent",
                "retention_12m",
                "90",
            ),
            ObjectiveSpec(
                "Pairs meet on cadence",
                "Fast, confident onboarding",
                "engagement",
                "85",
            ),
            ObjectiveSpec(
                "Check-ins are worth the time",
                "Fast, confident onboarding",
                "satisfaction",
                "4.0",
            ),
            ObjectiveSpec(
                "Every mentee grows a skill",
                "Be a company where people learn",
                "skill_growth",
                "1",
            ),
        ),
        questions=(
            QuestionSpec(
                "What would make your first six months a success?",
                "text",
                audience="mentee",
                sample_answers=(
                    "Shipping something real and knowing who to ask when I'm stuck.",
                    "Understanding our customers and how my team's work matters to them.",
                    "Feeling confident in code reviews and team discussions.",
                ),
            ),
            QuestionSpec(
                "How confident do you feel finding your way around the company?",
                "scale",
                audience="mentee",
                help_text="1 = completely lost, 5 = I know where everything is",
            ),
            QuestionSpec(
                "Preferred way to meet",
                "single",
                choices=("In person", "Video call", "Either"),
            ),
        ),
    ),
    ProgramSpec(
        key=LEADERSHIP_PIPELINE,
        name="Leadership Pipeline",
        program_type="leadership",
        status="matching",
        description=(
            "A year of mentoring by senior leaders for high-potential people at level 6 and "
            "above, building ready-now successors for our key roles."
        ),
        start_in_days=21,
        length_days=365,
        checkin_cadence="monthly",
        default_mentor_capacity=2,
        requires_approval=True,
        min_level=6,
        max_level=None,
        mentor_min_level=8,
        objectives=(
            ObjectiveSpec(
                "Ready-now successors for key roles",
                "A successor for every VP role",
                "pipeline",
                "10",
            ),
            ObjectiveSpec(
                "Promote from the bench",
                "Grow leaders from within",
                "promotion_rate",
                "25",
            ),
        ),
        questions=(
            QuestionSpec(
                "Which leadership challenge are you facing right now?",
                "text",
                audience="mentee",
                sample_answers=(
                    "Leading people who used to be my peers.",
                    "Setting a strategy when the goals above me keep changing.",
                    "Growing from leading a team to leading managers.",
                    "Getting heard in rooms with senior stakeholders.",
                ),
            ),
            QuestionSpec(
                "Which capabilities do you want to strengthen?",
                "multiple",
                audience="mentee",
                choices=(
                    "Strategic thinking",
                    "Executive presence",
                    "Leading managers",
                    "Change management",
                    "Business acumen",
                ),
            ),
            QuestionSpec(
                "What leadership experience can you share with a mentee?",
                "text",
                audience="mentor",
                sample_answers=(
                    "Scaling a team from 5 to 40 people across three time zones.",
                    "Turning around a struggling team and rebuilding trust.",
                    "Moving from an expert role into leading an organization.",
                ),
            ),
        ),
    ),
    ProgramSpec(
        key=NEW_MANAGER_CIRCLE,
        name="New Manager Circle",
        program_type="manager",
        status="draft",
        description=(
            "For people who became managers in the last year: a seasoned manager as mentor "
            "and a circle of peers to practise the hard conversations with."
        ),
        start_in_days=90,
        length_days=180,
        checkin_cadence="biweekly",
        default_mentor_capacity=3,
        requires_approval=True,
        min_level=6,
        max_level=None,
        mentor_min_level=8,
        objectives=(
            ObjectiveSpec(
                "New managers build strong habits",
                "Great managers everywhere",
                "engagement",
                "80",
            ),
            ObjectiveSpec(
                "Teams rate their new manager well",
                "Great managers everywhere",
                "satisfaction",
                "4.0",
            ),
        ),
        questions=(
            QuestionSpec(
                "What is your biggest challenge as a new manager?",
                "text",
                audience="mentee",
            ),
        ),
    ),
)


# ---- the closed programs of the last two years (planned by mentorpath.demo.history)
# Their names carry the year they started in, relative to the reference date.

CAREER_COMPASS_PAST = "career_compass_past"
EARLY_TALENT_PAST = "early_talent_past"
EARLY_TALENT_PAST_START = -455  # fifteen months ago: its 6- and 12-month outcomes are known


LEARNING = "Be a company where people learn"
PAST_OBJECTIVES: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec("Mentees stay with us", "Retain our best people", "retention_12m", "90"),
    ObjectiveSpec("Mentees move up", "Grow leaders from within", "promotion_rate", "20"),
    ObjectiveSpec("Participants value the program", LEARNING, "satisfaction", "4"),
    ObjectiveSpec("Pairs meet on cadence", LEARNING, "engagement", "75"),
    ObjectiveSpec("Mentees grow their goal skills", LEARNING, "skill_growth", "1"),
    ObjectiveSpec("Pairs see it through", LEARNING, "completion", "80"),
)


PAST_PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        key=CAREER_COMPASS_PAST,
        name="Career Compass {year}",
        program_type="career",
        status="closed",
        description=(
            "The Career Compass pilot, for the three largest departments: nine months of "
            "one-to-one mentoring with a mentor from another team, to set direction, build "
            "skills and find your next step here."
        ),
        start_in_days=-730,  # two years ago, so 12-month outcomes are long known
        length_days=273,
        checkin_cadence="biweekly",
        default_mentor_capacity=2,
        requires_approval=True,
        min_level=None,
        max_level=None,
        mentor_min_level=5,
        objectives=PAST_OBJECTIVES,
        questions=PROGRAMS[0].questions,
        departments=("Engineering", "Sales", "Customer Success"),
    ),
    ProgramSpec(
        key=EARLY_TALENT_PAST,
        name="Early Talent {year}",
        program_type="early_talent",
        status="closed",
        description=(
            "Last year's early-talent cohort: each new graduate hire paired with an experienced "
            "colleague for their first nine months, meeting every two weeks."
        ),
        start_in_days=EARLY_TALENT_PAST_START,
        length_days=273,
        checkin_cadence="biweekly",
        default_mentor_capacity=3,
        requires_approval=True,
        min_level=None,
        max_level=None,
        mentor_min_level=4,
        objectives=PAST_OBJECTIVES,
        questions=PROGRAMS[1].questions,
    ),
)

# ---- mentoring: what the pairs of the active program wrote down
# Placeholders: {mentor} and {mentee} (first names), {skill} (a skill the mentee is learning).

SHARED_NOTES_BY_MENTEE: tuple[str, ...] = (
    "Thanks for today! I'll draft the outline and send it to you before we meet again.",
    "Useful session. My to-do: ask my manager for the on-call shadowing slot.",
    "Summary: practise {skill} on the small ticket first, then the bigger one.",
    "Agreed I'll write down one win and one struggle each week and bring them along.",
    "Sorry for being late today. Next time I'll bring the questions in writing.",
    "I tried the 'explain it back' trick in standup and it worked.",
    "Action items: book coffee with two people from Product, finish the onboarding course.",
    "The tip about writing the decision log first saved me a day this week.",
    "Next time I'd like to talk about how you prepare for a demo.",
    "I asked for feedback on my pull request like we practised. Got three useful comments!",
    "Reading list noted. I'll start with the chapter on {skill}.",
    "Today was mostly about confidence. Writing it here so I remember: ask early.",
)
SHARED_NOTES_BY_MENTOR: tuple[str, ...] = (
    "Good progress on {skill}. Next time let's go through a real example together.",
    "Shared the two documents I mentioned; skim the second one, it's the important one.",
    "Great question about priorities. Try the 'what would happen if we didn't' test.",
    "Remember: nobody expects you to know everything in your first months.",
    "Let's use our next check-in to rehearse the presentation.",
    "You handled that stakeholder conversation well. Note what you'd keep for next time.",
    "Introduced you to Platform's tech lead by email; they're happy to meet.",
    "Homework: one small improvement nobody asked for, and tell the team about it.",
    "Proud of how far you've come since our first check-in, {mentee}.",
    "Let's move our slot half an hour earlier from next time; it's calmer.",
)
PRIVATE_NOTES_BY_MENTEE: tuple[str, ...] = (
    "Still nervous about asking questions in the big channel. Bring it up next time?",
    "Not sure I want to stay on this track. Think before the next check-in.",
    "{mentor} is really good at asking the question behind my question.",
    "I should prepare better: I wasted the first ten minutes today.",
    "Ask about the promotion timeline without sounding impatient.",
    "Felt much better after today. Keep going with the weekly wins list.",
)
PRIVATE_NOTES_BY_MENTOR: tuple[str, ...] = (
    "{mentee} undersells their work; encourage them to demo it at the sprint review.",
    "Seems overloaded; ask gently about the workload next time.",
    "Strong on {skill} already. Push for something more ambitious.",
    "Check with the program team about the leadership workshop for {mentee}.",
    "Getting more confident every week. Give them more room to lead the agenda.",
    "We drifted today. Next time stick to the goals first.",
)
GOAL_COMMENTS_BY_MENTEE: dict[str, tuple[str, ...]] = {
    "on_track": (
        "First part done; the next step is the review.",
        "Making steady progress. I've blocked Friday mornings for this.",
        "Halfway there and it feels manageable.",
        "Got good feedback from my manager on this.",
    ),
    "at_risk": (
        "The release crunch ate my time; this slipped.",
        "Blocked waiting for access. I'll chase it this week.",
        "I underestimated this. Need to re-plan with {mentor}.",
    ),
    "done": (
        "Done! Presented it to the team on Thursday.",
        "Finished, and I learned more than I expected.",
        "Completed. Marking it done before I find something else to polish.",
    ),
    "dropped": (
        "Dropping this one: my team's priorities changed.",
        "We agreed this no longer makes sense after my team change.",
    ),
}
GOAL_COMMENTS_BY_MENTOR: tuple[str, ...] = (
    "Nice work. What would you do differently next time?",
    "Don't aim for perfect here; aim for done and reviewed.",
    "This is the right goal. Let's break the next step down together.",
    "Well done. Worth mentioning in your next one-to-one with your manager.",
    "Good call to re-plan rather than push through.",
    "Let's look at this first thing in our next check-in.",
)
MILESTONES: dict[str, tuple[str, ...]] = {
    "Understand how the organization works": (
        "Meet someone from Product",
        "Meet someone from Customer Success",
        "Sit in on a planning meeting of another team",
        "Write a one-page map of who does what",
    ),
    "Deliver my first project": (
        "Agree the scope with my manager",
        "First version reviewed",
        "Shipped to production",
        "Short write-up for the team",
    ),
    "Grow a skill": (
        "Pick a course or book",
        "Use it on a real piece of work",
        "Ask two colleagues for feedback",
    ),
}
GENERIC_MILESTONES: tuple[str, ...] = (
    "Agree what good looks like",
    "First step done",
    "Feedback from a colleague",
    "Wrap up and reflect",
)
PAUSE_NOTES: tuple[str, ...] = (
    "Parental leave; we pick up again when I'm back.",
    "Quarter-end crunch on my team. Back in a few weeks.",
    "Mentor on a long trip to the Sydney office.",
    "Taking a break while I move house.",
)
END_NOTES: dict[str, tuple[str, ...]] = {
    "completed": (
        "We reached every goal we set, so we are finishing early on a high note.",
        "Goals done; we'll keep having an informal coffee now and then.",
    ),
    "mismatch": (
        "Our schedules never really fit; no hard feelings.",
        "We agreed someone closer to my area would help me more.",
    ),
    "left": ("Left the company for a role abroad.",),
    "personal": (
        "Personal circumstances; I need to step back for now.",
        "Too much on my plate this year.",
    ),
    "other": (
        "My new team runs its own buddy program, so we are ending this one.",
        "Moved to a role where my manager now mentors me directly.",
    ),
}

# The demo mentor and mentee's own pair: what they wrote, check-in by check-in.
PERSONA_NOTES: tuple[tuple[str, str, str], ...] = (  # (check-in key, author side, text)
    (
        "first",
        "mentee",
        "Great first check-in! We read the agreement together and agreed to meet every two "
        "weeks. My goals for now: my first project, {skill}, and finding my way around.",
    ),
    (
        "second",
        "mentor",
        "Shared the design doc template and our team's review checklist. Bring a draft next "
        "time, {mentee}; rough is fine.",
    ),
    (
        "missed",
        "mentee",
        "Sorry I missed our check-in: I was pulled into an incident call. Rescheduled.",
    ),
    (
        "fourth",
        "mentee",
        "We walked through my first pull request review. Next: ask for a second reviewer "
        "from another team.",
    ),
    (
        "latest",
        "mentor",
        "The project demo went really well. Let's use the next check-in to re-plan the "
        "{skill} goal so it fits the sprint.",
    ),
)
PERSONA_PRIVATE_NOTES: dict[str, str] = {
    "mentee": (
        "I still feel slower than everyone else on the team. Ask {mentor} how the first year "
        "felt for them."
    ),
    "mentor": (
        "{mentee} is better than they think; encourage them to present at the next team demo. "
        "Watch the workload: the {skill} goal keeps slipping."
    ),
}
PERSONA_STALLED_NOTE = (
    "Two weeks without an answer from {mentee}. Ask the program team whether the timing is "
    "just bad."
)
# The demo mentee's newest goal (title, description, measure, skill): its skill is the one of
# the "Negotiation foundations" learning path, and one the mentee wants to learn.
PERSONA_STRETCH_GOAL = (
    "Lead a cross-team project",
    "Lead the integration with the Data team's new events API: agree the scope with both "
    "teams, negotiate priorities and deadlines, and see it through.",
    "Shipped with the Data team, and both team leads agree it went well",
    "Negotiation",
)
PERSONA_STRETCH_MILESTONES = (
    "Agree the scope with both team leads",
    "Negotiate the timeline and who does what",
    "Ship it and run a retro with both teams",
)
PERSONA_STRETCH_UPDATES = {
    "mentee": "Scope agreed with both leads. Next: the timeline, which will be the hard part.",
    "mentor": "Prepare your must-haves and what you can give up before the timeline meeting.",
}
# Skills the demo mentee reaches for besides what the demo mentor teaches.
PERSONA_MENTEE_AIMS = ("Negotiation", "Influencing without authority")
MEETING_ROOMS: tuple[str, ...] = (
    "meeting room Lovelace",
    "meeting room Hopper",
    "the kitchen table by the window",
    "meeting room Turing",
    "the café on the ground floor",
)


# ---- recorded gender (for participation breakdowns)
# First names of NAME_POOLS that are mostly given to women, and those given to anyone; every
# other name there is mostly given to men. Recorded for most people, as the HRIS has it.

WOMEN_FIRST_NAMES = frozenset(
    {
        "Amelia", "Olivia", "Isla", "Emily", "Charlotte", "Grace", "Sophie", "Chloe", "Lucy",
        "Hannah", "Ella", "Megan", "Abigail", "Zoe", "Rachel", "Laura", "Jessica", "Natalie",
        "Rebecca", "Ruby", "Anna", "Lena", "Marie", "Julia", "Lea", "Katharina", "Johanna",
        "Clara", "Miriam", "Franziska", "Jana", "Sofía", "Valentina", "Isabella", "Camila",
        "Lucía", "María", "Elena", "Daniela", "Gabriela", "Paula", "Ana", "Beatriz", "Mariana",
        "Juliana", "Larissa", "Fernanda", "Letícia", "Carolina", "Amanda", "Bianca", "Isabela",
        "Patrícia", "Renata", "Tatiane", "Priya", "Ananya", "Kavya", "Divya", "Sneha", "Pooja",
        "Meera", "Neha", "Shreya", "Aishwarya", "Lakshmi", "Deepa", "Swathi", "Nandini",
        "Revathi", "Tanvi", "Sanjana", "Anjali", "Bhavna", "Ritika", "Mei", "Li Na", "Jia Hui",
        "Yi Ling", "Hui Min", "Shu Fen", "Siew Ling", "Pei Shan", "Yan", "Joanne", "Cheryl",
        "Nur", "Aisyah", "Siti", "Nurul", "Aqilah", "Hidayah", "Azlina", "Zarina", "Zuzanna",
        "Maja", "Agnieszka", "Katarzyna", "Magdalena", "Aleksandra", "Natalia", "Elif",
        "Zeynep", "Ayşe", "Selin", "Ece", "Leyla",
    }
)  # fmt: skip
UNISEX_FIRST_NAMES = frozenset({"Kai", "Deniz", "Kiran", "Xin", "Jun", "Wei"})
GENDER_RECORDED = 0.85  # share of people whose gender the HRIS has
GENDER_OTHER = {"non_binary": 0.02, "undisclosed": 0.04}  # of those recorded


# ---- feedback: the programs' surveys, what people answered, check-in pulses
# Answers come in three moods (good, mixed, poor) and two voices (mentee, mentor).
# Placeholders: {partner} (the other person's first name), {skill} (a skill the mentee works on).


@dataclass(frozen=True)
class SurveyQuestionSpec:
    key: str  # names the question in SURVEY_TEXTS and SURVEY_PICKS
    kind: str  # mentorpath.feedback.enums.SurveyQuestionKind value
    text: str
    help_text: str = ""
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveySpec:
    key: str
    title: str
    trigger: str  # mentorpath.feedback.enums.SurveyTrigger value
    intro: str
    questions: tuple[SurveyQuestionSpec, ...]


PRIVATE_INTRO = "Only the program team sees your answers, never your mentoring partner."
NPS_QUESTION = SurveyQuestionSpec(
    "recommend",
    "nps",
    "How likely are you to recommend this program to a colleague?",
    "0 = not at all likely, 10 = extremely likely",
)
FIT_CHOICES = ("Very well", "Well enough", "Too early to say", "Not well")
HELPED_CHOICES = (
    "Regular check-ins",
    "Clear goals",
    "Honest feedback",
    "Introductions to other people",
    "Practical advice on my work",
    "Someone outside my team to talk to",
)
RHYTHM_CHOICES = ("About as often as we agreed", "Less often than we agreed", "We stopped meeting")

SURVEYS: tuple[SurveySpec, ...] = (
    SurveySpec(
        "first",
        "After your first check-in",
        "first_checkin",
        f"Two minutes on how your first check-in went. {PRIVATE_INTRO}",
        (
            SurveyQuestionSpec(
                "useful",
                "rating",
                "How useful was your first check-in?",
                "1 = not at all, 5 = very",
            ),
            SurveyQuestionSpec(
                "fit",
                "single",
                "How well do you and your mentoring partner fit?",
                choices=FIT_CHOICES,
            ),
            SurveyQuestionSpec(
                "next", "text", "What would make your next check-in more useful?", required=False
            ),
        ),
    ),
    SurveySpec(
        "midpoint",
        "Midpoint check",
        "midpoint",
        f"You are halfway through. Tell us how it is going so far. {PRIVATE_INTRO}",
        (
            NPS_QUESTION,
            SurveyQuestionSpec(
                "satisfied", "rating", "How satisfied are you with your mentoring so far?"
            ),
            SurveyQuestionSpec(
                "helped", "multiple", "What has helped you most so far?", choices=HELPED_CHOICES
            ),
            SurveyQuestionSpec(
                "change",
                "text",
                "What is one thing you would change for the second half?",
                required=False,
            ),
        ),
    ),
    SurveySpec(
        "end",
        "End of mentorship",
        "end",
        f"Your mentorship has ended: thank you for taking part. {PRIVATE_INTRO}",
        (
            SurveyQuestionSpec(
                "overall", "rating", "Overall, how satisfied are you with your mentorship?"
            ),
            NPS_QUESTION,
            SurveyQuestionSpec(
                "difference", "text", "What difference did this mentorship make?", required=False
            ),
        ),
    ),
)
DATE_SURVEY = SurveySpec(
    "date",
    "How is the program going?",
    "date",
    "A quick check with every participant, whether you have a partner yet or not. " + PRIVATE_INTRO,
    (
        SurveyQuestionSpec("working", "rating", "How well is the program working for you?"),
        SurveyQuestionSpec(
            "rhythm", "single", "How often do you and your partner meet?", choices=RHYTHM_CHOICES
        ),
        SurveyQuestionSpec(
            "tell", "text", "Anything the program team should know?", required=False
        ),
    ),
)
DATE_SURVEY_SENT_DAYS_AGO = 4
DATE_SURVEY_OPEN_DAYS = 14

GOOD, MIXED, POOR = "good", "mixed", "poor"

SURVEY_TEXTS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "next": {
        "mentee": {
            GOOD: (
                "Honestly it was great already. I'll bring a short list of questions next time.",
                "More of the same! Maybe a concrete example from {partner}'s own projects.",
                "I'd like to look at a real piece of my work together, not talk in general.",
                "Agreeing the agenda a day before, so we don't spend the first minutes deciding.",
                "Starting with my goals. We ran out of time before we got to {skill}.",
                "Nothing to change. {partner} made it very easy to ask the 'stupid' questions.",
                "A bit more time: 30 minutes went by far too fast.",
            ),
            MIXED: (
                "Clearer goals. We talked a lot but I'm not sure what I should do next.",
                "Meeting in person if we can; the video call felt a bit stiff.",
                "I need to prepare better. I came without questions and it showed.",
            ),
            POOR: (
                "Our calendars barely overlap. We should fix a regular slot or this won't work.",
                "It felt more like a status update than mentoring. I want to talk about my growth.",
            ),
        },
        "mentor": {
            GOOD: (
                "Good start. I'll ask {partner} to bring one concrete problem each time.",
                "We clicked quickly. Next time I want to help set two or three goals in writing.",
                "Reading the agreement together worked well; we'll keep the notes in the app.",
                "I should listen more and talk less. {partner} had great questions.",
            ),
            MIXED: (
                "I'm not yet sure what {partner} needs from me. I'll ask directly next time.",
                "Less small talk, more structure. I'll send an agenda the day before.",
            ),
            POOR: ("We both came unprepared. I'll suggest we start from the goal templates.",),
        },
    },
    "change": {
        "mentee": {
            GOOD: (
                "Nothing major. Maybe one session where I shadow {partner} in a real meeting.",
                "I'd like to practise a presentation with {partner} before the quarterly review.",
                "Keep going as we are. Checking my goals every month keeps me honest.",
                "More introductions to people in other teams; the two so far were gold.",
                "Spend more time on {skill}; we keep pushing it to the end of the check-in.",
                "A joint session with another pair would be fun, to hear how they work.",
            ),
            MIXED: (
                "Meet more regularly. We skipped a few and lost momentum.",
                "Revisit the goals: one of them no longer fits my role.",
                "Fewer cancellations. I know {partner} is busy but it's hard to plan around.",
            ),
            POOR: (
                "Honestly, we need to restart. We haven't met properly in weeks.",
                "I'd like the program team to check in with us; it's not really working.",
            ),
        },
        "mentor": {
            GOOD: (
                "Give {partner} more room to lead the agenda; they are ready for it.",
                "Set a stretch goal for the second half. The first ones were too easy.",
                "More practical exercises, fewer conversations about theory.",
                "I'd love a short guide on how to give feedback to a mentee who isn't my report.",
            ),
            MIXED: (
                "Protect the time better. Both of us let work get in the way.",
                "A clearer end goal, so we know what 'done' looks like.",
            ),
            POOR: ("I'd appreciate help from the program team; we've drifted apart.",),
        },
    },
    "difference": {
        "mentee": {
            GOOD: (
                "I finally understand how decisions are made here, and who to ask for what.",
                "{partner}'s advice on my promotion write-up made a real difference.",
                "My confidence in {skill} went up a lot. I now volunteer for the things I avoided.",
                "Having someone outside my team to think out loud with was the most valuable part.",
                "I have a written plan for the next two years, and I know what the gaps are.",
                "I built a network across three departments that I would never have met otherwise.",
                "It helped me decide to stay in the expert track, and to say so to my manager.",
                "I'm much better at asking for feedback early instead of polishing alone for days.",
            ),
            MIXED: (
                "Some useful advice, but we met less than planned and it never quite took off.",
                "Good conversations, though I'd have liked more help with concrete next steps.",
                "It was useful at the start; later our priorities drifted apart.",
            ),
            POOR: (
                "Not much, to be honest. We rarely managed to meet.",
                "The match wasn't right for what I wanted to learn.",
            ),
        },
        "mentor": {
            GOOD: (
                "I learned as much as {partner} did, especially about how new joiners see us.",
                "Watching {partner} grow into the role was the best part of my year.",
                "It made me a better listener, and a better manager for my own team.",
                "I got a fresh view on our onboarding; I've fed two ideas back to my team.",
                "Rewarding. I'd do it again and would recommend it to any senior colleague.",
            ),
            MIXED: (
                "Worth it, but I underestimated the time it takes to prepare well.",
                "We had some good sessions; I'm not sure I was the right mentor for {skill}.",
            ),
            POOR: ("We never found a rhythm. I'd want a better-fitting match next time.",),
        },
    },
    "tell": {
        "mentee": {
            GOOD: (
                "Really happy with it. Thank you for setting this up!",
                "The check-in reminders help. Please keep them.",
                "Would love a meet-up for all mentees in the program.",
                "It's the most useful hour of my fortnight.",
            ),
            MIXED: (
                "I'm still waiting for a mentor; it would be good to know when to expect one.",
                "Workload makes it hard to keep the rhythm some months.",
            ),
            POOR: (
                "We haven't met in a while and I don't know how to restart without it being odd.",
            ),
        },
        "mentor": {
            GOOD: (
                "Going well. A short guide on good first goals would help new mentors.",
                "Happy to take another mentee in the next round.",
                "It's working; the shared notes make it easy to pick up where we left off.",
            ),
            MIXED: (
                "Three mentees is a lot in a busy quarter. Two would be better for me.",
                "I'd like a reminder before the midpoint to review goals.",
            ),
            POOR: ("My mentee hasn't replied to the last invitations. Could someone check in?",),
        },
    },
}
PULSE_COMMENTS: dict[str, tuple[str, ...]] = {
    GOOD: (
        "Really helpful, thank you!",
        "Great session, clear next steps.",
        "Exactly what I needed this week.",
        "Good conversation about {skill}.",
        "Short but useful.",
        "Loved the practical examples.",
    ),
    MIXED: (
        "OK, a bit unfocused today.",
        "We ran out of time.",
        "Useful, but we skipped the goals again.",
    ),
    POOR: (
        "Felt rushed.",
        "Hard to find time; we cut it short.",
        "Not much came out of it this time.",
    ),
}
