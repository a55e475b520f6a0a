/** What handlers work with: the store, the way to commit a mutation, and the clock. */
import { randomBytes } from 'node:crypto';
import type { Mutation } from '../model';
import type { Store } from '../store';

export interface SandboxState {
  readonly store: Store;
  /** Makes a mutation durable (journal, if any) and then applies it; throws if it cannot be persisted. */
  commit(mutation: Mutation): void;
  now(): Date;
}

/** A fresh id such as `u_3f9a0c...`: random, so ids are never handed out twice. */
export function newId(prefix: string, taken: (id: string) => boolean): string {
  for (;;) {
    const id = `${prefix}_${randomBytes(8).toString('hex')}`;
    if (!taken(id)) return id;
  }
}
