import type Database from 'better-sqlite3'

/**
 * Where the store's transactions are opened: the Store and its table modules all go through one
 * instance, so "inside a transaction or not" is decided in one place. better-sqlite3 runs a transaction
 * function called inside another as a SAVEPOINT, which is what `savepoint` relies on.
 */
export class Transactions {
  // Created once: better-sqlite3's transaction() wraps a function, and the receiver opens one per request.
  private readonly run: Database.Transaction<(work: () => unknown) => unknown>

  constructor(private readonly db: Database.Database) {
    this.run = db.transaction((work: () => unknown) => work())
  }

  /**
   * Runs `work` in one transaction, IMMEDIATE (it takes the write lock up front, so it never fails half
   * way on a lock another writer holds). Inside another transaction it becomes a savepoint.
   */
  immediate<T>(work: () => T): T {
    return this.run.immediate(work) as T
  }

  /**
   * Runs `work` in a savepoint of the transaction in progress: if it throws, only its own writes are
   * rolled back and the error goes on to the caller, whose transaction continues.
   */
  savepoint<T>(work: () => T): T {
    if (!this.db.inTransaction) throw new Error('savepoint() must run inside transaction()')
    return this.run(work) as T
  }

  get active(): boolean {
    return this.db.inTransaction
  }
}
