// The equivalence verifier: pairs whose answers could differ are refused (each category of the
// semantic cache's promise), real paraphrases pass. Every pair is checked in both directions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyEquivalent } from '../../src/domain/cache/semantic/equivalence-verifier.js';

type Pair = readonly [string, string];

function assertRejected(pairs: readonly Pair[], reason: RegExp): void {
  for (const [a, b] of pairs) {
    for (const [query, candidate] of [[a, b], [b, a]] as const) {
      const result = verifyEquivalent(query, candidate);
      assert.equal(result.equivalent, false, `expected a refusal: ${JSON.stringify(query)} / ${JSON.stringify(candidate)}`);
      assert.match(result.reason ?? '', reason, `reason for ${JSON.stringify(query)} / ${JSON.stringify(candidate)}`);
    }
  }
}

function assertAccepted(pairs: readonly Pair[]): void {
  for (const [a, b] of pairs) {
    for (const [query, candidate] of [[a, b], [b, a]] as const) {
      const result = verifyEquivalent(query, candidate);
      assert.deepEqual(result, { equivalent: true }, `expected a pass: ${JSON.stringify(query)} / ${JSON.stringify(candidate)}`);
    }
  }
}

describe('verifyEquivalent: numbers and units', () => {
  test('refuses different numbers, however they are written', () => {
    assertRejected(
      [
        ['How do I buy 3 apples?', 'How do I buy 4 apples?'],
        ['How do I buy three apples?', 'How do I buy four apples?'],
        ['Is $5 a good tip?', 'Is $50 a good tip?'],
        ['What is 10% of 200?', 'What is 20 percent of 200?'],
        ['Is the iPhone 7 waterproof?', 'Is the iPhone 8 waterproof?'],
        ["What's new in Python 3.10?", "What's new in Python 3.1?"],
        ['Is 2 million people a lot?', 'Is 3 million people a lot?'],
        ['Which one is better?', 'Which two are better?'],
        ['Can I run a PS4 game on a PS5?', 'Can I run a PS4 game on a PS3?'],
      ],
      /numbers/,
    );
  });

  test('refuses the same number in different units', () => {
    assertRejected(
      [
        ['How long does it take to walk 5 km?', 'How long does it take to walk 5 miles?'],
        ['Is 30 C hot?', 'Is 30 F hot?'],
        ['Convert 100 Celsius to Kelvin', 'Convert 100 Fahrenheit to Kelvin'],
      ],
      /units/,
    );
  });

  test('accepts digits for spelled-out numbers and a pronoun "one"', () => {
    assertAccepted([
      ['How do I buy 3 apples?', 'How can I purchase three apples?'],
      ['What happened in 1,000 BC?', 'What happened in 1000 BC?'],
      ['Is twenty-one a good age to marry?', 'Is 21 a good age to marry?'],
      ['Why does a year have one hundred and five days?', 'Why does a year have 105 days?'],
      ['How much do a dozen eggs cost?', 'How much do 12 eggs cost?'],
      ['Which one is better?', 'Which is better?'],
      ['Is 5km far?', 'Is 5 km far?'],
      ['Is 5 kilometers far?', 'Is 5 km far?'],
    ]);
  });

  test('refuses different arithmetic and comparison operators', () => {
    assertRejected(
      [
        ['What is 10 - 3?', 'What is 10 + 3?'],
        ['What is 6 times 7?', 'What is 6 plus 7?'],
        ['When is a == b true in JavaScript?', 'When is a === b true in JavaScript?'],
      ],
      /operators/,
    );
    assertAccepted([
      ['What is 10 minus 3?', 'What is 10 - 3?'],
      ['What is 12 divided by 4?', 'What is 12 / 4?'],
    ]);
  });
});

describe('verifyEquivalent: negation and opposites', () => {
  test('refuses a negated question', () => {
    assertRejected(
      [
        ['Why can I sleep at night?', "Why can't I sleep at night?"],
        ['Is coffee good for you?', 'Is coffee not good for you?'],
        ['Should I ever eat raw eggs?', 'Should I never eat raw eggs?'],
        ['How do I make coffee with sugar?', 'How do I make coffee without sugar?'],
        ['Is there a way to fix it?', 'Is there no way to fix it?'],
        ['Did anyone reply?', 'Did nobody reply?'],
      ],
      /negation/,
    );
  });

  test('accepts contractions and their expansions', () => {
    assertAccepted([
      ["Why don't cats like water?", 'Why do not cats like water?'],
      ["Why can't I sleep?", 'Why cannot I sleep?'],
      ["Why won't my car start?", 'Why will not my car start?'],
      ["What's the capital of France?", 'What is the capital of France?'],
      ['Whats the capital of France', "What's the capital of France?"],
      ['Should I go, whether or not it rains?', 'Should I go, whether it rains?'],
    ]);
  });

  test('refuses opposite words', () => {
    assertRejected(
      [
        ['How do I increase my credit score?', 'How do I decrease my credit score?'],
        ['When should I buy bitcoin?', 'When should I sell bitcoin?'],
        ['What are the advantages of nuclear power?', 'What are the disadvantages of nuclear power?'],
        ['What are the pros of nuclear power?', 'What are the cons of nuclear power?'],
        ['What is the minimum wage in Texas?', 'What is the maximum wage in Texas?'],
        ['What should I eat before a run?', 'What should I eat after a run?'],
        ['Is it better to drink hot water?', 'Is it better to drink cold water?'],
        ['How do I turn on dark mode?', 'How do I turn off dark mode?'],
        ['Is it possible to learn Python in a month?', 'Is it impossible to learn Python in a month?'],
        ['Why do people like pineapple pizza?', 'Why do people dislike pineapple pizza?'],
        ['What are the advantages of nuclear power?', 'What are the pros and cons of nuclear power?'],
        ['What are the similarities between frogs and toads?', 'What are the differences between frogs and toads?'],
      ],
      /opposite/,
    );
  });

  test('accepts the same pole written with other words', () => {
    assertAccepted([
      ['What are the advantages of nuclear power?', 'What are the benefits of nuclear power?'],
      ['What are the pros and cons of nuclear power?', 'What are the advantages and disadvantages of nuclear power?'],
    ]);
  });
});

describe('verifyEquivalent: names, ordinals, order', () => {
  test('refuses different named entities', () => {
    assertRejected(
      [
        ['What is the capital of France?', 'What is the capital of Germany?'],
        ['How do I learn Python?', 'How do I learn Java?'],
        ['Is NASA hiring engineers?', 'Is ESA hiring engineers?'],
        ['How do I reset my iPhone?', 'How do I reset my Android phone?'],
        ['Is Harvard University worth it?', 'Is Stanford University worth it?'],
        ['How deep is Lake Sevan?', 'How deep is lake Vanem?'],
        ['How do I learn Python?', 'How do I learn Python and Java?'],
      ],
      /names|identifiers/, // camel-cased names ("iPhone") are also identifiers
    );
  });

  test('accepts names in other casing and a shorter form of a name', () => {
    assertAccepted([
      ['How do I get a job at Google?', 'how do i get a job at google'],
      ['What are some reasons to vote for Trump?', 'What are some reasons to vote for Donald Trump?'],
      ['Why is Donald J Trump popular?', 'Why is Donald Trump popular?'],
      ['HOW DO I LEARN PYTHON', 'How do I learn Python?'],
      ['How To Learn Python In A Month', 'How to learn Python in a month'],
    ]);
  });

  test('refuses different ordinals and Roman numerals', () => {
    assertRejected(
      [
        ['Who won the first world war?', 'Who won the second world war?'],
        ['Who was the 1st president of the USA?', 'Who was the 2nd president of the USA?'],
        ['When did World War I end?', 'When did World War II end?'],
        ['Who was Henry VII?', 'Who was Henry VIII?'],
      ],
      /numbers/,
    );
    assertAccepted([
      ['Who was the first president of the USA?', 'Who was the 1st president of the USA?'],
      ['How long is one second?', 'How long is 1 second?'],
    ]);
  });

  test('refuses the compared or related things in the other order', () => {
    assertRejected(
      [
        ['Is an elephant bigger than a whale?', 'Is a whale bigger than an elephant?'],
        ['How do I convert Celsius to Fahrenheit?', 'How do I convert Fahrenheit to Celsius?'],
        ['What is 10 percent of 50?', 'What is 50 percent of 10?'],
        ['What is 10 - 3?', 'What is 3 - 10?'],
        ['Why do cats chase dogs?', 'Why do dogs chase cats?'],
        ['What do North Indians think about South Indians?', 'What do South Indians think about North Indians?'],
        ['How do I translate English to French?', 'How do I translate French to English?'],
      ],
      /order/,
    );
  });

  test('accepts other word orders of words that are not compared', () => {
    assertAccepted([
      ['How can I learn Python quickly?', 'How can I quickly learn Python?'],
      ['Is Python better than Java for web development?', 'For web development, is Python better than Java?'],
      ['What is the difference between Python and Java?', 'What is the difference between Java and Python?'],
    ]);
  });
});

describe('verifyEquivalent: prepositions, changed words, creative topics', () => {
  test('refuses a temporal preposition changed before the same word', () => {
    assertRejected(
      [
        ['What should I eat during a marathon?', 'What should I eat after a marathon?'],
        ['What did Europe look like before the war?', 'What did Europe look like during the war?'],
        ['How have phones changed since 2010?', 'How have phones changed until 2010?'],
        ['Can I drink water while fasting?', 'Can I drink water after fasting?'],
        ['How long should I rest until my next workout?', 'How long should I rest since my next workout?'],
      ],
      /relation|opposite/, // "before" / "after" is also an opposite pair
    );
  });

  test('refuses with / without, for / against, to / from and other relations', () => {
    assertRejected(
      [
        ['Can I take ibuprofen with coffee?', 'Can I take ibuprofen without coffee?'],
        ['Summarize the case for remote work', 'Summarize the case against remote work'],
        ['How much is a train ticket to Berlin?', 'How much is a train ticket from Berlin?'],
        ['Write a thank you note to my neighbour', 'Write a thank you note from my neighbour'],
        ['Write a poem about my grandmother', 'Write a poem for my grandmother'],
        ['Where is the switch above the stove?', 'Where is the switch below the stove?'],
      ],
      /relation|negation|opposite/,
    );
  });

  test('refuses the objects of the same prepositions swapped', () => {
    assertRejected(
      [
        ['How long is the drive from Lyon to Nice?', 'How long is the drive to Lyon from Nice?'],
        ['What is 40 degrees Celsius in Fahrenheit?', 'What is 40 degrees Fahrenheit in Celsius?'],
      ],
      /relation|order/,
    );
  });

  test('accepts prepositional phrases moved, dropped or said with an interchangeable preposition', () => {
    assertAccepted([
      ['During a storm, is it safe to use a phone?', 'Is it safe to use a phone during a storm?'],
      ['From London, how long is the train to Paris?', 'How long is the train to Paris from London?'],
      ['What is the best way to learn Spanish in 3 months?', 'What is the best way to learn Spanish within 3 months?'],
      ['How do I convert a string to an integer?', 'How do I convert a string into an integer?'],
      ['Write a poem about the sea', 'Write a sea poem'],
      ['What is the difference between tea and coffee?', 'What is the difference between coffee and tea?'],
      ['Give me a book on astronomy', 'Give me a book about astronomy'],
    ]);
  });

  test('refuses a changed topic, form or audience of a creative request', () => {
    assertRejected(
      [
        ['Write a haiku about the moon', 'Write a haiku about the sea'],
        ['Tell me a joke about chickens', 'Tell me a joke about cows'],
        ['Write a haiku about winter', 'Write a limerick about winter'],
        ['Write a bedtime story for my son about a whale', 'Write a bedtime story for my son about a wolf'],
        ['Write a speech for my brother’s wedding', 'Write a speech for my brother’s retirement'],
      ],
      /words/,
    );
  });

  test('refuses a changed connective, and a replaced word that also occurs elsewhere', () => {
    assertRejected(
      [
        ['Should I buy a laptop or a tablet for university?', 'Should I buy a laptop and a tablet for university?'],
        ['Which airlines only fly to Iceland?', 'Which airlines also fly to Iceland?'],
        ['Should I water cacti every week?', 'Should I water cacti every other week?'],
        ['Can I fly if I have a cold?', 'Can I fly unless I have a cold?'],
      ],
      /connective|negation/,
    );
    assertRejected([['Write a script that reads a file and writes a log', 'Write a script that writes a file and writes a log']], /words/);
    assertAccepted([['Is it safe, yes or not?', 'Is it safe, yes or not?'], ['Is coffee healthy or not?', 'Is coffee healthy?']]);
  });

  test('refuses any other changed content word', () => {
    assertRejected(
      [
        ['How do I bake bread?', 'How do I bake cake?'],
        ['What are the side effects of coffee?', 'What are the health effects of coffee?'],
        ['How many grams are in a cup?', 'How many grams are in a spoon?'],
        ['Explain what git rebase does', 'Explain what git merge does'],
        ['Comment faire cuire un œuf ?', 'How do I boil an egg?'],
      ],
      /words|language/,
    );
  });

  test('accepts listed synonyms, inflections and nouns of the same verb', () => {
    assertAccepted([
      ['What are the symptoms of the flu?', 'What are the signs of influenza?'],
      ['How can I lower my blood pressure?', 'How can I reduce my blood pressure?'],
      ['Describe the water cycle', 'Explain the water cycle'],
      ['What is the fastest way to learn typing?', 'What is the quickest way to learn typing?'],
      ['How do I install Docker?', 'What are the steps for the installation of Docker?'],
      ['Why is my favourite colour blue?', 'Why is my favorite color blue?'],
      ['How do I get rid of ants?', 'How do I remove ants?'],
    ]);
  });

  test('refuses a politeness word that is what the request is about', () => {
    assertRejected(
      [
        ['How do I say thank you in Korean?', 'How do I say sorry in Korean?'],
        ['How do I say please in Italian?', 'How do I say sorry in Italian?'],
        ['Hello in Swahili?', 'Goodbye in Swahili?'],
      ],
      /words/,
    );
    assertRejected([['Good morning in Polish?', 'Good evening in Polish?']], /dates/);
  });

  test('accepts politeness and request wrappers around the same question', () => {
    assertAccepted([
      ['What is the capital of Peru?', 'Could you tell me what the capital of Peru is?'],
      ['How do I tie a tie?', 'Hi! Can you please tell me how to tie a tie? Thanks'],
      ['Explain how rainbows form', 'I was wondering, could you explain how rainbows form?'],
      ['How can I learn to swim?', 'Quick question: how do I learn to swim?'],
      ['What is the tallest tree in the world?', 'Do you know what the tallest tree in the world is?'],
      ['How do solar panels work?', 'Good morning! Would you mind telling me how solar panels work?'],
      ['Write a toast for my parents', 'Can you write a toast for my parents? Thank you so much!'],
    ]);
  });
});

describe('verifyEquivalent: code and identifiers', () => {
  test('refuses different identifiers, code spans, files, calls, flags and URLs', () => {
    assertRejected(
      [
        ['What does os.path.join do?', 'What does os.path.split do?'],
        ['Why is my_var undefined?', 'Why is my_val undefined?'],
        ['What does getElementById return?', 'What does getElementsByClassName return?'],
        ['How do I use `map` in Python?', 'How do I use `filter` in Python?'],
        ['How do I parse config.yaml?', 'How do I parse config.json?'],
        ['What does print() return in Python?', 'What does len() return in Python?'],
        ['What does git reset --hard do?', 'What does git reset --mixed do?'],
        ['Summarise https://example.com/a', 'Summarise https://example.com/b'],
        ['Fix this:\n```js\nconst a = 1;\n```', 'Fix this:\n```js\nconst a = 2;\n```'],
      ],
      /code|identifiers|numbers/,
    );
    assertRejected([['What does the emoji 🙂 mean?', 'What does the emoji 🙃 mean?'], ['What does :( mean?', 'What does :) mean?']], /symbols/);
  });

  test('accepts the same code with other prose around it', () => {
    assertAccepted([
      ['What does `os.path.join` do?', 'What does `os.path.join` do exactly?'],
      ['Explain what getElementById returns', 'Explain what getElementById returns.'],
    ]);
  });
});

describe('verifyEquivalent: languages, dates, kinds of question', () => {
  test('refuses another language or script', () => {
    assertRejected(
      [
        ['What is the capital of France?', 'Quelle est la capitale de la France ?'],
        ['Where is the train station?', '¿Dónde está la estación de tren?'],
        ['How are you?', 'Как дела?'],
        ['你好吗', 'お元気ですか'],
        ['Wie spät ist es und wo ist der Bahnhof?', 'Hoe laat is het en waar is het station?'],
      ],
      /language|script/,
    );
    assertAccepted([['Quelle est la capitale de la France ?', 'quelle est la capitale de la france']]);
  });

  test('refuses different dates and times', () => {
    assertRejected(
      [
        ['What is the weather today?', 'What is the weather tomorrow?'],
        ['Is the museum open on Monday?', 'Is the museum open on Tuesday?'],
        ['What happened in January 2020?', 'What happened in February 2020?'],
        ['What are the plans for next week?', 'What are the plans for last week?'],
        ['What should I eat in the morning?', 'What should I eat at night?'],
        ['What happened on May 5?', 'What happened on June 5?'],
      ],
      /dates/,
    );
    assertRejected([['Who won the election in 2020?', 'Who won the election in 2016?']], /numbers/);
    assertAccepted([['May I ask a question?', 'may i ask a question']]);
  });

  test('refuses a different kind of question', () => {
    assertRejected(
      [
        ['Why did World War 2 end?', 'When did World War 2 end?'],
        ['Where is the Eiffel Tower?', 'Who built the Eiffel Tower?'],
        ['How many people live in Tokyo?', 'How much do people in Tokyo earn?'],
        ['Can Islam be reformed?', 'How can Islam be reformed?'],
        ['What is a kidney stone?', 'What is it like to have a kidney stone?'],
      ],
      /question/,
    );
  });

  test('refuses whose thing it is and quoted words', () => {
    assertRejected(
      [
        ['Is it wrong to hate my boss?', 'Is it wrong to hate your boss?'],
        ['What is my blood type?', 'What is their blood type?'],
      ],
      /possessor/,
    );
    assertRejected([['What part of speech is "was"?', 'What part of speech is "tell"?']], /quoted/);
  });
});

describe('verifyEquivalent: paraphrases and odd input', () => {
  test('accepts casing, punctuation, spacing, synonyms and wording of the same question', () => {
    assertAccepted([
      ['What is the capital of France?', 'what is the capital of france'],
      ['What is the capital of France?', '  What is the capital of France ?!  '],
      ['How do I invest my money wisely?', 'How can I invest my money wisely?'],
      ['How do I buy a car?', 'How can I purchase an automobile?'],
      ['What is the reason the sky is blue?', 'Why is the sky blue?'],
      ['Tell me how to learn Python.', 'How do I learn Python?'],
      ['“What is love?”', '"What is love?"'],
    ]);
  });

  test('never throws and treats identical texts as equivalent', () => {
    // The last one repeats directional words hundreds of times (the order check once took seconds on it).
    const repeated = Array.from({ length: 300 }, (_, i) => `go from city${i % 50} to town${i % 37} of it`).join(' ');
    const odd = ['', '   ', '?!', 'constructor toString __proto__ hasOwnProperty valueOf', '🙂🙂', 'x'.repeat(5000), '```', '`', repeated];
    for (const a of odd) {
      assert.deepEqual(verifyEquivalent(a, a), { equivalent: true }, JSON.stringify(a.slice(0, 20)));
      for (const b of odd) assert.equal(typeof verifyEquivalent(a, b).equivalent, 'boolean');
    }
  });

  test('is a pure function: the same answer every time', () => {
    const first = verifyEquivalent('How do I buy 3 apples?', 'How do I buy 4 apples?');
    for (let i = 0; i < 5; i++) assert.deepEqual(verifyEquivalent('How do I buy 3 apples?', 'How do I buy 4 apples?'), first);
  });
});
