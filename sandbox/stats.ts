/** Request counters per method and route template (e.g. `GET /api/admin/v3/users/{id}`). */
export class RequestStats {
  private counts = new Map<string, number>();
  private total = 0;

  /** Counts one request to `template` with `method`. */
  count(method: string, template: string): void {
    const key = `${method} ${template}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  reset(): void {
    this.counts = new Map();
    this.total = 0;
  }

  /** The wire shape of GET /_sandbox/stats. */
  toJSON(): { requests: Record<string, number>; total: number } {
    return { requests: Object.fromEntries(this.counts), total: this.total };
  }
}
