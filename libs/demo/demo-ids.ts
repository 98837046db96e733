/** Identifiers of the synthetic program's entities, numbered in the order they appear (P-001, CU-00001, ...). */
export class DemoIds {
  private readonly counters = new Map<string, number>();

  constructor(private readonly partnerDigits: number) {}

  partner(index: number): string {
    return `P-${String(index + 1).padStart(this.partnerDigits, '0')}`;
  }

  customer(): string {
    return this.next('CU', 5);
  }

  visitor(): string {
    return this.next('V', 6);
  }

  deal(): string {
    return this.next('D', 4);
  }

  conversion(): string {
    return this.next('C', 4);
  }

  invoice(): string {
    return this.next('INV', 6);
  }

  private next(prefix: string, digits: number): string {
    const value = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, value);
    return `${prefix}-${String(value).padStart(digits, '0')}`;
  }
}
