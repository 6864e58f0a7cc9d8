"""Name and place lists of the binational generator: common Mexican and US names, invented combinations."""

MX_MALE = ("José Juan Luis Carlos Jesús Miguel Francisco Antonio Alejandro Jorge Pedro Manuel Ricardo Roberto "
           "Fernando Eduardo Javier Rafael Daniel Sergio Raúl Arturo Enrique Guillermo Alberto Ignacio Salvador "
           "Gonzalo Alfredo Santiago Héctor Víctor Rubén Óscar Gerardo Ramón Armando Hugo Mario Martín Andrés "
           "Gabriel Ángel Joaquín Refugio Alfonso Everardo Baltazar Gustavo Ezequiel Efraín Rogelio Humberto "
           "Valentín Xavier Ulises Heriberto Bernardo Silvestre Abelardo Cristóbal Nicolás Isidro Lorenzo").split()
MX_FEMALE = ("María Guadalupe Rosa Ana Juana Josefina Margarita Verónica Leticia Silvia Patricia Elizabeth "
             "Alejandra Gabriela Claudia Adriana Rosario Dolores Concepción Socorro Yolanda Esperanza Beatriz "
             "Lucía Isabel Teresa Carmen Victoria Valeria Ximena Yesenia Araceli Elvira Xóchitl Itzel Berenice "
             "Evangelina Graciela Hilda Herminia Norma Sandra Mónica Irma Martha Alicia Laura Cecilia Elena Yadira "
             "Viridiana Belén Noemí Ivonne Liliana Haydée Maribel").split()
MX_COMPOUND_MALE = ("José Luis|Juan Carlos|José Antonio|Juan Manuel|Luis Alberto|José Manuel|Miguel Ángel|"
                    "José de Jesús|Juan José|José Guadalupe|Jesús Manuel|Francisco Javier|Luis Enrique|"
                    "José Alfredo|Víctor Hugo|Juan Pablo").split("|")
MX_COMPOUND_FEMALE = ("María Guadalupe|María del Carmen|María de los Ángeles|Ana María|María Elena|María Isabel|"
                      "María Teresa|María de Jesús|Rosa María|Martha Alicia|María Dolores|María del Rosario|"
                      "María Concepción|Ana Lilia|María Fernanda").split("|")
US_MALE = ("James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew "
           "Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Edward Ronald Timothy Jason "
           "Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel "
           "Gregory Frank Alexander Raymond Patrick Jack Dennis Jerry Tyler Aaron Henry Douglas Peter Walter "
           "Harold Wyatt Dustin Travis Cody").split()
US_FEMALE = ("Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty "
             "Margaret Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie "
             "Rebecca Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma "
             "Samantha Katherine Christine Debra Rachel Catherine Heather Tiffany Crystal Brittany").split()
MX_SURNAMES = ("Hernández García Martínez López González Rodríguez Pérez Sánchez Ramírez Cruz Flores Gómez "
               "Morales Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno Castillo "
               "Romero Álvarez Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina Castro Vargas Guzmán "
               "Velázquez Muñoz Rojas Salazar Contreras Luna Ortega Guerrero Estrada Bautista Cortés Soto "
               "Alvarado Espinoza Lara Ávila Ríos Cervantes Silva Delgado Vega Márquez Sandoval Carrillo León "
               "Mejía Solís Núñez Rosas Valdez Ibarra Campos Santiago Navarro Peña Pacheco Cabrera Ayala Fuentes "
               "Ochoa Valencia Escobar Villanueva Zúñiga Cárdenas Orozco Benítez Padilla Villarreal Trejo Salinas "
               "Galván Montes Cisneros Zavala Quintero Beltrán Arellano Esquivel Valenzuela Sosa Robles Garza "
               "Maldonado Acosta Cuevas Barrera Villegas Bravo Olvera Hidalgo Calderón Huerta Xicoténcatl Yáñez "
               "Zepeda Becerra Quiroz Bernal Murillo Villa Cervera Gallegos Vallejo Hinojosa Velasco Serrano "
               "Ybarra Bojórquez Higuera Arriaga Ocampo Jaramillo Trujillo Zamora Llamas Olivares").split()
MX_PARTICLE_SURNAMES = ("de la Cruz|de la Torre|de la Garza|de la Rosa|del Río|de León|de los Santos|"
                        "del Ángel|de la Fuente|de Anda").split("|")
US_SURNAMES = ("Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson "
               "Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill "
               "Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards "
               "Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox "
               "Ward Richardson Watson Brooks Wood James Bennett Gray Hughes Price Sanders Myers Long Ross Foster "
               "Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher Hayes Graham "
               "McDonald O'Brien Holloway Whitfield").split()

# The generator's own list of the nicknames and English forms case files show.
NICKNAMES = {
    "José": "Pepe Chepe Joe", "Jesús": "Chuy Chucho", "Guadalupe": "Lupe Lupita", "Francisco": "Paco Pancho",
    "Ignacio": "Nacho", "Enrique": "Quique", "Roberto": "Beto", "Alberto": "Beto", "Alfredo": "Fredo",
    "Eduardo": "Lalo", "Gonzalo": "Chalo", "Rosario": "Chayo", "Concepción": "Conchita Concha", "Dolores": "Lola",
    "Socorro": "Coco", "Refugio": "Cuca Cuco", "Manuel": "Manolo Meño", "Antonio": "Toño", "Luis": "Güicho",
    "Salvador": "Chava", "Santiago": "Chago", "Rafael": "Rafa", "Guillermo": "Memo", "Alejandro": "Alex",
    "Fernando": "Fer", "Ricardo": "Richi", "Rodolfo": "Fito", "Gerardo": "Gera", "Sergio": "Checo",
    "Gustavo": "Tavo", "Humberto": "Beto", "Isabel": "Chabela", "Graciela": "Chela", "Leticia": "Lety",
    "Patricia": "Paty", "Margarita": "Mago", "Teresa": "Tere", "Verónica": "Vero", "Yolanda": "Yola",
    "Josefina": "Chepa", "Alicia": "Licha", "Cecilia": "Ceci", "Gabriela": "Gaby", "Beatriz": "Bety",
    "William": "Bill Will Billy", "Robert": "Bob Rob Bobby", "Richard": "Rick Dick", "James": "Jim Jimmy",
    "John": "Jack Johnny", "Margaret": "Peggy Maggie", "Elizabeth": "Liz Beth", "Michael": "Mike",
    "Anthony": "Tony", "Joseph": "Joe", "Christopher": "Chris", "Daniel": "Danny", "Thomas": "Tom",
    "Charles": "Charlie", "Edward": "Ed Eddie", "Steven": "Steve", "Matthew": "Matt", "Nicholas": "Nick",
    "Patricia_US": "Patty", "Jennifer": "Jen", "Katherine": "Kate Kathy", "Rebecca": "Becky",
    "Samuel": "Sam", "Benjamin": "Ben", "Kenneth": "Ken", "Gregory": "Greg", "Timothy": "Tim",
}
ENGLISH_FORMS = {
    "José": "Joseph", "Juan": "John", "Guillermo": "William", "Miguel": "Michael", "Jesús": "Jesse",
    "Pedro": "Peter", "Francisco": "Frank", "Roberto": "Robert", "Ricardo": "Richard", "Antonio": "Anthony",
    "Carlos": "Charles", "Eduardo": "Edward", "Enrique": "Henry", "Alejandro": "Alexander", "Andrés": "Andrew",
    "Tomás": "Thomas", "Nicolás": "Nicholas", "María": "Mary", "Margarita": "Margaret", "Teresa": "Theresa",
    "Elena": "Helen", "Alicia": "Alice", "Luis": "Louis", "Cristóbal": "Christopher", "Jorge": "George",
}
MX_PLACES = (("Ciudad Juárez", "CHIH", "32000"), ("Chihuahua", "CHIH", "31000"), ("Hermosillo", "SON", "83000"),
              ("Nogales", "SON", "84000"), ("Tijuana", "BC", "22000"), ("Mexicali", "BC", "21000"),
              ("Culiacán", "SIN", "80000"), ("Monterrey", "NL", "64000"), ("Nuevo Laredo", "TAMPS", "88000"),
              ("Reynosa", "TAMPS", "88500"), ("Guadalajara", "JAL", "44100"), ("Zacatecas", "ZAC", "98000"))
US_PLACES = (("Phoenix", "AZ", "85001"), ("Tucson", "AZ", "85701"), ("El Paso", "TX", "79901"),
              ("Laredo", "TX", "78040"), ("Houston", "TX", "77002"), ("San Antonio", "TX", "78205"),
              ("McAllen", "TX", "78501"), ("San Diego", "CA", "92101"), ("Los Angeles", "CA", "90012"),
              ("Albuquerque", "NM", "87102"), ("Las Cruces", "NM", "88001"), ("Dallas", "TX", "75201"))
MX_STREETS = "Hidalgo Juárez Morelos Allende Zaragoza Independencia Reforma Madero Revolución Guerrero Obregón".split()
US_STREETS = "Main|Oak|Pine|Maple|Cedar|Elm|Washington|Lake|Hill|Mesa|Alameda|Sunset|Mission|Rio Grande".split("|")
