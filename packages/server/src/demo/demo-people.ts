/*
 * The demo's places and people: two branches of one NGO, one in South 24 Parganas (West Bengal), one in East
 * Singhbhum (Jharkhand, on the Odisha border), three villages each. Names follow the communities that live there;
 * codes have the shape of NRLM and LGD codes but are made up (nothing here points at a real person or account).
 */

export type Community =
  | 'bengali-sc'
  | 'bengali'
  | 'bengali-muslim'
  | 'santal'
  | 'sabar'
  | 'odia'
  | 'odia-sc'
  | 'kurmi'
  | 'munda'
  | 'bhumij'
  | 'jharkhand-sc';

export interface CommunityNames {
  /** Women's first names. */
  first: readonly string[];
  /** Family names; a name may carry its own suffix ('Bibi', 'Devi') in place of one. */
  last: readonly string[];
  /** Men's first names, for nominees (husbands, sons). */
  men: readonly string[];
  /** Inclusion categories every member of the community carries (SC, ST, minority…). */
  categories: readonly ('sc' | 'st' | 'pvtg' | 'minority')[];
}

export const COMMUNITIES: Record<Community, CommunityNames> = {
  'bengali-sc': {
    first: ['Sabita', 'Mitali', 'Rina', 'Shefali', 'Kakoli', 'Mousumi', 'Putul', 'Lakshmi', 'Sumitra', 'Tapasi', 'Jharna', 'Rekha', 'Chhanda', 'Dipali', 'Shyamali', 'Malati', 'Basanti', 'Arati', 'Sandhya', 'Purnima', 'Minati', 'Kalpana', 'Swapna', 'Mampi', 'Tumpa', 'Parbati', 'Sulekha', 'Anima'],
    last: ['Naskar', 'Sardar', 'Halder', 'Purkait', 'Gayen', 'Mondal', 'Bagdi', 'Bauri', 'Mistri', 'Baidya'],
    men: ['Gopal', 'Haripada', 'Nitai', 'Sukumar', 'Bapi', 'Tapan', 'Nimai', 'Shankar', 'Biswanath', 'Ratan'],
    categories: ['sc'],
  },
  bengali: {
    first: ['Anjali', 'Soma', 'Rupa', 'Gita', 'Krishna', 'Jayanti', 'Bulbuli', 'Sharmila', 'Moumita', 'Sanchita', 'Aparna', 'Sukla', 'Debjani', 'Kajal', 'Shampa', 'Papiya', 'Ruma', 'Bithika'],
    last: ['Ghosh', 'Pal', 'Das', 'Roy', 'Jana', 'Bera', 'Maity', 'Pramanik', 'Dolui', 'Samanta'],
    men: ['Subrata', 'Prasanta', 'Asit', 'Dilip', 'Samir', 'Kartick', 'Ashok', 'Biplab', 'Uttam', 'Pradip'],
    categories: [],
  },
  'bengali-muslim': {
    first: ['Rahima', 'Amina', 'Sahanara', 'Jahanara', 'Rokeya', 'Fatema', 'Najma', 'Hasina', 'Salma', 'Morjina', 'Sakila', 'Rehana', 'Asma', 'Monowara', 'Rabeya', 'Sabina', 'Nasima', 'Afroza', 'Jesmina', 'Kohinoor'],
    last: ['Bibi', 'Khatun', 'Bibi', 'Khatun', 'Molla', 'Sheikh', 'Gazi', 'Laskar', 'Paik'],
    men: ['Abdul', 'Rafiq', 'Jahangir', 'Sirajul', 'Nurul', 'Mofizul', 'Rahim', 'Anwar', 'Kashem', 'Hanif'],
    categories: ['minority'],
  },
  santal: {
    first: ['Baha', 'Sonamuni', 'Sukurmuni', 'Phulmani', 'Dulari', 'Lakhimuni', 'Chunda', 'Mugli', 'Salge', 'Sumi', 'Champa', 'Dhani', 'Pano', 'Sombari', 'Basanti', 'Malati', 'Rani', 'Talamai', 'Hopon', 'Jaba'],
    last: ['Hansda', 'Murmu', 'Soren', 'Tudu', 'Hembram', 'Kisku', 'Besra', 'Marandi', 'Baskey'],
    men: ['Budhan', 'Sidhu', 'Kanhu', 'Manik', 'Lakhan', 'Sombaru', 'Chandrai', 'Gomasta', 'Ramjit', 'Dasmat'],
    categories: ['st'],
  },
  sabar: {
    first: ['Budhni', 'Jamuna', 'Kunti', 'Saraswati', 'Chaita', 'Rupni'],
    last: ['Sabar'],
    men: ['Sukra', 'Budhu', 'Gurucharan', 'Mangal'],
    categories: ['st', 'pvtg'],
  },
  odia: {
    first: ['Sasmita', 'Pramila', 'Kuni', 'Sabitri', 'Jamuna', 'Gitanjali', 'Rashmita', 'Sanjukta', 'Mamata', 'Bijayalaxmi', 'Kalpana', 'Sukanti', 'Pravasini', 'Manorama', 'Tapaswini', 'Jyotsna'],
    last: ['Mahanta', 'Pradhan', 'Sahoo', 'Giri', 'Patra', 'Rout', 'Jena', 'Behera', 'Dash', 'Panda'],
    men: ['Bijay', 'Pradeep', 'Sudhir', 'Ramesh', 'Prafulla', 'Bhagaban', 'Sanjay', 'Debendra', 'Kailash', 'Niranjan'],
    categories: [],
  },
  'odia-sc': {
    first: ['Namita', 'Sumitra', 'Kanaka', 'Laxmipriya', 'Basanti', 'Urmila', 'Sakuntala', 'Anjana'],
    last: ['Sethi', 'Nayak', 'Dehury', 'Behera', 'Mallick'],
    men: ['Pabitra', 'Gobinda', 'Ananta', 'Rabindra', 'Dhruba'],
    categories: ['sc'],
  },
  kurmi: {
    first: ['Sunita', 'Rita', 'Manju', 'Savitri', 'Anita', 'Laxmi', 'Kiran', 'Pushpa', 'Saraswati', 'Shanti', 'Urmila', 'Parvati', 'Rukmani', 'Sarita', 'Geeta', 'Jayanti'],
    last: ['Mahato', 'Mahato', 'Gope', 'Devi', 'Devi'],
    men: ['Ramesh', 'Suresh', 'Lalmohan', 'Shivcharan', 'Bhim', 'Jagdish', 'Naresh', 'Binod', 'Anil', 'Madan'],
    categories: [],
  },
  munda: {
    first: ['Phulmani', 'Somari', 'Jasinta', 'Sushila', 'Birsi', 'Etwari', 'Sukro', 'Mangri', 'Salomi', 'Bundi'],
    last: ['Munda', 'Purty', 'Soy', 'Bodra'],
    men: ['Birsa', 'Etwa', 'Somra', 'Mangal', 'Budhram', 'Jidan'],
    categories: ['st'],
  },
  bhumij: {
    first: ['Champa', 'Malati', 'Sumitra', 'Chinta', 'Phulo', 'Dukhni', 'Sabitri', 'Rasmani'],
    last: ['Singh', 'Sardar', 'Bhumij'],
    men: ['Lakhindar', 'Gurupada', 'Ajit', 'Kalipada', 'Sunil'],
    categories: ['st'],
  },
  'jharkhand-sc': {
    first: ['Chinta', 'Gudiya', 'Salo', 'Kalawati', 'Sarita', 'Manju', 'Phulkumari', 'Bimla'],
    last: ['Devi', 'Kalindi', 'Rajak', 'Bhuiyan'],
    men: ['Dukhan', 'Ramdev', 'Sitaram', 'Jitendra', 'Bhola'],
    categories: ['sc'],
  },
};

export interface VillageSeed {
  name: string;
  code: string;
  /** Communities and their weights in this village's SHGs. */
  communities: ReadonlyArray<readonly [Community, number]>;
  /** Place-specific risks (DOMAIN.md inclusion list). */
  area?: 'flood-prone' | 'drought-prone';
}

export interface BranchSeed {
  state: { name: string; code: string; lgd: string };
  district: { name: string; code: string; lgd: string };
  block: { name: string; code: string; lgd: string; nrlm: string };
  language: 'bn' | 'hi' | 'or';
  villages: readonly VillageSeed[];
  shgNames: readonly string[];
  banks: ReadonlyArray<{ name: string; branch: string; ifsc: string }>;
}

export const BRANCHES: readonly BranchSeed[] = [
  {
    state: { name: 'West Bengal', code: 'WB', lgd: '19' },
    district: { name: 'South 24 Parganas', code: 'WB-S24', lgd: '343' },
    block: { name: 'Baruipur', code: 'WB-S24-BRP', lgd: '3139', nrlm: '3216007' },
    language: 'bn',
    villages: [
      { name: 'Ramnagar', code: 'WB-BRP-RMN', communities: [['bengali-sc', 6], ['bengali', 2], ['bengali-muslim', 1]], area: 'flood-prone' },
      { name: 'Madarat', code: 'WB-BRP-MDR', communities: [['bengali-muslim', 6], ['bengali-sc', 3]] },
      { name: 'Shikharbali', code: 'WB-BRP-SKB', communities: [['bengali', 4], ['bengali-sc', 4], ['bengali-muslim', 1]], area: 'flood-prone' },
    ],
    shgNames: [
      'Maa Durga SHG', 'Maa Sarada Mahila Dal', 'Maa Manasa SHG', 'Joy Maa Tara SHG', 'Nari Shakti Dal', 'Alor Disha SHG',
      'Sonar Bangla Mahila SHG', 'Maa Kali SHG', 'Bandhan Mahila Samity', 'Sabuj Sathi SHG', 'Ekata SHG', 'Al-Amin Mahila SHG',
      'Nur Mahila Dal', 'Maa Lakshmi SHG', 'Agragami Mahila SHG', 'Prantik SHG',
    ],
    banks: [
      { name: 'Paschim Banga Gramin Bank', branch: 'Baruipur', ifsc: 'UCBA0RRBPBG' },
      { name: 'State Bank of India', branch: 'Baruipur', ifsc: 'SBIN0001882' },
      { name: 'Bandhan Bank', branch: 'Baruipur', ifsc: 'BDBL0001294' },
    ],
  },
  {
    state: { name: 'Jharkhand', code: 'JH', lgd: '20' },
    district: { name: 'Purbi Singhbhum', code: 'JH-PSB', lgd: '347' },
    block: { name: 'Baharagora', code: 'JH-PSB-BHG', lgd: '2407', nrlm: '1508003' },
    language: 'hi',
    villages: [
      { name: 'Barasol', code: 'JH-BHG-BRS', communities: [['santal', 7], ['sabar', 1], ['kurmi', 2]], area: 'drought-prone' },
      { name: 'Manushmuria', code: 'JH-BHG-MNM', communities: [['odia', 5], ['odia-sc', 2], ['santal', 2]] },
      { name: 'Jagannathpur', code: 'JH-BHG-JGP', communities: [['kurmi', 5], ['munda', 2], ['bhumij', 2], ['jharkhand-sc', 2]], area: 'drought-prone' },
    ],
    shgNames: [
      'Jagriti Mahila Samiti', 'Pragati Sakhi Mandal', 'Ekta Mahila Samuh', 'Phulo Jhano Sakhi Mandal', 'Sarna Sakhi Mandal',
      'Maa Tarini SHG', 'Jay Jagannath Mahila Sangha', 'Ujala Sakhi Mandal', 'Sona Jharia Sakhi Mandal', 'Maa Santoshi Sakhi Mandal',
      'Laxmi Sakhi Mandal', 'Maa Mangala SHG', 'Disom Sakhi Mandal', 'Gulab Mahila Samuh', 'Baha Sakhi Mandal', 'Rani Sati Mahila Samiti',
    ],
    banks: [
      { name: 'Jharkhand Rajya Gramin Bank', branch: 'Baharagora', ifsc: 'SBIN0RRJRGB' },
      { name: 'Bank of India', branch: 'Baharagora', ifsc: 'BKID0004712' },
      { name: 'Punjab National Bank', branch: 'Chitreswar', ifsc: 'PUNB0377400' },
    ],
  },
];

export const LOAN_PURPOSES = [
  'goat rearing', 'poultry', 'duck rearing', 'vegetable cultivation', 'paddy cultivation', 'seeds and fertiliser',
  "children's school fees", 'medical treatment', 'small grocery shop', 'sewing machine', 'tailoring', 'house repair',
  'puffed rice (muri) making', 'bamboo basket making', 'fish pond', 'sal leaf plates', 'tea stall', 'bicycle repair shop',
  'daughter’s admission fees', 'pig rearing', 'mushroom cultivation', 'repaying a moneylender',
] as const;

export const LARGE_LOAN_PURPOSES = ['milch cow', 'e-rickshaw share', 'grocery shop stock', 'pump set', 'power tiller hire business', 'house roof'] as const;
