/** "Acme's", "Zorg Industries'": names in findings read as a person would write them. */
export const possessive = (name: string): string => (/s$/i.test(name) ? `${name}'` : `${name}'s`);
