/** 12,000: a number as messages and descriptions write it. */
export const formatCount = (n: number) => n.toLocaleString('en-US');

/** "5 s": a duration in milliseconds as messages write it. */
export const secondsText = (ms: number) => `${Math.round(ms / 1000)} s`;

/** The text with its first letter upper case. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
