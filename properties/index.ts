/** The catalogue: every entry, in the order `shallowcheck list` prints them. */
import type { Property } from "../src/check/property.js";
import { lemma1BalanceGd } from "./dana2025/lemma1-balance-gd.js";

export const CATALOGUE: readonly Property[] = [lemma1BalanceGd];

export function findProperty(id: string): Property | undefined {
  return CATALOGUE.find((property) => property.id === id);
}
