/**
 * The papers the built-in catalogue encodes: the bibliography behind every entry's
 * `reference.paper` key (docs/references.md is generated from it by `shallowcheck list --references`).
 */
export interface PaperRecord {
  key: string;
  authors: string;
  title: string;
  venue: string;
  year: number;
  arxiv: string;
  /** Which version our readings follow, and what of the text was available. */
  note?: string;
}

export const REFERENCES: readonly PaperRecord[] = [
  {
    key: "dana2025",
    authors: "Léo Dana, Loucas Pillaud-Vivien, Francis Bach",
    title: "Convergence of the Gradient Flow for Shallow ReLU Networks on Weakly Interacting Data",
    venue: "Advances in Neural Information Processing Systems (NeurIPS)",
    year: 2025,
    arxiv: "2502.16977",
    note: "arXiv title: \"Convergence of Shallow ReLU Networks on Weakly Interacting Data\". Numbering (Lemma 1, Theorem 1, eq. (6), Theorem 2, Appendix C.1) follows the arXiv text and the authors' reviews and rebuttal; where the wording was not available the entry's reading states ours.",
  },
  {
    key: "soltanolkotabi2019",
    authors: "Mahdi Soltanolkotabi, Adel Javanmard, Jason D. Lee",
    title: "Theoretical Insights Into the Optimization Landscape of Over-Parameterized Shallow Neural Networks",
    venue: "IEEE Transactions on Information Theory 65(2):742–769",
    year: 2019,
    arxiv: "1707.04926",
    note: "Numbering follows arXiv v3 (Theorems 2.1, 2.2, 2.5), which corrects Proposition 7.1 of earlier versions.",
  },
  {
    key: "safran2018",
    authors: "Itay Safran, Ohad Shamir",
    title: "Spurious Local Minima are Common in Two-Layer ReLU Neural Networks",
    venue: "International Conference on Machine Learning (ICML), PMLR 80",
    year: 2018,
    arxiv: "1712.08968",
    note: "Setting and protocol from the authors' public code (ItaySafran/OneLayerGDconvergence).",
  },
  {
    key: "taheri2025",
    authors: "Mahsa Taheri, Fang Xie, Johannes Lederer",
    title: "Statistical Guarantees for Approximate Stationary Points of Shallow Neural Networks",
    venue: "arXiv preprint (v2; earlier title \"… of Simple Neural Networks\")",
    year: 2025,
    arxiv: "2205.04491",
    note: "The full text was not available to us: the entries encode readings reconstructed from the abstract and public reviews, each stated in the entry, and identities derived and proved here.",
  },
];

export function paperRecord(key: string): PaperRecord | undefined {
  return REFERENCES.find((r) => r.key === key);
}

/** "Dana, Pillaud-Vivien, Bach (NeurIPS 2025; arXiv 2502.16977)". */
export function shortCitation(record: PaperRecord): string {
  const surnames = record.authors.split(", ").map((name) => name.split(" ").at(-1));
  const venue = record.venue.match(/\(([^)]+)\)/)?.[1] ?? record.venue.split(/[ ,]/)[0];
  return `${surnames.join(", ")} (${venue} ${record.year}; arXiv ${record.arxiv})`;
}
