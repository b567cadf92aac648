/** Shopify's leaky bucket for the GraphQL Admin API: one per shop, refilled continuously at `restoreRate`. */
export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.available = maximumAvailable;
    this.updatedAt = clock();
  }

  private refill(): void {
    const now = this.clock();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.updatedAt) / 1000) * this.restoreRate);
    this.updatedAt = now;
  }

  currentlyAvailable(): number {
    this.refill();
    return Math.floor(this.available);
  }

  /** Takes `cost` points if the bucket holds them; false means the request is throttled. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back the difference between requested and actual cost after execution. */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Empties or refills the bucket (control API, tests). */
  set(points: number): void {
    this.refill();
    this.available = Math.max(0, Math.min(this.maximumAvailable, points));
  }

  status() {
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: this.currentlyAvailable(),
      restoreRate: this.restoreRate,
    };
  }
}
