// The names the sample is made of: plausible, invented, and stable (the seed picks among them).

export const SKUS: readonly [string, number | null][] = [
  ['C9300-DNA-E-24-3Y', 36],
  ['DNA-P-T1-E-5Y', 60],
  ['L-FPR2110T-TMC-3Y', 36],
  ['LIC-MR-ENT-3YR', 36],
  ['LIC-MS250-48LP-3Y', 36],
  ['E2N-AIRWLAN-A-3Y', 36],
  ['SEC-DUO-ADV-1Y', 12],
  ['CSR-1KV-AX-1G', null],
  ['UMB-DNS-ESS-3Y', 36],
  ['SW-ISE-BASE-PERP', null],
  ['WEBEX-MTG-NU-1Y', 12],
  ['C8000-DNA-A-5Y', 60],
];

export const CUSTOMER_NAMES = [
  'Acme Manufacturing',
  'Globex Logistics',
  'Initech Finance',
  'Umbrella Health',
  'Stark Engineering',
  'Wayne Retail',
  'Hooli Media',
  'Vandelay Imports',
  'Soylent Foods',
  'Tyrell Robotics',
  'Cyberdyne Systems',
  'Wonka Confectionery',
  'Oceanic Airlines',
  'Gringotts Bank',
  'Monarch Hotels',
  'Pied Piper Storage',
  'Massive Dynamic',
  'Aperture Labs',
  'Black Mesa Research',
  'Blue Sun Mining',
  'Dunder Paper',
  'Nakatomi Trading',
  'Oscorp Chemicals',
  'Prestige Worldwide',
  'Sterling Advertising',
  'Virtucon Energy',
  'Wernham Hogg',
  'Zorg Industries',
  'Bluth Construction',
  'Kramerica Products',
  'Los Pollos Logistics',
  'Sirius Cybernetics',
  'Duff Beverages',
  'Krusty Foods',
  'Ollivander Crafts',
  'Rekall Travel',
  'Spacely Sprockets',
  'Cogswell Cogs',
  'InGen Biotech',
  'Buy n Large',
];
export const SMALL_BUSINESSES = [
  "Joe's Plumbing",
  'Maria Dental Practice',
  'Corner Bakery',
  'Lakeside Vet Clinic',
  'Smith & Sons Garage',
  'Bloom Florist',
];
export const PUBLIC_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'];

export const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
