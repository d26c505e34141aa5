// Names that are entities even when typed in lowercase ("how do i learn python in india"):
// languages and nationalities, countries, large cities, programming languages, platforms and
// well-known products. Ambiguous common words ("go", "rust", "apple", "windows") are left out;
// written with a capital they are found anyway.

const NAMES =
  // languages and nationalities
  'english french spanish german italian portuguese dutch russian chinese mandarin cantonese japanese korean ' +
  'hindi urdu bengali punjabi tamil telugu marathi gujarati kannada malayalam arabic hebrew persian farsi turkish ' +
  'greek latin polish ukrainian swedish norwegian danish finnish czech hungarian romanian vietnamese thai ' +
  'indonesian malay filipino tagalog swahili american british canadian australian indian pakistani mexican ' +
  'brazilian african european asian irish scottish israeli iranian iraqi egyptian nigerian kenyan ' +
  // countries and regions
  'usa america canada mexico brazil argentina chile peru colombia venezuela cuba uk britain england scotland ' +
  'wales ireland france germany italy spain portugal netherlands holland belgium switzerland austria sweden ' +
  'norway denmark finland iceland poland russia ukraine greece romania hungary serbia croatia israel palestine ' +
  'iran iraq syria lebanon jordan egypt saudi qatar dubai uae kuwait afghanistan pakistan india nepal bhutan ' +
  'bangladesh srilanka china japan korea taiwan vietnam thailand singapore malaysia indonesia philippines ' +
  'australia zealand africa nigeria kenya ethiopia ghana morocco algeria tunisia europe asia antarctica ' +
  // cities
  'london paris berlin madrid rome moscow tokyo beijing shanghai delhi mumbai bangalore bengaluru chennai ' +
  'kolkata hyderabad pune karachi lahore dhaka sydney melbourne toronto vancouver montreal chicago boston ' +
  'seattle california texas florida york angeles francisco washington hollywood silicon ' +
  // programming and platforms
  'python java javascript typescript kotlin scala haskell perl php golang cpp csharp fsharp matlab fortran ' +
  'cobol sql mysql postgresql postgres sqlite mongodb redis oracle html css json xml yaml react angular vue ' +
  'django flask rails laravel nodejs node.js linux ubuntu debian fedora macos ios android iphone ipad ' +
  'macbook docker kubernetes aws azure gcp git github gitlab tensorflow pytorch numpy pandas ' +
  // companies, products and sites
  'google facebook instagram whatsapp youtube twitter tiktok snapchat linkedin reddit quora wikipedia amazon ' +
  'microsoft netflix spotify uber airbnb tesla samsung nokia sony intel amd nvidia ibm paypal bitcoin ' +
  'ethereum chatgpt openai gmail yahoo bing skype flipkart jio airtel ' +
  // people and institutions often typed in lowercase
  'trump obama clinton hillary modi gandhi einstein newton shakespeare hitler jesus christ muhammad buddha ' +
  'harvard stanford oxford cambridge iit nasa isro nato fbi cia';

export const KNOWN_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/));
