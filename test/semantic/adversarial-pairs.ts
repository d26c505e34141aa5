// Hand-written evaluation data for the semantic cache. MUST_MISS pairs are requests that look
// alike but whose correct answers differ (a number, unit, negation, entity, ordinal, comparison
// order, identifier, language, date, a temporal or relational preposition, or the topic of a
// creative request): serving one's answer to the other is a false hit.
// PARAPHRASES are the same request written differently; they should be served from the cache.

export type MustMissKind =
  | 'numbers'
  | 'units'
  | 'negation'
  | 'entities'
  | 'ordinals'
  | 'comparisons'
  | 'code'
  | 'languages'
  | 'dates'
  | 'prepositions'
  | 'topics';

export interface MustMissPair {
  kind: MustMissKind;
  cached: string;
  query: string;
}

/** How a paraphrase differs from its cached request. */
export type ParaphraseStyle =
  | 'casing'
  | 'punctuation'
  | 'whitespace'
  | 'contraction'
  | 'number-word'
  | 'polite'
  | 'word-order'
  | 'synonym';

export interface ParaphrasePair {
  kind: 'paraphrase';
  style: ParaphraseStyle;
  cached: string;
  query: string;
}

/** Styles that change nothing but the surface: a semantic cache must always serve them. */
export const TRIVIAL_STYLES: ReadonlySet<ParaphraseStyle> = new Set(['casing', 'punctuation', 'whitespace', 'contraction', 'number-word']);

type Row = [cached: string, query: string];

const byKind = (kind: MustMissKind, rows: Row[]): MustMissPair[] => rows.map(([cached, query]) => ({ kind, cached, query }));

const NUMBERS: Row[] = [
  ['What is 2+2?', 'What is 2+3?'],
  ['Convert 5 km to miles', 'Convert 50 km to miles'],
  ['What is 15% of 80?', 'What is 15% of 90?'],
  ['Give me 3 tips for better sleep', 'Give me 4 tips for better sleep'],
  ['Write a 100-word summary of the French Revolution', 'Write a 200-word summary of the French Revolution'],
  ['What is the square root of 144?', 'What is the square root of 169?'],
  ['Is 97 a prime number?', 'Is 91 a prime number?'],
  ['How many seconds are in 3 hours?', 'How many seconds are in 5 hours?'],
  ['List the first 10 Fibonacci numbers', 'List the first 12 Fibonacci numbers'],
  ['What is 7 times 8?', 'What is 7 times 9?'],
  ['Calculate the compound interest on $1000 at 5% for 3 years', 'Calculate the compound interest on $1000 at 6% for 3 years'],
  ['Recommend a laptop under $800', 'Recommend a laptop under $1500'],
  ['Plan a 3-day trip to Rome', 'Plan a 7-day trip to Rome'],
  ['What is 1/3 as a decimal?', 'What is 2/3 as a decimal?'],
  ['What is 2 to the power of 10?', 'What is 2 to the power of 16?'],
  ['Round 3.14159 to 2 decimal places', 'Round 3.14159 to 3 decimal places'],
  ['How many calories are in 2 eggs?', 'How many calories are in 3 eggs?'],
  ['Summarize the plot of Hamlet in 3 sentences', 'Summarize the plot of Hamlet in 4 sentences'],
  ['What is 10 + 5?', 'What is 10 - 5?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'I am planning a small dinner party at home this weekend, can you write a shopping list for a vegetarian lasagna that serves 4 people',
    'I am planning a small dinner party at home this weekend, can you write a shopping list for a vegetarian lasagna that serves 8 people',
  ],
  [
    'Write a detailed step by step guide for new gardeners on growing tomatoes on a sunny balcony in 3 weeks',
    'Write a detailed step by step guide for new gardeners on growing tomatoes on a sunny balcony in 4 weeks',
  ],
  [
    'Create a beginner friendly weekly running plan that gets me from the couch to running 5 kilometres without stopping',
    'Create a beginner friendly weekly running plan that gets me from the couch to running 10 kilometres without stopping',
  ],
  [
    'My landlord wants to raise the monthly rent on my apartment by 5 percent next year, is that allowed under a typical lease agreement?',
    'My landlord wants to raise the monthly rent on my apartment by 15 percent next year, is that allowed under a typical lease agreement?',
  ],
];

const UNITS: Row[] = [
  ['Convert 10 km to miles', 'Convert 10 km to feet'],
  ['What is 30 degrees Celsius in Fahrenheit?', 'What is 30 degrees Fahrenheit in Celsius?'],
  ['Convert 100 USD to EUR', 'Convert 100 USD to GBP'],
  ['How many grams are in a pound?', 'How many grams are in an ounce?'],
  ['How many liters is 5 gallons?', 'How many liters is 5 quarts?'],
  ['What is 20 EUR in USD?', 'What is 20 EUR in JPY?'],
  ['How many milliseconds are in a minute?', 'How many microseconds are in a minute?'],
  ['Convert 3 feet to centimeters', 'Convert 3 feet to meters'],
  ['What is 60 mph in km/h?', 'What is 60 knots in km/h?'],
  ['How many kilobytes are in a gigabyte?', 'How many megabytes are in a gigabyte?'],
  ['What is 500 calories in kilojoules?', 'What is 500 calories in joules?'],
  ['Convert 50 kg to pounds', 'Convert 50 kg to stones'],
  ['What is the boiling point of water in Kelvin?', 'What is the boiling point of water in Fahrenheit?'],
  ['How many square feet is 100 square meters?', 'How many square yards is 100 square meters?'],
  ['Convert 2 cups of flour to grams', 'Convert 2 tablespoons of flour to grams'],
  ['What is 1 acre in square meters?', 'What is 1 hectare in square meters?'],
  ['How many hours is 3 days?', 'How many minutes is 3 days?'],
  ['Convert 1000 yen to dollars', 'Convert 1000 yuan to dollars'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'I am baking bread with a recipe from a European cookbook, how many ounces is 500 grams of flour?',
    'I am baking bread with a recipe from a European cookbook, how many pounds is 500 grams of flour?',
  ],
  [
    'My car shows its fuel efficiency on the dashboard display, how do I convert 40 miles per gallon into liters per 100 kilometers?',
    'My car shows its fuel efficiency on the dashboard display, how do I convert 40 miles per gallon into kilometers per liter?',
  ],
  [
    "I am travelling through Europe next summer on a tight budget, how much is 200 US dollars in euros at today's exchange rate?",
    "I am travelling through Europe next summer on a tight budget, how much is 200 US dollars in British pounds at today's exchange rate?",
  ],
  [
    'The weather app on my new phone shows the outside temperature as 25 degrees, please convert that from Celsius to Kelvin for my physics homework',
    'The weather app on my new phone shows the outside temperature as 25 degrees, please convert that from Celsius to Fahrenheit for my physics homework',
  ],
];

const NEGATION: Row[] = [
  ['Which foods contain gluten?', 'Which foods do not contain gluten?'],
  ['What are the advantages of remote work?', 'What are the disadvantages of remote work?'],
  ['Should I buy Tesla stock now?', 'Should I sell Tesla stock now?'],
  ['What is the best programming language for beginners?', 'What is the worst programming language for beginners?'],
  ['How do I increase my credit score?', 'How do I decrease my credit score?'],
  ['List countries that use the euro', "List countries that don't use the euro"],
  ['Which animals are mammals?', 'Which animals are not mammals?'],
  ['Things you should always do before a job interview', 'Things you should never do before a job interview'],
  ['Give me arguments for nuclear energy', 'Give me arguments against nuclear energy'],
  ['What are the pros of electric cars?', 'What are the cons of electric cars?'],
  ['How can I gain weight healthily?', 'How can I lose weight healthily?'],
  ['Foods that raise blood pressure', 'Foods that lower blood pressure'],
  ['Write a positive review of this restaurant', 'Write a negative review of this restaurant'],
  ['Describe the strengths of the Roman army', 'Describe the weaknesses of the Roman army'],
  ['What happens if I take ibuprofen with food?', 'What happens if I take ibuprofen without food?'],
  ['Recommend a movie with a happy ending', 'Recommend a movie with a sad ending'],
  ['Which vitamins are water-soluble?', 'Which vitamins are not water-soluble?'],
  ['Explain why the stock market went up today', 'Explain why the stock market went down today'],
  ['Give me a synonym for happy', 'Give me an antonym for happy'],
  ['Is zero an even number?', 'Is zero an odd number?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'List the common household plants that are safe for cats and dogs to be around in a small apartment',
    'List the common household plants that are not safe for cats and dogs to be around in a small apartment',
  ],
  [
    'Write a persuasive essay arguing that social media has a positive effect on teenagers and their friendships at school',
    'Write a persuasive essay arguing that social media has a negative effect on teenagers and their friendships at school',
  ],
  [
    'Give me a list of reasons why I should accept the job offer from the startup in another city with a higher salary',
    'Give me a list of reasons why I should decline the job offer from the startup in another city with a higher salary',
  ],
  [
    'Explain which foods a person with type 2 diabetes should eat regularly to keep their blood sugar stable throughout the day',
    'Explain which foods a person with type 2 diabetes should avoid regularly to keep their blood sugar stable throughout the day',
  ],
];

const ENTITIES: Row[] = [
  ['How do I reverse a list in Python?', 'How do I reverse a list in Java?'],
  ['What is the population of Paris?', 'What is the population of London?'],
  ['Who is the CEO of Apple?', 'Who is the CEO of Microsoft?'],
  ['When was Albert Einstein born?', 'When was Isaac Newton born?'],
  ['What is the tallest mountain in Africa?', 'What is the tallest mountain in Europe?'],
  ['Summarize the history of the Roman Empire', 'Summarize the history of the Ottoman Empire'],
  ['How do I install Docker on Ubuntu?', 'How do I install Docker on Windows?'],
  ['What is the currency of Japan?', 'What is the currency of Switzerland?'],
  ['Who wrote Pride and Prejudice?', 'Who wrote Wuthering Heights?'],
  ['What was Marie Curie famous for?', 'What was Rosalind Franklin famous for?'],
  ['What is the best time of year to visit Thailand?', 'What is the best time of year to visit Portugal?'],
  ['How many moons does Jupiter have?', 'How many moons does Saturn have?'],
  ['What is the main ingredient in hummus?', 'What is the main ingredient in guacamole?'],
  ['What language is spoken in Brazil?', 'What language is spoken in Argentina?'],
  ['Explain the rules of cricket', 'Explain the rules of baseball'],
  ['Who painted the Mona Lisa?', 'Who painted The Starry Night?'],
  ['Write a short bio of Serena Williams', 'Write a short bio of Venus Williams'],
  ['What is the driving distance from Paris to Lyon?', 'What is the driving distance from Paris to Lille?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'Explain in detail how the French economy changed during the nineteenth century and why it changed so much',
    'Explain in detail how the German economy changed during the nineteenth century and why it changed so much',
  ],
  [
    'I am writing a school report about famous scientists, please give me a short biography of Charles Darwin and his main discoveries',
    'I am writing a school report about famous scientists, please give me a short biography of Gregor Mendel and his main discoveries',
  ],
  [
    'We are planning a family holiday next summer, what are the best things to do with young children in Barcelona for a week?',
    'We are planning a family holiday next summer, what are the best things to do with young children in Lisbon for a week?',
  ],
  [
    'Write a simple step by step tutorial explaining how to set up a new web project with React and TypeScript from scratch',
    'Write a simple step by step tutorial explaining how to set up a new web project with Vue and TypeScript from scratch',
  ],
];

const ORDINALS: Row[] = [
  ['Who was the first president of the United States?', 'Who was the second president of the United States?'],
  ['What is the 1st law of thermodynamics?', 'What is the 3rd law of thermodynamics?'],
  ['Summarize the first chapter of Moby Dick', 'Summarize the second chapter of Moby Dick'],
  ['Who won the first FIFA World Cup?', 'Who won the second FIFA World Cup?'],
  ['What is the 10th element of the periodic table?', 'What is the 11th element of the periodic table?'],
  ['What is the second largest planet in the solar system?', 'What is the third largest planet in the solar system?'],
  ['Who was the first person to walk on the moon?', 'Who was the second person to walk on the moon?'],
  ['What does the 5th amendment say?', 'What does the 4th amendment say?'],
  ['What is the first step of the scientific method?', 'What is the last step of the scientific method?'],
  ['What is the first Harry Potter book about?', 'What is the seventh Harry Potter book about?'],
  ['What is the 2nd most spoken language in the world?', 'What is the 3rd most spoken language in the world?'],
  ["Explain Newton's first law of motion", "Explain Newton's third law of motion"],
  ['Who came second in the 100m final at the Tokyo Olympics?', 'Who came third in the 100m final at the Tokyo Olympics?'],
  ['What is the 100th prime number?', 'What is the 1000th prime number?'],
  ['Which is the fourth planet from the sun?', 'Which is the fifth planet from the sun?'],
  ['Who was the 16th president of the US?', 'Who was the 17th president of the US?'],
  ['What happens in the last episode of Breaking Bad?', 'What happens in the first episode of Breaking Bad?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'For my history class presentation tomorrow, summarize the main events and causes of the first Punic War between Rome and Carthage',
    'For my history class presentation tomorrow, summarize the main events and causes of the second Punic War between Rome and Carthage',
  ],
  [
    'In the board game I am designing, what should happen to a player who finishes in second place at the end of the final round?',
    'In the board game I am designing, what should happen to a player who finishes in third place at the end of the final round?',
  ],
  [
    'Explain what happens during the first trimester of a typical pregnancy and which checkups are usually recommended',
    'Explain what happens during the third trimester of a typical pregnancy and which checkups are usually recommended',
  ],
  [
    'Summarize the plot of the third book in the Lord of the Rings trilogy for someone who has not read it yet',
    'Summarize the plot of the first book in the Lord of the Rings trilogy for someone who has not read it yet',
  ],
];

const COMPARISONS: Row[] = [
  ['Is Rust faster than Go?', 'Is Go faster than Rust?'],
  ['Is 7 greater than 3?', 'Is 3 greater than 7?'],
  ['How do I migrate from MySQL to PostgreSQL?', 'How do I migrate from PostgreSQL to MySQL?'],
  ['How do I convert a string to an integer in C?', 'How do I convert an integer to a string in C?'],
  ['Is an elephant heavier than a rhino?', 'Is a rhino heavier than an elephant?'],
  ['Did the Roman Empire fall before the Han dynasty?', 'Did the Han dynasty fall before the Roman Empire?'],
  ['Why is Python slower than C?', 'Why is C slower than Python?'],
  ['Is Mount Everest taller than K2?', 'Is K2 taller than Mount Everest?'],
  ['Can a dog outrun a cat?', 'Can a cat outrun a dog?'],
  ['How do I switch from Windows to Linux?', 'How do I switch from Linux to Windows?'],
  ['Is Venus closer to the Sun than Earth?', 'Is Earth closer to the Sun than Venus?'],
  ['How do I convert a PDF to a Word document?', 'How do I convert a Word document to a PDF?'],
  ['Does Australia have more people than Canada?', 'Does Canada have more people than Australia?'],
  ['Was Mozart born before Beethoven?', 'Was Beethoven born before Mozart?'],
  ['Is the Nile longer than the Amazon?', 'Is the Amazon longer than the Nile?'],
  ['What is 10 minus 3?', 'What is 3 minus 10?'],
  ['Does light travel faster than sound?', 'Does sound travel faster than light?'],
  ['Is a virus smaller than a bacterium?', 'Is a bacterium smaller than a virus?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'For a backend service handling lots of concurrent requests, explain why Go might be a better choice than Java for our team',
    'For a backend service handling lots of concurrent requests, explain why Java might be a better choice than Go for our team',
  ],
  [
    "I am moving my company's data from an on-premise Oracle database to a managed PostgreSQL service, what are the main steps?",
    "I am moving my company's data from a managed PostgreSQL service to an on-premise Oracle database, what are the main steps?",
  ],
  [
    'My team keeps arguing about this: is tabs based indentation objectively better than spaces for Python projects?',
    'My team keeps arguing about this: is spaces based indentation objectively better than tabs for Python projects?',
  ],
  [
    'Explain how to move all of my photos from an iPhone to an Android phone without losing any of them',
    'Explain how to move all of my photos from an Android phone to an iPhone without losing any of them',
  ],
];

const CODE: Row[] = [
  ['What does the function getUserById do?', 'What does the function getUserByEmail do?'],
  ['Rename the variable user_name to userName in this file', 'Rename the variable user_id to userId in this file'],
  ['What does Array.prototype.map do?', 'What does Array.prototype.filter do?'],
  ['How do I use the useEffect hook in React?', 'How do I use the useMemo hook in React?'],
  ['Why does `npm install` fail with EACCES?', 'Why does `npm publish` fail with EACCES?'],
  ['What goes in a tsconfig.json file?', 'What goes in a package.json file?'],
  ['How do I read a file with fs.readFileSync?', 'How do I read a file with fs.createReadStream?'],
  ['Explain what git rebase does', 'Explain what git merge does'],
  ['What does the Python function os.path.join do?', 'What does the Python function os.path.split do?'],
  [
    "How do I fix the error 'Cannot read properties of undefined (reading map)'?",
    "How do I fix the error 'Cannot read properties of undefined (reading length)'?",
  ],
  ['Write a SQL query using LEFT JOIN', 'Write a SQL query using INNER JOIN'],
  ['What does the --force flag do in git push?', 'What does the --force-with-lease flag do in git push?'],
  ['Explain the async keyword in JavaScript', 'Explain the await keyword in JavaScript'],
  ['What does the parse_config function in config.py return?', 'What does the parse_config function in settings.py return?'],
  ['Write a Python function named calculate_total', 'Write a Python function named calculate_subtotal'],
  ['How do I call the Stripe createPaymentIntent API?', 'How do I call the Stripe createSetupIntent API?'],
  ['What is the difference between let and var in JavaScript?', 'What is the difference between let and const in JavaScript?'],
  ['What does Promise.all return?', 'What does Promise.allSettled return?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'In our Express application the middleware function validateSessionToken keeps throwing an error on every request, how do I debug it?',
    'In our Express application the middleware function validateRefreshToken keeps throwing an error on every request, how do I debug it?',
  ],
  [
    'In my pandas script, explain what the dropna method does to a dataframe with many missing values in several columns',
    'In my pandas script, explain what the fillna method does to a dataframe with many missing values in several columns',
  ],
  [
    'Our CI pipeline fails at the step that runs scripts/build_assets.sh with a permission denied error, how do I fix it?',
    'Our CI pipeline fails at the step that runs scripts/deploy_assets.sh with a permission denied error, how do I fix it?',
  ],
  [
    'In the Kubernetes manifest for our web service, what does the readinessProbe setting control and how should I configure it?',
    'In the Kubernetes manifest for our web service, what does the livenessProbe setting control and how should I configure it?',
  ],
];

const LANGUAGES: Row[] = [
  ['What is the capital of Australia?', '¿Cuál es la capital de Australia?'],
  ['How do I boil an egg?', 'Comment faire cuire un œuf ?'],
  ['Explain photosynthesis simply', 'Erkläre die Photosynthese einfach'],
  ['Tell me a joke about cats', 'Cuéntame un chiste sobre gatos'],
  ['What is the meaning of life?', 'Quel est le sens de la vie ?'],
  ['What is the weather usually like in Berlin in winter?', 'Wie ist das Wetter in Berlin im Winter normalerweise?'],
  ['Write a short poem about the sea', 'Escribe un poema corto sobre el mar'],
  ['Translate to French: I am hungry', 'Translate to German: I am hungry'],
  ['Answer in English: what is gravity?', 'Answer in Spanish: what is gravity?'],
  ['Describe the French Revolution in two paragraphs', 'Décris la Révolution française en deux paragraphes'],
  ['How do I learn to play the guitar?', 'Wie lerne ich Gitarre spielen?'],
  ['What are the symptoms of the flu?', '¿Cuáles son los síntomas de la gripe?'],
  ['Recommend me a good book', 'Recommande-moi un bon livre'],
  ['Give me a recipe for pancakes', 'Dame una receta de panqueques'],
  ['Explain quantum computing in simple terms', "Explique l'informatique quantique en termes simples"],
  ['Why is the ocean salty?', 'Warum ist das Meer salzig?'],
  ['Reply in Italian: how are you today?', 'Reply in Portuguese: how are you today?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'Please write a friendly two paragraph welcome message for new employees joining our company next month, in English',
    'Please write a friendly two paragraph welcome message for new employees joining our company next month, in French',
  ],
  [
    'Write a short and polite email to my landlord asking when the broken heating in my apartment will be repaired',
    'Escribe un correo breve y cortés a mi casero preguntando cuándo repararán la calefacción rota de mi apartamento',
  ],
  [
    'Summarize this news for me in German: the city council approved a new budget for public parks and playgrounds',
    'Summarize this news for me in Dutch: the city council approved a new budget for public parks and playgrounds',
  ],
  [
    'Reply in Spanish: what are some good ways to practice a new language every day at home?',
    'Reply in English: what are some good ways to practice a new language every day at home?',
  ],
];

const DATES: Row[] = [
  ['Who won the World Series in 2023?', 'Who won the World Series in 2024?'],
  ['What day of the week is Christmas in 2025?', 'What day of the week is Christmas in 2026?'],
  ['What events are scheduled for Monday?', 'What events are scheduled for Friday?'],
  ['What is the weather forecast for today?', 'What is the weather forecast for tomorrow?'],
  ['Which public holidays are in March?', 'Which public holidays are in April?'],
  ['How many days are in February 2024?', 'How many days are in February 2023?'],
  ['What happened on September 11, 2001?', 'What happened on September 11, 1973?'],
  ['Summarize the news from yesterday', 'Summarize the news from last week'],
  ['Plan my schedule for this weekend', 'Plan my schedule for next weekend'],
  ['Who was the US president in 1990?', 'Who was the US president in 1995?'],
  ['What time does the sun set in London on June 21?', 'What time does the sun set in London on December 21?'],
  ['What meetings do I have on Tuesday morning?', 'What meetings do I have on Tuesday evening?'],
  ['What was the US inflation rate in Q1 2022?', 'What was the US inflation rate in Q3 2022?'],
  ['Set an alarm for 7am', 'Set an alarm for 7pm'],
  ['How old is someone born in 1985?', 'How old is someone born in 1995?'],
  ['Which film won the Oscar for Best Picture in 2019?', 'Which film won the Oscar for Best Picture in 2020?'],
  ['What day of the week was January 1, 2000?', 'What day of the week was January 1, 2001?'],
  // Long requests with one detail changed: close in embedding space, so the verifier decides.
  [
    'Please list all the public holidays in the United Kingdom during the year 2025 together with their dates',
    'Please list all the public holidays in the United Kingdom during the year 2026 together with their dates',
  ],
  [
    'What meetings and deadlines do I have on my work calendar for next Tuesday afternoon between two and five?',
    'What meetings and deadlines do I have on my work calendar for next Thursday afternoon between two and five?',
  ],
  [
    'Write a short summary of the most important world news events that happened in March 2020 for a history timeline',
    'Write a short summary of the most important world news events that happened in March 2021 for a history timeline',
  ],
  [
    'What will the weather be like in Chicago on Saturday morning? I need to decide what to wear for the parade',
    'What will the weather be like in Chicago on Sunday morning? I need to decide what to wear for the parade',
  ],
];

// One preposition changes the relation: the time (during / after / before / since / until), the
// company (with / without), the stance (for / against), the direction (to / from).
const PREPOSITIONS: Row[] = [
  ['What should I eat during pregnancy?', 'What should I eat after pregnancy?'],
  ['What exercises are safe before surgery?', 'What exercises are safe after surgery?'],
  ['How has the city changed since the war?', 'How has the city changed until the war?'],
  ['What did people eat before the industrial revolution?', 'What did people eat during the industrial revolution?'],
  ['Can I take aspirin with alcohol?', 'Can I take aspirin without alcohol?'],
  ['Give me the strongest arguments for a universal basic income', 'Give me the strongest arguments against a universal basic income'],
  ['How much does it cost to ship a parcel to Germany?', 'How much does it cost to ship a parcel from Germany?'],
  ['What is the cheapest way to get to the airport?', 'What is the cheapest way to get from the airport?'],
  ['Write an email to my manager asking for a day off', 'Write an email from my manager asking for a day off'],
  ['What should I do after a car accident?', 'What should I do before a car accident?'],
  ['How do I stay awake during a night shift?', 'How do I stay awake after a night shift?'],
  ['Which countries voted for the resolution?', 'Which countries voted against the resolution?'],
  ['How long do I have to wait until my visa is approved?', 'How long do I have to wait since my visa is approved?'],
  ['What is the best way to travel from Paris to Rome?', 'What is the best way to travel to Paris from Rome?'],
  [
    'I am preparing a talk for our team offsite, what should a manager say to employees during a restructuring to keep morale up?',
    'I am preparing a talk for our team offsite, what should a manager say to employees after a restructuring to keep morale up?',
  ],
];

// Creative requests whose subject, form or audience changes: "a haiku about X" is not one about Y.
const TOPICS: Row[] = [
  ['Write a haiku about the ocean', 'Write a haiku about the mountains'],
  ['Tell me a joke about doctors', 'Tell me a joke about teachers'],
  ['Write a short poem about rain', 'Write a short poem about sunshine'],
  ['Write a limerick about a clumsy penguin', 'Write a limerick about a clumsy giraffe'],
  ['Write a short story about a robot who learns to paint', 'Write a short story about a robot who learns to dance'],
  ['Compose a song about summer love', 'Compose a song about summer camp'],
  ['Write a haiku about coffee', 'Write a limerick about coffee'],
  ['Write a bedtime story for a five year old about dinosaurs', 'Write a bedtime story for a five year old about pirates'],
  ['Give me an inspirational quote about courage', 'Give me an inspirational quote about patience'],
  ['Write a birthday poem for my mother', 'Write a birthday poem for my boss'],
  ['Write a riddle about time', 'Write a riddle about money'],
  ['Write a product description for a leather wallet', 'Write a product description for a leather backpack'],
  ['Write a tweet announcing our new coffee shop', 'Write a tweet announcing our new bookshop'],
  [
    'For our school newsletter, please write a cheerful short poem about the first snowfall of the winter in our little town',
    'For our school newsletter, please write a cheerful short poem about the first football match of the winter in our little town',
  ],
];

export const MUST_MISS: readonly MustMissPair[] = [
  ...byKind('numbers', NUMBERS),
  ...byKind('units', UNITS),
  ...byKind('negation', NEGATION),
  ...byKind('entities', ENTITIES),
  ...byKind('ordinals', ORDINALS),
  ...byKind('comparisons', COMPARISONS),
  ...byKind('code', CODE),
  ...byKind('languages', LANGUAGES),
  ...byKind('dates', DATES),
  ...byKind('prepositions', PREPOSITIONS),
  ...byKind('topics', TOPICS),
];

const byStyle = (style: ParaphraseStyle, rows: Row[]): ParaphrasePair[] =>
  rows.map(([cached, query]) => ({ kind: 'paraphrase', style, cached, query }));

const CASING: Row[] = [
  ['What is the capital of France?', 'what is the capital of france?'],
  ['How do I sort a list in Python?', 'HOW DO I SORT A LIST IN PYTHON?'],
  ['Explain how vaccines work', 'explain how vaccines work'],
  ['Who wrote the novel Dracula?', 'Who Wrote The Novel Dracula?'],
  ['What causes the northern lights?', 'what causes the Northern Lights?'],
  ['Give me tips for a job interview', 'GIVE ME TIPS FOR A JOB INTERVIEW'],
  ['How does a refrigerator work?', 'how does a refrigerator work?'],
  ['Describe the water cycle', 'describe the Water Cycle'],
];

const PUNCTUATION: Row[] = [
  ['What is the capital of Canada?', 'What is the capital of Canada'],
  ['How do plants make food?', 'How do plants make food??'],
  ['Explain how a rainbow forms.', 'Explain how a rainbow forms!'],
  ['Why do we dream?', 'why do we dream...'],
  ['How do I make cold brew coffee?', 'How do I make cold brew coffee?!'],
  ['What is machine learning?', 'What is machine learning ?'],
  ['Tell me about the Great Wall of China', 'Tell me about the Great Wall of China.'],
  ['How do I change a flat tire?', 'How do I change a flat tire, ?'],
];

const WHITESPACE: Row[] = [
  ['What is the speed of light?', 'What is the  speed of   light?'],
  ['How do bees make honey?', '  How do bees make honey?  '],
  ['Explain the theory of evolution', 'Explain the theory\nof evolution'],
  ['What is a black hole?', 'What is a black hole?\n'],
  ['How do I write a cover letter?', 'How do I\twrite a cover letter?'],
  ['What are the causes of inflation?', 'What are the causes of inflation ?'],
  ['How does the stock market work?', 'How  does  the  stock  market  work?'],
  ['Why is the sky blue?', '\n\nWhy is the sky blue?'],
];

const CONTRACTIONS: Row[] = [
  ["What's the tallest building in the world?", 'What is the tallest building in the world?'],
  ["I don't understand recursion, can you explain it?", 'I do not understand recursion, can you explain it?'],
  ["Pluto isn't a planet anymore, why?", 'Pluto is not a planet anymore, why?'],
  ["I can't sleep at night, what should I do?", 'I cannot sleep at night, what should I do?'],
  ["How's bread made?", 'How is bread made?'],
  ["I'm learning Spanish, where should I start?", 'I am learning Spanish, where should I start?'],
  ["Oil doesn't mix with water, why?", 'Oil does not mix with water, why?'],
  ["What's the difference between weather and climate?", 'What is the difference between weather and climate?'],
];

const NUMBER_WORDS: Row[] = [
  ['Give me 3 ideas for a birthday party', 'Give me three ideas for a birthday party'],
  ['List 5 benefits of regular exercise', 'List five benefits of regular exercise'],
  ['Suggest 10 names for a golden retriever', 'Suggest ten names for a golden retriever'],
  ['Explain recursion in 2 sentences', 'Explain recursion in two sentences'],
  ['What are 4 ways to save money on groceries?', 'What are four ways to save money on groceries?'],
  ['Name 7 wonders of the ancient world', 'Name seven wonders of the ancient world'],
  ['Write 6 interview questions for a data analyst', 'Write six interview questions for a data analyst'],
  ['Give me twelve vocabulary words for a spelling test', 'Give me 12 vocabulary words for a spelling test'],
];

const POLITE: Row[] = [
  ['Explain how photosynthesis works', 'Please explain how photosynthesis works'],
  ['What is the capital of Italy?', 'Could you tell me what the capital of Italy is?'],
  ['How do I make a paper airplane?', 'Can you please tell me how to make a paper airplane?'],
  ['Summarize the causes of World War I', 'Please summarize the causes of World War I, thanks!'],
  ['What is the boiling point of water?', 'Hi! What is the boiling point of water?'],
  ['Give me a recipe for banana bread', 'Could you please give me a recipe for banana bread?'],
  ['How does compound interest work?', 'I was wondering, how does compound interest work?'],
  ['Recommend a good science fiction novel', 'Please recommend a good science fiction novel'],
];

const WORD_ORDER: Row[] = [
  ['In Python, how do I sort a list?', 'How do I sort a list in Python?'],
  ['How do I bake sourdough bread at home?', 'At home, how do I bake sourdough bread?'],
  ['For a beginner, what is a good houseplant?', 'What is a good houseplant for a beginner?'],
  ['What should I pack for a week of hiking in the mountains?', 'For a week of hiking in the mountains, what should I pack?'],
  ['During a thunderstorm, is it safe to shower?', 'Is it safe to shower during a thunderstorm?'],
  ['How can I stay focused when working from home?', 'When working from home, how can I stay focused?'],
  ['On Linux, how do I find large files?', 'How do I find large files on Linux?'],
  ['What are healthy snacks for kids?', 'For kids, what are healthy snacks?'],
];

const SYNONYMS: Row[] = [
  ['How can I improve my sleep?', 'How can I get better sleep?'],
  ['What is a good way to learn Spanish?', 'What is an effective way to learn Spanish?'],
  ['How do I fix a leaking faucet?', 'How do I repair a leaking faucet?'],
  ['What are the symptoms of dehydration?', 'What are the signs of dehydration?'],
  ['How do I begin meditating?', 'How do I start meditating?'],
  ['Explain the causes of the Great Depression', 'Describe the causes of the Great Depression'],
  ['How can I reduce stress at work?', 'How can I lower stress at work?'],
  ['What is the quickest way to learn to type?', 'What is the fastest way to learn to type?'],
];

export const PARAPHRASES: readonly ParaphrasePair[] = [
  ...byStyle('casing', CASING),
  ...byStyle('punctuation', PUNCTUATION),
  ...byStyle('whitespace', WHITESPACE),
  ...byStyle('contraction', CONTRACTIONS),
  ...byStyle('number-word', NUMBER_WORDS),
  ...byStyle('polite', POLITE),
  ...byStyle('word-order', WORD_ORDER),
  ...byStyle('synonym', SYNONYMS),
];
