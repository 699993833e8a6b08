"""Name lists for demo people: common names in England and Wales, from many backgrounds."""

FIRST_NAMES_MALE = (
    "Oliver George Harry Jack Jacob Noah Charlie Thomas Oscar William James Leo Alfie Henry Joshua Freddie Archie "
    "Ethan Isaac Alexander Joseph Edward Samuel Max Daniel Arthur Lucas Mohammed Logan Theo Harrison Benjamin "
    "Mason Sebastian Finley Adam Dylan Zachary Riley Teddy Theodore David Toby Jake Louie Elijah Reuben Arlo "
    "Hugo Luca Jaxon Matthew Harvey Reggie Michael Harley Jude Albert Tommy Luke Stanley Jenson Frankie Jayden "
    "Gabriel Elliot Mohammad Ronnie Charles Louis Elliott Frederick Nathan Lewis Blake Rory Ollie Ryan Tyler "
    "Jackson Dexter Ibrahim Kai Carter Muhammad Ali Omar Kian Aaron Ahmed Yusuf Tomasz Piotr Andrei Marius "
    "Darius Kyle Dean Wayne Lee Craig Gary Paul Mark Stephen Darren Jason Scott Shane Callum Connor Declan"
).split()
FIRST_NAMES_FEMALE = (
    "Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Sophia Grace Evie Scarlett Ruby Chloe Sienna "
    "Freya Daisy Phoebe Jessica Alice Florence Sophie Ivy Layla Matilda Millie Harper Charlotte Rosie Emma "
    "Aisha Fatima Zara Maryam Leah Hannah Lauren Megan Chelsea Kayleigh Stacey Natalie Gemma Danielle Agnieszka"
).split()
SURNAMES = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker "
    "White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris "
    "Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young "
    "Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan "
    "Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali "
    "Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher "
    "Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart "
    "Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill "
    "Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson "
    "Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid "
    "Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane "
    "Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren "
    "Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins "
    "Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace "
    "George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson "
    "Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert "
    "Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton "
    "Nowak Kowalski Wisniewski Popescu Ionescu Hoxha Krasniqi Nguyen Okafor Adeyemi Mensah Campbell-Brown Rahman "
    "Iqbal Mahmood Hassan Chowdhury Mohamed Abdi Osman Yilmaz Kazlauskas Petrov Murphy-Jones"
).split()
NATIONALITIES = [
    ("British", 880), ("Polish", 20), ("Romanian", 18), ("Albanian", 14), ("Irish", 12), ("Lithuanian", 8),
    ("Jamaican", 8), ("Pakistani", 8), ("Nigerian", 7), ("Vietnamese", 7), ("Somali", 6), ("Iraqi", 6),
    ("Eritrean", 4), ("Portuguese", 4), ("Indian", 4),
]
