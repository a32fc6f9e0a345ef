/** Working precision shared by entries that decide identities involving √. */

/**
 * Digits at which entries that need √ (so cannot use the rational field) decide signs: far below
 * any margin they report, and exact for short-decimal inputs with terminating 1/n and 1/p.
 */
export const IDENTITY_DIGITS = 300;
