import { Dec } from './decimal';

/**
 * An exact fraction of two BigInts, always reduced, denominator positive. Where SPEC says
 * "exactly" (weights, shares, clawback fractions) values are kept as rationals and rounded once,
 * so no intermediate quotient is ever cut to a precision: 1/6 stays 1/6, and 0.26 × 0.18 ÷ 1.04
 * is exactly 0.045.
 */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError('rational: zero denominator');
    if (den < 0n) [num, den] = [-num, -den];
    const divisor = gcd(num < 0n ? -num : num, den);
    return divisor === 1n ? new Rational(num, den) : new Rational(num / divisor, den / divisor);
  }

  /** A plain decimal ("12.50", "-0.045", a Dec, an integer) as the exact fraction it denotes. */
  static fromDecimal(value: string | number | Dec): Rational {
    const text = typeof value === 'string' ? value : new Dec(value).toFixed();
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) throw new RangeError(`rational: "${text}" is not a plain decimal`);
    const [, sign, whole, fraction = ''] = match;
    const num = BigInt(whole + fraction) * (sign ? -1n : 1n);
    return Rational.of(num, 10n ** BigInt(fraction.length));
  }

  /** "n/d" (or "n" when whole) as written by toString(), or a plain decimal. */
  static parse(text: string): Rational {
    const slash = text.indexOf('/');
    if (slash < 0) return Rational.fromDecimal(text);
    return Rational.of(BigInt(text.slice(0, slash)), BigInt(text.slice(slash + 1)));
  }

  plus(other: Rational): Rational {
    return Rational.of(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  minus(other: Rational): Rational {
    return Rational.of(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  times(other: Rational): Rational {
    return Rational.of(this.num * other.num, this.den * other.den);
  }

  dividedBy(other: Rational): Rational {
    if (other.num === 0n) throw new RangeError('rational: division by zero');
    return Rational.of(this.num * other.den, this.den * other.num);
  }

  compare(other: Rational): -1 | 0 | 1 {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  isNegative(): boolean {
    return this.num < 0n;
  }

  min(other: Rational): Rational {
    return this.compare(other) <= 0 ? this : other;
  }

  /** Rounded once, half-even, to `decimals` places, as a Dec (exact: it has at most `decimals` places). */
  round(decimals: number): Dec {
    const scale = 10n ** BigInt(decimals);
    const scaled = this.num * scale;
    let quotient = scaled / this.den; // truncates toward zero
    const remainder = scaled - quotient * this.den;
    if (remainder !== 0n) {
      const twice = 2n * (remainder < 0n ? -remainder : remainder);
      const away = twice > this.den || (twice === this.den && quotient % 2n !== 0n);
      if (away) quotient += scaled < 0n ? -1n : 1n;
    }
    return new Dec(withPoint(quotient, decimals));
  }

  /** An approximation for display only (reasons, logs), never for arithmetic. */
  toSignificantDigits(digits: number): Dec {
    return new Dec(this.num.toString()).dividedBy(this.den.toString()).toSignificantDigits(digits);
  }

  /** "n/d", or "n" for a whole number: exact and parseable by Rational.parse. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

/** The scaled integer written with its decimal point put back (no division, so no precision limit). */
function withPoint(scaled: bigint, decimals: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  const point = digits.length - decimals;
  const text = decimals === 0 ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${text}` : text;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
