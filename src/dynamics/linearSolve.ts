/** Small dense linear systems over any field: Gaussian elimination with partial pivoting. */
import type { Field } from "../field/field.js";

/** x with A·x = b, or undefined when A is singular to the field's eye (a zero pivot). */
export function solveLinearSystem<T>(F: Field<T>, A: readonly (readonly T[])[], b: readonly T[]): T[] | undefined {
  const m = b.length;
  const rows = A.map((row, i) => [...row, b[i]]);
  for (let column = 0; column < m; column++) {
    let pivot = column;
    for (let row = column + 1; row < m; row++) {
      if (Math.abs(F.toNumber(rows[row][column])) > Math.abs(F.toNumber(rows[pivot][column]))) pivot = row;
    }
    if (F.sign(rows[pivot][column]) === 0) return undefined;
    [rows[column], rows[pivot]] = [rows[pivot], rows[column]];
    for (let row = column + 1; row < m; row++) {
      const factor = F.div(rows[row][column], rows[column][column]);
      for (let k = column; k <= m; k++) rows[row][k] = F.sub(rows[row][k], F.mul(factor, rows[column][k]));
    }
  }
  const x = new Array<T>(m).fill(F.zero);
  for (let row = m - 1; row >= 0; row--) {
    let total = rows[row][m];
    for (let k = row + 1; k < m; k++) total = F.sub(total, F.mul(rows[row][k], x[k]));
    x[row] = F.div(total, rows[row][row]);
  }
  return x;
}
