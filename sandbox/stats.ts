/**
 * Request counters of `/api/` routes: per method and route template (e.g.
 * `GET /api/admin/v3/users/{id}`), per User-Agent (so a test can see which client, and which
 * Terraform, sent them), and the injected faults served.
 */
export class RequestStats {
  private counts = new Map<string, number>();
  private total = 0;
  private faults = new Map<string, number>();
  private agents = new Map<string, number>();

  /** Counts one request to `template` with `method`, sent by `userAgent` ('' when it sent none). */
  count(method: string, template: string, userAgent = ''): void {
    const key = `${method} ${template}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.agents.set(userAgent, (this.agents.get(userAgent) ?? 0) + 1);
    this.total++;
  }

  /** Counts one injected fault of a kind (`503`, `429`, `reset`, `lost_answer`), so tests can prove faults were served. */
  countFault(kind: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  reset(): void {
    this.counts = new Map();
    this.total = 0;
    this.faults = new Map();
    this.agents = new Map();
  }

  /** The wire shape of GET /_sandbox/stats. */
  toJSON(): {
    requests: Record<string, number>;
    total: number;
    faults: Record<string, number>;
    user_agents: Record<string, number>;
  } {
    return {
      requests: Object.fromEntries(this.counts),
      total: this.total,
      faults: Object.fromEntries(this.faults),
      user_agents: Object.fromEntries(this.agents),
    };
  }
}
