// A second, separate set of hand-written pairs in the categories of adversarial-pairs.ts, written
// before the verifier and the matcher were tuned and never tuned on: `npm run eval:cache` reports
// it next to the development pairs, so that a rule fitted to the development pairs' words shows up
// as a gap between the two. Add to it only by writing new pairs blind, never by copying a failure.
import type { MustMissPair, ParaphrasePair } from './adversarial-pairs.js';

type Row = [cached: string, query: string];

const rows = <K extends string>(kind: K, list: Row[]) => list.map(([cached, query]) => ({ kind, cached, query }));

export const CHECK_MUST_MISS: readonly MustMissPair[] = [
  ...rows('numbers', [
    ['What is 12 squared?', 'What is 13 squared?'],
    ['Suggest 5 easy dinner recipes for a busy week', 'Suggest 8 easy dinner recipes for a busy week'],
    ['How much water should a 70 kg adult drink each day?', 'How much water should a 90 kg adult drink each day?'],
    ['Write a cover letter of about 300 words for a junior accountant position at a mid-sized firm', 'Write a cover letter of about 500 words for a junior accountant position at a mid-sized firm'],
    ['Is 1 in 6 a good chance?', 'Is 1 in 60 a good chance?'],
    ['What is the area of a circle with radius 4?', 'What is the area of a circle with radius 5?'],
  ]),
  ...rows('units', [
    ['How many cups are in a liter?', 'How many cups are in a quart?'],
    ['Convert 5 miles to kilometers', 'Convert 5 miles to meters'],
    ['How many seconds are in a day?', 'How many minutes are in a day?'],
    ['What is 100 pounds in kilograms?', 'What is 100 pounds in ounces?'],
    ['I ran a half marathon this morning and my watch says 21 kilometers, how far is that in miles?', 'I ran a half marathon this morning and my watch says 21 kilometers, how far is that in yards?'],
  ]),
  ...rows('negation', [
    ['Which fruits are high in sugar?', 'Which fruits are not high in sugar?'],
    ['Why do some people never get sick?', 'Why do some people always get sick?'],
    ['What can I eat when I have a cold?', "What can't I eat when I have a cold?"],
    ['Write a message telling my team the launch is approved', 'Write a message telling my team the launch is not approved'],
    ['What are the benefits of intermittent fasting?', 'What are the risks of intermittent fasting?'],
    ['How do I make my code run faster?', 'How do I make my code run slower?'],
  ]),
  ...rows('entities', [
    ['What is the national dish of Spain?', 'What is the national dish of Greece?'],
    ['Who founded Amazon?', 'Who founded Netflix?'],
    ['How tall is the Eiffel Tower?', 'How tall is the Empire State Building?'],
    ['What does Kubernetes do?', 'What does Terraform do?'],
    ['Give me a three day itinerary for a first visit to Kyoto with a focus on temples and gardens', 'Give me a three day itinerary for a first visit to Seoul with a focus on temples and gardens'],
    ['What did Nikola Tesla invent?', 'What did Thomas Edison invent?'],
  ]),
  ...rows('ordinals', [
    ['What happens in the second act of Macbeth?', 'What happens in the fourth act of Macbeth?'],
    ['Who was the 3rd person to climb Everest?', 'Who was the 4th person to climb Everest?'],
    ['What is the first amendment about?', 'What is the sixth amendment about?'],
    ['Explain the last stage of mitosis', 'Explain the first stage of mitosis'],
    ['Which country finished 2nd in the 2018 World Cup?', 'Which country finished 3rd in the 2018 World Cup?'],
  ]),
  ...rows('comparisons', [
    ['Is a crocodile bigger than an alligator?', 'Is an alligator bigger than a crocodile?'],
    ['How do I export data from Excel to Google Sheets?', 'How do I export data from Google Sheets to Excel?'],
    ['Why is Java more verbose than Kotlin?', 'Why is Kotlin more verbose than Java?'],
    ['Translate this sentence from Italian to English: ciao bella', 'Translate this sentence from English to Italian: ciao bella'],
    ['Do owls hunt mice?', 'Do mice hunt owls?'],
  ]),
  ...rows('code', [
    ['What does the useState hook return?', 'What does the useReducer hook return?'],
    ['Explain what `git stash pop` does', 'Explain what `git stash drop` does'],
    ['Why does my fetchOrders function return undefined?', 'Why does my fetchInvoices function return undefined?'],
    ['What is the difference between == and === in JavaScript?', 'What is the difference between != and !== in JavaScript?'],
    ['How do I read environment variables in a Dockerfile?', 'How do I read environment variables in a Makefile?'],
  ]),
  ...rows('languages', [
    ['How do I make a good cup of tea?', 'Wie mache ich eine gute Tasse Tee?'],
    ['Write a birthday message for my grandmother in Spanish', 'Write a birthday message for my grandmother in Italian'],
    ['What is the best way to learn to cook?', 'Quelle est la meilleure façon d’apprendre à cuisiner ?'],
    ['Translate "good morning" into Japanese', 'Translate "good morning" into Korean'],
    ['Why do cats purr?', 'Почему кошки мурлычут?'],
  ]),
  ...rows('dates', [
    ['What is on TV tonight?', 'What is on TV tomorrow night?'],
    ['Which holidays fall in November?', 'Which holidays fall in October?'],
    ['What did I schedule for Wednesday afternoon?', 'What did I schedule for Thursday afternoon?'],
    ['Who won the Nobel Prize in Literature in 2016?', 'Who won the Nobel Prize in Literature in 2017?'],
    ['Summarize what happened in the markets this week', 'Summarize what happened in the markets last week'],
  ]),
  ...rows('prepositions', [
    ['What should I eat before a long bike ride?', 'What should I eat during a long bike ride?'],
    ['How did people live after the plague?', 'How did people live before the plague?'],
    ['What has changed in the tax rules since 2020?', 'What has changed in the tax rules until 2020?'],
    ['Can I drink coffee with antibiotics?', 'Can I drink coffee without antibiotics?'],
    ['List the arguments for a four day work week', 'List the arguments against a four day work week'],
    ['How long is the flight to Tokyo from Sydney?', 'How long is the flight from Tokyo to Sydney?'],
    ['What documents do I need to travel to Canada?', 'What documents do I need to travel from Canada?'],
    ['Is it safe to swim after eating?', 'Is it safe to swim while eating?'],
    ['What should I do during an earthquake?', 'What should I do after an earthquake?'],
    ['Write a toast to the bride from her brother', 'Write a toast from the bride to her brother'],
  ]),
  ...rows('topics', [
    ['Write a haiku about autumn leaves', 'Write a haiku about falling snow'],
    ['Tell me a joke about programmers', 'Tell me a joke about lawyers'],
    ['Compose a short poem about my dog', 'Compose a short poem about my cat'],
    ['Write a limerick about a lazy cat', 'Write a sonnet about a lazy cat'],
    ['Write a bedtime story about a brave little dragon', 'Write a bedtime story about a brave little knight'],
    ['Give me a motivational quote about perseverance', 'Give me a motivational quote about friendship'],
    ['Write a product description for a bamboo toothbrush', 'Write a product description for a bamboo cutting board'],
    ['Write a short speech for my sister’s wedding', 'Write a short speech for my sister’s graduation'],
  ]),
];

const paraphrases = (style: ParaphrasePair['style'], list: Row[]): ParaphrasePair[] =>
  list.map(([cached, query]) => ({ kind: 'paraphrase', style, cached, query }));

export const CHECK_PARAPHRASES: readonly ParaphrasePair[] = [
  ...paraphrases('casing', [
    ['What is the largest ocean on Earth?', 'what is the largest ocean on earth?'],
    ['How do airplanes fly?', 'HOW DO AIRPLANES FLY?'],
    ['Explain the rules of chess', 'Explain The Rules Of Chess'],
  ]),
  ...paraphrases('punctuation', [
    ['What is the speed of sound?', 'What is the speed of sound'],
    ['How do magnets work?', 'how do magnets work?!'],
    ['Tell me about the Roman Colosseum.', 'Tell me about the Roman Colosseum'],
  ]),
  ...paraphrases('whitespace', [
    ['How do I clean a cast iron pan?', 'How do I clean a  cast iron pan?'],
    ['What is inflation?', '  What is inflation? '],
    ['Explain how tides work', 'Explain how\ntides work'],
  ]),
  ...paraphrases('contraction', [
    ["What's the population of Canada?", 'What is the population of Canada?'],
    ["Why isn't glass a liquid?", 'Why is not glass a liquid?'],
    ["I'm feeling tired all the time, what could cause it?", 'I am feeling tired all the time, what could cause it?'],
  ]),
  ...paraphrases('number-word', [
    ['Give me 4 tips for public speaking', 'Give me four tips for public speaking'],
    ['Name three famous painters', 'Name 3 famous painters'],
    ['Write a 2 line poem about coffee', 'Write a two line poem about coffee'],
  ]),
  ...paraphrases('polite', [
    ['How do I reset my router?', 'Could you please tell me how to reset my router?'],
    ['What causes earthquakes?', 'Hey, what causes earthquakes?'],
    ['Explain how a bill becomes a law', 'Can you explain how a bill becomes a law?'],
    ['What is the best way to store fresh herbs?', 'I would like to know the best way to store fresh herbs'],
    ['Give me some ideas for a rainy day', 'Please give me some ideas for a rainy day, thank you'],
    ['How do vaccines train the immune system?', 'Quick question: how do vaccines train the immune system?'],
  ]),
  ...paraphrases('word-order', [
    ['How do I remove a stripped screw without a drill?', 'Without a drill, how do I remove a stripped screw?'],
    ['In Excel, how do I freeze the top row?', 'How do I freeze the top row in Excel?'],
    ['What is a good workout for people with bad knees?', 'For people with bad knees, what is a good workout?'],
    ['How can I save money while traveling in Europe?', 'While traveling in Europe, how can I save money?'],
    ['When making pasta, should I salt the water?', 'Should I salt the water when making pasta?'],
    ['After a workout, what should I eat?', 'What should I eat after a workout?'],
  ]),
  ...paraphrases('synonym', [
    ['How can I fall asleep faster?', 'How can I fall asleep quicker?'],
    ['What are the benefits of drinking green tea?', 'What are the advantages of drinking green tea?'],
    ['How do I choose a good laptop?', 'How do I pick a good laptop?'],
    ['What is the main cause of climate change?', 'What is the primary cause of climate change?'],
    ['How can I lower my cholesterol?', 'How can I reduce my cholesterol?'],
    ['Describe the life cycle of a butterfly', 'Explain the life cycle of a butterfly'],
  ]),
];
