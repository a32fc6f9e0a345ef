/*
 * exp and log1p as fdlibm computes them (e_exp.c, s_log1p.c), which is how V8 computes
 * Math.exp and Math.log1p (its ieee754 routines are ports of fdlibm). Same constants, same
 * branches, same operation order, so each result is bit-identical to V8's when this file is
 * compiled without contraction or reassociation (-ffp-contract=off, no -ffast-math):
 * test/fast/plantedNative.test.ts compares both over ≥10⁶ arguments and the edge cases.
 *
 * The algorithms and constants are fdlibm's:
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
#ifndef SHALLOWCHECK_PLANTED_FDLIBM_H
#define SHALLOWCHECK_PLANTED_FDLIBM_H

#include <stdint.h>
#include <string.h>

static inline uint64_t fdlibmBits(double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  return bits;
}

static inline double fdlibmFromBits(uint64_t bits) {
  double x;
  memcpy(&x, &bits, sizeof x);
  return x;
}

static inline int32_t fdlibmHigh(double x) { return (int32_t)(fdlibmBits(x) >> 32); }

static inline uint32_t fdlibmLow(double x) { return (uint32_t)fdlibmBits(x); }

static inline double fdlibmWithHigh(double x, uint32_t high) {
  return fdlibmFromBits((fdlibmBits(x) & 0xFFFFFFFFu) | ((uint64_t)high << 32));
}

/* e^x: reduce x = k·ln2 + r (|r| ≤ ln2/2), a rational approximation on r, scale by 2^k. */
static double fdlibmExp(double x) {
  static const double one = 1.0, halF[2] = {0.5, -0.5};
  static const double o_threshold = 7.09782712893383973096e+02; /* 0x40862E42 FEFA39EF */
  static const double u_threshold = -7.45133219101941108420e+02; /* 0xC0874910 D52D3051 */
  static const double ln2HI[2] = {6.93147180369123816490e-01, -6.93147180369123816490e-01};
  static const double ln2LO[2] = {1.90821492927058770002e-10, -1.90821492927058770002e-10};
  static const double invln2 = 1.44269504088896338700e+00;
  static const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
                      P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  static const double E = 2.718281828459045; /* V8 returns exactly Math.E for exp(1) */
  static volatile double huge = 1.0e+300, twom1000 = 9.33263618503218878990e-302, two1023 = 8.988465674311579539e307;

  double y, hi = 0.0, lo = 0.0, c, t, twopk;
  int32_t k = 0;
  uint32_t hx = (uint32_t)fdlibmHigh(x);
  const int32_t xsb = (int32_t)((hx >> 31) & 1);
  hx &= 0x7FFFFFFF;

  if (hx >= 0x40862E42) { /* |x| ≥ 709.78…: overflow, underflow, or not finite */
    if (hx >= 0x7FF00000) {
      if (((hx & 0xFFFFF) | fdlibmLow(x)) != 0) return x + x; /* NaN */
      return xsb == 0 ? x : 0.0;                             /* exp(±∞) = ∞, 0 */
    }
    if (x > o_threshold) return huge * huge;
    if (x < u_threshold) return twom1000 * twom1000;
  }

  if (hx > 0x3FD62E42) {   /* |x| > ln2/2 */
    if (hx < 0x3FF0A2B2) { /* and |x| < 1.5·ln2 */
      if (x == 1.0) return E;
      hi = x - ln2HI[xsb];
      lo = ln2LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = (int32_t)(invln2 * x + halF[xsb]);
      t = k;
      hi = x - t * ln2HI[0]; /* t·ln2HI is exact here */
      lo = t * ln2LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3E300000) { /* |x| < 2^-28 */
    if (huge + x > one) return one + x;
  } else {
    k = 0;
  }

  t = x * x;
  if (k >= -1021) {
    twopk = fdlibmFromBits((uint64_t)(0x3FF00000u + ((uint32_t)k << 20)) << 32);
  } else {
    twopk = fdlibmFromBits((uint64_t)(0x3FF00000u + ((uint32_t)(k + 1000) << 20)) << 32);
  }
  c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return one - ((x * c) / (c - 2.0) - x);
  y = one - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

/* log(1 + x): 1 + x = 2^k·(1 + f) with √2/2 < 1 + f < √2, a correction term for the rounding
 * of 1 + x, and log(1 + f) = 2s + 2s·R(s²) with s = f/(2 + f). */
static double fdlibmLog1p(double x) {
  static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  static const double two54 = 1.80143985094819840000e+16;
  static const double Lp1 = 6.666666666666735130e-01, Lp2 = 3.999999999940941908e-01, Lp3 = 2.857142874366239149e-01,
                      Lp4 = 2.222219843214978396e-01, Lp5 = 1.818357216161805012e-01, Lp6 = 1.531383769920937332e-01,
                      Lp7 = 1.479819860511658591e-01;
  static const double zero = 0.0;
  static volatile double vzero = 0.0;

  double hfsq, f = 0.0, c = 0.0, s, z, R, u;
  int32_t k, hu = 0;
  const int32_t hx = fdlibmHigh(x);
  const int32_t ax = hx & 0x7FFFFFFF;

  k = 1;
  if (hx < 0x3FDA827A) {    /* 1 + x < √2 */
    if (ax >= 0x3FF00000) { /* x ≤ −1 */
      if (x == -1.0) return -two54 / vzero;
      return (x - x) / (x - x);
    }
    if (ax < 0x3E200000) { /* |x| < 2^-29 */
      if (two54 + x > zero && ax < 0x3C900000) return x;
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (int32_t)0xBFD2BEC4) { /* √2/2 ≤ 1 + x < √2 */
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7FF00000) return x + x;
  if (k != 0) {
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = fdlibmHigh(u);
      k = (hu >> 20) - 1023;
      c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0); /* the rounding error of 1 + x */
      c /= u;
    } else {
      u = x;
      hu = fdlibmHigh(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000FFFFF;
    if (hu < 0x6A09E) { /* u < √2 */
      u = fdlibmWithHigh(u, (uint32_t)(hu | 0x3FF00000));
    } else {
      k += 1;
      u = fdlibmWithHigh(u, (uint32_t)(hu | 0x3FE00000));
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  hfsq = 0.5 * f * f;
  if (hu == 0) { /* |f| < 2^-20 */
    if (f == zero) {
      if (k == 0) return zero;
      c += k * ln2_lo;
      return k * ln2_hi + c;
    }
    R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return k * ln2_hi - ((R - (k * ln2_lo + c)) - f);
  }
  s = f / (2.0 + f);
  z = s * s;
  R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return k * ln2_hi - ((hfsq - (s * (hfsq + R) + (k * ln2_lo + c))) - f);
}

#endif
