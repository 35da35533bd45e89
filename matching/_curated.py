"""Curated vocabulary: canonical interests with their aliases, acronyms and abbreviations.

Each line of ``_PHRASES`` reads ``Display label: alias; alias; ...``. The display label is the
canonical phrase (its normalized form is the canonical key); aliases map onto it exactly. Only
unambiguous aliases belong here: "PM" (product, project, prime minister?) and "CV" (computer
vision or curriculum vitae?) are deliberately left out, so they stay their own interests.
"""

__all__ = ["PHRASES", "TOKEN_ABBREVIATIONS", "COMMON_WORDS", "NO_SINGULAR"]

_PHRASES = """
Artificial intelligence: ai; a.i.; artifical intelligence
Machine learning: ml; machine-learning; statistical learning
Deep learning: dl; neural networks; neural nets
Natural language processing: nlp; computational linguistics
Large language models: llm; llms; large language model
Generative AI: genai; gen ai; generative artificial intelligence
Computer vision: image recognition; machine vision
Reinforcement learning: rl
MLOps: ml ops; machine learning operations
AI ethics: ethical ai; responsible ai; ai safety and ethics
AI safety: ai alignment
Data science: data sciences
Data engineering: data engineer; data pipelines
Data analytics: data analysis; analytics
Big data: big-data
Data visualization: dataviz; data viz; data visualisation
Business intelligence: bi
Statistics: stats
Quantum computing: quantum computers
Quantum error correction: qec
Robotics: robots
Internet of things: iot; internet-of-things
Edge computing: edge
Cloud computing: cloud; cloud services
Amazon Web Services: aws
Google Cloud: gcp; google cloud platform
Microsoft Azure: azure
Kubernetes: k8s; kube
Docker: containers; containerization
DevOps: dev ops; devops engineering
DevSecOps: dev sec ops
Site reliability engineering: sre; site reliability
Infrastructure as code: iac
Serverless: serverless computing; faas
Microservices: micro services; microservice architecture
Distributed systems: distributed computing
Cybersecurity: cyber security; infosec; information security; security
Application security: appsec
Cryptography: crypto engineering
Blockchain: distributed ledger; dlt
Cryptocurrency: cryptocurrencies; crypto
Web3: web 3; web3.0; web 3.0
Decentralized finance: defi
NFTs: nft; non fungible tokens
Software engineering: software development; swe; programming; coding
Web development: web dev; webdev
Frontend development: front end; frontend; front-end development; front end development
Backend development: back end; backend; back-end development
Full stack development: full stack; fullstack; full-stack
Mobile development: mobile apps; app development; mobile app development
iOS development: ios; ios dev
Android development: android; android dev
Open source: oss; open-source software; foss
JavaScript: js; ecmascript
TypeScript: ts
Java
Python: python programming; python3
Go: golang
Rust: rustlang
C
C++: cplusplus; cpp
C#: csharp; c sharp
F#: fsharp
.NET: dotnet; dot net
Ruby
Ruby on Rails: rails; ror
PHP
Kotlin
Swift
Scala
Elixir
Haskell
Julia
R: r programming; rlang
SQL: structured query language
NoSQL: no sql
PostgreSQL: postgres
React: reactjs; react.js
React Native
Redux
Vue.js: vue; vuejs
Angular: angularjs
Node.js: node; nodejs
Django
Flask
GraphQL
APIs: api; api design; rest apis
Embedded systems: embedded; firmware
Hardware: hardware engineering
Semiconductors: chips; chip design
High performance computing: hpc; supercomputing
Game development: gamedev; game dev; video game development
Augmented reality: ar
Virtual reality: vr
Extended reality: xr; ar vr; vr ar; mixed reality; ar and vr
Metaverse
3D printing: additive manufacturing
User experience: ux; user experience design; ux design
User interface design: ui; ui design; user interface
UX/UI design: ui ux; ux ui; ui and ux; ux and ui
Product design
Design thinking
Graphic design
Product management: product manager; product managers; product mgmt
Project management: project manager; project managers; project mgmt
Program management
Agile: agile methodology; scrum
Lean startup
Product-led growth: plg
Growth hacking
Digital marketing: online marketing; internet marketing
Content marketing
Social media marketing: smm
Search engine optimization: seo
Marketing
Market research
Branding: brand strategy; brand building
Public relations: pr; media relations
Sales: selling
Business development: biz dev; bizdev; bd
Customer success
Customer experience: cx
Account management
Go-to-market strategy: gtm; go to market
Software as a service: saas
Platform as a service: paas
Business to business: b2b
Business to consumer: b2c
Direct to consumer: d2c; dtc
E-commerce: ecommerce; e commerce; online retail
Marketplaces: marketplace; two sided marketplaces
Retail
Supply chain: supply chain management; scm
Logistics
Manufacturing
Industry 4.0
Entrepreneurship: entrepreneur; entrepreneurs
Startups: startup; start ups; start-ups
Venture capital: vc; vcs; venture capitalists
Angel investing: angel investors; angels
Private equity
Fundraising: fund raising; raising capital; capital raising
Impact investing
Investing: investment; investments
Fintech: fin tech; financial technology
Insurtech: insurance technology
Regtech: regulatory technology
Proptech: real estate technology
Real estate
Banking
Payments: digital payments
Personal finance
Accounting
Finance
Economics: econ
Healthcare: health care; health
Digital health: health tech; healthtech
Medtech: medical devices; medical technology
Biotech: biotechnology
Life sciences
Pharmaceuticals: pharma
Genomics
Bioinformatics: computational biology
Neuroscience
Mental health
Wellness
Fitness
Nutrition
Edtech: education technology; ed tech
Education
Online learning: e-learning; elearning
Climate tech: climatetech; climate technology
Climate change: climate
Sustainability: esg; sustainable business
Clean energy: renewable energy; renewables; green energy
Solar energy: solar; solar power
Electric vehicles: ev; evs; electric cars
Energy
Agtech: agriculture technology; agritech
Food tech: foodtech
Mobility: transportation
Autonomous vehicles: self driving cars; self-driving; autonomous driving
Aerospace
Space tech: space technology; spacetech; newspace
Drones: uav; uavs
Smart cities
Govtech: government technology; civic tech
Public policy: policy
Legal tech: legaltech; law tech
Law: legal
Privacy: data privacy; data protection; gdpr
Human resources: hr; people operations; people ops
Recruiting: recruitment; talent acquisition; hiring
Future of work
Remote work: remote; distributed teams; wfh; work from home
Diversity and inclusion: d and i; dei; diversity equity and inclusion; diversity
Leadership
Management: mgmt
Mentoring: mentorship; mentor
Coaching: executive coaching
Public speaking
Networking
Community building: community; community management
Operations: ops
Strategy: business strategy
Consulting: management consulting
Innovation
Digital transformation
Media
Journalism
Publishing
Music
Film
Photography
Art: arts
Fashion
Gaming: video games; games; esports
Sports
Travel
Hospitality
Food and beverage: f and b; food
Nonprofits: non profit; non-profits; ngo; ngos
Social impact: social good; social enterprise
Philanthropy
Telecommunications: telecom; telco
5G: 5 g
Networks: computer networking; network engineering
Automation: process automation; rpa
No-code: nocode; no code; low code; low-code
Quality assurance: qa; software testing; testing
Technical writing: tech writing
Research
Academia: academic research
Physics
Mathematics: math; maths
Chemistry
Biology
Psychology
Philosophy
Behavioral economics: behavioural economics
Cognitive science: cogsci
Ethics
Writing
Podcasting: podcasts; podcast
Content creation: creator economy; content creators
Influencer marketing
Advertising: adtech; ad tech; ads
Analytics engineering
Data governance
Databases: database; dbms
Search
Recommender systems: recommendation systems; recsys
Time series
Computer science: comp sci; compsci
Algorithms
Operating systems: os
Compilers
Linux
Information technology: it
Enterprise software
Developer tools: devtools; dev tools; developer experience; dx
Platform engineering
Observability: monitoring
"""

# Tokens expanded inside longer phrases ("ML engineer" -> "machine learning engineer"). Only tokens
# whose expansion is unambiguous in a conference context.
TOKEN_ABBREVIATIONS = {
    "ml": "machine learning", "ai": "artificial intelligence", "nlp": "natural language processing",
    "llm": "large language model", "iot": "internet of things", "ux": "user experience",
    "ui": "user interface", "k8s": "kubernetes", "mgmt": "management", "mgt": "management",
    "eng": "engineering", "engg": "engineering", "dev": "development", "devs": "development",
    "biz": "business", "tech": "technology", "intl": "international", "govt": "government",
    "infra": "infrastructure", "sys": "systems", "admin": "administration", "mktg": "marketing",
    "ecom": "ecommerce", "ops": "operations", "prog": "programming", "comms": "communications",
    "analytic": "analytics", "svc": "services", "svcs": "services",
}

# Words whose trailing "s" is not a plural (or whose singular would collide with another word).
NO_SINGULAR = frozenset(
    "saas paas iaas faas daas devops mlops aiops dataops finops gitops secops devsecops kubernetes "
    "news series species gas bus ios macos windows aws k8s analytics physics mathematics economics "
    "robotics genomics ethics logistics statistics graphics politics linguistics electronics "
    "athletics esports nfts apis sales ops".split()
)

# Real words that must not be "corrected" into other real words by the fuzzy step (product vs
# project). Tokens of curated phrases are added to this automatically.
COMMON_WORDS = frozenset(
    """product project process program progress protocol produce production productivity
    market marketing markets research science engineering engineer analysis analyst analytics
    data design designer develop development developer management manager leadership
    learning teaching training machine machines vision version visual virtual
    computer computing compute network networking social society security securities
    finance financial fintech funding fund founder founders investor investing investment
    health wealth care career careers cloud crowd code mode model models modeling modelling
    system systems stem steam team teams sale scale scala scaling base case cause course
    policy police power tower mobile mobility media medical medicine method methods
    quantum theory biology ecology economy economics ethics optics graphics robotics
    art arts part parts heart chart charts smart start started startup startups
    language languages image images games game gaming growth youth health truth
    content context contest contract contracts trade trading track tracking trust rust
    java javascript python ruby rails react redux angular vue swift kotlin scala
    chemistry geometry geography biography photography ethnography
    energy synergy strategy strategic planning training trading writing reading
    human humane nature natural culture cultural future futures sport sports report
    reports support public publishing private privacy policy politics political
    contact conduct contract connect content context consent consumer customer costumer
    shift swift drift draft craft crafts graph graphs grant grants plant plants planet
    account accounting counting counseling consulting insulting service services device devices
    storage story stories history strategy trading grading reading leading lending landing
    brand brands band bank banking ranking marking parking parenting patenting painting printing
    retail detail email mail sail sales scales tales talent talents patent patents
    cancer career dancer dance finance fiance balance ballet wallet valet value values
    city cities civil civic clinic clinical critical political physical physics psychology
    water waste taste test testing nesting hosting posting boosting coaching teaching reaching
    ocean oceans motion emotion promotion protection production reduction induction education
    sport spot support transport import export expert experts export exports
    manufacturing marketing monitoring mentoring modelling modeling molding
    robotic robot robots rocket rockets pocket socket packet market markets
    """.split()
)


def _parse():
    phrases = {}
    for line in _PHRASES.strip().splitlines():
        label, _, rest = line.partition(":")
        aliases = tuple(a.strip() for a in rest.split(";") if a.strip())
        phrases[label.strip()] = aliases
    return phrases


PHRASES: dict[str, tuple[str, ...]] = _parse()
