/** The part of a certificate a stored counterexample or a report keeps, and its one-line form. */
import type { StoredCertificate } from "../check/corpus.js";
import type { Certificate } from "./certify.js";

export function storedCertificate(c: Certificate): StoredCertificate {
  return { verdict: c.verdict, margin: c.margin, digits: c.digits, method: c.method, ...(c.hint ? { hint: c.hint } : {}) };
}

/** "refuted (interval, 50 digits; margin in [lo, hi])" — what check and hunt print next to a counterexample. */
export function certificateSummary(c: Certificate | StoredCertificate): string {
  const margin = c.margin ? `; margin in [${c.margin.lo}, ${c.margin.hi}]` : "";
  const how = c.method ? `${c.method}, ${c.digits} digits` : `${c.digits} digits`;
  const meaning = c.verdict === "refuted" ? " — a proved counterexample" : c.verdict === "unsupported" ? " — the entry has no interval margin yet" : "";
  return `${c.verdict} (${how}${margin})${meaning}${c.hint ? `; ${c.hint}` : ""}`;
}
