"""A curated table of nicknames, hypocoristics and Spanish/English name equivalents.

Agents on both sides of the border record the name a subject goes by: Pepe
for José, Chuy for Jesús, Lupe for Guadalupe, Bill for William, and on US
forms a Mexican given name often turns into its English equivalent (Guillermo
into William, Juan into John). Each entry is a formal name and the forms that
stand for it; a form may stand for several names (Beto for Roberto and for
Alberto). Spelling variants that the phonetic code already joins (Xavier and
Javier) need no entry.
"""
from __future__ import annotations

from functools import lru_cache

from unidecode import unidecode

# Formal name -> the nicknames and variant forms agents see for it.
_SPANISH = {
    "José": "Pepe Pepito Chepe Chepo Joselito Chema Josema Joe",
    "Jesús": "Chuy Chucho Chuyito Chus Jesse Jesusito",
    "Guadalupe": "Lupe Lupita Lupillo Lupito Pita",
    "Francisco": "Paco Pancho Paquito Panchito Kiko Frank Cisco Fran Chicho",
    "Ignacio": "Nacho Nachito",
    "Enrique": "Quique Kike Enriquito",
    "Roberto": "Beto Betito Robertito",
    "Alberto": "Beto Betito Albertito Bertín",
    "Humberto": "Beto",
    "Gilberto": "Beto Gil",
    "Alfredo": "Fredo Freddy",
    "Eduardo": "Lalo Lalito Eddie",
    "Gonzalo": "Chalo Chalito",
    "Rosario": "Chayo Charo Chayito",
    "Concepción": "Conchita Concha Conchis Cony",
    "Dolores": "Lola Lolita Lolis",
    "Socorro": "Coco Soco",
    "Refugio": "Cuca Cuco Cuquita Cuquito Cucho",
    "Manuel": "Manolo Meño Manny Manuelito Mane Lolo Manu",
    "Antonio": "Toño Toñito Tony Tono",
    "Antonia": "Toña Toñita Toni",
    "Luis": "Güicho Wicho Luisito Lucho",
    "Luisa": "Güicha Wicha Luisita",
    "Salvador": "Chava Chavita Chavo",
    "Santiago": "Chago Santi",
    "Rafael": "Rafa Rafita Rafi",
    "Guillermo": "Memo Memito Guille Willy",
    "Juan": "Juanito Juancho",
    "Juana": "Juanita Juanis",
    "Alejandro": "Alex Ale Jando Alejo Sandro",
    "Alejandra": "Ale Alex Jandra",
    "Fernando": "Fer Nando",
    "Ricardo": "Richi Ricky Rich Rick",
    "Carlos": "Carlitos Charly Charlie",
    "Javier": "Javi Javo",
    "Jorge": "Coque Jorgito",
    "Armando": "Mando",
    "Adolfo": "Fito",
    "Rodolfo": "Fito Rudy Rodo",
    "Gerardo": "Gera Jerry",
    "Ernesto": "Neto Ernie",
    "Federico": "Fede Kiko",
    "Gustavo": "Tavo Gus",
    "Octavio": "Tavo",
    "Horacio": "Lacho",
    "Isidro": "Chilo",
    "Jacinto": "Chinto",
    "Leonardo": "Leo Nardo",
    "Lorenzo": "Lencho",
    "Florencio": "Lencho",
    "Hipólito": "Polo Poli",
    "Marcelino": "Chelino",
    "Marcelo": "Chelo",
    "Mauricio": "Mau",
    "Miguel": "Miguelito Micky",
    "Pedro": "Perico Pedrito",
    "Ramón": "Moncho Monchi Ramoncito",
    "Raimundo": "Mundo", "Edmundo": "Mundo",
    "Reynaldo": "Rey Nayo Reinaldo",
    "Rogelio": "Roger Gelo",
    "Sergio": "Checo",
    "Tomás": "Tomasito Tomy Tommy",
    "Vicente": "Chente",
    "Agustín": "Agus Tin Cucho Tino",
    "Alfonso": "Poncho Fonso",
    "Anastasio": "Tacho",
    "Andrés": "Andy",
    "Arturo": "Tury Art",
    "Daniel": "Dani Danny Dan",
    "Domingo": "Mingo",
    "Efraín": "Efra",
    "Esteban": "Teban",
    "Felipe": "Pipe",
    "Gabriel": "Gabo Gabe",
    "Gregorio": "Goyo",
    "Joaquín": "Quino Chimo",
    "Leopoldo": "Polo",
    "Martín": "Tin",
    "Nicolás": "Nico",
    "Pablo": "Pablito",
    "Patricio": "Pato",
    "Samuel": "Sam Sammy",
    "Teodoro": "Teo",
    "Víctor": "Vic",
    "Cristina": "Cris Tina",
    "Cristóbal": "Toval Cris",
    "Teresa": "Tere Teresita Terry",
    "Margarita": "Mago Magos Marga Rita Tita",
    "María": "Mari Maru Mary",
    "Isabel": "Chabela Chabelita Chavela Isa Bela Izzy",
    "Graciela": "Chela Grace",
    "Marcela": "Chela Marce",
    "Hortensia": "Tencha",
    "Paulina": "Pau Pauli",
    "Paula": "Pau",
    "Gabriela": "Gaby Gabi",
    "Josefina": "Chepa Chepina Fina Pepa Josefa",
    "Leticia": "Lety Leti",
    "Lucía": "Lucy",
    "Luz": "Lucha Lulú",
    "Lourdes": "Lulú",
    "Magdalena": "Malena Magda",
    "Mercedes": "Meche Merche Mercy",
    "Natividad": "Nati Naty",
    "Patricia": "Paty Pati Patty",
    "Pilar": "Pili",
    "Rosa": "Rosita Chayo Rosy Rosi",
    "Rosalía": "Chayo Chalía",
    "Soledad": "Chole Sole",
    "Susana": "Susy Susie",
    "Verónica": "Vero",
    "Yolanda": "Yola Yoli",
    "Ana": "Anita Nita",
    "Adriana": "Adri",
    "Beatriz": "Bety Betty Bea",
    "Carmen": "Carmelita Carmencita Mela",
    "Catalina": "Cata",
    "Cecilia": "Ceci Chechi Chila",
    "Claudia": "Clau",
    "Consuelo": "Chelo",
    "Esperanza": "Lancha Espe",
    "Eugenia": "Queña Maru",
    "Francisca": "Paca Pancha Paquita",
    "Ignacia": "Nacha",
    "Alicia": "Licha Ali",
    "Amparo": "Paro",
    "Asunción": "Chona Chon", "Encarnación": "Chona Chonita",
    "Rigoberto": "Rigo",
    "Crescencio": "Chencho",
    "Inocencio": "Chencho",
    "Enriqueta": "Queta",
    "Ernestina": "Tina",
    "Eva": "Evita",
    "Manuela": "Manola Nela",
    "Marta": "Martita Martha",
    "Mónica": "Moni Mony",
    "Raquel": "Kela",
    "Rebeca": "Becky",
    "Sara": "Sarita Sarah",
    "Sofía": "Sofi Sophia Chofi",
    "Ángeles": "Angie",
    "Angélica": "Angie",
    "Fabiola": "Fabi Faby",
    "Natalia": "Nati Naty",
    "Genoveva": "Beba",
    "Guillermina": "Guille Mina",
    "Araceli": "Chely Cheli Ara",
    "Carolina": "Caro",
    "Valeria": "Vale",
    "Valentina": "Vale Valen",
    "Montserrat": "Monse Montse",
    # Spellings of one name, each common enough to read as a name of its own.
    "Jazmín": "Yazmín Jasmín Yasmín Jasmine Yasmine Jazmine",
    "Leslie": "Lesly Lesli Leslye",
    "Cynthia": "Cinthia Cinthya Cintia",
    "Yahir": "Jair Jahir Yair",
    "Osvaldo": "Oswaldo",
    "Estefanía": "Stefany Estefany Estephanie",
    "Victoria": "Vicky Toya",
    "Giovanni": "Geovanni Geovanny Giovanny Jovani Jovanny Yovani",
    "Brian": "Bryan Brayan Brayam",
    "Jonathan": "Jonatan Johnatan Yonatan Jon",
    # Hypocoristics found missing against published lists of Mexican ones.
    "Ángel": "Gelo Angelito", "Raúl": "Raulito", "Cristian": "Cris", "Apolinar": "Poli",
    "Benjamín": "Benja Mincho", "Eleazar": "Lalo", "Emilio": "Milo",
    "Ezequiel": "Cheque Chequel", "Héctor": "Teto", "Moisés": "Moi", "Rodrigo": "Ruy", "Florencia": "Lencha",
    "Rocío": "Chío", "Gregoria": "Goya", "Adrián": "Adri", "Bartolomé": "Bartolo", "Bernardo": "Berna Nardo",
    "Camilo": "Cami", "Camila": "Cami", "Dagoberto": "Dago", "Heriberto": "Beto Heri", "Anselmo": "Chemo",
    "Eusebio": "Chebo Chevo", "Silvia": "Chivis", "Trinidad": "Trini", "Remedios": "Reme", "Ofelia": "Ofe",
    "Faustino": "Tino", "Celestino": "Tino", "Dionisio": "Nicho", "Ildefonso": "Poncho", "Cuauhtémoc": "Temo",
    "Carmela": "Mela Melita", "Crisóforo": "Chofo",
    "Daniela": "Dany Dani", "Maximiliano": "Max Maxi", "Sebastián": "Sebas", "Ximena": "Xime Jime Jimena",
    "Lorena": "Lore", "Liliana": "Lili", "Viridiana": "Viri", "Griselda": "Gris", "Everardo": "Lalo",
}

_ENGLISH = {
    "William": "Bill Billy Will Willy Willie Liam",
    "Robert": "Bob Bobby Rob Robbie Bert Bobbie",
    "Richard": "Rick Ricky Dick Rich Richie",
    "James": "Jim Jimmy Jamie Jimmie",
    "John": "Jack Johnny Jon Jonny Jonnie",
    "Margaret": "Peggy Maggie Meg Marge Margie Greta Peg Maggy Madge",
    "Elizabeth": "Liz Beth Betty Betsy Lizzie Eliza Liza Libby Bess Bessie Lizzy",
    "Anthony": "Tony",
    "Joseph": "Joe Joey Jo",
    "Charles": "Charlie Chuck Chas",
    "Thomas": "Tom Tommy",
    "Edward": "Ed Eddie Ted Ned Teddy Eddy",
    "Henry": "Hank Harry Hal",
    "Francis": "Frank Frankie",
    "Alexander": "Alex Al Sandy Xander",
    "Andrew": "Andy Drew",
    "Christopher": "Chris Topher Kris Kit",
    "Nicholas": "Nick Nicky Nic",
    "Patrick": "Pat Paddy",
    "Peter": "Pete",
    "Matthew": "Matt Matty Mattie",
    "Benjamin": "Ben Benny Bennie",
    "Timothy": "Tim Timmy",
    "Gregory": "Greg",
    "Kenneth": "Ken Kenny",
    "Ronald": "Ron Ronnie Ronny",
    "Donald": "Don Donny Donnie",
    "Gerald": "Jerry Gerry Gerard",
    "Raymond": "Ray",
    "Lawrence": "Larry Laurence",
    "Leonard": "Leo Len Lenny",
    "Douglas": "Doug",
    "Jeffrey": "Jeff Geoffrey Geoff Jeffery",
    "Joshua": "Josh",
    "Albert": "Al Bert Bertie",
    "Alfred": "Al Fred Alfie",
    "Frederick": "Fred Freddy Freddie Fritz",
    "Arthur": "Art Artie",
    "Victor": "Vic",
    "Katherine": "Kate Katie Kathy Cathy Kay Kitty Catherine Kathryn Katy Kittie",
    "Susan": "Sue Susie",
    "Deborah": "Debbie Deb Debra Debby Debi",
    "Rebecca": "Becky Becca",
    "Christine": "Chris Tina Christina Christy Kristy Crissy Chrissy Kris",
    "Dorothy": "Dot Dottie Dolly Dotty",
    "Barbara": "Barb Babs Bobbie Barbie",
    "Kimberly": "Kim",
    "Pamela": "Pam",
    "Patricia": "Pat Patty Patsy Trish Tricia",
    "Sarah": "Sally Sadie",
    "Abigail": "Abby Abbie Gail",
    "Theodore": "Ted Teddy Theo",
    "Gwendolyn": "Wendy Gwen",
    # English spellings of one name: each common enough in the public lists to
    # read as a name of its own one letter away, as a sister's would be.
    "Sean": "Shawn Shaun",
    "Duane": "Dwayne Dwain",
    "Alan": "Allen Allan Al",
    "Kristin": "Kristen Kristyn Kris Chris Kristy",
    "Lindsay": "Lindsey Lyndsey",
    "Tracy": "Tracey Tracie",
    "Stacy": "Stacey Stacie",
    "Kelly": "Kelley Kellie",
    "Kathleen": "Cathleen Katie Kathy Kay Katy Kitty Cathy",
    "Corey": "Cory Korey",
    "Casey": "Kasey",
    "Haley": "Hailey Hayley",
    "Kaylee": "Kayleigh Kailey Kaley",
    "Brittany": "Britney Brittney Britt",
    "Courtney": "Kourtney Court",
    "Chelsea": "Chelsey",
    "Terry": "Terri Teri",
    "Sherry": "Sheri Sherri",
    "Allison": "Alison Allyson Ally Allie Ali",
    "Jillian": "Gillian Jill",
    "Madison": "Madisyn Maddison Maddie Maddy",
    "Mackenzie": "McKenzie Makenzie Kenzie",
    # Diminutives of English names met on US records.
    "Archibald": "Archie", "Bernard": "Barney Bernie Berny", "Herbert": "Herb Bert Bertie", "Calvin": "Cal",
    "Chester": "Chet", "Clifford": "Cliff", "Constance": "Connie", "Curtis": "Curt", "Eugene": "Gene",
    "Harold": "Hal Harry", "Howard": "Howie", "Isaac": "Ike", "Jacob": "Jake Jakey", "Jacqueline": "Jackie Jacki",
    "Judith": "Judy", "Julia": "Julie", "Lester": "Les", "Amanda": "Mandy Manda", "Martin": "Marty",
    "Melvin": "Mel", "Mildred": "Millie Milly", "Mitchell": "Mitch", "Nancy": "Nan", "Oliver": "Ollie",
    "Philip": "Phil", "Randall": "Randy", "Reginald": "Reggie", "Rudolph": "Rudy", "Russell": "Russ Rusty",
    "Salvatore": "Sal", "Stanley": "Stan", "Suzanne": "Suzy Sue Susie", "Terrence": "Terry Terrance",
    "Tobias": "Toby", "Gertrude": "Trudy Gertie", "Valerie": "Val", "Wesley": "Wes",
    "Vincent": "Vince Vinny Vin Vinnie",
    "Woodrow": "Woody", "Ezekiel": "Zeke", "Augustus": "Gus", "Maximilian": "Max",
    "Zachariah": "Zach Zack", "Bethany": "Beth", "Eleanor": "Ellie Nell", "Emily": "Emmy Millie Milly",
    "Kristina": "Kris Krissy Tina Kristy Christy Chrissy Crissy", "Bradley": "Brad", "Cassandra": "Cassie Sandy Cass",
    "Alexandra": "Alex Lexi",
    "Caroline": "Carrie Caro", "Elijah": "Eli", "Jerome": "Jerry", "Lucille": "Lucy",
    "Nicole": "Nicky Nikki Nic", "Emmanuel": "Manny", "Edwin": "Ed Eddie Eddy", "Franklin": "Frank",
    "Regina": "Gina",
    "Cynthia": "Cindy",
    "Victoria": "Vicky Tori Vicki Vickie Vic Torrie",
    "Sandra": "Sandy",
    "Stephanie": "Steph Steffi Stevie Stephie",
    "Melissa": "Missy Mel Lissa",
    "Samantha": "Sam Sammy",
    "Theresa": "Terry Tess Tessa Tessie",
    "Mary": "Molly Polly Mae",
    "Helen": "Nell Ellie Nellie",
    "Josephine": "Jo Josie",
    "Anne": "Ann Anna Annie",
    "Alice": "Ali Allie",
    "Rachel": "Rach",
    "Louis": "Lou",
    "Louise": "Lou",
    "Rose": "Rosie",
    "Paul": "Paulie",
    "Daniel": "Dan Danny Dany Danni",
    "Samuel": "Sam Sammy",
    "Walter": "Walt Wally",
    "Zachary": "Zach Zack",
    "Nathaniel": "Nate Nathan",
    "Nathan": "Nate",
    # Diminutives and spellings found missing against the public list of English nicknames (the `nicknames`
    # package): each taken only where it is no common name of its own that a sister or a twin would bear.
    "Adrienne": "Addie", "Alicia": "Allie Ali", "Alyssa": "Ally Allie Lyssa", "Andrea": "Andi Andy Drea",
    "Angela": "Angie", "Angelica": "Angie", "Annette": "Nettie", "Ashley": "Ash", "Beverly": "Bev",
    "Brianna": "Bri Bree", "Breanna": "Bri Bree", "Caitlin": "Cait Katie Kate Caitlyn Kaitlin Kaitlyn Katelyn",
    "Caleb": "Cal", "Cameron": "Cam", "Candace": "Candy Candice", "Cassidy": "Cass Cassie",
    "Charlotte": "Char Lottie Charlie", "Christian": "Chris", "Danielle": "Dani Danni",
    "Dominic": "Dom Nic Nick Dominick", "Edgar": "Ed Eddie Eddy", "Ellen": "Nellie Nell Ellie", "Evelyn": "Evie Eve",
    "Frances": "Fran Frannie Franny Fanny", "Gabriel": "Gabe Gabby", "Gabrielle": "Gabby Gabbie Gaby Gabriella",
    "Geoffrey": "Geoff", "Isabella": "Bella Belle Izzy Issy Isabelle", "Joan": "Jo Joanie", "Joanne": "Jo Joanie",
    "Joanna": "Jo", "Jonathan": "Jon Jonny Johnny Jonnie Jonathon Johnathan", "Kevin": "Kev", "Lauren": "Laurie",
    "Leslie": "Les", "Lucas": "Luke", "Madeline": "Maddie Maddy Madeleine Madelyn Madge", "Martha": "Mattie Marty",
    "Maxwell": "Max", "Megan": "Meg Meghan Meagan Meaghan", "Melinda": "Mindy Mel", "Melanie": "Mel",
    "Michelle": "Shelly Shelley Shellie", "Miranda": "Mandy Randi", "Natasha": "Tasha", "Olivia": "Liv Livvy Ollie",
    "Priscilla": "Cilla Prissy", "Roberta": "Bobbie Bertie Robbie", "Rodney": "Rod", "Stuart": "Stu Stewart",
    "Sydney": "Sid Sidney", "Tiffany": "Tiff", "Vanessa": "Nessa", "Virginia": "Ginny Ginger",
    "Alexis": "Alex Lexi", "Kristine": "Kris Chris Kristy Christy Tina", "Kristopher": "Chris Kris",
    "Angelina": "Angie", "Esther": "Essie", "Irving": "Irv", "Valentina": "Val", "Minerva": "Minnie", "Miriam": "Mimi",
    "Juanita": "Nita", "Salvador": "Sal", "Donovan": "Don Donnie Donny",
    # One name spelt the ways its sound is written (Aimee and Amy, Leigh and Lee), each spelling a name of its
    # own in the public lists and so never read as a typing error of the other.
    "Amy": "Aimee Amie", "Cheryl": "Sheryl", "Lee": "Leigh", "Laurie": "Lori Lorie",
    "Giovanna": "Geovanna Yovana Jovana", "Diana": "Didi Dayana Dayanna",
    # English names as Mexican and Central American records spell them, with the letters Spanish gives their
    # sound: "ai" and "ei" for the long vowels, "es" before an initial s, the English J as Y.
    "Michael": "Mike Mikey Mick Mickey Micky Maikel Maicol Maikol", "David": "Dave Davey Deivid Deyvid",
    "Jason": "Jeison Yeison", "Stephen": "Steve Steven Stevie Steph Estiven Estiben Stiven",
    "Jessica": "Jess Jessie Yessica Yesica Jesica", "Jennifer": "Jen Jenny Yenifer Yennifer Jenifer",
    "Jocelyn": "Joselin Joselyn Jocelin Yoselin Yoselyn Yocelin Yoseline Joseline",
}

# Nicknames that stand for two given names at once, as Mexicans call María
# José "Marijo" and José María "Chema". Each is read as a form of its first
# name as well, so that a record under it meets the other's keys; against two
# given names, both must agree (``compound_names``): Marijo is not the twin
# María Gabriela.
_COMPOUND = {
    "María José": "Marijo Majo Mariajo", "José María": "Chema Chemita Josema",
    "María Teresa": "Maite Mayte Maritere", "María Luisa": "Malú Marilú Malicha", "María de Lourdes": "Malú Marilú",
    "María Fernanda": "Mafer Marifer", "María del Pilar": "Maripili Mapi", "María Dolores": "Mariló Mariloli",
    "María del Carmen": "Maricarmen Mayca", "María de los Ángeles": "Mariángeles", "Ana María": "Anamari",
    "Juan Pablo": "Juanpa Juampa", "Juan Carlos": "Juanca", "Luis Fernando": "Luisfer",
}
_JOINING = frozenset({"DE", "DEL", "LA", "LAS", "LOS"})

# Spanish formal name -> its English equivalent, as US records show it.
_EQUIVALENTS = (
    ("José", "Joseph"), ("Juan", "John"), ("Guillermo", "William"), ("Roberto", "Robert"),
    ("Ricardo", "Richard"), ("Jaime", "James"), ("Miguel", "Michael"), ("Antonio", "Anthony"),
    ("Carlos", "Charles"), ("Tomás", "Thomas"), ("Eduardo", "Edward"), ("Enrique", "Henry"),
    ("Francisco", "Francis"), ("Alejandro", "Alexander"), ("Andrés", "Andrew"), ("Bernardo", "Bernard"),
    ("Esteban", "Stephen"), ("Cristóbal", "Christopher"), ("Nicolás", "Nicholas"),
    ("Patricio", "Patrick"), ("Pedro", "Peter"), ("Pablo", "Paul"), ("Mateo", "Matthew"),
    ("Gregorio", "Gregory"), ("Gerardo", "Gerald"), ("Ramón", "Raymond"),
    ("Lorenzo", "Lawrence"), ("Leonardo", "Leonard"), ("Alberto", "Albert"), ("Alfredo", "Alfred"),
    ("Federico", "Frederick"), ("Arturo", "Arthur"), ("Margarita", "Margaret"), ("Isabel", "Isabella"),
    ("Gabriela", "Gabrielle"), ("Heriberto", "Herbert"),
    ("Catalina", "Katherine"), ("Susana", "Susan"), ("Rebeca", "Rebecca"), ("Cristina", "Christine"),
    ("Teresa", "Theresa"), ("María", "Mary"), ("Elena", "Helen"), ("Josefina", "Josephine"),
    ("Ana", "Anne"), ("Alicia", "Alice"), ("Raquel", "Rachel"), ("Luis", "Louis"), ("Luisa", "Louise"),
    ("Rosa", "Rose"), ("Jesús", "Jesse"), ("Felipe", "Philip"), ("Jorge", "George"),
    ("Estefanía", "Stephanie"), ("Diego", "James"), ("Pilar", "Pillar"), ("Sofía", "Sophia"), ("Lucía", "Lucy"),
    ("Juana", "Jane"),
    # The English form a US form records for a Mexican name, and the Spanish form for a US name, as a border
    # agency's file shows them: Alejandra on one record is Alexandra on the other, Daniela is Danielle. Each
    # pair is one name in two languages, which sisters or twins do not bear both.
    ("Alejandra", "Alexandra"), ("Daniela", "Danielle"), ("Natalia", "Natalie"), ("Carolina", "Caroline"),
    ("Adriana", "Adrienne"), ("Diana", "Diane"), ("Eva", "Eve"), ("Emilia", "Emily"), ("Dorotea", "Dorothy"),
    ("Carlota", "Charlotte"), ("Francisca", "Frances"), ("Juana", "Joan"), ("Elena", "Ellen"),
    ("Leonor", "Eleanor"), ("Marcos", "Mark"), ("Vicente", "Vincent"), ("Ernesto", "Ernest"),
    ("Mauricio", "Maurice"), ("Jerónimo", "Jerome"), ("Jacobo", "Jacob"), ("Timoteo", "Timothy"),
    ("Rodolfo", "Rudolph"), ("Manuel", "Emmanuel"), ("Adán", "Adam"), ("Josué", "Joshua"),
)


def _fold(text: str) -> str:
    return "".join(ch for ch in unidecode(text).upper() if "A" <= ch <= "Z")


def _build() -> tuple[dict[str, frozenset[str]], dict[str, str], dict[str, frozenset[str]]]:
    """Index the table: form -> formal roots, root -> display, root -> equivalence class."""
    roots: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    first_names: dict[str, str] = {}  # a nickname of two given names is a form of the first
    for formal, forms in _COMPOUND.items():
        first = formal.split()[0]
        first_names[first] = f"{first_names.get(first, '')} {forms}"
    for table in (_SPANISH, _ENGLISH, first_names):
        for formal, forms in table.items():
            root = _fold(formal)
            display.setdefault(root, formal)
            roots.setdefault(root, set()).add(root)
            for form in forms.split():
                roots.setdefault(_fold(form), set()).add(root)
                display.setdefault(_fold(form), form)
    # Equivalence classes over the Spanish/English pairs (union-find).
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for spanish, english in _EQUIVALENTS:
        a, b = _fold(spanish), _fold(english)
        for name, shown in ((a, spanish), (b, english)):
            display.setdefault(name, shown)
            roots.setdefault(name, set()).add(name)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    classes = {name: frozenset(find(r) for r in rs) for name, rs in roots.items()}
    return {k: frozenset(v) for k, v in roots.items()}, display, classes


_ROOTS, _DISPLAY, _CLASSES = _build()
_FORMS: dict[str, set[str]] = {}
for _form, _roots in _ROOTS.items():
    for _root in _roots:
        _FORMS.setdefault(_root, set()).add(_form)


def _compounds() -> dict[str, frozenset[tuple[str, str]]]:
    """Index ``_COMPOUND``: nickname (folded) -> the pairs of given names it stands for, particles left out."""
    pairs: dict[str, set[tuple[str, str]]] = {}
    for formal, forms in _COMPOUND.items():
        first, second = (_fold(word) for word in formal.split() if _fold(word) not in _JOINING)
        for form in forms.split():
            pairs.setdefault(_fold(form), set()).add((first, second))
    return {form: frozenset(both) for form, both in pairs.items()}


_COMPOUNDS = _compounds()


def compound_names(folded: str) -> frozenset[tuple[str, str]]:
    """The two given names (folded) a nickname stands for at once: (MARIA, JOSE) for Marijo; empty for others."""
    return _COMPOUNDS.get(folded, frozenset())


def forms_of(folded: str) -> frozenset[str]:
    """Every form in the table that stands for one of the formal names ``folded`` stands for."""
    return frozenset(form for root in name_roots(folded) for form in _FORMS.get(root, ()))


def name_roots(folded: str) -> frozenset[str]:
    """The formal names (folded) a given-name form stands for; empty if not in the table."""
    return _ROOTS.get(folded, frozenset())


def name_classes(folded: str) -> frozenset[str]:
    """Ids of the Spanish/English equivalence classes of a form; empty if not in the table."""
    return _CLASSES.get(folded, frozenset())


def display_name(folded: str) -> str:
    """The formal name as it is written, accents included: JOSE -> José."""
    return _DISPLAY.get(folded, folded.title())


@lru_cache(maxsize=65536)
def relation(a: str, b: str) -> tuple[str, str] | None:
    """How two different folded given names stand for the same name, if they do.

    Returns ("nickname", ROOT) when one is a form of the other or both are
    forms of ROOT, ("equivalent", "") when they are the same name in Spanish
    and English, or None.
    """
    common = name_roots(a) & name_roots(b)
    if common:
        if a in common:
            return "nickname", a
        if b in common:
            return "nickname", b
        return "nickname", min(common)
    # Spanish and English forms of one name: one of the two written as a
    # formal name (Ale and Alexander, Joseph and Pepe). Two nicknames that
    # meet only across the languages (Ale for Alejandra, Sandy for Sandra
    # or for Alexander) are two steps from each other, as often two names.
    if name_classes(a) & name_classes(b) and (a in name_roots(a) or b in name_roots(b)):
        return "equivalent", ""
    return None


def table_size() -> int:
    """How many forms the table knows."""
    return len(_ROOTS)
