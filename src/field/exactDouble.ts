/**
 * The exact decimal expansion of a double.
 *
 * `new Decimal(0.1)` reads the shortest decimal that round-trips ("0.1"), which is not the
 * value the float path computes with (0.1000000000000000055511151231257827…). Every double
 * is m·2^e with integer m, so it is exactly m·5^(−e)/10^(−e) when e < 0: a finite decimal.
 */
const float64View = new Float64Array(1);
const bitsView = new BigUint64Array(float64View.buffer);

/** All digits of the double's binary value, e.g. exactDecimalString(0.1) has 55 significant digits. */
export function exactDecimalString(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`exactDecimalString: ${x} is not finite`);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  float64View[0] = x;
  const bits = bitsView[0];
  const negative = bits >> 63n === 1n;
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // Subnormals have no hidden bit and the minimum exponent.
  let mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  let exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  while (mantissa % 2n === 0n && exponent < 0) {
    mantissa /= 2n;
    exponent += 1;
  }
  const sign = negative ? "-" : "";
  if (exponent >= 0) return sign + (mantissa << BigInt(exponent)).toString();
  const scale = -exponent;
  const digits = (mantissa * 5n ** BigInt(scale)).toString().padStart(scale + 1, "0");
  const integerPart = digits.slice(0, digits.length - scale);
  const fractionPart = digits.slice(digits.length - scale).replace(/0+$/, "");
  return sign + integerPart + (fractionPart ? "." + fractionPart : "");
}
