/**
 * A certified bound B on the third derivative of the ReLU teacher–student population loss
 * F(W) = ½E[(Σ_i relu(⟨w_i,x⟩) − Σ_j relu(⟨v_j,x⟩))²] (src/population/reluTeacherStudent.ts)
 * over a Frobenius ball of radius R around W₀: |D³F(W)[U,U,U]| ≤ B·‖U‖³ for every W in the ball
 * (wherever D³F exists; see "non-smooth points" below). For a symmetric trilinear form on a
 * Hilbert space the sup of |T[U,U,U]| over unit U equals its operator norm (Banach 1938), so B
 * also bounds ‖D³F‖. Derivation (written for this file; the paper gives no
 * formula, Safran & Shamir's maxthirdderivative.m was not read):
 *
 * 1. Split the kernel. With p = ⟨w,x⟩, q = ⟨v,x⟩ and relu(z) = (z + |z|)/2, and E[p|q|] = 0 by
 *    the symmetry x → −x: f(w,v) = E[relu(p)relu(q)] = ¼⟨w,v⟩ + ¼A(w,v), A = E|p||q|. The
 *    bilinear part has zero third derivative. A = ‖w‖‖v‖·J(ρ), ρ = cos θ, with
 *    J(ρ) = (2/π)(√(1−ρ²) + ρ·arcsin ρ), J′ = (2/π)arcsin ρ, J″ = (2/π)/s, J‴ = (2/π)ρ/s³, s = sin θ.
 * 2. Perspective form. A = h(P, N) := N·J(P/N) with P = ⟨w,v⟩, N = ‖w‖‖v‖. Then h_P = J′(ρ),
 *    h_N = J − ρJ′ = (2/π)s, D²h[δ,δ] = J″·e²/N and D³h[δ,δ,δ] = (J‴e³ − 3J″e²·δN)/N², where
 *    e = δP − ρ·δN.
 * 3. Along a line w(t) = w + ta, v(t) = v + tb (b = 0 for a teacher row), with γ = (P, N):
 *    A‴ = D³h[γ′,γ′,γ′] + 3D²h[γ′,γ″] + Dh[γ‴], and P‴ = 0 (P is quadratic in t).
 *    Write m = ‖w‖, n = ‖v‖, α = ‖a‖, β = ‖b‖, q = nα + mβ. Elementary bounds:
 *    |m′| ≤ α, 0 ≤ m″ ≤ α²/m, |m‴| = 3|m′m″|/m ≤ 3α³/m² (same for n), hence
 *    |N′| ≤ q, |N″| ≤ q²/N and |N‴| ≤ 3q³/N² (expand N‴ = m‴n + 3m″n′ + 3m′n″ + mn‴ and compare
 *    term by term with q³/N² = nα³/m² + 3α²β/m + 3αβ²/n + mβ³/n²).
 *    The key cancellation: e₁ = P′ − ρN′ = n⟨a, v̄ − ρw̄⟩ + m⟨b, w̄ − ρv̄⟩ and ‖v̄ − ρw̄‖ = s, so
 *    |e₁| ≤ s·q; and e₂ = P″ − ρN″ = 2⟨a,b⟩ − ρN″ has |e₂| ≤ 2αβ + q²/N ≤ 2q²/N.
 *    Term by term: |J‴e₁³|/N² ≤ (2/π)q³/N², |3J″e₁²N′|/N² ≤ (2/π)·3s·q³/N²,
 *    |3J″e₁e₂|/N ≤ (2/π)·6q³/N², |(2/π)s·N‴| ≤ (2/π)·3q³/N². So |A‴| ≤ (26/π)·q³/N² and
 *
 *      |d³/dt³ f(w + ta, v + tb)| ≤ (13/(2π))·‖w‖‖v‖·(‖a‖/‖w‖ + ‖b‖/‖v‖)³   (*)
 *
 *    at the current point of the line, whatever the angle.
 * 4. Sum over F = Σ_{i<i′} f(w_i,w_{i′}) − Σ_{i,j} f(w_i,v_j) + const (the diagonal terms
 *    f(w,w) = ‖w‖²/2 are quadratic). For ‖U‖_F = 1 with α_i = ‖u_i‖, on the ball every student
 *    norm lies in [m_i⁻, m_i⁺] = [‖w⁰_i‖ − R, ‖w⁰_i‖ + R]. By (*), (α_i + α_{i′})³ ≤
 *    2√2(α_i² + α_{i′}²)^{3/2} ≤ 2√2(α_i² + α_{i′}²) and α_i³ ≤ α_i²:
 *
 *      B = (13/(2π))·max_i [ 2√2·Σ_{i′≠i} m_i⁺m_{i′}⁺ / min(m_i⁻, m_{i′}⁻)³ + Σ_j ‖v_j‖ / (m_i⁻)² ].
 *
 *    Crude (it ignores all angles), but the certificate needs only 25‖∇F‖B ≤ 9λ², and Newton
 *    refinement makes ‖∇F‖ tiny.
 *
 * Non-smooth points. D³F does not exist where a pair is parallel (s = 0). Along any line avoiding
 * zero rows, s(t)² is a ratio of polynomials, so s vanishes at isolated t or identically. At an
 * isolated zero the second derivative A″ = J″e₁²/N + J′(ρ)P″ + (2/π)s·N″ stays continuous
 * (J″e₁² ≤ (2/π)s·q² → 0), so A″ is Lipschitz along the line with the constant (*); if s ≡ 0 then
 * A = N along the line and |N‴| ≤ 3q³/N² is within (*). So F is C² with a B-Lipschitz second
 * derivative along every segment of the ball — all that the Taylor bound F(W₀+U) ≥ F(W₀) +
 * ⟨∇F,U⟩ + ½UᵀHU − B‖U‖³/6 of the local-minimum criterion needs. Zero rows are the only points
 * excluded: R < min‖w⁰_i‖ is required (m_i⁻ > 0), and zero teacher rows contribute nothing.
 * (Safran & Shamir's extra clearance 2r < min‖w_i − w_j‖ is not needed by this derivation; the
 * certifier still checks it, as their certificate does.)
 */
import type { IntervalField, Interval } from "../field/interval.js";

export interface ThirdDerivativeBound {
  /** Enclosure of the formula's value; its upper end is the certified bound B. */
  bound: Interval;
  /** Certified lower bound of min_i m_i⁻ = min‖w⁰_i‖ − R (must be > 0). */
  minimumStudentNorm: Interval;
}

/**
 * B over the Frobenius ball of radius R around the student rows whose norms are `studentNorms`
 * (enclosures of ‖w⁰_i‖), for teacher rows of norms `teacherNorms`. Throws a RangeError when
 * the ball may reach a zero student row (‖w⁰_i‖ − R not certainly > 0): B does not exist there.
 */
export function thirdDerivativeBound(
  I: IntervalField,
  studentNorms: readonly Interval[],
  teacherNorms: readonly Interval[],
  radius: Interval,
): ThirdDerivativeBound {
  const lower = studentNorms.map((m) => I.sub(m, radius));
  const upper = studentNorms.map((m) => I.add(m, radius));
  const minimumStudentNorm = lower.reduce((a, b) => I.min(a, b));
  if (I.sign(minimumStudentNorm) !== 1) {
    throw new RangeError("third-derivative bound: the ball may reach a zero student row (min‖w_i‖ − R is not certainly > 0)");
  }
  const teacherTotal = teacherNorms.reduce((a, b) => I.add(a, b), I.zero);
  const twoRootTwo = I.mul(I.fromNumber(2), I.sqrt(I.fromNumber(2)));
  let worst: Interval | undefined;
  for (let i = 0; i < studentNorms.length; i++) {
    let pairs = I.zero;
    for (let j = 0; j < studentNorms.length; j++) {
      if (j === i) continue;
      const smallest = I.min(lower[i], lower[j]);
      const cube = I.mul(I.mul(smallest, smallest), smallest);
      pairs = I.add(pairs, I.div(I.mul(upper[i], upper[j]), cube));
    }
    const square = I.mul(lower[i], lower[i]);
    const row = I.add(I.mul(twoRootTwo, pairs), I.div(teacherTotal, square));
    worst = worst === undefined ? row : I.max(worst, row);
  }
  const constant = I.div(I.fromNumber(13), I.mul(I.fromNumber(2), I.pi));
  return { bound: I.mul(constant, worst ?? I.zero), minimumStudentNorm };
}
